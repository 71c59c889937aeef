//! Demo sockets: opened for a step, visible in the live tables (read by the built binary)
//! with this process as owner, and gone when the step ends (the opened demos are
//! dropped). The test runs alone in a process of its own, so no other test's sockets mix
//! into "the sockets this process owns". The demos of trouble (CLOSE_WAIT, an orphan, a
//! full accept queue, a stalled transfer, a CLOSE_WAIT leak) each show the state they
//! promise, with the notes `--explain` gives it, and leave nothing on their port.

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::path::Path;

use serde_json::Value;

use crate::harness::in_process::{open_demos, open_every_demo};
use crate::harness::{Socklab, alone_in_a_process, socklab};

/// Every socket of every family, with owners (`sockets -a -p --json`).
fn live() -> Vec<Value> {
    let out = socklab(["sockets", "-a", "-p", "--json"]);
    assert!(out.success(), "{}", out.stderr());
    out.json_lines()
}

/// The inodes of the sockets this process owns.
fn mine() -> BTreeSet<u64> {
    let me = std::process::id();
    live()
        .iter()
        .filter(|s| {
            s["owners"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["pid"] == me)
        })
        .filter_map(|s| s["inode"].as_u64())
        .collect()
}

fn loopback(row: &Value) -> bool {
    row["local_address"]
        .as_str()
        .and_then(|a| a.parse::<IpAddr>().ok())
        .is_some_and(|a| a.is_loopback())
}

#[test]
fn demo_sockets_exist_during_the_step_and_are_gone_after() {
    if alone_in_a_process() {
        return;
    }
    let before = mine();
    let opened = open_every_demo();
    let new: BTreeSet<u64> = mine().difference(&before).copied().collect();
    // listener 1 + pair 3 (listener, client, accepted) + path 1 + abstract 1 + socketpair 2
    // + the TIME_WAIT demo's listener 1 (its closed connection belongs to the kernel).
    assert_eq!(new.len(), 9, "demo sockets owned by this process: {new:?}");

    let path = opened.value("path");
    assert!(path.contains(' '), "the path demo has a space: {path}");
    let abstract_name = opened.value("abstract");
    let port: u16 = opened.value("port").parse().unwrap();
    let rows = live();
    let unix_path = |p: &str| rows.iter().any(|s| s["path"] == p);
    assert!(unix_path(&path), "{path} not in /proc/net/unix");
    assert!(
        unix_path(&abstract_name),
        "{abstract_name} not in /proc/net/unix"
    );
    assert!(
        rows.iter()
            .any(|s| s["state"] == "LISTEN" && s["local_port"] == port && loopback(s))
    );
    let time_waits: Vec<&Value> = rows
        .iter()
        .filter(|s| s["state"] == "TIME_WAIT" && loopback(s))
        .collect();
    assert!(
        !time_waits.is_empty(),
        "the time_wait demo left no TIME_WAIT"
    );
    assert!(
        time_waits
            .iter()
            .all(|s| s["inode"].as_u64().unwrap_or(0) == 0)
    );

    drop(opened);
    let rows = live();
    let after: BTreeSet<u64> = rows.iter().filter_map(|s| s["inode"].as_u64()).collect();
    let left: Vec<&u64> = new.intersection(&after).collect();
    assert!(
        left.is_empty(),
        "demo sockets still open after the step: {left:?}"
    );
    assert!(
        !rows
            .iter()
            .any(|s| s["path"] == path.as_str() || s["path"] == abstract_name.as_str())
    );
    assert!(
        !Path::new(&path).exists(),
        "the socket file was left behind"
    );
    assert!(
        !Path::new(&path).parent().unwrap().exists(),
        "the temp dir was left behind"
    );
}

/// The TCP rows with `port` at either end, with their notes (`sockets -tan --json`).
fn rows_on(port: u16) -> Vec<Value> {
    let out = socklab(["sockets", "-tan", "--json", "--port", &port.to_string()]);
    out.json_lines()
}

fn note_ids(row: &Value) -> Vec<&str> {
    row["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect()
}

/// The rows on `port` in `state`.
fn in_state<'a>(rows: &'a [Value], state: &str) -> Vec<&'a Value> {
    rows.iter().filter(|r| r["state"] == state).collect()
}

/// Opens the demo `kind`, lets `check` look at its rows, closes it as a step ends, and
/// asserts that nothing of it is left on its port (its sockets close with an RST).
fn demo_then_gone(kind: &str, check: impl FnOnce(u16, &[Value])) {
    let opened = open_demos(&[kind]);
    let port: u16 = opened.value("port").parse().unwrap();
    let rows = rows_on(port);
    assert!(
        rows.iter().all(loopback),
        "{kind}: loopback only: {rows:#?}"
    );
    check(port, &rows);
    drop(opened);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    let mut left = rows_on(port);
    while !left.is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
        left = rows_on(port);
    }
    assert!(left.is_empty(), "{kind}: left after the step: {left:#?}");
}

fn close_wait(port: u16, rows: &[Value]) {
    let waits = in_state(rows, "CLOSE_WAIT");
    assert_eq!(waits.len(), 2, "{rows:#?}");
    assert!(waits.iter().all(|r| r["local_port"] == port));
    let unread = waits
        .iter()
        .find(|r| r["recv_q"] == 6)
        .expect("5 bytes + FIN");
    assert!(note_ids(unread).contains(&"queue.eof_unread"), "{unread}");
    let read = waits
        .iter()
        .find(|r| r["recv_q"] == 0)
        .expect("read to EOF");
    assert!(note_ids(read).contains(&"queue.eof_read"), "{read}");
}

fn orphan(port: u16, rows: &[Value]) {
    let orphan = in_state(rows, "FIN_WAIT1");
    let orphan = orphan.first().unwrap_or_else(|| panic!("{rows:#?}"));
    assert_eq!(orphan["foreign_port"], port, "the client's end");
    assert_eq!(orphan["inode"], 0, "{orphan}");
    assert!(orphan["send_q"].as_u64().unwrap() > 1, "data being flushed");
    let ids = note_ids(orphan);
    assert!(ids.contains(&"owner.orphan") && !ids.contains(&"owner.accept_queue"));
}

fn accept_queue_full(port: u16, rows: &[Value]) {
    let listener = in_state(rows, "LISTEN")[0];
    assert_eq!(listener["recv_q"], 3, "backlog 2 holds 3: {listener}");
    let ids = note_ids(listener);
    assert!(ids.contains(&"queue.accept") && ids.contains(&"relation.accept_queue"));
    let queued: Vec<&Value> = in_state(rows, "ESTABLISHED")
        .into_iter()
        .filter(|r| r["local_port"] == port)
        .collect();
    assert_eq!(queued.len(), 3, "{rows:#?}");
    assert!(queued.iter().all(|r| r["inode"] == 0));
    assert!(
        queued
            .iter()
            .all(|r| note_ids(r).contains(&"owner.accept_queue"))
    );
    let request = in_state(rows, "SYN_RECV");
    assert_eq!(request.len(), 1, "the late ACK's request: {rows:#?}");
    assert!(note_ids(request[0]).contains(&"owner.request"));
    assert_eq!(
        in_state(rows, "SYN_SENT").len(),
        1,
        "the dropped SYN's client"
    );
}

fn stalled(_: u16, rows: &[Value]) {
    let sender = rows
        .iter()
        .find(|r| note_ids(r).contains(&"relation.stalled"))
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert!(sender["send_q"].as_u64().unwrap() > 0, "{sender}");
}

fn close_wait_leak(port: u16, rows: &[Value]) {
    let waits = in_state(rows, "CLOSE_WAIT");
    assert_eq!(waits.len(), 4, "{rows:#?}");
    for w in &waits {
        assert_eq!((&w["local_port"], &w["recv_q"]), (&port.into(), &19.into()));
        assert!(note_ids(w).contains(&"queue.eof_unread"), "{w}");
    }
    let clients = in_state(rows, "FIN_WAIT2");
    assert_eq!(clients.len(), 4, "{rows:#?}");
    assert!(
        clients
            .iter()
            .all(|c| note_ids(c).contains(&"owner.orphan"))
    );
}

#[test]
fn each_trouble_demo_shows_its_state_and_leaves_nothing_after_the_step() {
    // The orphan needs its client's last descriptor closed, which a test's child between
    // fork and exec could still hold: alone, no other test starts one.
    if alone_in_a_process() {
        return;
    }
    demo_then_gone("close_wait", close_wait);
    demo_then_gone("orphan", orphan);
    demo_then_gone("accept_queue_full", accept_queue_full);
    demo_then_gone("stalled", stalled);
    demo_then_gone("close_wait_leak", close_wait_leak);
}

#[test]
fn a_trouble_demo_explained_in_a_lesson_step_shows_its_notes() {
    let out = Socklab::new()
        .no_columns()
        .args(["learn", "busy-server", "--plain", "--step", "2"])
        .run();
    assert_eq!(out.code(), Some(0), "{}", out.stderr());
    let text = out.stdout();
    assert!(text.contains("CLOSE_WAIT with Recv-Q 19"), "{text}");
    assert!(text.contains("the program has not even read"), "{text}");
}
