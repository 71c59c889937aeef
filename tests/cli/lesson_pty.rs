//! The interactive runner in a real pseudo-terminal (inquire reads keys from the terminal,
//! not stdin): Next, quizzes answered with the arrow keys (a wrong choice says why it is
//! wrong), Ctrl-C (exit 130); progress saved
//! and the terminal restored (`stty -g` the same before and after). A lab that completes
//! within 2 s of the listener it asks for appearing. The lesson menu with no arguments.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use expectrl::session::OsSession as Session;
use expectrl::{ControlCode, Expect};

use crate::harness::TempDir;
use crate::harness::pty::{self, assert_exit_and_terminal_restored};

const DOWN: &str = "\x1b[B";

/// The exit status after Ctrl-C: 128 + SIGINT, as a shell reports it.
const CTRL_C: i32 = 130;

/// `socklab ARGS` in a 100x40 pty, in English, with its progress under `home`.
fn spawn(home: &TempDir, args: &[&str]) -> Session {
    pty::spawn(home, (100, 40), "C.UTF-8", args)
}

fn progress(home: &TempDir) -> serde_json::Value {
    let text =
        std::fs::read_to_string(home.join("state/socklab/progress.json")).expect("progress saved");
    serde_json::from_str(&text).unwrap()
}

#[test]
fn next_quiz_ctrl_c_saves_progress_and_restores_the_terminal() {
    let tmp = TempDir::new("pty-learn");
    let mut p = spawn(&tmp, &["learn", "netstat-basics"]);
    p.expect("Step 1/8: Where the numbers come from").unwrap();
    // The quiz's excerpt, as /proc/net/tcp has it, then the question; a wrong choice
    // gets the right answer, then why the chosen one is wrong.
    p.expect("   3: 0100007F:A6BE 0100007F:B799 01 ").unwrap();
    p.expect("How does netstat print it?").unwrap();
    p.send(DOWN).unwrap();
    p.send("\r").unwrap();
    p.expect("Not quite: the answer is 1)").unwrap();
    p.expect("Why not 2): The first address of a line is its local end.")
        .unwrap();
    p.expect("What next?").unwrap();
    p.send("\r").unwrap();
    p.expect("Step 2/8: Two sections").unwrap();
    p.expect("What does `netstat -t` print").unwrap();
    p.send(DOWN).unwrap();
    p.send("\r").unwrap();
    p.expect("Right.").unwrap();
    p.expect("What next?").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("Progress saved").unwrap();
    assert_exit_and_terminal_restored(&mut p, CTRL_C);

    let saved = &progress(&tmp)["lessons"]["netstat-basics"];
    assert_eq!(saved["completed_steps"], serde_json::json!([1]));
    assert_eq!(saved["current_step"], 2);
    assert_eq!(
        saved["quizzes"]["1.1"],
        serde_json::json!({"chosen": 2, "correct": false})
    );
    assert_eq!(
        saved["quizzes"]["2.1"],
        serde_json::json!({"chosen": 2, "correct": true})
    );

    // `learn` resumes where the learner left.
    let mut p = spawn(&tmp, &["learn", "netstat-basics"]);
    p.expect("Step 2/8: Two sections").unwrap();
    p.expect("What does `netstat -t` print").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("Progress saved").unwrap();
    assert_exit_and_terminal_restored(&mut p, CTRL_C);
}

#[test]
fn a_lab_completes_within_two_seconds_of_its_listener_appearing() {
    let tmp = TempDir::new("pty-lab");
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
    let lessons = lessons.to_str().unwrap();
    let mut p = spawn(&tmp, &["--lessons-dir", lessons, "learn", "lab"]);
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
    assert_exit_and_terminal_restored(&mut p, CTRL_C);
    assert_eq!(
        progress(&tmp)["lessons"]["lab"]["labs_passed"],
        serde_json::json!([1])
    );
    drop(socket);
}

#[test]
fn ctrl_c_while_a_lab_waits_restores_the_terminal() {
    let tmp = TempDir::new("pty-ctrl-c");
    let lessons = tmp.join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    let lesson = "+++\nid = \"wait\"\ntitle = \"Wait\"\nsummary = \"s\"\norder = 1\n+++\n## Wait\n```lab\nexpect = \"unix_abstract\"\npath = \"socklab-test-never-bound\"\nhint = \"HINTTEXT\"\nsuccess = \"s\"\n```\n";
    std::fs::write(lessons.join("wait.md"), lesson).unwrap();
    let lessons = lessons.to_str().unwrap();
    let mut p = spawn(&tmp, &["--lessons-dir", lessons, "learn", "wait"]);
    p.expect("not yet: no abstract UNIX socket @socklab-test-never-bound")
        .unwrap();
    p.send("h").unwrap();
    p.expect("HINTTEXT").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    p.expect("Progress saved").unwrap();
    assert_exit_and_terminal_restored(&mut p, CTRL_C);
    assert_eq!(progress(&tmp)["lessons"]["wait"]["current_step"], 1);
}

#[test]
fn socklab_alone_on_a_terminal_shows_the_lesson_menu() {
    let tmp = TempDir::new("pty-menu");
    let mut p = spawn(&tmp, &[]);
    p.expect("Which lesson?").unwrap();
    p.expect("netstat basics").unwrap();
    p.send(ControlCode::EndOfText).unwrap();
    assert_exit_and_terminal_restored(&mut p, CTRL_C);
}
