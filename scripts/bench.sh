#!/usr/bin/env bash
# Benchmark: socklab sockets against ss and netstat, in one run, with N established
# loopback connections held open by `socklab loadgen` (2N sockets, 2N socket fds).
#
#   scripts/bench.sh [N ...]        default: 10000 50000   (run as root; needs hyperfine,
#                                    GNU time, ss, netstat — installed with apt if missing)
#
# Prints hyperfine's table per N, then the ratios the foundation issue asks for, and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-10000}")
[ $# -eq 0 ] && sizes=(10000 50000)

for tool in hyperfine:hyperfine /usr/bin/time:time ss:iproute2 netstat:net-tools; do
  command -v "${tool%%:*}" >/dev/null || { apt-get update -qq && apt-get install -y -qq "${tool##*:}"; }
done
cargo build --release --locked -q
bin=$PWD/target/release/socklab
work=$(mktemp -d)
trap 'exec 3>&- 2>/dev/null; rm -rf "$work"' EXIT

# The floor: what any tool must do — read the tables, and readlink every fd once.
cat > "$work/floor-tables" <<'SH'
#!/bin/sh
exec cat /proc/net/tcp /proc/net/tcp6
SH
cat > "$work/floor-fds" <<'SH'
#!/bin/sh
find /proc -mindepth 3 -maxdepth 3 -path '/proc/[0-9]*/fd/*' -type l -printf '%l\n' 2>/dev/null; exit 0 # pid 1 of the host is unreadable even to root in a container
SH
cat > "$work/floor" <<SH
#!/bin/sh
$work/floor-tables; $work/floor-fds
SH
chmod +x "$work"/floor*

median() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join('%s=%.4f' % (x['command'].split('/')[-1].replace(' ','_'), x['median']) for x in r))" "$1"; }

for n in "${sizes[@]}"; do
  mkfifo "$work/hold.$n"
  "$bin" loadgen -n "$n" < "$work/hold.$n" > "$work/ready.$n" &
  exec 3>"$work/hold.$n"
  for _ in $(seq 600); do grep -q ready "$work/ready.$n" 2>/dev/null && break; sleep 0.2; done
  grep -q ready "$work/ready.$n" || { echo "loadgen did not get ready"; exit 1; }
  echo "== N=$n established connections: $(($(wc -l < /proc/net/tcp) - 1)) rows in /proc/net/tcp"
  runs=5; [ "$n" -ge 50000 ] && runs=3
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/h.$n.json" \
    "$bin sockets -tan" "$bin sockets -tanp" "ss -tan" "ss -tanp" "netstat -tanp" \
    "$work/floor-tables" "$work/floor-fds" "$work/floor" 2>&1 | grep -E '^Benchmark|Time \(mean'
  echo "peak RSS (KiB):"
  for c in "$bin sockets -tanp" "ss -tanp" "$bin sockets -tan" "ss -tan"; do
    printf '  %-40s %s\n' "${c##*/}" "$(/usr/bin/time -f %M $c 2>&1 >/dev/null | tail -1)"
  done
  median "$work/h.$n.json" > "$work/m.$n"
  exec 3>&-
  wait
  rm -f "$work/hold.$n"
done

python3 - "$work" "${sizes[@]}" <<'PY'
import json, sys
work, sizes = sys.argv[1], sys.argv[2:]
def load(n):
    r = json.load(open(f"{work}/h.{n}.json"))["results"]
    return {x["command"].rsplit("/", 1)[-1]: x["median"] for x in r}
for n in sizes:
    m = load(n)
    p, t = m["socklab sockets -tanp"], m["socklab sockets -tan"]
    print(f"N={n}: socklab -tanp / floor = {p / m['floor']:.2f} (target <= 1.3); "
          f"ss -tanp / socklab -tanp = {m['ss -tanp'] / p:.1f}x; netstat -tanp / socklab -tanp = {m['netstat -tanp'] / p:.1f}x; "
          f"socklab -tan / ss -tan = {t / m['ss -tan']:.2f} (target <= 1.0)")
if len(sizes) >= 2:
    a, b = load(sizes[0]), load(sizes[-1])
    for c in ["socklab sockets -tanp", "socklab sockets -tan", "ss -tanp", "floor"]:
        print(f"{c}: time at {sizes[-1]} / time at {sizes[0]} = {b[c] / a[c]:.2f} (linear: {int(sizes[-1]) / int(sizes[0]):.0f}; target <= 5.5)")
PY

# UNIX sockets at scale: N connections to one socket file (2N sockets: the unnamed clients
# and the accepted ends, which show the listener's path), held by `socklab loadgen --unix`.
# The floor reads /proc/net/unix and readlinks every fd once; socklab's `sockets -xap`
# and `unix` should stay within 1.2x of it.
unix_n=${SOCKLAB_UNIX_N:-25000}
cat > "$work/floor-unix" <<SH
#!/bin/sh
cat /proc/net/unix >/dev/null; $work/floor-fds >/dev/null
SH
chmod +x "$work/floor-unix"
mkfifo "$work/hold.unix"
"$bin" loadgen --unix -n "$unix_n" < "$work/hold.unix" > "$work/ready.unix" &
exec 3>"$work/hold.unix"
for _ in $(seq 600); do grep -q ready "$work/ready.unix" 2>/dev/null && break; sleep 0.2; done
grep -q ready "$work/ready.unix" || { echo "loadgen --unix did not get ready"; exit 1; }
echo "== UNIX: $(($(wc -l < /proc/net/unix) - 1)) rows in /proc/net/unix"
hyperfine -N --warmup 1 --runs 5 --export-json "$work/h.unix.json" \
  "$bin sockets -xap" "$bin unix" "ss -xap" "netstat -xap" "$work/floor-unix" 2>&1 | grep -E '^Benchmark|Time \(mean'
echo "peak RSS (KiB):"
for c in "$bin sockets -xap" "$bin unix" "ss -xap"; do
  printf '  %-40s %s\n' "${c##*/}" "$(/usr/bin/time -f %M $c 2>&1 >/dev/null | tail -1)"
done
exec 3>&-
wait
python3 - "$work/h.unix.json" <<'PY'
import json, sys
m = {x["command"].rsplit("/", 1)[-1]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
f = m["floor-unix"]
print(f"UNIX: socklab sockets -xap / floor = {m['socklab sockets -xap'] / f:.2f}; socklab unix / floor = {m['socklab unix'] / f:.2f} (target <= 1.2); "
      f"ss -xap / socklab -xap = {m['ss -xap'] / m['socklab sockets -xap']:.2f}x; netstat -xap / socklab -xap = {m['netstat -xap'] / m['socklab sockets -xap']:.2f}x")
PY
