//! CLI contracts that need no live sockets of their own: tolerant reading of odd trees,
//! colors, and `capture` → `--proc-root` round trips.

use std::fs;
use std::net::TcpListener;

use crate::harness::{Socklab, TempDir, inode_of, repo, socklab};

// Two real /proc/net/tcp rows (Linux 6.18, this machine) with the second one's state
// byte changed to 0x1F, a state no kernel has, and a line of garbage after them.
const ODD_TCP: &str = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1594 1 000000002930214b 100 0 0 10 0
   1: 020200C0:991C 01010101:01BB 1F 00000000:00000000 03:0000050F 00000000     0        0 0 3 00000000738b5601
this line is not a socket
";

#[test]
fn unknown_states_are_kept_malformed_lines_counted_missing_tables_normal() {
    let tree = TempDir::new("odd-tree");
    fs::create_dir_all(tree.join("net")).unwrap();
    fs::write(tree.join("net/tcp"), ODD_TCP).unwrap(); // no tcp6, udp, raw, unix: fine
    let root = tree.path().to_str().unwrap();
    let out = socklab(["--proc-root", root, "sockets", "-a", "--json"]);
    assert_eq!(out.code(), Some(0));
    let rows = out.json_lines();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["state"], "UNKNOWN(31)");
    let err = out.stderr();
    assert_eq!(err.lines().count(), 1, "reported once: {err}");
    assert!(
        err.contains("skipped 1 malformed line") && err.contains("net/tcp"),
        "{err}"
    );
    let table = socklab(["--proc-root", root, "sockets", "-a"]).stdout();
    assert!(
        table.contains("Active UNIX domain sockets"),
        "an empty section is still titled"
    );
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
    let plain = socklab(args); // --color never
    assert!(!plain.stdout_bytes().contains(&0x1b));
    let auto = Socklab::new().color("auto").args(args).run();
    assert!(
        !auto.stdout_bytes().contains(&0x1b),
        "stdout is a pipe: no color"
    );
    let always = Socklab::new().color("always").args(args).run();
    assert!(always.stdout_bytes().contains(&0x1b));
    let no_color = Socklab::new()
        .color("auto")
        .args(args)
        .env("NO_COLOR", "1")
        .run();
    assert!(!no_color.stdout_bytes().contains(&0x1b));
}

#[test]
fn capture_writes_a_tree_that_reads_back_the_same_sockets() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let dir = TempDir::new("capture");
    let tree = dir.join("tree");
    let tree = tree.to_str().unwrap();
    let out = Socklab::new().args(["capture", tree]).exclusive().run();
    assert!(out.success(), "{}", out.stderr());
    assert!(
        !dir.join(format!("tree/{}/cmdline", std::process::id()))
            .exists(),
        "cmdline only when asked"
    );
    let rows = socklab([
        "--proc-root",
        tree,
        "sockets",
        "-tlp",
        "--json",
        "--port",
        &port,
    ])
    .json_lines();
    let row = rows
        .iter()
        .find(|r| r["inode"] == inode_of(&listener))
        .expect("listener in the tree");
    assert_eq!(row["pid"], std::process::id());
    assert_eq!(row["state"], "LISTEN");
    let again = socklab(["capture", tree]);
    assert_eq!(again.code(), Some(2), "refuses to overwrite a tree");
}
