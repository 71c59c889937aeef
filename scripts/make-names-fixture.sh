#!/usr/bin/env bash
# Regenerates fixtures/proc/names/ (a fixture tree: net/ tables plus the hosts, services and
# protocols files socklab reads with --names) and fixtures/outputs/names/ (what net-tools
# netstat printed for the very same sockets, with and without -n and -W).
#
# Runs in a network and mount namespace of its own (`unshare -mn`, so as root): only its
# loopback interface exists, only its sockets are in the tables, and the hosts, services,
# protocols and resolv.conf files are bind-mounted over /etc inside the namespace alone —
# the machine's /etc is never touched. resolv.conf names 127.0.0.53, where nothing
# listens, so a lookup netstat sends to DNS fails at once and nothing leaves the machine.
# Addresses: 127.0.0.1 and ::1 only. Needs util-linux unshare, iproute2, net-tools, python3.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
tree="$repo/fixtures/proc/names"
outputs="$repo/fixtures/outputs/names"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$tree/net" "$outputs"

# The files, as the tree holds them. services: Debian netbase's lines for the ports used,
# then a second 443/tcp entry, because netstat keeps the last one it reads.
cat >"$tree/hosts" <<'EOF'
127.0.0.1 a-very-long-host-name-for-the-column.example.test
127.0.0.1 localhost
::1 mid-length-host.test localhost
EOF
cat >"$tree/services" <<'EOF'
# Lines of Debian 12 netbase's /etc/services, then one added entry.
domain		53/udp
ntp		123/udp
ssh		22/tcp
https		443/tcp
clc-build-daemon 8990/tcp
socklab-dup	443/tcp
EOF
cat >"$tree/protocols" <<'EOF'
# Lines of Debian 12 netbase's /etc/protocols.
igmp	2	IGMP		# Internet Group Management
ipv6-icmp 58	IPv6-ICMP	# ICMP for IPv6
EOF
# netstat also reads the rest of the machine's services and protocols: give it all of
# them, with the tree's lines last (so they win, as they do for socklab).
cat /etc/services "$tree/services" >"$work/services"
cat /etc/protocols "$tree/protocols" >"$work/protocols"
echo "nameserver 127.0.0.53" >"$work/resolv.conf"

cat >"$work/sockets.py" <<'PY'
import socket, sys, time
keep = []
def listen(host, port, fam=socket.AF_INET, v6only=True):
    s = socket.socket(fam, socket.SOCK_STREAM)
    if fam == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, int(v6only))
    s.bind((host, port)); s.listen(8); keep.append(s); return s
def connect(listener, host, fam=socket.AF_INET):
    c = socket.socket(fam, socket.SOCK_STREAM)
    c.connect((host, listener.getsockname()[1])); a, _ = listener.accept(); keep.extend([c, a])
connect(listen("127.0.0.1", 443), "127.0.0.1")
connect(listen("127.0.0.1", 8990), "127.0.0.1")
connect(listen("::", 5000, socket.AF_INET6, v6only=False), "127.0.0.1")
connect(listen("::1", 22, socket.AF_INET6), "::1", socket.AF_INET6)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 53))
u.connect(("127.0.0.1", 8990)); keep.append(u)
u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u6.bind(("::1", 123)); keep.append(u6)
keep.append(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_IGMP))
keep.append(socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6))
open(sys.argv[1], "w").close()
time.sleep(60)
PY

unshare -mn env work="$work" tree="$tree" outputs="$outputs" sh -euc '
ip link set lo up
for f in hosts services protocols resolv.conf; do
    src="$work/$f"; [ "$f" = hosts ] && src="$tree/hosts"
    mount --bind "$src" "/etc/$f"
done
python3 "$work/sockets.py" "$work/ready" & py=$!
while [ ! -e "$work/ready" ]; do sleep 0.1; done
for t in tcp tcp6 udp udp6 raw raw6; do cat "/proc/net/$t" >"$tree/net/$t"; done
netstat -tuwa >"$outputs/netstat-tuwa.txt"
netstat -tuwaW >"$outputs/netstat-tuwaW.txt"
netstat -tuwan >"$outputs/netstat-tuwan.txt"
kill "$py"
'
echo "wrote $tree and $outputs"
