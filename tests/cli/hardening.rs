//! Hostile input to the live commands (issue 12): a `--proc-root` tree that is not what it
//! claims (a FIFO, a device, a file larger than any real table), a capture that fails
//! half-way, a socket path that ends in a space or holds a bidi override, and the usage
//! errors that must be one line and exit 2. A hang is bounded by the harness's timeout.

use std::fs;
use std::io::Write;
use std::os::unix::fs::symlink;
use std::os::unix::net::UnixListener;
use std::path::Path;
use std::time::Duration;

use crate::harness::{Socklab, TempDir, inode_of, repo, skip_unless_exists, socklab};

/// Long enough for a slow CI machine, short next to "forever".
const HANG: Duration = Duration::from_secs(20);

/// A copy of the web-server fixture tree (scripts/make-fixtures.py), to spoil one file of.
fn fixture_copy() -> Option<TempDir> {
    let from = repo("fixtures/proc/web-server");
    if skip_unless_exists(&from.join("net/tcp"), "the web-server fixture") {
        return None;
    }
    let to = TempDir::new("hostile-proc");
    copy_tree(&from, to.path());
    Some(to)
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else if kind.is_symlink() {
            symlink(fs::read_link(entry.path()).unwrap(), target).unwrap();
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// `socklab --proc-root TREE ARGS…`, which must end within [`HANG`].
fn on_tree(tree: &TempDir, args: &[&str]) -> crate::harness::Output {
    let mut argv = vec!["--proc-root", tree.path().to_str().unwrap()];
    argv.extend_from_slice(args);
    Socklab::new().args(argv).spawn().finish_within(HANG)
}

fn assert_one_line_naming(out: &crate::harness::Output, path: &Path) {
    let err = out.stderr();
    assert_eq!(out.code(), Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains(&path.display().to_string()),
        "names the path: {err}"
    );
}

#[test]
fn a_fifo_as_a_table_is_refused_without_blocking() {
    let Some(tree) = fixture_copy() else { return };
    let table = tree.join("net/tcp");
    fs::remove_file(&table).unwrap();
    let status = std::process::Command::new("mkfifo").arg(&table).status();
    assert!(status.is_ok_and(|s| s.success()), "mkfifo");
    for args in [&["sockets", "-t"][..], &["who", ":8080"], &["capture", "x"]] {
        assert_one_line_naming(&on_tree(&tree, args), &table);
    }
}

#[test]
fn a_device_as_a_table_is_refused() {
    let Some(tree) = fixture_copy() else { return };
    for (file, args) in [("net/tcp", &["sockets", "-t"][..]), ("net/unix", &["unix"])] {
        let table = tree.join(file);
        fs::remove_file(&table).unwrap();
        symlink("/dev/zero", &table).unwrap();
        assert_one_line_naming(&on_tree(&tree, args), &table);
    }
}

#[test]
fn a_table_larger_than_any_real_one_is_refused_not_read() {
    let Some(tree) = fixture_copy() else { return };
    let table = tree.join("net/unix");
    // Sparse: 2 GiB of zeros that take no disk.
    fs::File::options()
        .write(true)
        .open(&table)
        .unwrap()
        .set_len(2 << 30)
        .unwrap();
    let out = on_tree(&tree, &["unix"]);
    assert_one_line_naming(&out, &table);
    assert!(out.stderr().contains("larger than"), "{}", out.stderr());
}

#[test]
fn a_failed_capture_leaves_nothing_and_names_what_failed() {
    let Some(tree) = fixture_copy() else { return };
    let table = tree.join("net/udp6");
    fs::remove_file(&table).unwrap();
    symlink("/dev/zero", &table).unwrap();
    let out_dir = TempDir::new("capture-out");
    let target = out_dir.join("snapshot");
    let out = on_tree(&tree, &["capture", target.to_str().unwrap()]);
    assert_one_line_naming(&out, &table);
    assert!(!target.exists(), "a failed capture removes what it wrote");
    let leftovers: Vec<_> = fs::read_dir(out_dir.path()).unwrap().collect();
    assert!(
        leftovers.is_empty(),
        "no temporary directory left: {leftovers:?}"
    );
}

#[test]
fn who_keeps_a_path_ending_in_a_space() {
    let dir = TempDir::new("who-space");
    let path = dir.join("trailing.sock ");
    let listener = UnixListener::bind(&path).unwrap();
    let out = socklab(["who", path.to_str().unwrap()]);
    let text = out.stdout();
    assert_eq!(out.code(), Some(0), "{text}{}", out.stderr());
    assert!(text.contains(&inode_of(&listener).to_string()), "{text}");
    assert!(
        text.contains(&format!("pid {} (", std::process::id())),
        "{text}"
    );
}

#[test]
fn a_bidi_override_in_a_socket_path_is_shown_escaped() {
    let dir = TempDir::new("bidi");
    let path = dir.join("ev\u{202e}kcos.li");
    let _listener = UnixListener::bind(&path).unwrap();
    let shown = path.to_str().unwrap().replace('\u{202e}', r"\u{202e}");
    for args in [
        &["unix"][..],
        &["sockets", "-xl"],
        &["who", path.to_str().unwrap()],
    ] {
        let out = socklab(args);
        let text = out.stdout();
        assert!(text.contains(&shown), "{args:?}: {text}");
        assert!(
            !text.contains('\u{202e}'),
            "{args:?} printed the override raw"
        );
    }
    let json = socklab(["sockets", "-xl", "--json"]).stdout();
    assert!(json.contains(r"ev\u202ekcos.li"), "{json}");
    assert!(!json.contains('\u{202e}'), "JSON keeps it as an escape");
}

#[test]
fn usage_errors_are_one_line_and_exit_2() {
    for (args, hint) in [
        (&["watch", "--count", "0"][..], "count"),
        (&["watch", "--interval", "1ns"], "100ms"),
        (&["glossary", ""], "glossary"),
    ] {
        let out = socklab(args);
        let err = out.stderr();
        assert_eq!(out.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(hint), "{args:?} says what to do: {err}");
        assert!(out.stdout().is_empty(), "{args:?}");
    }
}

#[test]
fn any_columns_value_lays_out_without_failing() {
    let line = "tcp        0      0 127.0.0.1:631           0.0.0.0:*               LISTEN\n";
    for columns in ["70000", "4294967296", "0", "1", "-5", "wide"] {
        let out = Socklab::new()
            .env("COLUMNS", columns)
            .args(["explain", "--side"])
            .stdin(line)
            .run();
        assert_eq!(out.code(), Some(0), "COLUMNS={columns}: {}", out.stderr());
        assert!(out.stdout().contains("127.0.0.1:631"), "COLUMNS={columns}");
        let widest = out.stdout().lines().map(|l| l.chars().count()).max();
        assert!(
            widest <= Some(1000),
            "COLUMNS={columns}: {widest:?} columns"
        );
    }
}

/// Peak resident memory of a running process so far (`VmHWM`), in KiB.
fn peak_kib(pid: u32) -> u64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn one_huge_line_streams_through_in_bounded_memory() {
    // 128 MiB on one line (issue 12 saw 2.7 GB for 500 MB); its text comes out whole.
    const MIB: usize = 1 << 20;
    let mut run = Socklab::new().args(["explain"]).spawn_fed();
    let pid = run.pid();
    let mut stdout = run.take_stdout();
    let counted = std::thread::spawn(move || {
        // The long line is the one long run of `x`; the rest (lines around it, notes) is
        // kept as text.
        let (mut text, mut run, mut longest) = (Vec::new(), 0usize, 0usize);
        let mut buf = vec![0; MIB];
        loop {
            let n = std::io::Read::read(&mut stdout, &mut buf).unwrap();
            if n == 0 {
                return (longest, String::from_utf8_lossy(&text).into_owned());
            }
            for &b in &buf[..n] {
                if b == b'x' {
                    run += 1;
                } else {
                    longest = longest.max(run);
                    run = 0;
                    text.push(b);
                }
            }
        }
    });
    let mut stdin = run.take_stdin();
    let chunk = vec![b'x'; MIB];
    let header = b"Proto Recv-Q Send-Q Local Address Foreign Address State\n";
    stdin.write_all(header).unwrap();
    for _ in 0..128 {
        stdin.write_all(&chunk).unwrap();
    }
    // Nearly all of it has been read by now: socklab's peak so far is its peak.
    let peak = peak_kib(pid);
    stdin.write_all(b"\nafter\n").unwrap();
    drop(stdin);
    let out = run.finish_within(HANG);
    let (xs, rest) = counted.join().unwrap();
    assert_eq!(out.code(), Some(0), "{}", out.stderr());
    assert_eq!(xs, 128 * MIB, "the long line's text, byte for byte");
    assert!(rest.starts_with("Proto"), "{rest}");
    assert!(rest.contains("134217728 bytes"), "{rest}");
    assert!(rest.contains("\nafter\n"), "{rest}");
    assert!(peak < 48 * 1024, "peak RSS {peak} KiB for one 128 MiB line");
}

#[test]
fn a_long_line_is_one_json_object_with_its_whole_text() {
    let long: String = "é€x".repeat(40_000);
    let input = format!("Proto Recv-Q Send-Q Local Address Foreign Address State\n{long}\nafter\n");
    let out = Socklab::new()
        .args(["explain", "--json"])
        .stdin(input)
        .run();
    let lines = out.json_lines();
    assert_eq!(lines.len(), 3, "{}", out.stderr());
    let o = &lines[1];
    assert_eq!(
        (&o["line"], &o["kind"]),
        (&2.into(), &"unrecognized".into())
    );
    assert_eq!(o["text"], long.as_str());
    assert_eq!(o["notes"][0]["id"], "explain_line.too_long");
    assert!(
        o["notes"][0]["text"]
            .as_str()
            .unwrap()
            .contains(&long.len().to_string())
    );
    assert_eq!(
        (&lines[2]["line"], &lines[2]["text"]),
        (&3.into(), &"after".into())
    );
}
