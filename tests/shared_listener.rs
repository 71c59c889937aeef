//! A listener shared with a child process (as a pre-forking server does) is shown with
//! both pids; `netstat -p` would show only the first it found. Its own test binary, so the
//! inheritable descriptor leaks into no other test's children.

mod common;

use std::net::SocketAddr;
use std::process::Command;

use common::{inode_of, json_lines, socklab};
use socket2::{Domain, Socket, Type};

#[test]
fn a_forked_child_sharing_a_listener_shows_both_pids() {
    let listener = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    listener
        .bind(&"127.0.0.1:0".parse::<SocketAddr>().unwrap().into())
        .unwrap();
    listener.listen(8).unwrap();
    let port = listener.local_addr().unwrap().as_socket().unwrap().port();
    listener.set_cloexec(false).unwrap();
    let mut child = Command::new("sleep")
        .arg("30")
        .spawn()
        .expect("sleep(1) is needed");
    listener.set_cloexec(true).unwrap();

    let rows = json_lines(&socklab(&[
        "sockets",
        "-tlp",
        "--json",
        "--port",
        &port.to_string(),
    ]));
    let _ = child.kill();
    let _ = child.wait();
    let row = rows
        .iter()
        .find(|r| r["inode"] == inode_of(&listener))
        .expect("listener row");
    let pids: Vec<u64> = row["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["pid"].as_u64().unwrap())
        .collect();
    let (me, them) = (u64::from(std::process::id()), u64::from(child.id()));
    assert!(
        pids.contains(&me) && pids.contains(&them),
        "owners {pids:?}, want {me} and {them}"
    );
    assert_eq!(row["pid"], me.min(them), "pid is the lowest owner");
    assert!(
        row["notes"]
            .to_string()
            .contains("2 processes hold this same socket"),
        "{row}"
    );
}
