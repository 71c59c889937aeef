//! `socklab explain` through the built binary: files and stdin, exit status 0/1/2, the
//! one-line stderr messages, CRLF, invalid UTF-8, control characters, a missing final
//! newline, `--format`, localized states and the seed's hostname puzzle. Inputs are real
//! output from `fixtures/outputs/` (see its README for the commands) unless said.

use crate::harness::{Output, Socklab, repo, socklab};

fn explain_stdin(args: &[&str], input: &[u8]) -> Output {
    Socklab::new()
        .args(["explain"])
        .args(args)
        .stdin(input)
        .run()
}

fn fixture(name: &str) -> String {
    repo(&format!("fixtures/outputs/{name}"))
        .to_string_lossy()
        .into_owned()
}

#[test]
fn a_file_comes_back_whole_with_notes() {
    let path = fixture("netstat-an.txt");
    let input = std::fs::read_to_string(&path).unwrap();
    let out = socklab(["explain", &path]);
    assert_eq!(out.code(), Some(0));
    let text = out.stdout();
    let shown: Vec<&str> = text.lines().filter(|l| !l.starts_with("    · ")).collect();
    for (i, line) in input.lines().enumerate() {
        assert_eq!(shown[i], line, "line {}", i + 1);
    }
    assert!(text.contains("    · Proto: "), "a legend under the heading");
    assert!(text.contains("── what this table says ──"));
    assert!(text.contains("TCP: ") && text.contains("UNIX: "), "{text}");
}

#[test]
fn stdin_by_dash_or_nothing_and_json_per_line() {
    let input = std::fs::read(fixture("ss-tanpeoim.txt")).unwrap();
    let lines = String::from_utf8_lossy(&input).lines().count();
    for args in [&["--json", "-"][..], &["--json"][..]] {
        let out = explain_stdin(args, &input);
        assert_eq!(out.code(), Some(0));
        let objects = out.json_lines();
        assert_eq!(objects.len(), lines);
        assert!(objects.iter().any(|o| o["kind"] == "continuation"));
        let listen = objects
            .iter()
            .find(|o| o["fields"]["state"] == "LISTEN" && o["fields"]["pid"].is_u64())
            .expect("a listener with its owner");
        assert_eq!(listen["format"], "ss");
        assert!(listen["fields"]["owners"][0]["fd"].is_u64());
    }
}

#[test]
fn nothing_recognizable_passes_through_and_exits_1() {
    let input = b"hello\nthis is not netstat\n";
    let out = explain_stdin(&[], input);
    assert_eq!(out.code(), Some(1));
    let err = out.stderr();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("linux-netstat") && err.contains("ss") && err.contains("windows"));
    let text = out.stdout();
    assert!(text.starts_with("hello\n"));
    assert!(text.contains("this is not netstat\n"));
}

#[test]
fn a_missing_file_is_a_usage_error() {
    let out = socklab(["explain", "/nonexistent/socklab-dump.txt"]);
    assert_eq!(out.code(), Some(2));
    let err = out.stderr();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("cannot open"));
}

#[test]
fn crlf_bad_utf8_controls_and_no_final_newline() {
    // First two lines: Windows `netstat -an` (jc windows-10/netstat-an.out), CRLF endings.
    let mut input = b"  Proto  Local Address          Foreign Address        State\r\n  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\r\n".to_vec();
    input.extend_from_slice(b"junk \xff\xfe bytes\n");
    input.extend_from_slice(b"evil \x1b[2J line\n");
    input.extend_from_slice(b"  UDP    [::]:500               *:*                    ");
    let out = explain_stdin(&[], &input);
    assert_eq!(out.code(), Some(0));
    let text = out.stdout();
    assert!(!text.contains('\r'));
    assert!(!text.contains('\x1b'), "control characters are escaped");
    assert!(text.contains("evil \\e[2J line"));
    assert!(text.contains("junk \u{fffd}\u{fffd} bytes"));
    assert!(text.contains("  UDP    [::]:500"));
    let out = explain_stdin(&["--json"], &input);
    let objects = out.json_lines();
    assert_eq!(objects.len(), 5);
    assert_eq!(
        objects[1]["text"],
        "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING"
    );
    assert_eq!(objects[1]["fields"]["state"], "LISTEN");
    assert_eq!(objects[1]["fields"]["state_text"], "LISTENING");
    assert_eq!(objects[2]["kind"], "unrecognized");
    assert_eq!(objects[2]["notes"][0]["id"], "explain_note.lossy");
    assert!(
        objects[2]["notes"][0]["text"]
            .as_str()
            .unwrap()
            .contains("not valid UTF-8")
    );
    assert_eq!(objects[3]["text"], "evil \u{1b}[2J line");
    assert_eq!(objects[4]["fields"]["proto"], "udp6");
}

#[test]
fn format_forces_a_family() {
    let path = fixture("netstat-tan.txt");
    let out = socklab(["explain", "--format", "windows", &path]);
    assert_eq!(out.code(), Some(1), "net-tools text is no Windows output");
    let out = socklab(["explain", "--json", "--format", "busybox", &path]);
    assert_eq!(out.code(), Some(0));
    assert!(out.json_lines().iter().all(|o| o["format"] == "busybox"));
    let out = socklab(["explain", "--format", "nonsense", &path]);
    assert_eq!(out.code(), Some(2));
}

#[test]
fn localized_states_map_back() {
    let out = socklab(["explain", "--json", &fixture("netstat-tan.de_DE.txt")]);
    let objects = out.json_lines();
    let row = objects
        .iter()
        .find(|o| o["fields"]["state_text"] == "VERBUNDEN")
        .expect("de: ESTABLISHED is VERBUNDEN");
    assert_eq!(row["fields"]["state"], "ESTABLISHED");
    assert!(row["notes"].as_array().unwrap().iter().any(|n| {
        n["id"] == "explain_note.localized"
            && n["text"]
                .as_str()
                .unwrap()
                .contains("'VERBUNDEN' is net-tools' de translation of ESTABLISHED")
    }));
    let out = socklab(["explain", "--json", &fixture("netstat-tan.cs_CZ.txt")]);
    assert!(
        out.json_lines()
            .iter()
            .any(|o| o["fields"]["state_text"] == "NASLOUCHÁ" && o["fields"]["state"] == "LISTEN")
    );
    let out = socklab(["explain", "--json", &fixture("netstat-xa.de_DE.txt")]);
    assert!(
        out.json_lines()
            .iter()
            .any(|o| o["fields"]["state_text"] == "HÖRT" && o["fields"]["state"] == "LISTENING")
    );
}

#[test]
fn the_seed_hostname_puzzle() {
    // The seed write-up's row (net-tools layout, resolved names).
    let input = b"tcp        0      0 192.168.0.10:51234      kix06s11-in-f14.1e100.net:https ESTABLISHED\n";
    let out = explain_stdin(&[], input);
    let text = out.stdout();
    assert!(text.contains("Google"), "{text}");
    assert!(text.contains("Osaka Kansai"));
    assert!(text.contains(":https is port 443"));
}

#[test]
fn summary_says_what_stands_out() {
    let out = socklab(["explain", &fixture("netstat-tanp.txt")]);
    let text = out.stdout();
    let summary = text
        .split("── what this table says ──")
        .nth(1)
        .expect("a summary");
    assert!(summary.contains("TIME_WAIT"));
    assert!(summary.contains("CLOSE_WAIT"), "{summary}");
    assert!(summary.contains("every interface"));
    assert!(summary.contains("python3"));
}

#[test]
fn side_by_side_when_wide_enough() {
    let path = fixture("netstat-tan.txt");
    let out = Socklab::new()
        .args(["explain", "--side", &path])
        .columns(200)
        .run();
    assert_eq!(out.code(), Some(0));
    let text = out.stdout();
    let row = text
        .lines()
        .find(|l| l.starts_with("tcp") && l.contains("TIME_WAIT"))
        .expect("a TIME_WAIT row");
    assert!(row.contains("│ Closed, this side first"), "{row}");
    let beside = text.lines().filter(|l| l.contains('│'));
    assert!(beside.clone().count() > 20);
    assert!(beside.into_iter().all(|l| l.chars().count() <= 200));
    // Too narrow: the notes go below, as without --side.
    let out = Socklab::new()
        .args(["explain", "--side", &path])
        .columns(60)
        .run();
    assert!(out.stdout().contains("\n    · Closed, this side first"));
    let out = socklab(["explain", "--side", "--json", &path]);
    assert_eq!(
        out.code(),
        Some(2),
        "--side is for people, --json for programs"
    );
}

#[test]
fn the_summary_counts_one_socket_in_the_singular() {
    // netstat -tln (net-tools 2.10, Linux 6.18): a listener on 127.0.0.1:47001.
    let table = "Proto Recv-Q Send-Q Local Address           Foreign Address         State\n\
                 tcp        0      0 127.0.0.1:47001         0.0.0.0:*               LISTEN\n";
    let out = Socklab::new().args(["explain"]).stdin(table).run();
    assert!(
        out.stdout().contains("1 socket (tcp 1)"),
        "{}",
        out.stdout()
    );
    let two = format!(
        "{table}tcp        0      0 127.0.0.1:47002         0.0.0.0:*               LISTEN\n"
    );
    let out = Socklab::new().args(["explain"]).stdin(two).run();
    assert!(
        out.stdout().contains("2 sockets (tcp 2)"),
        "{}",
        out.stdout()
    );
}
