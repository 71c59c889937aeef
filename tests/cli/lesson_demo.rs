//! Demo sockets: opened for a step, visible in the live tables (read by the built binary)
//! with this process as owner, and gone when the step ends (the opened demos are
//! dropped). The test runs alone in a process of its own, so no other test's sockets mix
//! into "the sockets this process owns".

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::path::Path;

use serde_json::Value;

use crate::harness::in_process::open_every_demo;
use crate::harness::{alone_in_a_process, socklab};

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
