//! `socklab who`: live sockets opened by this test — a listener whose owner is this
//! process, a TIME_WAIT port no process owns, the order of the reasons, this process's
//! own descriptors, an unprivileged run, UNIX paths and malformed targets.

use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::linux::net::SocketAddrExt;
use std::os::unix::net::{SocketAddr, UnixListener, UnixStream};

use socket2::{Domain, Socket, Type};

use crate::harness::{
    Output, Socklab, TempDir, inode_of, repo, skip, skip_unless_exists, skip_unless_root,
    skip_unless_tool, socklab, unique_name, wait_for_state,
};

fn code(out: &Output) -> i32 {
    out.code().unwrap_or(-1)
}

#[test]
fn port_of_a_listener_names_this_process() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let out = socklab(["who", &format!(":{port}")]);
    let text = out.stdout();
    assert_eq!(code(&out), 0, "{text}");
    let me = std::process::id();
    assert!(text.contains(&format!("pid {me} (")), "{text}");
    assert!(text.contains(&inode_of(&listener).to_string()), "{text}");
    assert!(text.contains("LISTEN"), "{text}");
    assert!(text.contains(&format!("127.0.0.1:{port}")), "{text}");
}

#[test]
fn time_wait_port_is_held_by_the_kernel() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    let port = client.local_addr().unwrap().port();
    // shutdown(), not just drop: while another test starts a child, that child holds a
    // copy of this descriptor until it execs, and a close() then sends no FIN yet.
    client.shutdown(Shutdown::Both).unwrap();
    drop(client); // the client closes first, so the client side ends in TIME_WAIT
    server.shutdown(Shutdown::Both).unwrap();
    drop(server);
    drop(listener);
    wait_for_state(port, "TIME_WAIT");

    let out = socklab(["who", &format!(":{port}")]);
    let text = out.stdout();
    assert_eq!(code(&out), 1, "{text}");
    assert!(text.contains("TIME_WAIT"), "{text}");
    assert!(text.contains("the kernel alone keeps them"), "{text}");
    assert!(text.contains("60 s"), "{text}");
    assert!(
        !text.contains("No socket uses port"),
        "the port is in use, only not by a process: {text}"
    );
}

#[test]
fn reasons_come_in_order_orphan_then_accept_queue() {
    // A connection never accepted, then closed by the client: the client side is an
    // orphan the kernel finishes (FIN_WAIT2), the server side still waits in the accept
    // queue (inode 0, CLOSE_WAIT).
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let port = client.local_addr().unwrap().port();
    drop(client);
    wait_for_state(port, "FIN_WAIT2");

    let out = socklab(["who", &format!(":{port}")]);
    let text = out.stdout();
    assert_eq!(code(&out), 1, "{text}");
    let held = text
        .find("the program has already closed them")
        .expect(&text);
    let queued = text.find("wait in a listener's accept queue").expect(&text);
    assert!(held < queued, "orphans are checked first: {text}");
    assert!(text.contains("FIN_WAIT2"), "{text}");
    drop(listener);
}

#[test]
fn free_port_says_network_namespace_and_bound_sockets() {
    // A port bound but never listened on: it holds the port, yet no table shows it.
    let bound = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    bound
        .bind(
            &"127.0.0.1:0"
                .parse::<std::net::SocketAddr>()
                .unwrap()
                .into(),
        )
        .unwrap();
    let port = bound.local_addr().unwrap().as_socket().unwrap().port();

    let out = socklab(["who", &format!(":{port}")]);
    let text = out.stdout();
    assert_eq!(code(&out), 1, "{text}");
    let netns = text.find("network namespace").expect(&text);
    let unseen = text
        .find("bind()s a port but never listen()s")
        .expect(&text);
    assert!(netns < unseen, "{text}");
    assert!(text.contains("container"), "{text}");
}

#[test]
fn own_pid_lists_descriptors_with_socket_rows() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (a, b) = UnixStream::pair().unwrap();
    let me = std::process::id().to_string();

    // Exclusive: the peer's holders must be this process alone.
    let out = Socklab::new().args(["who", &me]).exclusive().run();
    let text = out.stdout();
    assert_eq!(code(&out), 0, "{text}");
    let line_of = |inode: u64| {
        text.lines()
            .find(|l| l.contains(&format!("-> socket:[{inode}]")))
            .unwrap_or_else(|| panic!("no fd line for inode {inode}: {text}"))
            .to_string()
    };
    let l = line_of(inode_of(&listener));
    assert!(
        l.contains(&format!("tcp 127.0.0.1:{port} 0.0.0.0:* LISTEN")),
        "{l}"
    );
    let u = line_of(inode_of(&a));
    assert!(u.contains("unix STREAM CONNECTED (unnamed)"), "{u}");
    // The kernel's sock_diag names the other end, and who holds it (this process).
    let peer = format!("↔ peer socket:[{}] {}/", inode_of(&b), std::process::id());
    assert!(u.contains(&peer), "{u}");
    // The explicit form asks about the port instead.
    assert!(
        text.contains(&format!("write :{me} to ask about port"))
            || me.parse::<u32>().unwrap() > 65535
    );
}

#[test]
fn unix_path_abstract_and_stale_file() {
    let dir = TempDir::new("who-unix");
    let path = dir.join("live.sock");
    let listener = UnixListener::bind(&path).unwrap();
    let out = socklab(["who", path.to_str().unwrap()]);
    let text = out.stdout();
    assert_eq!(code(&out), 0, "{text}");
    assert!(
        text.contains(&format!("pid {} (", std::process::id())),
        "{text}"
    );
    assert!(text.contains(&inode_of(&listener).to_string()), "{text}");

    let name = unique_name("who");
    let abs = UnixListener::bind_addr(&SocketAddr::from_abstract_name(&name).unwrap()).unwrap();
    let out = socklab(["who", &format!("@{name}")]);
    assert_eq!(code(&out), 0, "{}", out.stdout());
    assert!(out.stdout().contains(&inode_of(&abs).to_string()));

    // A socket file whose socket is closed stays on disk: connecting is refused.
    let stale = dir.join("stale.sock");
    drop(UnixListener::bind(&stale).unwrap());
    let out = socklab(["who", stale.to_str().unwrap()]);
    let text = out.stdout();
    assert_eq!(code(&out), 1, "{text}");
    assert!(
        text.contains("no socket in this network namespace is bound to it"),
        "{text}"
    );
    assert!(!text.contains("safe to delete"), "{text}");

    let out = socklab(["who", dir.join("never.sock").to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    assert!(out.stdout().contains("No UNIX socket has the name"));
    drop(listener);
}

#[test]
fn malformed_targets_exit_2_with_the_accepted_forms() {
    for bad in ["nginx", ":http", ":70000", "", "12ab"] {
        let out = socklab(["who", bad]);
        assert_eq!(code(&out), 2, "{bad:?}");
        let err = out.stderr();
        assert_eq!(err.lines().count(), 1, "{err}");
        for form in [":PORT", "PID", "@name", "/path/to/socket"] {
            assert!(err.contains(form), "{bad:?}: {err}");
        }
        assert!(out.stdout().is_empty());
    }
}

#[test]
fn unprivileged_run_says_not_root_with_a_count() {
    // Root, to drop to another user (nobody) and see what it cannot read.
    if skip_unless_root() || skip_unless_tool("setpriv") {
        return;
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let out = as_nobody(&["who", &format!(":{port}")]);
    let text = out.stdout();
    if out.stderr().contains("Permission denied") {
        skip("the socklab binary is not readable by nobody");
        return;
    }
    assert_eq!(code(&out), 1, "{text}{}", out.stderr());
    assert!(text.contains("socklab is not root"), "{text}");
    assert!(text.contains("Run as root (sudo)"), "{text}");
    let count: usize = text
        .split("its owner could not be read: ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of unreadable processes: {text}"));
    assert!(count >= 1, "{text}");
    assert!(text.contains(&inode_of(&listener).to_string()), "{text}");

    // This (root) process's descriptors cannot be listed by nobody either.
    let out = as_nobody(&["who", &std::process::id().to_string()]);
    let text = out.stdout();
    assert_eq!(code(&out), 1, "{text}");
    assert!(text.contains("belongs to another user"), "{text}");
}

/// `socklab ARGS` as uid/gid 65534 with no groups.
fn as_nobody(args: &[&str]) -> Output {
    Socklab::new().args(args).unprivileged().run()
}

#[test]
fn fixture_web_server_time_wait_shared_listener_and_pid() {
    // fixtures/proc/web-server (scripts/make-fixtures.py): nginx parent and worker share
    // :8080, curl closed one connection (server side left in TIME_WAIT on port 41560).
    let tree = repo("fixtures/proc/web-server");
    if skip_unless_exists(&tree.join("net/tcp"), "the web-server fixture") {
        return;
    }
    let root = tree.to_str().unwrap();
    let out = socklab(["--proc-root", root, "who", ":41560"]);
    let text = out.stdout();
    assert_eq!(code(&out), 1, "{text}");
    assert!(
        text.contains("in TIME_WAIT: this side closed first"),
        "{text}"
    );

    let out = socklab(["--proc-root", root, "who", ":8080"]);
    let text = out.stdout();
    assert_eq!(code(&out), 0, "{text}");
    assert!(
        text.contains("pid 13982 (nginx)") && text.contains("pid 13983 (nginx)"),
        "{text}"
    );

    let out = socklab(["--proc-root", root, "who", "13981"]);
    let text = out.stdout();
    assert_eq!(code(&out), 0, "{text}");
    assert!(
        text.contains("3 -> socket:[15650]  unix STREAM LISTENING /run/postgresql/.s.PGSQL.5433"),
        "{text}"
    );
}
