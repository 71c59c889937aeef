//! Live tests: this test process opens real sockets on loopback and in a temp dir, and
//! `socklab sockets` must see each with the right state, inode and owner (this pid).

use std::collections::BTreeMap;
use std::io::Write;
use std::net::{Shutdown, TcpListener, TcpStream, UdpSocket};
use std::os::linux::net::SocketAddrExt;
use std::os::unix::net::{SocketAddr, UnixListener, UnixStream};
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::Duration;

use serde_json::Value;
use socket2::{Domain, Protocol, Socket, Type};

use crate::harness::{
    Socklab, TempDir, inode_of, skip, skip_unless_root, skip_unless_tool, socklab, start,
    unique_name, wait_for_state,
};

fn find(rows: &[Value], pred: impl Fn(&Value) -> bool) -> Option<&Value> {
    rows.iter().find(|r| pred(r))
}

fn by_inode(rows: &[Value], inode: u64) -> &Value {
    find(rows, |r| r["inode"] == inode).unwrap_or_else(|| panic!("no row with inode {inode}"))
}

fn owned_by_me(row: &Value) -> bool {
    let me = std::process::id();
    row["pid"] == me
        && row["owners"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["pid"] == me)
}

/// Opens a connection and closes the client side first, so the client ends in TIME_WAIT.
fn make_time_wait(listener: &TcpListener) -> u16 {
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    let port = client.local_addr().unwrap().port();
    // shutdown(), not just drop: while another test starts a child, that child holds a
    // copy of this descriptor until it execs, and a close() then sends no FIN yet.
    client.shutdown(Shutdown::Both).unwrap();
    drop(client); // active close: FIN_WAIT1 → FIN_WAIT2
    server.shutdown(Shutdown::Both).unwrap();
    drop(server); // peer closes: client → TIME_WAIT
    port
}

#[test]
fn sees_every_kind_of_socket_with_state_inode_and_owner() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let client = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (server, _) = listener.accept().unwrap();
    let tw_port = make_time_wait(&listener);
    let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
    let raw = Socket::new(Domain::IPV4, Type::RAW, Some(Protocol::ICMPV4)).ok();
    let dir = TempDir::new("live");
    let spaced = dir.join("with space.sock");
    let unix_listener = UnixListener::bind(&spaced).unwrap();
    let abstract_name = unique_name("live");
    let abs =
        UnixListener::bind_addr(&SocketAddr::from_abstract_name(&abstract_name).unwrap()).unwrap();
    let (pair_a, _pair_b) = UnixStream::pair().unwrap();
    wait_for_state(tw_port, "TIME_WAIT");

    let out = Socklab::new()
        .args(["sockets", "-a", "-p", "--json"])
        .exclusive()
        .run();
    assert!(out.success(), "{}", out.stderr());
    let rows = out.json_lines();

    let l = by_inode(&rows, inode_of(&listener));
    assert_eq!(
        (l["proto"].as_str(), l["state"].as_str()),
        (Some("tcp"), Some("LISTEN"))
    );
    assert_eq!(l["local_address"], "127.0.0.1");
    assert_eq!(l["local_port"], port);
    assert!(owned_by_me(l), "{l}");

    for (stream, local, remote) in [
        (&client, client.local_addr().unwrap().port(), port),
        (&server, port, client.local_addr().unwrap().port()),
    ] {
        let r = by_inode(&rows, inode_of(stream));
        assert_eq!(r["state"], "ESTABLISHED");
        assert_eq!(
            (r["local_port"].clone(), r["foreign_port"].clone()),
            (local.into(), remote.into())
        );
        assert!(owned_by_me(r), "{r}");
    }

    let tw = find(&rows, |r| {
        r["local_port"] == tw_port && r["foreign_port"] == port
    })
    .expect("the TIME_WAIT row");
    assert_eq!(tw["state"], "TIME_WAIT");
    assert_eq!(tw["inode"], 0);
    assert!(
        tw["pid"].is_null() && tw["owners"].as_array().unwrap().is_empty(),
        "{tw}"
    );
    let notes = tw["notes"].to_string();
    assert!(
        notes.contains("lsof -i") && notes.contains("No process owns"),
        "{notes}"
    );

    let u = by_inode(&rows, inode_of(&udp));
    assert_eq!(u["proto"], "udp");
    assert!(
        u["state"].is_null(),
        "unconnected UDP has no state in netstat: {u}"
    );
    assert!(owned_by_me(u));

    match &raw {
        Some(raw) => {
            let r = by_inode(&rows, inode_of(raw));
            assert_eq!(r["proto"], "raw");
            assert_eq!(r["state"], "7", "netstat prints the raw state as a number");
            assert!(owned_by_me(r));
        }
        None => skip("its raw socket part: not permitted for this user"),
    }

    let s = by_inode(&rows, inode_of(&unix_listener));
    assert_eq!(s["path"], spaced.to_str().unwrap(), "the space is kept");
    assert_eq!(s["state"], "LISTENING");
    assert_eq!(s["flags"], serde_json::json!(["ACC"]));
    assert_eq!(
        (s["type"].as_str(), s["path_kind"].as_str()),
        (Some("STREAM"), Some("filesystem"))
    );
    assert!(owned_by_me(s));

    let a = by_inode(&rows, inode_of(&abs));
    assert_eq!(a["path"], format!("@{abstract_name}"));
    assert_eq!(a["path_kind"], "abstract");
    assert!(owned_by_me(a));

    let p = by_inode(&rows, inode_of(&pair_a));
    assert_eq!(
        (p["state"].as_str(), p["path_kind"].as_str()),
        (Some("CONNECTED"), Some("unnamed"))
    );
    assert!(owned_by_me(p));
}

#[test]
fn listening_filter_and_default_follow_netstat() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let _c = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let states = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["sockets", "-tn", "--json", "--port", &port];
        all.extend_from_slice(args);
        socklab(&all)
            .json_lines()
            .iter()
            .map(|r| r["state"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        !states(&[]).contains(&"LISTEN".to_string()),
        "default hides servers, as netstat"
    );
    assert!(states(&["-l"]).iter().all(|s| s == "LISTEN"));
    assert!(states(&["-a"]).contains(&"LISTEN".to_string()));
    let nothing = socklab(["sockets", "-t", "--state", "SYN_SENT", "--port", "1"]);
    assert_eq!(
        nothing.code(),
        Some(1),
        "a filter that matches nothing exits 1"
    );
}

#[test]
fn counts_per_tcp_state_match_ss() {
    if skip_unless_tool("ss") {
        return;
    }
    let version = start(Command::new("ss").arg("-V").stdout(Stdio::null())).wait();
    assert!(version.unwrap().success());
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let _pairs: Vec<_> = (0..3)
        .map(|_| {
            (
                TcpStream::connect(listener.local_addr().unwrap()).unwrap(),
                listener.accept().unwrap(),
            )
        })
        .collect();
    let tw_port = make_time_wait(&listener);
    wait_for_state(tw_port, "TIME_WAIT");
    // Other sockets on the machine come and go; both tools are asked again until a pair of
    // runs agrees, which a real disagreement never does.
    let mut last = (BTreeMap::new(), BTreeMap::new());
    for _ in 0..10 {
        let mine = count(
            socklab(["sockets", "-tan", "--json"])
                .json_lines()
                .iter()
                .map(|r| r["state"].as_str().unwrap().to_string()),
        );
        let theirs = start(Command::new("ss").arg("-tanH").stdout(Stdio::piped()))
            .wait_with_output()
            .unwrap();
        let theirs =
            count(String::from_utf8_lossy(&theirs.stdout).lines().map(|l| {
                canonical_ss_state(l.split_whitespace().next().unwrap_or("")).to_string()
            }));
        if mine == theirs {
            assert!(mine.get("TIME_WAIT").copied().unwrap_or(0) >= 1);
            assert!(mine.get("ESTABLISHED").copied().unwrap_or(0) >= 6);
            return;
        }
        last = (mine, theirs);
        sleep(Duration::from_millis(100));
    }
    panic!("socklab {:?} != ss {:?}", last.0, last.1);
}

fn count(states: impl Iterator<Item = String>) -> BTreeMap<String, usize> {
    let mut map = BTreeMap::new();
    for s in states {
        *map.entry(s).or_insert(0) += 1;
    }
    map
}

/// ss's state names (iproute2 ss.c `sstate_name`) → netstat's.
fn canonical_ss_state(ss: &str) -> &str {
    match ss {
        "ESTAB" => "ESTABLISHED",
        "SYN-SENT" => "SYN_SENT",
        "SYN-RECV" => "SYN_RECV",
        "FIN-WAIT-1" => "FIN_WAIT1",
        "FIN-WAIT-2" => "FIN_WAIT2",
        "TIME-WAIT" => "TIME_WAIT",
        "UNCONN" => "CLOSE",
        "CLOSE-WAIT" => "CLOSE_WAIT",
        "LAST-ACK" => "LAST_ACK",
        other => other,
    }
}

#[test]
fn control_characters_in_a_socket_path_are_escaped() {
    let dir = TempDir::new("esc");
    let path = dir.join("evil\x1b[2J.sock");
    let _l = UnixListener::bind(&path).unwrap();
    for args in [
        &["sockets", "-xl"][..],
        &["sockets", "-xl", "--explain", "-p"][..],
    ] {
        let out = socklab(args);
        let text = out.stdout();
        assert!(!text.contains('\x1b'), "raw ESC reached the output");
        assert!(text.contains("evil\\e[2J.sock"), "{text}");
    }
}

#[test]
fn broken_pipe_is_quiet_success() {
    let _keep: Vec<_> = (0..50)
        .map(|_| UdpSocket::bind("127.0.0.1:0").unwrap())
        .collect();
    let mut child = Socklab::new().args(["sockets", "-a", "--explain"]).spawn();
    drop(child.take_stdout()); // the reader goes away at once, like `| head -0`
    let out = child.finish();
    assert_eq!(out.code(), Some(0));
    assert!(out.stderr().is_empty(), "{}", out.stderr());
}

#[test]
fn owners_hidden_from_an_unprivileged_user_are_counted() {
    if skip_unless_root() || skip_unless_tool("setpriv") {
        return;
    }
    let _l = TcpListener::bind("127.0.0.1:0").unwrap();
    let out = Socklab::new()
        .args(["sockets", "-tlp"])
        .unprivileged()
        .run();
    let err = out.stderr();
    assert!(out.success(), "{err}");
    assert!(
        err.contains("could not be read") && err.contains("root"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "said once: {err}");
}

/// One catalogue sentence, said the same way by every command that lists owners (#9):
/// the four runs may count a different number of processes, nothing else may differ.
#[test]
fn owners_hidden_is_one_sentence_in_sockets_unix_who_and_watch() {
    if skip_unless_root() || skip_unless_tool("setpriv") {
        return;
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = format!(":{}", listener.local_addr().unwrap().port());
    let runs: [&[&str]; 4] = [
        &["sockets", "-tlp"],
        &["unix"],
        &["who", &port],
        &["watch", "--count", "1"],
    ];
    let said: Vec<String> = runs
        .iter()
        .map(|args| {
            let out = Socklab::new().args(*args).unprivileged().run();
            let line = out
                .stderr()
                .lines()
                .find(|l| l.contains("could not be read"))
                .unwrap_or_else(|| {
                    panic!("{args:?} does not say owners are hidden: {}", out.stderr())
                })
                .to_string();
            line.replace(|c: char| c.is_ascii_digit(), "")
        })
        .collect();
    assert!(said.iter().all(|s| *s == said[0]), "{said:#?}");
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    for args in [
        &["sockets", "--port", "70000"][..],
        &["sockets", "--state", "BOGUS"][..],
        &["sockets", "--bogus-flag"][..],
        &["--proc-root", "/nonexistent/socklab", "sockets"][..],
    ] {
        let out = socklab(args);
        let err = out.stderr();
        assert_eq!(out.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    }
    let err = socklab(["sockets", "--state", "BOGUS"]).stderr();
    assert!(
        err.contains("TIME_WAIT") && err.contains("LISTENING"),
        "lists the valid states: {err}"
    );
    let _ = std::io::stdout().flush();
}
