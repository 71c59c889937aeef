#!/usr/bin/env python3
"""Rebuild fixtures/proc/{web-server,browser-desktop} from real kernel state.

Run as root from the repository root: `python3 scripts/make-fixtures.py [target/debug/socklab]`.

Each scenario forks processes that name themselves (prctl PR_SET_NAME, so `comm` reads
"nginx", "firefox", ...), opens real sockets on 127.0.0.1 and in real directories, then runs
`socklab capture` on the live /proc. The captured tables are then trimmed to the scenario's
own sockets (other lines of this machine are dropped, the kept lines are untouched kernel
output) and these edits are made, so the fixtures tell their story:

- web-server: the nginx listener's local address 127.0.0.1 is rewritten to 0.0.0.0
  ("listens on every interface"); tests only ever listen on loopback.
- browser-desktop: the "remote" web servers run on 127.0.0.1:443/80 and are not captured;
  the firefox side's remote address is rewritten to public addresses (Google, Cloudflare),
  and its local 127.0.0.1 to a LAN address 192.168.1.23, as a real laptop's would be. uid 1000 is named "alice" in the fixture's passwd.
  /run/user/1000 is a real tmpfs mounted for the scenario (and unmounted after).
"""

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SOCKLAB = sys.argv[1] if len(sys.argv) > 1 else "target/debug/socklab"
LIBC = ctypes.CDLL(None)


def name_process(comm):
    LIBC.prctl(15, comm.encode()[:15], 0, 0, 0)  # PR_SET_NAME


def hold():
    signal.pause()


def spawn(comm, body, uid=None, drop=()):
    """Fork a child that names itself, closes the inherited sockets in `drop`, optionally
    drops to uid, runs body, then waits."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        for s in drop:
            s.close()
        name_process(comm)
        if uid is not None:
            os.setgid(uid)
            os.setuid(uid)
        keep = body()  # noqa: F841 — sockets stay open while the child lives
        os.write(w, b"ready")
        hold()
        os._exit(0)
    os.close(w)
    assert os.read(r, 5) == b"ready", f"{comm} failed"
    os.close(r)
    return pid


def listen(addr, port, backlog=16):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(backlog)
    return s


def unix_listener(path, kind=socket.SOCK_STREAM):
    os.makedirs(os.path.dirname(path), exist_ok=True) if not path.startswith("\0") else None
    if not path.startswith("\0") and os.path.exists(path):
        os.unlink(path)
    s = socket.socket(socket.AF_UNIX, kind)
    s.bind(path)
    if kind != socket.SOCK_DGRAM:
        s.listen(16)
    return s


def wait_until_ports_free(ports):
    """Leftover TIME_WAITs of an earlier run would be captured as this run's; wait them out."""
    needles = [f":{p:04X} " for p in ports]
    while True:
        with open("/proc/net/tcp") as f:
            if not any(n in line for line in f for n in needles):
                return
        print("waiting for earlier TIME_WAIT sockets to expire...", file=sys.stderr)
        time.sleep(5)


def web_server():
    wait_until_ports_free([8080, 5433])
    pids = []
    lst = listen("127.0.0.1", 8080)
    pg = listen("127.0.0.1", 5433, backlog=8)
    os.makedirs("/run/postgresql", exist_ok=True)
    pids.append(spawn("postgres", lambda: [pg, unix_listener("/run/postgresql/.s.PGSQL.5433")], drop=[lst]))
    # Master and worker share the listener, as a pre-forking server does.
    pids.append(spawn("nginx", lambda: [lst], drop=[pg]))
    clients = [socket.create_connection(("127.0.0.1", 8080)) for _ in range(3)]

    def nginx_worker():
        conns = [lst.accept()[0] for _ in range(3)]
        # nginx closes the third itself (a "Connection: close" reply): the active closer
        # ends in TIME_WAIT, held by the kernel with inode 0.
        conns.pop().close()
        return [lst, conns]

    pids.append(spawn("nginx", nginx_worker, drop=[pg] + clients))
    # The second client half-closes and nginx never closes: CLOSE_WAIT on nginx's side.
    clients[1].shutdown(socket.SHUT_WR)
    clients[2].close()
    # Two connections postgres never accepts: its listener's Recv-Q is 2.
    waiting = [socket.create_connection(("127.0.0.1", 5433)) for _ in range(2)]
    held = clients[:2] + waiting
    pids.append(spawn("curl", lambda: held, drop=[lst, pg]))
    for s in [lst, pg] + held:
        s.close()
    time.sleep(0.5)
    return pids, {8080, 5433}, []


def browser_desktop():
    pids, keep = [], []
    mnt = "/run/user/1000"
    os.makedirs(mnt, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=700,uid=1000,gid=1000", "tmpfs", mnt], check=True)
    https = listen("127.0.0.1", 443, backlog=64)
    http = listen("127.0.0.1", 80, backlog=64)
    quic = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    quic.bind(("127.0.0.1", 443))
    keep += [https, http, quic]

    pids.append(spawn("dbus-daemon", lambda: [unix_listener(f"{mnt}/bus")], uid=1000, drop=keep))
    pids.append(spawn("pipewire", lambda: [unix_listener(f"{mnt}/pipewire-0")], uid=1000, drop=keep))
    os.makedirs("/tmp/.X11-unix", exist_ok=True)
    pids.append(
        spawn(
            "Xorg",
            lambda: [unix_listener("\0/tmp/.X11-unix/X7"), unix_listener("/tmp/.X11-unix/X7")],
            drop=keep,
        )
    )

    def firefox():
        held = []
        for _ in range(5):
            held.append(socket.create_connection(("127.0.0.1", 443)))
        held.append(socket.create_connection(("127.0.0.1", 80)))
        q = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        q.connect(("127.0.0.1", 443))
        mdns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        mdns.bind(("127.0.0.1", 0))
        held += [q, mdns]
        for path in (f"{mnt}/bus", f"{mnt}/pipewire-0", "\0/tmp/.X11-unix/X7"):
            u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            u.connect(path)
            held.append(u)
        auto = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        auto.bind("")  # autobind: the kernel names it @ + 5 hex digits
        held.append(auto)
        pairs = [socket.socketpair() for _ in range(4)]
        # A content process keeps the other end of each pair: firefox's IPC to its tabs.
        r, w = os.pipe()
        if os.fork() == 0:
            for s in held + [a for a, _ in pairs]:
                s.close()
            name_process("Isolated Web Co")
            os.write(w, b"x")
            hold()
        os.read(r, 1)
        for _, b in pairs:
            b.close()
        return held + [a for a, _ in pairs]

    pids.append(spawn("firefox", firefox, uid=1000, drop=keep))
    time.sleep(0.5)
    # No orphan (inode 0) rows: the only ones are the fake remote servers' accept queues.
    return pids, set(), keep


def descendants(pids):
    out = set(pids)
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            if ppid in pids:
                out.add(int(d))
    return out


def trim(tree, pids, ports, rewrite):
    """Keep only the scenario's processes and socket lines; apply the documented edits."""
    inodes = set()
    for d in os.listdir(tree):
        if d.isdigit():
            if int(d) not in pids:
                shutil.rmtree(f"{tree}/{d}")
                continue
            for fd in os.listdir(f"{tree}/{d}/fd"):
                inodes.add(os.readlink(f"{tree}/{d}/fd/{fd}")[8:-1])
    hexports = {f"{p:04X}" for p in ports}
    for table in os.listdir(f"{tree}/net"):
        path = f"{tree}/net/{table}"
        with open(path, "rb") as f:
            lines = f.read().split(b"\n")
        kept = [lines[0]]
        for line in lines[1:]:
            text = line.decode("latin-1")
            fields = text.split()
            if len(fields) < 7:
                continue
            inode = fields[6] if table == "unix" else (fields[9] if len(fields) > 9 else "")
            ours = inode in inodes
            orphan = inode == "0" and table != "unix" and any(
                fields[i].endswith(":" + h) for i in (1, 2) for h in hexports
            )
            if ours or orphan:
                kept.append(rewrite(table, line))
        with open(path, "wb") as f:
            f.write(b"\n".join(kept) + b"\n")


def web_rewrite(table, line):
    return line.replace(b"0100007F:1F90 00000000:0000", b"00000000:1F90 00000000:0000")


# 142.250.196.110, 1.1.1.1, 142.250.196.142, 172.217.14.78, 142.250.24.10, 104.16.132.229
REMOTES = [b"6EC4FA8E", b"01010101", b"8EC4FA8E", b"4E0ED9AC", b"0A18FA8E", b"E5841068"]


def browser_rewrite(table, line):
    if table == "unix":
        return line
    # The laptop's own address is 192.168.1.23, not loopback, in the picture.
    fields = line.split()
    if len(fields) > 2 and fields[1].startswith(b"0100007F:"):
        line = line.replace(b" " + fields[1] + b" ", b" 1701A8C0:" + fields[1][9:] + b" ", 1)
    # Remote 127.0.0.1:443/:80 → public servers (little-endian hex as the kernel prints).
    for port in (b"01BB", b"0050"):
        needle = b"0100007F:" + port
        fields = line.split()
        if len(fields) > 2 and fields[2] == needle:
            i = int(fields[0].rstrip(b":")) % len(REMOTES)
            line = line.replace(b" " + needle + b" ", b" " + REMOTES[i] + b":" + port + b" ", 1)
    return line


def main():
    scenarios = {"web-server": (web_server, web_rewrite), "browser-desktop": (browser_desktop, browser_rewrite)}
    for name, (build, rewrite) in scenarios.items():
        pids, ports, keep = build()
        everyone = descendants(set(pids))
        out = f"fixtures/proc/{name}"
        shutil.rmtree(out, ignore_errors=True)
        tmp = tempfile.mkdtemp()
        os.rmdir(tmp)
        subprocess.run([SOCKLAB, "capture", tmp], check=True)
        trim(tmp, everyone, ports, rewrite)
        if name == "browser-desktop":
            with open(f"{tmp}/passwd", "w") as f:
                f.write("root:x:0:0::/:/usr/sbin/nologin\nalice:x:1000:1000::/:/usr/sbin/nologin\n")
        shutil.move(tmp, out)
        for pid in everyone:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in pids:
            os.waitpid(pid, 0)
        del keep
        if name == "browser-desktop":
            subprocess.run(["umount", "/run/user/1000"], check=False)
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
