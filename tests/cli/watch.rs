//! `socklab watch`: this test opens and closes a loopback connection while watch polls,
//! and must see it appear (+), change state (ESTABLISHED → … → TIME_WAIT) and the server
//! side disappear (-), as JSON events and as one text line per event; and stop by itself.

use std::io::{BufRead, BufReader};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::{Running, Socklab, skip_unless_tool, socklab};

fn lines_of(reader: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(reader).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Starts watch on the TCP table of `port`'s connections and waits for its first read.
fn start(port: u16, json: bool) -> (Running, Receiver<String>) {
    start_in(port, json, "en", "watching")
}

/// `start` in a language, whose first stderr line must hold `watching`.
fn start_in(port: u16, json: bool, lang: &str, watching: &str) -> (Running, Receiver<String>) {
    let port = port.to_string();
    let mut args = vec![
        "--lang",
        lang,
        "watch",
        "-t",
        "--port",
        &port,
        "--interval",
        "100ms",
        "--count",
        "50",
    ];
    if json {
        args.push("--json");
    }
    let mut child = Socklab::new().args(args).spawn();
    let err = lines_of(child.take_stderr());
    let first = err
        .recv_timeout(Duration::from_secs(10))
        .expect("watch said nothing");
    assert!(first.contains(watching), "{first}");
    let out = lines_of(child.take_stdout());
    (child, out)
}

/// Reads lines until `done` holds for the lines so far (or 8 s pass).
fn until(rx: &Receiver<String>, seen: &mut Vec<String>, done: impl Fn(&[String]) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(8);
    while !done(seen) {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => seen.push(line),
            Err(_) => panic!("timed out; lines so far:\n{}", seen.join("\n")),
        }
    }
}

fn connect_and_close(
    listener: &TcpListener,
    rx: &Receiver<String>,
    seen: &mut Vec<String>,
    appeared: impl Fn(&[String], u16) -> bool,
) -> u16 {
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    let cport = client.local_addr().unwrap().port();
    until(rx, seen, |s| appeared(s, cport));
    // shutdown(), not just drop: while another test starts a child, that child holds a
    // copy of this descriptor until it execs, and a close() then sends no FIN yet.
    client.shutdown(Shutdown::Both).unwrap();
    drop(client); // the client closes first: it ends in TIME_WAIT
    server.shutdown(Shutdown::Both).unwrap();
    drop(server);
    cport
}

#[test]
fn json_events_for_a_connection_opened_and_closed() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let lport = listener.local_addr().unwrap().port();
    let (mut child, rx) = start(lport, true);
    let mut seen = Vec::new();
    let parse = |s: &[String]| -> Vec<Value> {
        s.iter()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    };
    let has = |s: &[String], pred: &dyn Fn(&Value) -> bool| parse(s).iter().any(pred);
    let cport = connect_and_close(&listener, &rx, &mut seen, |s, c| {
        has(s, &|e| {
            e["event"] == "appeared" && e["local_port"] == c && e["state"] == "ESTABLISHED"
        }) && has(s, &|e| {
            e["event"] == "appeared" && e["local_port"] == lport && e["foreign_port"] == c
        })
    });
    until(&rx, &mut seen, |s| {
        has(s, &|e| {
            e["event"] == "state_changed" && e["local_port"] == cport && e["to"] == "TIME_WAIT"
        }) && has(s, &|e| {
            e["event"] == "disappeared" && e["local_port"] == lport && e["foreign_port"] == cport
        })
    });
    let events = parse(&seen);
    let first_change = events
        .iter()
        .find(|e| e["event"] == "state_changed" && e["local_port"] == cport)
        .unwrap();
    assert_eq!(first_change["from"], "ESTABLISHED", "{first_change}");
    let tw = events.iter().find(|e| e["to"] == "TIME_WAIT").unwrap();
    assert!(tw["narration"].as_str().unwrap().contains("60 s"), "{tw}");
    assert_eq!(tw["inode"], 0, "a TIME_WAIT socket has no inode: {tw}");
    let appeared = events.iter().find(|e| e["event"] == "appeared").unwrap();
    assert_eq!(appeared["pid"], std::process::id(), "{appeared}");
    assert!(appeared["time"].as_str().unwrap().len() == 12, "{appeared}");
    assert!(
        !events
            .iter()
            .any(|e| e["local_port"] == lport && e["foreign_port"].is_null()),
        "the listener was there before watch started: no event for it"
    );
    let status = child.wait();
    assert!(status.success(), "--count ends watch by itself with exit 0");
}

#[test]
fn text_mode_prints_one_line_per_event() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let lport = listener.local_addr().unwrap().port();
    let (mut child, rx) = start(lport, false);
    let mut seen = Vec::new();
    let cport = connect_and_close(&listener, &rx, &mut seen, |s, c| {
        s.iter().any(|l| {
            l.contains(&format!(
                " + tcp 127.0.0.1:{c} 127.0.0.1:{lport} ESTABLISHED"
            ))
        })
    });
    until(&rx, &mut seen, |s| {
        s.iter()
            .any(|l| l.contains(&format!(" ~ tcp 127.0.0.1:{cport} ")) && l.contains("→ TIME_WAIT"))
            && s.iter()
                .any(|l| l.contains(&format!(" - tcp 127.0.0.1:{lport} 127.0.0.1:{cport} ")))
    });
    let me = std::process::id();
    let plus = seen.iter().find(|l| l.contains(" + ")).unwrap();
    assert!(plus.contains(&format!("{me}/")), "owner shown: {plus}");
    assert!(plus.contains("— a new socket"), "{plus}");
    let tw = seen.iter().find(|l| l.contains("→ TIME_WAIT")).unwrap();
    assert!(
        tw.contains(&format!("was {me}/")),
        "the closed socket's last owner: {tw}"
    );
    assert!(
        seen.iter().all(|l| !l.contains('\x1b')),
        "no terminal codes off a terminal"
    );
    assert!(child.wait().success());
}

#[test]
fn text_mode_in_korean_narrates_in_korean() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let lport = listener.local_addr().unwrap().port();
    let (child, rx) = start_in(lport, false, "ko", "지켜봅니다");
    let mut seen = Vec::new();
    let cport = connect_and_close(&listener, &rx, &mut seen, |s, c| {
        s.iter().any(|l| {
            l.contains(&format!(
                " + tcp 127.0.0.1:{c} 127.0.0.1:{lport} ESTABLISHED"
            ))
        })
    });
    until(&rx, &mut seen, |s| {
        s.iter()
            .any(|l| l.contains(&format!(" ~ tcp 127.0.0.1:{cport} ")) && l.contains("→ TIME_WAIT"))
    });
    let me = std::process::id();
    let plus = seen.iter().find(|l| l.contains(" + ")).unwrap();
    assert!(plus.contains(&format!("{me}/")), "owner shown: {plus}");
    assert!(plus.contains("— 새 소켓"), "{plus}");
    let tw = seen
        .iter()
        .find(|l| l.contains(&format!(" ~ tcp 127.0.0.1:{cport} ")) && l.contains("→ TIME_WAIT"))
        .unwrap();
    assert!(
        tw.contains(&format!("이전 소유자 {me}/")) && !tw.contains(" was "),
        "the closed socket's last owner, said in Korean: {tw}"
    );
    assert!(tw.contains("양쪽이 닫음"), "{tw}");
    drop(child); // killed: no need to wait for --count
}

#[test]
fn duration_stops_it_and_bad_durations_are_usage_errors() {
    let started = Instant::now();
    let out = socklab(["watch", "--duration", "500ms", "--interval", "100ms"]);
    assert!(out.success());
    assert!(started.elapsed() < Duration::from_secs(10));
    let out = socklab(["watch", "--interval", "soon"]);
    assert_eq!(out.code(), Some(2));
    let err = out.stderr();
    assert!(err.contains("500ms") && err.lines().count() == 1, "{err}");
}

#[test]
fn on_a_terminal_it_redraws_a_live_view() {
    // script(1) gives watch a pseudo-terminal as stdout.
    if skip_unless_tool("script") {
        return;
    }
    let out = Socklab::new()
        .args(["watch", "-t", "--interval", "100ms", "--count", "2"])
        .in_script()
        .run();
    let text = out.stdout();
    assert!(out.success(), "{text}");
    // The first draw and one per refresh: cleared and redrawn, not scrolled.
    assert_eq!(text.matches("\x1b[H\x1b[2J").count(), 3, "{text:?}");
    assert!(text.contains("socklab watch — watching"), "{text:?}");
}
