#!/usr/bin/env bash
# Regenerates fixtures/outputs/: real netstat (net-tools) and ss (iproute2) output taken
# while a loopback scenario holds sockets in known states (LISTEN on 127.0.0.1, 0.0.0.0
# and ::1, ESTABLISHED, TIME_WAIT, CLOSE_WAIT/FIN_WAIT2, UDP bound and connected, UNIX
# path/abstract listeners and a connected pair). Run as root (for -p) on Linux with
# net-tools, iproute2, python3 and the locales de_DE cs_CZ pt_BR fr_FR et_EE ja_JP
# generated (apt-get install locales; edit /etc/locale.gen; locale-gen).
# Loopback only: nothing leaves the machine.
set -euo pipefail
out="$(dirname "$0")/../fixtures/outputs"
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
