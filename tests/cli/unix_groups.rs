//! `socklab unix`: a path socket in a temp dir, one in a tmpfs dir, a chosen abstract
//! name, an autobind name and a socketpair, opened by this test, each in its group; the
//! filesystem type of every directory as this machine's mount table says.

use std::os::linux::net::SocketAddrExt;
use std::os::unix::net::{SocketAddr, UnixListener, UnixStream};
use std::path::Path;

use serde_json::Value;
use socket2::{Domain, SockAddr, Socket, Type};

use crate::harness::{
    Socklab, TempDir, inode_of, repo, skip, skip_unless_exists, socklab, unique_name,
};

/// The filesystem type holding `path`, read here independently of socklab: the longest
/// mount point of /proc/self/mountinfo that is a path prefix.
fn fs_type_of(path: &str) -> Option<String> {
    let table = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    let mut best: Option<(usize, String)> = None;
    for line in table.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        let point = fields.get(4)?.replace("\\040", " ");
        let dash = fields.iter().position(|f| *f == "-")?;
        let fs = fields.get(dash + 1)?.to_string();
        if Path::new(path).starts_with(&point)
            && best.as_ref().is_none_or(|(n, _)| point.len() >= *n)
        {
            best = Some((point.len(), fs));
        }
    }
    best.map(|(_, fs)| fs)
}

fn by_inode(rows: &[Value], inode: u64) -> &Value {
    rows.iter()
        .find(|r| r["inode"] == inode)
        .unwrap_or_else(|| panic!("no row with inode {inode}"))
}

#[test]
fn each_socket_lands_in_its_group() {
    let dir = TempDir::new("unix-groups");
    let path = dir.join("server.sock");
    let listener = UnixListener::bind(&path).unwrap();
    let gone = dir.join("removed.sock");
    let orphan = UnixListener::bind(&gone).unwrap();
    std::fs::remove_file(&gone).unwrap();
    let name = unique_name("unix");
    let chosen = UnixListener::bind_addr(&SocketAddr::from_abstract_name(&name).unwrap()).unwrap();
    // An empty address (just the family) asks the kernel to pick an autobind name.
    let auto = Socket::new(Domain::UNIX, Type::DGRAM, None).unwrap();
    auto.bind(&SockAddr::unix("").unwrap()).unwrap();
    let (pair_a, pair_b) = UnixStream::pair().unwrap();

    let out = Socklab::new().args(["unix", "--json"]).exclusive().run();
    assert!(out.success());
    let rows = out.json_lines();

    let dir_text = dir.path().to_str().unwrap();
    let r = by_inode(&rows, inode_of(&listener));
    assert_eq!(r["group"], "filesystem");
    assert_eq!(r["directory"], dir_text);
    assert_eq!(r["file"], "present");
    assert_eq!(r["state"], "LISTENING");
    assert_eq!(r["pid"], std::process::id());
    assert_eq!(
        r["fs_type"].as_str(),
        fs_type_of(path.to_str().unwrap()).as_deref()
    );
    let r = by_inode(&rows, inode_of(&orphan));
    assert_eq!(
        (r["group"].as_str(), r["file"].as_str()),
        (Some("filesystem"), Some("missing"))
    );

    let r = by_inode(&rows, inode_of(&chosen));
    assert_eq!(r["group"], "abstract");
    assert_eq!(r["path"], format!("@{name}"));
    let r = by_inode(&rows, inode_of(&auto));
    assert_eq!(r["group"], "autobind");
    let auto_name = r["path"].as_str().unwrap();
    assert!(
        auto_name.starts_with('@') && auto_name.len() == 6,
        "{auto_name}"
    );
    for end in [&pair_a, &pair_b] {
        let r = by_inode(&rows, inode_of(end));
        assert_eq!(
            (r["group"].as_str(), r["path"].as_str()),
            (Some("unnamed"), Some(""))
        );
    }

    // The text view: the directory under its filesystem type, the file marked missing.
    let text = socklab(["unix", "--explain"]).stdout();
    let fs = fs_type_of(dir_text).unwrap();
    assert!(
        text.contains(&format!("  {dir_text}  ({fs}, 2 socket(s))")),
        "{text}"
    );
    assert!(text.contains("[socket file missing]"), "{text}");
    assert!(
        text.contains("clients can no longer connect by path"),
        "{text}"
    );
    assert!(
        text.contains(&format!("@{name}  STREAM LISTENING")),
        "{text}"
    );
    for heading in [
        "socket files:",
        "abstract names (chosen):",
        "autobind names:",
        "unnamed sockets:",
    ] {
        assert!(text.contains(heading), "{heading}: {text}");
    }
    assert!(
        text.contains("emptied at boot") && text.contains("kernel picked"),
        "{text}"
    );
    drop((listener, orphan, chosen, auto));
}

#[test]
fn filesystem_types_follow_the_mount_table() {
    // /dev/shm is tmpfs on most machines (on this build machine /run is not): a socket
    // there must be reported on tmpfs, and every directory's type must match mountinfo.
    let shm = Path::new("/dev/shm");
    let tmpfs_sock = if fs_type_of("/dev/shm/x").as_deref() == Some("tmpfs") && shm.is_dir() {
        let p = shm.join(format!("{}.sock", unique_name("test")));
        let _ = std::fs::remove_file(&p);
        Some((UnixListener::bind(&p).unwrap(), p))
    } else {
        skip("its /dev/shm part: /dev/shm is not a tmpfs here (checked by mountinfo only)");
        None
    };
    let rows = socklab(["unix", "--json"]).json_lines();
    if let Some((listener, path)) = &tmpfs_sock {
        let r = by_inode(&rows, inode_of(listener));
        assert_eq!(r["fs_type"], "tmpfs");
        assert!(
            r["notes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["id"] == "path.tmpfs"
                    && n["text"].as_str().unwrap().contains("in memory"))
        );
        let text = socklab(["unix"]).stdout();
        assert!(text.contains("  /dev/shm  (tmpfs, "), "{text}");
        std::fs::remove_file(path).unwrap();
    }
    let mut checked = 0;
    for r in rows.iter().filter(|r| r["group"] == "filesystem") {
        let path = r["path"].as_str().unwrap();
        // /run (or anything) is called tmpfs exactly where the mount table says so.
        assert_eq!(r["fs_type"].as_str(), fs_type_of(path).as_deref(), "{path}");
        checked += 1;
    }
    assert!(checked > 0 || tmpfs_sock.is_none());
}

#[test]
fn fixture_tree_run_user_is_tmpfs_only_where_mounted() {
    // fixtures/proc/browser-desktop (scripts/make-fixtures.py) was captured with a real
    // tmpfs mounted on /run/user/1000 while /run itself stayed on the root ext4.
    let tree = repo("fixtures/proc/browser-desktop");
    if skip_unless_exists(&tree.join("self/mountinfo"), "the browser-desktop fixture") {
        return;
    }
    let out = socklab(["--proc-root", tree.to_str().unwrap(), "unix", "--json"]);
    let rows = out.json_lines();
    let row = |path: &str| {
        rows.iter()
            .find(|r| r["path"] == path)
            .unwrap_or_else(|| panic!("{path}"))
    };
    let bus = row("/run/user/1000/bus");
    assert_eq!(
        (bus["group"].as_str(), bus["fs_type"].as_str()),
        (Some("filesystem"), Some("tmpfs"))
    );
    assert_eq!(
        bus["file"],
        Value::Null,
        "a fixture's paths are another machine's"
    );
    assert_eq!(row("/tmp/.X11-unix/X7")["fs_type"], "ext4");
    assert_eq!(row("@/tmp/.X11-unix/X7")["group"], "abstract");
    let text = socklab(["--proc-root", tree.to_str().unwrap(), "unix"]).stdout();
    assert!(
        text.contains("  /run/user/1000  (tmpfs, 2 socket(s))"),
        "{text}"
    );
    assert!(
        text.contains("  /tmp/.X11-unix  (ext4, 1 socket(s))"),
        "{text}"
    );
}
