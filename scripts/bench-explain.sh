#!/usr/bin/env bash
# Benchmark of `socklab explain` (not a test): throughput against jc on a 200 000-line
# `netstat -tanp`-shaped input, and peak RSS on 20 000 vs 2 000 000 lines (streaming:
# memory must not grow with the input). jc comes from PyPI into a throwaway venv.
# Usage: scripts/bench-explain.sh [WORKDIR]   (needs python3, /usr/bin/time)
#   RUNS=N        runs of each program, taking turns; the least CPU time counts
#                 (default 2; the machine is shared, and a run is only ever slowed
#                 down by others)
#   BASELINE=BIN  another socklab binary measured the same way in the same run
# Inputs are generated once per WORKDIR (the same seed each time).
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"
cargo build --release --locked --quiet
bin=${CARGO_TARGET_DIR:-target}/release/socklab

gen() { # lines, file: netstat -tanp rows in the states and shapes net-tools prints
  python3 - "$1" "$2" <<'PY'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
random.seed(7)
states = ["ESTABLISHED"] * 6 + ["TIME_WAIT"] * 3 + ["LISTEN", "CLOSE_WAIT", "SYN_SENT", "FIN_WAIT2"]
progs = ["sshd", "nginx: worker p", "postgres", "python3", "chrome", "java", "-"]
with open(path, "w") as f:
    f.write("Active Internet connections (servers and established)\n")
    f.write("Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n")
    for i in range(n - 2):
        st = random.choice(states)
        local = f"10.{i % 250}.{(i // 250) % 250}.{i % 7 + 1}:{1024 + i % 60000}"
        remote = "0.0.0.0:*" if st == "LISTEN" else f"192.0.2.{i % 254 + 1}:{443 if i % 3 else 80}"
        prog = random.choice(progs)
        owner = prog if prog == "-" else f"{1000 + i % 5000}/{prog}"
        proto = "tcp6" if i % 5 == 0 else "tcp"
        f.write(f"{proto:<5} {i % 3:>6} {0:>6} {local:<23} {remote:<23} {st:<11} {owner:<20}\n")
PY
}
for n in 200000:200k 20000:20k 2000000:2m; do
  [ -s "$work/${n#*:}.txt" ] || gen "${n%:*}" "$work/${n#*:}.txt"
done

if [ ! -x "$work/venv/bin/jc" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet jc
fi

# Wall and CPU (user+sys) seconds of the run with the least CPU time of RUNS, output
# discarded; CPU time is the fairer figure on a shared machine. The programs take turns
# (socklab, jc, baseline, socklab, …) so a slow spell of the machine falls on all of them.
runs=${RUNS:-2}
once() { /usr/bin/time -f "%e %U %S" "$@" 2>&1 >/dev/null | tail -1; }
least() { # previous best, new run: the one with less CPU time
  printf '%s\n%s\n' "$1" "$2" | awk 'NF==3 {c=$2+$3; if (!n++ || c<m) {m=c; l=$0}} END {print l}'
}
s_best="" j_best="" b_best=""
for _ in $(seq "$runs"); do
  s_best=$(least "$s_best" "$(once "$bin" explain --json "$work/200k.txt")")
  j_best=$(least "$j_best" "$(once sh -c "'$work/venv/bin/jc' --netstat < '$work/200k.txt'")")
  if [ -n "${BASELINE:-}" ]; then
    b_best=$(least "$b_best" "$(once "$BASELINE" explain --json "$work/200k.txt")")
  fi
done
read -r sw su ss <<<"$s_best"
read -r jw ju js <<<"$j_best"
echo "200000 lines, least CPU of $runs runs each, taking turns: socklab explain --json ${sw}s wall (${su}+${ss}s CPU), jc --netstat ${jw}s wall (${ju}+${js}s CPU)"
python3 -c "
s, j = $su + $ss, $ju + $js
print(f'CPU throughput: socklab {200000/s:,.0f} lines/s, jc {200000/j:,.0f} lines/s, ratio {j/s:.1f}x')
print(f'wall ratio {$jw/$sw:.1f}x')"
if [ -n "${BASELINE:-}" ]; then
  read -r bw bu bs <<<"$b_best"
  echo "baseline $BASELINE: ${bw}s wall (${bu}+${bs}s CPU)"
  python3 -c "
b, s, j = $bu + $bs, $su + $ss, $ju + $js
print(f'baseline: {200000/b:,.0f} lines/s, {j/b:.1f}x jc; this build takes {s/b:.2f} of its CPU time')"
fi

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }
r20=$(rss "$bin" explain --json "$work/20k.txt")
r2m=$(rss "$bin" explain --json "$work/2m.txt")
echo "peak RSS: 20 000 lines ${r20} kB, 2 000 000 lines ${r2m} kB"
python3 -c "print(f'RSS ratio 2M/20k: {$r2m/$r20:.2f}')"
t20=$(rss "$bin" explain "$work/20k.txt")
t2m=$(rss "$bin" explain "$work/2m.txt")
echo "peak RSS (annotated text): 20 000 lines ${t20} kB, 2 000 000 lines ${t2m} kB"
