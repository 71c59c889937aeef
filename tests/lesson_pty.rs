//! The interactive runner in a real pseudo-terminal (inquire reads keys from the terminal,
//! not stdin): Next, a quiz answered with the arrow keys, Ctrl-C; progress saved and the
//! terminal restored (`stty -g` the same before and after). A lab that completes
//! within 2 s of the listener it asks for appearing. The lesson menu with no arguments.

mod common;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::session::OsSession as Session;
use expectrl::{ControlCode, Eof, Expect};

const DOWN: &str = "\x1b[B";

/// `sh -c SCRIPT` in a pty of 100x40, with socklab's progress under `tmp`.
fn spawn(tmp: &Path, socklab_args: &str) -> Session {
    let script = format!(
        "stty cols 100 rows 40; B=$(stty -g); \"$SOCKLAB\" --color never {socklab_args}; \
         echo \"EXIT=$?\"; A=$(stty -g); \
         if [ \"$A\" = \"$B\" ]; then echo TTY=SAME; else echo \"TTY=CHANGED $B -> $A\"; fi; stty -a"
    );
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(script)
        .env("SOCKLAB", env!("CARGO_BIN_EXE_socklab"))
        .env("XDG_STATE_HOME", tmp.join("state"))
        .env("HOME", tmp.join("home"))
        .env("TERM", "xterm")
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env_remove("LINES")
        .env_remove("LANG")
        .env_remove("LC_ALL");
    let mut session = Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session
}

/// After socklab exits, the terminal modes (`stty -g`) must be those it started with, and
/// cooked: canonical input, signals, output processing.
fn assert_terminal_restored(session: &mut Session) {
    session.expect("EXIT=0").expect("socklab exits 0");
    let rest = session.expect(Eof).expect("stty output");
    let modes = String::from_utf8_lossy(rest.get(0).unwrap_or_default()).into_owned();
    assert!(
        modes.contains("TTY=SAME"),
        "terminal modes changed: {modes}"
    );
    let words: Vec<&str> = modes.split_whitespace().collect();
    for mode in ["icanon", "isig", "icrnl", "opost"] {
        assert!(
            words.contains(&mode),
            "terminal left without {mode}: {modes}"
        );
    }
}

fn progress(tmp: &Path) -> serde_json::Value {
    let text =
        std::fs::read_to_string(tmp.join("state/socklab/progress.json")).expect("progress saved");
    serde_json::from_str(&text).unwrap()
}

#[test]
fn next_quiz_ctrl_c_saves_progress_and_restores_the_terminal() {
    let tmp = common::temp_dir("pty-learn");
    let mut p = spawn(&tmp, "learn netstat-basics");
    p.expect("Step 1/6: Where the numbers come from").unwrap();
    p.expect("What next?").unwrap();
    p.send("\r").unwrap();
    p.expect("Step 2/6: Two sections").unwrap();
    p.expect("What does `netstat -t` print").unwrap();
    p.send(DOWN).unwrap();
    p.send("\r").unwrap();
    p.expect("Right.").unwrap();
    p.expect("What next?").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("Progress saved").unwrap();
    assert_terminal_restored(&mut p);

    let saved = &progress(&tmp)["lessons"]["netstat-basics"];
    assert_eq!(saved["completed_steps"], serde_json::json!([1]));
    assert_eq!(saved["current_step"], 2);
    assert_eq!(
        saved["quizzes"]["2.1"],
        serde_json::json!({"chosen": 2, "correct": true})
    );

    // `learn` resumes where the learner left.
    let mut p = spawn(&tmp, "learn netstat-basics");
    p.expect("Step 2/6: Two sections").unwrap();
    p.expect("What does `netstat -t` print").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("Progress saved").unwrap();
    assert_terminal_restored(&mut p);
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn a_lab_completes_within_two_seconds_of_its_listener_appearing() {
    let tmp = common::temp_dir("pty-lab");
    let lessons = tmp.join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    // Bound but not listening: the port is ours, yet no row exists in /proc/net/tcp.
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    socket
        .bind(&SocketAddr::from((Ipv4Addr::LOCALHOST, 0)).into())
        .unwrap();
    let port = socket.local_addr().unwrap().as_socket().unwrap().port();
    let lesson = format!(
        "+++\nid = \"lab\"\ntitle = \"Lab\"\nsummary = \"s\"\norder = 1\n+++\n## Listen\n```lab\nexpect = \"listening\"\nport = {port}\nhint = \"h\"\nsuccess = \"LABDONE\"\ntimeout = 60\n```\n"
    );
    std::fs::write(lessons.join("lab.md"), lesson).unwrap();
    let mut p = spawn(
        &tmp,
        &format!("--lessons-dir '{}' learn lab", lessons.display()),
    );
    p.expect(format!("not yet: no socket listening on tcp port {port}").as_str())
        .unwrap();
    socket.listen(8).unwrap();
    let appeared = Instant::now();
    p.expect("LABDONE").unwrap();
    let took = appeared.elapsed();
    eprintln!("the lab noticed the listener after {took:?}");
    assert!(
        took < Duration::from_secs(2),
        "the lab took {took:?} to notice the listener"
    );
    p.expect("What next?").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    assert_terminal_restored(&mut p);
    assert_eq!(
        progress(&tmp)["lessons"]["lab"]["labs_passed"],
        serde_json::json!([1])
    );
    drop(socket);
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn ctrl_c_while_a_lab_waits_restores_the_terminal() {
    let tmp = common::temp_dir("pty-lab-ctrl-c");
    let lessons = tmp.join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    let lesson = "+++\nid = \"wait\"\ntitle = \"Wait\"\nsummary = \"s\"\norder = 1\n+++\n## Wait\n```lab\nexpect = \"unix_abstract\"\npath = \"socklab-test-never-bound\"\nhint = \"HINTTEXT\"\nsuccess = \"s\"\n```\n";
    std::fs::write(lessons.join("wait.md"), lesson).unwrap();
    let mut p = spawn(
        &tmp,
        &format!("--lessons-dir '{}' learn wait", lessons.display()),
    );
    p.expect("not yet: no abstract UNIX socket @socklab-test-never-bound")
        .unwrap();
    p.send("h").unwrap();
    p.expect("HINTTEXT").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("Progress saved").unwrap();
    assert_terminal_restored(&mut p);
    assert_eq!(progress(&tmp)["lessons"]["wait"]["current_step"], 1);
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn socklab_alone_on_a_terminal_shows_the_lesson_menu() {
    let tmp = common::temp_dir("pty-menu");
    let mut p = spawn(&tmp, "");
    p.expect("Which lesson?").unwrap();
    p.expect("netstat basics").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    assert_terminal_restored(&mut p);
    let _ = std::fs::remove_dir_all(&tmp);
}
