//! Demo sockets: opened for a step, visible in the live tables with this process as
//! owner, and gone when the step ends (the `Opened` value is dropped). One test in this
//! binary, so no other test's sockets mix into "the sockets this process owns".

use std::collections::BTreeSet;
use std::path::Path;

use socklab::lesson::DemoKind;
use socklab::lesson::demo;
use socklab::model::{Family, Socket, TcpState};
use socklab::source::{Source, Want};

fn live(owners: bool) -> Vec<Socket> {
    Source::live()
        .snapshot(&Want {
            families: vec![Family::Tcp, Family::Udp, Family::Raw, Family::Unix],
            owners,
            keep: &|_| true,
        })
        .unwrap()
        .sockets
}

fn mine() -> BTreeSet<u64> {
    let me = std::process::id();
    live(true)
        .into_iter()
        .filter(|s| s.owners.iter().any(|o| o.process.pid == me))
        .filter_map(|s| s.inode)
        .collect()
}

fn value(opened: &demo::Opened, key: &str) -> String {
    opened
        .values
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("no {key}"))
}

#[test]
fn demo_sockets_exist_during_the_step_and_are_gone_after() {
    let before = mine();
    let kinds = [
        DemoKind::Listener,
        DemoKind::ConnectedPair,
        DemoKind::UnixPath,
        DemoKind::UnixAbstract,
        DemoKind::Socketpair,
        DemoKind::TimeWait,
    ];
    let opened = demo::open(&kinds, &mut |_, _| {}).unwrap();
    let new: BTreeSet<u64> = mine().difference(&before).copied().collect();
    // listener 1 + pair 3 (listener, client, accepted) + path 1 + abstract 1 + socketpair 2
    // + the TIME_WAIT demo's listener 1 (its closed connection belongs to the kernel).
    assert_eq!(new.len(), 9, "demo sockets owned by this process: {new:?}");

    let path = value(&opened, "path");
    assert!(path.contains(' '), "the path demo has a space: {path}");
    let abstract_name = value(&opened, "abstract");
    let port: u16 = value(&opened, "port").parse().unwrap();
    let rows = live(false);
    let unix_path = |p: &str| {
        rows.iter()
            .any(|s| s.as_unix().is_some_and(|u| u.path == p))
    };
    assert!(unix_path(&path), "{path} not in /proc/net/unix");
    assert!(
        unix_path(&abstract_name),
        "{abstract_name} not in /proc/net/unix"
    );
    assert!(rows.iter().any(|s| s.tcp_state() == Some(TcpState::Listen)
        && s.local_port() == Some(port)
        && s.local().unwrap().addr.is_loopback()));
    let time_waits: Vec<&Socket> = rows
        .iter()
        .filter(|s| {
            s.tcp_state() == Some(TcpState::TimeWait) && s.local().unwrap().addr.is_loopback()
        })
        .collect();
    assert!(
        !time_waits.is_empty(),
        "the time_wait demo left no TIME_WAIT"
    );
    assert!(time_waits.iter().all(|s| s.inode.unwrap_or(0) == 0));

    drop(opened);
    let after: BTreeSet<u64> = live(false).into_iter().filter_map(|s| s.inode).collect();
    let left: Vec<&u64> = new.intersection(&after).collect();
    assert!(
        left.is_empty(),
        "demo sockets still open after the step: {left:?}"
    );
    let rows = live(false);
    assert!(!rows.iter().any(|s| {
        s.as_unix()
            .as_ref()
            .is_some_and(|u| u.path == path || u.path == abstract_name)
    }));
    assert!(
        !Path::new(&path).exists(),
        "the socket file was left behind"
    );
    assert!(
        !Path::new(&path).parent().unwrap().exists(),
        "the temp dir was left behind"
    );
}
