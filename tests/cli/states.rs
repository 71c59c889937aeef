//! `socklab states`: the TCP state machine drawn with the counts of a fixture tree, at 80
//! columns (snapshots, English and Korean), in ASCII under a non-UTF-8 locale, as a list
//! when the terminal is narrow; its counts agree with `sockets`; a TCP state's glossary
//! entry shows its moves; lessons may run it.

use std::collections::BTreeMap;

use unicode_width::UnicodeWidthStr;

use crate::harness::{Socklab, repo};

fn states(scenario: &str, args: &[&str]) -> Socklab {
    let root = repo(&format!("fixtures/proc/{scenario}"));
    Socklab::new()
        .args(["--proc-root", root.to_str().unwrap(), "states"])
        .args(args)
}

fn run(socklab: Socklab) -> String {
    let out = socklab.run();
    assert!(out.success(), "{}", out.stderr());
    assert!(out.stderr().is_empty(), "{}", out.stderr());
    out.stdout()
}

fn widest(text: &str) -> usize {
    text.lines().map(|l| l.width()).max().unwrap_or(0)
}

#[test]
fn the_picture_at_80_columns() {
    let text = run(states("web-server", &[]));
    assert!(widest(&text) <= 80, "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn a_marked_state_in_korean_at_80_columns() {
    let text = run(states("web-server", &["time-wait"]).args(["--lang", "ko"]));
    assert!(widest(&text) <= 80, "{text}");
    assert!(
        text.contains("║ TIME_WAIT    1 ║─ 60초 ──┴──▶ CLOSE"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn ascii_where_the_locale_is_not_utf8_or_when_asked() {
    let c = run(states("browser-desktop", &["ESTABLISHED"]).locale("C"));
    assert!(c.is_ascii(), "{c}");
    assert!(c.contains("# ESTABLISHED    6 #"), "{c}");
    let asked = run(states("browser-desktop", &["ESTABLISHED", "--ascii"]));
    assert_eq!(asked, c);
    // Colors are another choice: the box drawing stays with --color never.
    assert!(run(states("browser-desktop", &[])).contains("┌"));
}

#[test]
fn a_narrow_terminal_gets_the_list() {
    let text = run(states("web-server", &["CLOSE_WAIT"]).columns(50));
    assert!(widest(&text) <= 50, "{text}");
    assert!(text.contains("» CLOSE_WAIT      1"), "{text}");
    assert!(text.contains("      close() / FIN ─▶ LAST_ACK"), "{text}");
    assert!(!text.contains('┌'), "{text}");
}

#[test]
fn the_counts_are_the_tables_own() {
    for scenario in ["web-server", "browser-desktop"] {
        let root = repo(&format!("fixtures/proc/{scenario}"));
        let json = Socklab::new()
            .args([
                "--proc-root",
                root.to_str().unwrap(),
                "sockets",
                "-ta",
                "--json",
            ])
            .run();
        let mut by_state: BTreeMap<String, usize> = BTreeMap::new();
        for row in json.json_lines() {
            *by_state
                .entry(row["state"].as_str().unwrap().into())
                .or_default() += 1;
        }
        let text = run(states(scenario, &["--ascii"]));
        let total: usize = by_state.values().sum();
        assert!(text.contains(&format!("(in all: {total})")), "{text}");
        for (state, n) in by_state {
            assert!(
                text.contains(&format!("| {state} {n:>4} |")),
                "{state} {n}: {text}"
            );
        }
    }
}

#[test]
fn only_tcp_states_can_be_marked() {
    let out = states("web-server", &["LISTENING"]).run();
    assert_eq!(out.code(), Some(2));
    let err = out.stderr();
    assert!(
        err.contains("LISTENING: not a TCP state") && err.contains("TIME_WAIT"),
        "{err}"
    );
}

#[test]
fn a_tcp_states_glossary_entry_shows_its_moves() {
    let out = Socklab::new().args(["glossary", "close-wait"]).run();
    let text = out.stdout();
    for line in [
        "  Its place in the TCP state machine (the whole picture: socklab states CLOSE_WAIT):",
        "    ESTABLISHED ─ FIN / ACK ─▶ CLOSE_WAIT",
        "    CLOSE_WAIT ─ close() / FIN ─▶ LAST_ACK",
    ] {
        assert!(text.lines().any(|l| l == line), "{line}\n{text}");
    }
    // A UNIX state has no place in it.
    let unix = Socklab::new()
        .args(["glossary", "CONNECTED"])
        .run()
        .stdout();
    assert!(!unix.contains("state machine"), "{unix}");
}

#[test]
fn lessons_may_draw_it() {
    let dir = crate::harness::TempDir::new("states-lesson");
    let lesson = "+++\nid = \"pic\"\ntitle = \"Picture\"\nsummary = \"s\"\norder = 1\n+++\n\n\
                  ## One\n\nThe states.\n\n```socklab\nstates TIME_WAIT\n```\n";
    std::fs::write(dir.join("pic.md"), lesson).unwrap();
    let root = repo("fixtures/proc/web-server");
    let out = Socklab::new()
        .args(["--proc-root", root.to_str().unwrap()])
        .args([
            "--lessons-dir",
            dir.path().to_str().unwrap(),
            "learn",
            "pic",
            "--plain",
        ])
        .run();
    assert!(out.success(), "{}", out.stderr());
    assert!(
        out.stdout().contains("║ TIME_WAIT    1 ║"),
        "{}",
        out.stdout()
    );
}
