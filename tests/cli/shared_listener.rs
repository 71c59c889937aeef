//! A listener shared with a child process (as a pre-forking server does) is shown with
//! both pids; `netstat -p` would show only the first it found. The child gets the listener
//! as its standard input, the one descriptor it inherits: the listener itself stays
//! close-on-exec, so it leaks into no child another test (a thread of this same process)
//! starts meanwhile.

use std::net::SocketAddr;
use std::os::fd::OwnedFd;
use std::process::{Command, Stdio};

use socket2::{Domain, Socket, Type};

use crate::harness::{Socklab, inode_of, start};

#[test]
fn a_forked_child_sharing_a_listener_shows_both_pids() {
    let listener = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    listener
        .bind(&"127.0.0.1:0".parse::<SocketAddr>().unwrap().into())
        .unwrap();
    listener.listen(8).unwrap();
    let port = listener.local_addr().unwrap().as_socket().unwrap().port();
    let shared = OwnedFd::from(listener.try_clone().unwrap());
    let mut child = start(Command::new("sleep").arg("30").stdin(Stdio::from(shared)));

    // Exclusive: a child another test starts meanwhile would hold the listener too, until
    // it execs.
    let rows = Socklab::new()
        .args(["sockets", "-tlp", "--json", "--port", &port.to_string()])
        .exclusive()
        .run()
        .json_lines();
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
