//! Labs completed by the learner's own programs: the test starts what a learner would type
//! in another terminal — `python3 -m http.server` on 127.0.0.1, a python3 client holding
//! several connections to it, a `curl` request — and a lesson's labs find them live: a
//! process named python3 listening on the port, one client process owning many ports,
//! the TIME_WAIT the server's close leaves. Loopback only; skipped (by name) where
//! python3 or curl is missing.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::harness::{Socklab, TempDir, skip_unless_tool, socklab, start};

/// A child process killed (and reaped) when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `python3 ARGS` and waits for the first line it prints: what it says when ready.
fn python3(args: &[&str], dir: &std::path::Path) -> (Running, String) {
    let mut child = start(
        Command::new("python3")
            .arg("-u")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null()),
    );
    let mut line = String::new();
    let stdout = child.stdout.take().unwrap();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    (Running(child), line)
}

/// `python3 -m http.server 0 --bind 127.0.0.1` and the port the kernel gave it.
fn web_server(dir: &std::path::Path) -> (Running, u16) {
    let (server, line) = python3(&["-m", "http.server", "0", "--bind", "127.0.0.1"], dir);
    // "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
    let port = line
        .split_whitespace()
        .skip_while(|w| *w != "port")
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    (server, port)
}

/// Waits (up to 5 s) for a TIME_WAIT with `port` at either end.
fn wait_for_time_wait(port: u16) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let port_arg = port.to_string();
    while std::time::Instant::now() < deadline {
        let rows = socklab(["sockets", "-tan", "--json", "--port", &port_arg]).json_lines();
        if rows.iter().any(|r| r["state"] == "TIME_WAIT") {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("no TIME_WAIT on port {port}");
}

fn lab_lesson(dir: &std::path::Path, port: u16) {
    let lab = |expect: &str, extra: &str| {
        format!(
            "```lab\nexpect = \"{expect}\"\nport = {port}\n{extra}hint = \"h\"\nsuccess = \"DONE-{expect}\"\n```\n"
        )
    };
    let text = format!(
        "+++\nid = \"own\"\ntitle = \"Own\"\nsummary = \"s\"\norder = 1\n+++\n## Server\n{}## Clients\n{}## Closed\n{}",
        lab("listening", "owner = \"python3\"\n"),
        lab("clients", "count = 3\nowner = \"python3\"\n"),
        lab("time_wait", ""),
    );
    std::fs::write(dir.join("own.md"), text).unwrap();
}

#[test]
fn labs_find_the_learners_own_server_and_client() {
    if skip_unless_tool("python3") || skip_unless_tool("curl") {
        return;
    }
    let tmp = TempDir::new("own-labs");
    let lessons = tmp.join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    let (server, port) = web_server(tmp.path());
    let client = format!(
        "import socket, sys\nc = [socket.create_connection(('127.0.0.1', {port})) for _ in range(3)]\nprint('ready')\nsys.stdin.read()"
    );
    let (client, ready) = python3(&["-c", &client], tmp.path());
    assert_eq!(ready.trim(), "ready");
    // HTTP/1.0: the server closes first, and its end of the connection stays in TIME_WAIT.
    let curl = start(
        Command::new("curl")
            .args([
                "-s",
                "-o",
                "/dev/null",
                &format!("http://127.0.0.1:{port}/"),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    )
    .wait_with_output()
    .unwrap();
    assert!(curl.status.success(), "curl failed");
    // The server closes right after its answer, and nearly always first; curl, done with
    // the body, may close first. The lab takes a TIME_WAIT at either end.
    wait_for_time_wait(port);

    lab_lesson(&lessons, port);
    let out = Socklab::new()
        .no_columns()
        .args([
            "--lessons-dir",
            lessons.to_str().unwrap(),
            "learn",
            "own",
            "--plain",
        ])
        .run();
    let text = out.stdout();
    assert_eq!(out.code(), Some(0), "{}\n{text}", out.stderr());
    let pid = client.0.id();
    for found in [
        format!(
            "Lab: found: tcp 127.0.0.1:{port} -> 0.0.0.0:* LISTEN (python3 pid {})",
            server.0.id()
        ),
        format!("Lab: found: 3 connection(s) to port {port} from python3 pid {pid} (local ports "),
    ] {
        assert!(text.contains(&found), "no {found:?} in:\n{text}");
    }
    // The TIME_WAIT is at whichever end closed first: the server's, or curl's.
    let time_wait = text.lines().any(|l| {
        l.starts_with("Lab: found: tcp 127.0.0.1:")
            && l.contains(&format!("127.0.0.1:{port} "))
            && l.contains(" TIME_WAIT ")
    });
    assert!(time_wait, "no TIME_WAIT found on {port}:\n{text}");
    for done in ["DONE-listening", "DONE-clients", "DONE-time_wait"] {
        assert!(text.contains(done), "{done} missing:\n{text}");
    }
    drop(client);
    drop(server);
}

#[test]
fn a_clients_lab_is_not_met_by_fewer_connections_or_another_name() {
    if skip_unless_tool("python3") {
        return;
    }
    let tmp = TempDir::new("few-clients");
    let lessons = tmp.join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    let (_server, port) = web_server(tmp.path());
    let client = format!(
        "import socket, sys\nc = socket.create_connection(('127.0.0.1', {port}))\nprint('ready')\nsys.stdin.read()"
    );
    let (client, _) = python3(&["-c", &client], tmp.path());
    let text = format!(
        "+++\nid = \"few\"\ntitle = \"Few\"\nsummary = \"s\"\norder = 1\n+++\n## Clients\n```lab\nexpect = \"clients\"\nport = {port}\ncount = 2\nhint = \"HINT\"\nsuccess = \"s\"\n```\n"
    );
    std::fs::write(lessons.join("few.md"), text).unwrap();
    let out = Socklab::new()
        .no_columns()
        .args([
            "--lessons-dir",
            lessons.to_str().unwrap(),
            "learn",
            "few",
            "--plain",
        ])
        .run();
    let text = out.stdout();
    let want = format!(
        "Lab: not yet: no process holds 2 connections to port {port} yet; so far: 1 connection(s) to port {port} from python3 pid {}",
        client.0.id()
    );
    assert!(text.contains(&want), "{text}");
    assert!(text.contains("Hint: HINT"), "{text}");
}
