#!/usr/bin/env bash
# Regenerates fixtures/outputs/: real netstat (net-tools) and ss (iproute2) output taken
# while a loopback scenario holds sockets in known states (LISTEN on 127.0.0.1, 0.0.0.0
# and ::1, ESTABLISHED, TIME_WAIT, CLOSE_WAIT/FIN_WAIT2, UDP bound and connected, UNIX
# path/abstract listeners and a connected pair). Run as root (for -p) on Linux with
# net-tools, iproute2, python3 and the locales de_DE cs_CZ pt_BR fr_FR et_EE ja_JP
# generated (apt-get install locales; edit /etc/locale.gen; locale-gen).
# Loopback only: nothing leaves the machine.
#
# `make-explain-fixtures.sh pasted` makes only fixtures/outputs/pasted/: output as people
# paste it (issue 11) — prompts and command lines, grep'ed and wrapped rows, ss -s, ss
# without Netid, lsof with and without heading (and its warning), raw /proc/net tables,
# names cut by netstat, a log prefix, BusyBox's missing-table warning, markdown/HTML
# wrapping — from a scenario of its own. Needs busybox, lsof, sudo and util-linux's
# unshare/setpriv/logger; runs netstat in a mount namespace whose /etc/hosts names
# 127.0.0.2 and 127.0.0.3 like Google and EC2 servers (so netstat cuts real-looking
# names), and BusyBox in one whose /proc lacks net/tcp6.
set -euo pipefail
if [ "${1:-}" = pasted ]; then
  pasted=1
fi
out="$(dirname "$0")/../fixtures/outputs"

tool_outputs() {
mkdir -p "$out"
ready=$(mktemp -u)
python3 - "$ready" <<'PY' &
import os, socket, sys, time
ready = sys.argv[1]
keep = []
def listener(host, fam=socket.AF_INET):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, 0)); s.listen(8); keep.append(s); return s
srv = listener("127.0.0.1")
listener("0.0.0.0")
listener("::1", socket.AF_INET6)
port = srv.getsockname()[1]
# ESTABLISHED pair
c1 = socket.create_connection(("127.0.0.1", port)); a1, _ = srv.accept(); keep += [c1, a1]
# TIME_WAIT on the side that closes first (the client)
c2 = socket.create_connection(("127.0.0.1", port)); a2, _ = srv.accept()
c2.close(); time.sleep(0.1); a2.close()
# CLOSE_WAIT (server never closes) / FIN_WAIT2 (client)
c3 = socket.create_connection(("127.0.0.1", port)); a3, _ = srv.accept(); keep.append(a3)
c3.close()
# a connection waiting in the accept queue (Recv-Q 1 on the listener)
c4 = socket.create_connection(("127.0.0.1", port)); keep.append(c4)
# UDP: bound, and connected
u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u1.bind(("127.0.0.1", 0))
u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u2.connect(u1.getsockname())
keep += [u1, u2]
# UNIX: path listener, abstract listener, a connected pair, a datagram socket
path = "/tmp/socklab-fixture.sock"
if os.path.exists(path): os.unlink(path)
x1 = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); x1.bind(path); x1.listen(4)
x2 = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); x2.bind("\0socklab-fixture"); x2.listen(4)
x3 = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); x3.connect(path); x4, _ = x1.accept()
x5 = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); x5.bind("/tmp/socklab-fixture.dgram")
keep += [x1, x2, x3, x4, x5]
open(ready, "w").close()
time.sleep(20)
os.unlink(path); os.unlink("/tmp/socklab-fixture.dgram")
PY
scenario=$!
while [ ! -e "$ready" ]; do sleep 0.1; done
run() { # file, then the command
  local file=$1; shift
  "$@" > "$out/$file" 2>&1 || true
}
run netstat-tan.txt            netstat -tan
run netstat-tanp.txt           netstat -tanp
run netstat-tunapeeW-o.txt     netstat -tunapeeWo
run netstat-tuan-names.txt     netstat -tua
run netstat-xap.txt            netstat -xap
run netstat-an.txt             netstat -an
run netstat-lnp.txt            netstat -lnp
run netstat-rn.txt             netstat -rn
run netstat-i.txt              netstat -i
run netstat-s.txt              netstat -s
run netstat-gn.txt             netstat -gn
run ss-tan.txt                 ss -tan
run ss-tuanp.txt               ss -tuanp
run ss-tanpeoim.txt            ss -tanpeoim
run ss-xap.txt                 ss -xap
for l in de_DE cs_CZ pt_BR fr_FR et_EE ja_JP; do
  LANG=$l.UTF-8 LC_ALL=$l.UTF-8 run "netstat-tan.$l.txt" netstat -tan
  LANG=$l.UTF-8 LC_ALL=$l.UTF-8 run "netstat-xa.$l.txt" netstat -xa
done
kill "$scenario" 2>/dev/null || true
rm -f "$ready"
}

pasted_outputs() {
  local dir="$out/pasted" ready hosts fakeproc scenario
  mkdir -p "$dir"
  ready=$(mktemp -u)
  # The scenario runs as "my tool 2" (argv[0] with spaces, as netstat -p prints it).
  (exec -a "my tool 2" /usr/bin/python3 - "$ready") <<'PY' &
import os, socket, sys, time
ready = sys.argv[1]
keep = []
def listen(host, port, fam=socket.AF_INET):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port)); s.listen(8); keep.append(s); return s
srv = listen("127.0.0.1", 47001)
c = socket.create_connection(("127.0.0.1", 47001)); a, _ = srv.accept(); keep += [c, a]
for host in ("127.0.0.2", "127.0.0.3"):
    l = listen(host, 443)
    c = socket.create_connection((host, 443)); a, _ = l.accept(); keep += [c, a]
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 47002)); keep.append(u)
path = "/tmp/my app.sock"
if os.path.exists(path): os.unlink(path)
x = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); x.bind(path); x.listen(1); keep.append(x)
open(ready, "w").close()
time.sleep(30)
os.unlink(path)
PY
  scenario=$!
  while [ ! -e "$ready" ]; do sleep 0.1; done
  local p
  p() { printf '%s\n' "$1"; } # a prompt and command, as the terminal showed it
  {
    p '$ ss -ant'; ss -ant
    p '[root@host ~]# netstat -pan | grep 4700'; netstat -pan | grep 4700
    p '-bash-5.2# ss --udp -l -p'; ss --udp -l -p
    p 'user@box:~$ sudo ss -tlnp'; ss -tlnp
    p '$ netstat -an | wc -l'; netstat -an | wc -l
  } > "$dir/session-prompts.txt" 2>&1
  netstat -an | grep LISTEN > "$dir/netstat-an-grep-listen.txt"
  netstat -tanp | fold -s -w 72 > "$dir/netstat-tanp-wrapped.txt"
  ss -s > "$dir/ss-s.txt"
  ss -xa | grep -E '^Netid|my app' > "$dir/ss-xa-path-with-space.txt"
  netstat -xap | grep -E '^Proto|/tmp/my' > "$dir/netstat-xa-path-with-space.txt"
  netstat -tan | logger -n 127.0.0.1 -P 5514 -d --rfc3164 -s -t netstat-cron 2> "$dir/netstat-tan-logger.txt"
  lsof -n -P -i > "$dir/lsof-i.txt" 2>&1 || true
  lsof -n -P -U | grep -E '^COMMAND|/tmp/my' > "$dir/lsof-U.txt" || true
  lsof -n -P -i | grep python3 > "$dir/lsof-i-grep.txt" || true
  mkdir -p /root/lsoftest/mnt && mount -t tmpfs none /root/lsoftest/mnt
  setpriv --reuid=65534 --regid=65534 --clear-groups lsof -n -P 2>&1 | head -12 > "$dir/lsof-nobody-warning.txt" || true
  umount /root/lsoftest/mnt; rmdir /root/lsoftest/mnt /root/lsoftest
  { p '# cat /proc/net/tcp'; cat /proc/net/tcp; } > "$dir/proc-net-tcp.txt"
  { p '# cat /proc/net/tcp6'; cat /proc/net/tcp6; } > "$dir/proc-net-tcp6.txt"
  { p '# cat /proc/net/udp'; cat /proc/net/udp; } > "$dir/proc-net-udp.txt"
  grep -E '^Num|my app' /proc/net/unix > "$dir/proc-net-unix.txt"
  hosts=$(mktemp)
  printf '127.0.0.1 localhost\n127.0.0.2 kix06s11-in-f14.1e100.net\n127.0.0.3 ec2-198-51-100-7.compute-1.amazonaws.com\n' > "$hosts"
  unshare -m sh -c "mount --bind '$hosts' /etc/hosts && netstat -t" > "$dir/netstat-t-cut-names.txt"
  rm -f "$hosts"
  fakeproc=$(mktemp -d)
  mkdir -p "$fakeproc/net" && cp /proc/net/tcp /proc/net/udp /proc/net/raw /proc/net/unix "$fakeproc/net/"
  unshare -m sh -c "mount --bind '$fakeproc' /proc && busybox netstat -tan" > "$dir/busybox-netstat-tan-no-tcp6.txt" 2>&1 || true
  rm -rf "$fakeproc"
  {
    echo '```'
    netstat -tn
    echo '```'
    echo '<pre>'
    ss -tn | head -3
    echo '...'
    echo '</pre>'
    setpriv --reuid=65534 --regid=65534 --clear-groups sudo -S -k true < /dev/null 2>&1 | head -1 || true
    echo
  } > "$dir/pasted-noise.txt"
  kill "$scenario" 2>/dev/null || true
  rm -f "$ready"
}

if [ -n "${pasted:-}" ]; then
  pasted_outputs
else
  tool_outputs
fi
