//! CLI contracts that need no live sockets of their own: tolerant reading of odd trees,
//! colors, and `capture` → `--proc-root` round trips.

mod common;

use std::fs;
use std::net::TcpListener;

use common::{command, inode_of, json_lines, repo, socklab, stdout, temp_dir};

// Two real /proc/net/tcp rows (Linux 6.18, this machine) with the second one's state
// byte changed to 0x1F, a state no kernel has, and a line of garbage after them.
const ODD_TCP: &str = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1594 1 000000002930214b 100 0 0 10 0
   1: 020200C0:991C 01010101:01BB 1F 00000000:00000000 03:0000050F 00000000     0        0 0 3 00000000738b5601
this line is not a socket
";

#[test]
fn unknown_states_are_kept_malformed_lines_counted_missing_tables_normal() {
    let tree = temp_dir("odd-tree");
    fs::create_dir_all(tree.join("net")).unwrap();
    fs::write(tree.join("net/tcp"), ODD_TCP).unwrap(); // no tcp6, udp, raw, unix: fine
    let out = socklab(&[
        "--proc-root",
        tree.to_str().unwrap(),
        "sockets",
        "-a",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["state"], "UNKNOWN(31)");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "reported once: {err}");
    assert!(
        err.contains("skipped 1 malformed line") && err.contains("net/tcp"),
        "{err}"
    );
    let table = stdout(&socklab(&[
        "--proc-root",
        tree.to_str().unwrap(),
        "sockets",
        "-a",
    ]));
    assert!(
        table.contains("Active UNIX domain sockets"),
        "an empty section is still titled"
    );
    fs::remove_dir_all(tree).unwrap();
}

#[test]
fn colors_only_when_asked_or_on_a_terminal() {
    let root = repo("fixtures/proc/web-server");
    let args = [
        "--proc-root",
        root.to_str().unwrap(),
        "sockets",
        "-a",
        "--explain",
    ];
    let plain = socklab(&args); // --color never
    assert!(!plain.stdout.contains(&0x1b));
    let auto = command(&[])
        .args(["--color", "auto"])
        .args(args)
        .output()
        .unwrap();
    assert!(!auto.stdout.contains(&0x1b), "stdout is a pipe: no color");
    let always = command(&[])
        .args(["--color", "always"])
        .args(args)
        .output()
        .unwrap();
    assert!(always.stdout.contains(&0x1b));
    let mut no_color = command(&[]);
    no_color
        .args(["--color", "auto"])
        .args(args)
        .env("NO_COLOR", "1");
    assert!(!no_color.output().unwrap().stdout.contains(&0x1b));
}

#[test]
fn capture_writes_a_tree_that_reads_back_the_same_sockets() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let dir = temp_dir("capture");
    let tree = dir.join("tree");
    let out = socklab(&["capture", tree.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !tree
            .join(format!("{}/cmdline", std::process::id()))
            .exists(),
        "cmdline only when asked"
    );
    let rows = json_lines(&socklab(&[
        "--proc-root",
        tree.to_str().unwrap(),
        "sockets",
        "-tlp",
        "--json",
        "--port",
        &port,
    ]));
    let row = rows
        .iter()
        .find(|r| r["inode"] == inode_of(&listener))
        .expect("listener in the tree");
    assert_eq!(row["pid"], std::process::id());
    assert_eq!(row["state"], "LISTEN");
    let again = socklab(&["capture", tree.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2), "refuses to overwrite a tree");
    fs::remove_dir_all(dir).unwrap();
}
