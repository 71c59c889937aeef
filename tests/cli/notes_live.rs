//! Notes in context, one rule at a time: each test makes the condition on a real kernel
//! (loopback and temporary UNIX sockets only) and checks the note ids socklab gives the
//! rows it makes — and, where a note would be wrong, that it is not given.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::net::{UnixDatagram, UnixListener};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::{
    Socklab, TempDir, alone_in_a_process, inode_of, skip, skip_unless_root, skip_unless_tool,
    socklab, start, unique_name, wait_for_state,
};

/// The TCP rows on `port` (either end), as `sockets --json` gives them.
fn rows_on(port: u16) -> Vec<Value> {
    let port = port.to_string();
    socklab(["sockets", "-tan", "--json", "--port", &port]).json_lines()
}

fn ids(row: &Value) -> Vec<String> {
    let notes = row["notes"].as_array().expect("notes");
    notes
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect()
}

fn has(row: &Value, id: &str) -> bool {
    ids(row).iter().any(|i| i == id)
}

/// The row whose local port is `local` and, when given, whose state is `state`.
fn row<'a>(rows: &'a [Value], local: u16, state: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["local_port"] == local && r["state"] == state)
        .unwrap_or_else(|| panic!("no {state} row on local port {local}: {rows:#?}"))
}

/// Writes into `stream` (made non-blocking) until the kernel's buffers are full.
fn fill(stream: &mut TcpStream) -> usize {
    stream.set_nonblocking(true).unwrap();
    let chunk = vec![b'x'; 64 * 1024];
    let mut sent = 0;
    loop {
        match stream.write(&chunk) {
            Ok(n) => sent += n,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return sent,
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
fn an_orphan_flushing_data_is_not_called_queued() {
    // Closing the last descriptor is what makes an orphan; alone, no other test's child
    // holds a copy of it.
    if alone_in_a_process() {
        return;
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (_server, _) = listener.accept().unwrap(); // never reads: the client's data stays
    let port = client.local_addr().unwrap().port();
    assert!(fill(&mut client) > 0);
    drop(client); // close() with unsent data: FIN_WAIT1, inode 0, a Send-Q
    wait_for_state(port, "FIN_WAIT1");
    let rows = rows_on(port);
    let orphan = row(&rows, port, "FIN_WAIT1");
    assert_eq!(orphan["inode"], 0);
    assert!(orphan["send_q"].as_u64().unwrap() > 0, "{orphan}");
    assert!(has(orphan, "owner.orphan"), "{orphan}");
    assert!(!has(orphan, "owner.accept_queue"), "{orphan}");
}

#[test]
fn a_connection_never_accepted_waits_in_the_accept_queue() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let client = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let client_port = client.local_addr().unwrap().port();
    let rows = rows_on(port);
    let queued = rows
        .iter()
        .find(|r| r["local_port"] == port && r["foreign_port"] == client_port)
        .expect("the server end");
    assert_eq!(
        (&queued["state"], &queued["inode"]),
        (&"ESTABLISHED".into(), &0.into())
    );
    assert!(has(queued, "owner.accept_queue"), "{queued}");
    assert!(has(queued, "relation.listener"), "{queued}");
    let listening = row(&rows, port, "LISTEN");
    assert!(has(listening, "queue.accept") && has(listening, "relation.accept_queue"));
    let note = listening["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "relation.accept_queue")
        .unwrap();
    assert_eq!(note["with"]["foreign_port"], client_port, "{note}");
    drop(client);
}

#[test]
fn close_wait_says_whether_the_end_of_file_was_read() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut unread = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (server_a, _) = listener.accept().unwrap();
    let read = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (mut server_b, _) = listener.accept().unwrap();
    unread.write_all(b"hello").unwrap();
    unread.shutdown(Shutdown::Both).unwrap();
    read.shutdown(Shutdown::Both).unwrap();
    let mut buf = Vec::new();
    server_b.read_to_end(&mut buf).unwrap(); // reads to the end-of-file
    // The bytes read before the FIN arrives: the FIN alone stays, Recv-Q 1.
    let mut fin_only = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (mut server_c, _) = listener.accept().unwrap();
    fin_only.write_all(b"hello").unwrap();
    server_c.read_exact(&mut [0; 5]).unwrap();
    fin_only.shutdown(Shutdown::Write).unwrap();
    let c_port = fin_only.local_addr().unwrap().port();
    let b_port = read.local_addr().unwrap().port();
    let a_port = unread.local_addr().unwrap().port();
    wait_for_state(port, "CLOSE_WAIT");
    let deadline = Instant::now() + Duration::from_secs(5);
    let rows = loop {
        let rows = rows_on(port);
        let both = |p: u16| {
            rows.iter()
                .any(|r| r["foreign_port"] == p && r["state"] == "CLOSE_WAIT")
        };
        if (both(a_port) && both(b_port) && both(c_port)) || Instant::now() > deadline {
            break rows;
        }
    };
    let pick = |p: u16| {
        rows.iter()
            .find(|r| r["foreign_port"] == p && r["local_port"] == port)
            .unwrap()
    };
    let a = pick(a_port);
    assert_eq!(a["recv_q"], 6, "5 bytes and the FIN: {a}");
    assert!(
        has(a, "queue.eof_unread") && !has(a, "queue.eof_read"),
        "{a}"
    );
    let b = pick(b_port);
    assert_eq!(b["recv_q"], 0, "{b}");
    assert!(
        has(b, "queue.eof_read") && !has(b, "queue.eof_unread"),
        "{b}"
    );
    let c = pick(c_port);
    assert_eq!(c["recv_q"], 1, "the FIN alone: {c}");
    assert!(
        has(c, "queue.fin_unread") && !has(c, "queue.eof_unread"),
        "{c}"
    );
    drop((server_a, server_b, server_c));
}

#[test]
fn two_ends_of_a_loopback_connection_know_each_other() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let client = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (_server, _) = listener.accept().unwrap();
    let client_port = client.local_addr().unwrap().port();
    let rows = rows_on(port);
    let ends: Vec<&Value> = rows
        .iter()
        .filter(|r| r["state"] == "ESTABLISHED")
        .collect();
    assert_eq!(ends.len(), 2, "{rows:#?}");
    for end in ends {
        let note = end["notes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == "relation.other_end")
            .unwrap_or_else(|| panic!("{end}"));
        // `with` names the other row.
        assert_eq!(note["with"]["local_port"], end["foreign_port"], "{note}");
        assert_eq!(note["with"]["foreign_port"], end["local_port"], "{note}");
    }
    // Pasted: the same two rows, read together by explain.
    let table = socklab(["sockets", "-tan", "--port", &client_port.to_string()]).stdout();
    let lines = Socklab::new()
        .args(["explain", "--json"])
        .stdin(table)
        .run()
        .json_lines();
    let later = lines
        .iter()
        .filter(|l| l["kind"] == "row")
        .nth(1)
        .expect("two rows");
    assert!(has(later, "relation.other_end"), "{later}");
}

#[test]
fn a_sender_facing_a_receiver_that_does_not_read_is_stalled() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (_server, _) = listener.accept().unwrap();
    let port = client.local_addr().unwrap().port();
    fill(&mut client);
    let rows = rows_on(port);
    let sender = row(&rows, port, "ESTABLISHED");
    assert!(sender["send_q"].as_u64().unwrap() > 0, "{sender}");
    assert!(has(sender, "relation.stalled"), "{sender}");
    let receiver = rows.iter().find(|r| r["foreign_port"] == port).unwrap();
    assert!(
        !has(receiver, "relation.stalled"),
        "the note is the sender's"
    );
    assert!(has(receiver, "queue.unread"), "{receiver}");
}

#[test]
fn a_datagram_receiver_turns_connected_when_a_sender_connects() {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let mut parts = release
        .trim()
        .split(['.', '-'])
        .map(|p| p.parse::<u32>().unwrap_or(0));
    if (parts.next().unwrap_or(0), parts.next().unwrap_or(0)) < (5, 15) {
        skip(&format!(
            "needs Linux 5.15 or later (this is {})",
            release.trim()
        ));
        return;
    }
    let dir = TempDir::new("dgram");
    let path = dir.join("log.sock");
    let receiver = UnixDatagram::bind(&path).unwrap();
    let sender = UnixDatagram::unbound().unwrap();
    sender.connect(&path).unwrap();
    let rows = socklab(["unix", "--json"]).json_lines();
    let inode = inode_of(&receiver);
    let r = rows
        .iter()
        .find(|r| r["inode"] == inode)
        .expect("the receiver");
    assert_eq!(r["state"], "CONNECTED", "{r}");
    assert!(has(r, "unix.dgram_receiver"), "{r}");
    drop(sender);
}

#[test]
fn a_relative_name_starting_with_at_is_a_file_not_an_abstract_name() {
    // bind() resolves a relative name against the working directory, which only a test
    // alone in its process may change.
    if alone_in_a_process() {
        return;
    }
    let dir = TempDir::new("at-file");
    std::env::set_current_dir(dir.path()).unwrap();
    let name = format!("@{}", unique_name("rel"));
    let listener = UnixListener::bind(&name).unwrap();
    assert!(
        dir.join(&name).exists(),
        "a file named {name} in the directory"
    );
    let rows = socklab(["unix", "--json"]).json_lines();
    let inode = inode_of(&listener);
    let r = rows
        .iter()
        .find(|r| r["inode"] == inode)
        .expect("the listener");
    assert_eq!(r["path"], name.as_str());
    assert_eq!(r["path_kind"], "filesystem", "{r}");
    assert!(
        has(r, "path.at_file") && !has(r, "path_kind.abstract"),
        "{r}"
    );
}

#[test]
fn a_socket_file_of_another_network_namespace_is_never_called_stale() {
    if !skip_unless_root() || !skip_unless_tool("unshare") || !skip_unless_tool("python3") {
        return;
    }
    let dir = TempDir::new("netns");
    let path = dir.join("inside.sock");
    let script = format!(
        "import socket,time\ns=socket.socket(socket.AF_UNIX)\ns.bind({:?})\ns.listen()\nprint('ready',flush=True)\ntime.sleep(30)",
        path.to_str().unwrap()
    );
    let mut child = start(
        Command::new("unshare")
            .args(["-n", "python3", "-c", &script])
            .stdout(Stdio::piped())
            .stderr(Stdio::null()),
    );
    let mut ready = [0u8; 5];
    let started = child.stdout.take().unwrap().read_exact(&mut ready).is_ok();
    if !started {
        let _ = child.kill();
        let _ = child.wait();
        skip("unshare -n does not work here (no permission for a new network namespace)");
        return;
    }
    let out = socklab(["who", path.to_str().unwrap()]);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(out.code(), Some(1));
    let text = out.stdout();
    assert!(text.contains("another network namespace"), "{text}");
    assert!(!text.contains("safe to delete"), "{text}");
}

/// How many times the LISTEN note's full text (glossary state.LISTEN) appears.
fn listen_note_count(text: &str) -> usize {
    text.matches("Waiting for incoming connections (a server)")
        .count()
}

#[test]
fn thirty_listeners_hear_the_listen_note_in_full_at_most_twice() {
    let listeners: Vec<TcpListener> = (0..30)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    let live = Socklab::new()
        .no_columns()
        .args(["sockets", "-ltn", "--explain"])
        .run()
        .stdout();
    let rows = live
        .lines()
        .filter(|l| l.starts_with("tcp") && l.ends_with("LISTEN"));
    assert!(rows.count() >= 30, "{live}");
    assert!(listen_note_count(&live) <= 2, "{live}");
    if !skip_unless_tool("netstat") {
        return;
    }
    let table = Command::new("netstat").args(["-tan"]).output().unwrap();
    let pasted = Socklab::new()
        .no_columns()
        .args(["explain"])
        .stdin(table.stdout)
        .run()
        .stdout();
    assert!(listen_note_count(&pasted) <= 2, "{pasted}");
    drop(listeners);
}

#[test]
fn a_repeating_paste_stays_short() {
    // Fifteen CLOSE_WAIT rows from one peer, as `netstat -tanp | grep CLOSE_WAIT` showed
    // them on this machine (fixtures/outputs/README.md).
    let path = crate::harness::repo("fixtures/outputs/netstat-tanp-close-wait.txt");
    let input = std::fs::read_to_string(&path).unwrap();
    let out = Socklab::new()
        .no_columns()
        .args(["explain", path.to_str().unwrap()])
        .run();
    let (lines_in, lines_out) = (input.lines().count(), out.stdout().lines().count());
    assert!(lines_in >= 15, "{input}");
    assert!(
        lines_out * 2 < lines_in * 5,
        "{lines_out} lines for {lines_in}:\n{}",
        out.stdout()
    );
    assert!(out.stdout().contains("CLOSE_WAIT with bytes still unread"));
}
