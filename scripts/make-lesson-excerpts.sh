#!/usr/bin/env bash
# Regenerates fixtures/outputs/lessons/: the real tool output the built-in lessons quote in
# their quizzes and `explain` blocks. Each scenario holds loopback sockets in a known state
# while netstat (net-tools), ss (iproute2), lsof and ls look at them; fixtures/outputs/
# lessons/README.md says which command made which file. Run as root (for -p and lsof) on
# Linux with net-tools, iproute2, lsof, curl and python3, with ports 47001-47050, 8000,
# 8080 and 5432 free on 127.0.0.1. Loopback only: nothing leaves the machine.
set -euo pipefail
# Descriptors this shell inherited would show in the scenarios' /proc/PID/fd listings.
for fd in $(ls /proc/$$/fd); do
  if [ "$fd" -gt 2 ] && [ "$fd" != 255 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
done
out="$(cd "$(dirname "$0")/.." && pwd)/fixtures/outputs/lessons"
mkdir -p "$out"
py=$(python3 -c 'import sys; print(sys.executable)')
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# Starts a python3 scenario in the background (argv[0] = $1) and waits for its "ready".
scenario() {
  local name=$1 code=$2
  rm -f "$work/ready"
  (exec -a "$name" "$py" -c "$code" "$work/ready" </dev/null >/dev/null 2>&1) &
  while [ ! -e "$work/ready" ]; do sleep 0.1; done
}
finish() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; sleep 0.3; }
# The heading lines of netstat's output and the rows matching a pattern.
rows() { # pattern, then the command
  local pattern=$1; shift
  "$@" 2>&1 | awk -v p="$pattern" 'NR <= 2 || $0 ~ p'
}

common='
import socket, sys, time, threading
def ready():
    open(sys.argv[1], "w").close()
def listener(port, backlog=8, rcvbuf=None):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if rcvbuf: s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind(("127.0.0.1", port)); s.listen(backlog); return s
def fill(s):
    s.setblocking(False)
    try:
        while True: s.send(b"x" * 16384)
    except BlockingIOError: pass
'

# 1. A raw /proc/net/tcp line: a listener on 127.0.0.1:47001 and one connection to it.
scenario python3 "$common
l = listener(47001); c = socket.create_connection(('127.0.0.1', 47001)); a, _ = l.accept()
ready(); time.sleep(60)"
{ head -1 /proc/net/tcp; grep -i ':B799 ' /proc/net/tcp; } > "$out/proc-net-tcp.txt"
rows ':47001 ' netstat -tane > "$out/netstat-tane-47001.txt"
finish

# 2. CLOSE_WAIT: the peer sent 5 bytes and shut down; the server read one connection to
#    the end-of-file and not the other.
scenario python3 "$common
l = listener(47010); keep = []
for read_it in (True, False):
    c = socket.create_connection(('127.0.0.1', 47010)); a, _ = l.accept()
    c.sendall(b'hello'); c.shutdown(socket.SHUT_WR)
    if read_it:
        while a.recv(100): pass
    keep += [a, c]
time.sleep(0.2); ready(); time.sleep(60)"
rows ':47010 ' netstat -tanpe > "$out/netstat-tanpe-close-wait.txt"
finish

# 3. An orphan: the client wrote more than the server reads, then closed.
scenario python3 "$common
l = listener(47020, rcvbuf=32768)
c = socket.socket(); c.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 32768)
c.connect(('127.0.0.1', 47020)); a, _ = l.accept(); fill(c); c.close()
time.sleep(0.2); ready(); time.sleep(60)"
rows ':47020 ' netstat -tanpe > "$out/netstat-tanpe-orphan.txt"
finish

# 4. A full accept queue: backlog 2, a client whose last handshake ACK is held back (quick
#    ACKs off), three more that fill the queue, one whose SYN is then dropped.
scenario python3 "$common
l = listener(47030, backlog=2); keep = []
def start(quick=True):
    s = socket.socket(); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, int(quick))
    s.setblocking(False)
    try: s.connect(('127.0.0.1', 47030))
    except BlockingIOError: pass
    keep.append(s); time.sleep(0.03)
start(False)
for _ in range(4): start()
time.sleep(0.5); ready(); time.sleep(60)"
rows ':47030 ' netstat -tanpe > "$out/netstat-tanpe-accept-queue-full.txt"
ss -tln 'sport = :47030' > "$out/ss-tln-accept-queue-full.txt"
netstat -s | grep -iE 'listen|SYNs to LISTEN' > "$out/netstat-s-listen.txt" || true
finish

# 5. A stalled transfer: the receiver never reads.
scenario python3 "$common
l = listener(47040, rcvbuf=32768)
c = socket.socket(); c.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 32768)
c.connect(('127.0.0.1', 47040)); a, _ = l.accept(); fill(c)
time.sleep(0.2); ready(); time.sleep(60)"
rows ':47040 ' netstat -tanp > "$out/netstat-tanp-stalled.txt"
finish

# 6. A pile of TIME_WAIT: a client made six short connections and closed each first.
scenario python3 "$common
l = listener(47050)
def serve():
    while True:
        a, _ = l.accept(); a.recv(100); a.sendall(b'ok'); keep.append(a)
keep = []; threading.Thread(target=serve, daemon=True).start()
for _ in range(6):
    c = socket.create_connection(('127.0.0.1', 47050)); c.sendall(b'hi'); c.recv(10); c.close()
time.sleep(0.3)
for a in keep: a.close()
ready(); time.sleep(60)"
rows ':47050 ' netstat -tano > "$out/netstat-tano-time-wait.txt"
finish

# 7. A web server and one client process holding four connections to it; then a curl
#    request the server closes first (HTTP/1.0), leaving a TIME_WAIT on the server's side.
mkdir -p "$work/www"; echo hello > "$work/www/index.html"
(cd "$work/www" && exec "$py" -m http.server 8000 --bind 127.0.0.1 </dev/null >/dev/null 2>&1) &
until ss -tln 'sport = :8000' | grep -q LISTEN; do sleep 0.1; done
server=$(ss -tlnp 'sport = :8000' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
scenario python3 "$common
c = [socket.create_connection(('127.0.0.1', 8000)) for _ in range(4)]
time.sleep(0.2); ready(); time.sleep(60)"
rows ':8000 ' netstat -tanp > "$out/netstat-tanp-http-clients.txt"
rows ':8000 ' netstat -tanpe > "$out/netstat-tanpe-http-clients.txt"
ls -l "/proc/$server/fd" > "$out/ls-fd-http-server.txt"
curl -s http://127.0.0.1:8000/ > /dev/null
sleep 0.2
rows ':8000 ' netstat -tanp > "$out/netstat-tanp-http-time-wait.txt"
lsof -nP -iTCP:8000 > "$out/lsof-i-8000.txt" || true
finish

# 8. UNIX: a listener at a path, a client connected to it, and an abstract listener.
scenario python3 "$common
import os
p = '/tmp/socklab-lesson.sock'
if os.path.exists(p): os.unlink(p)
l = socket.socket(socket.AF_UNIX); l.bind(p); l.listen(4)
c = socket.socket(socket.AF_UNIX); c.connect(p); a, _ = l.accept()
x = socket.socket(socket.AF_UNIX); x.bind('\0socklab-lesson'); x.listen(4)
ready(); time.sleep(60)"
pid=$(ss -xlp | grep -o 'socklab-lesson.sock.*pid=[0-9]*' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
netstat -xap 2>&1 | awk -v p="$pid/" 'NR <= 2 || index($0, p)' > "$out/netstat-xap-lesson.txt"
ls -l "/proc/$pid/fd" > "$out/ls-fd-unix.txt"
lsof -U -a -p "$pid" > "$out/lsof-U.txt" 2>&1 || true
lsof +E -U -a -p "$pid" > "$out/lsof-U-E.txt" 2>&1 || true
finish
rm -f /tmp/socklab-lesson.sock

# 9. A busy server: "webapp" accepts four requests and never reads them (its workers are
#    stuck), so later ones wait in its accept queue; six curl clients give up after one
#    second. It also keeps two pooled connections to "db" and opens a short one per query.
scenario db "$common
l = listener(5432)
def serve(a):
    while True:
        d = a.recv(100)
        if not d: a.close(); return
        a.sendall(b'row')
def loop():
    while True:
        a, _ = l.accept(); threading.Thread(target=serve, args=(a,), daemon=True).start()
threading.Thread(target=loop, daemon=True).start()
ready(); time.sleep(60)"
scenario webapp "$common
l = listener(8080, backlog=16); stuck = []
def accept_four():
    for _ in range(4):
        a, _ = l.accept(); stuck.append(a)
threading.Thread(target=accept_four, daemon=True).start()
pool = [socket.create_connection(('127.0.0.1', 5432)) for _ in range(2)]
for _ in range(6):
    q = socket.create_connection(('127.0.0.1', 5432)); q.sendall(b'select 1'); q.recv(10); q.close()
ready(); time.sleep(60)"
for _ in 1 2 3 4 5 6; do curl -s --max-time 1 http://127.0.0.1:8080/ > /dev/null & done
sleep 1.6
rows ':(8080|5432) ' netstat -tanp > "$out/netstat-tanp-busy-server.txt"
finish
echo "wrote $(ls "$out" | wc -l) files in $out"
