//! `socklab glossary`, completions and man through the built binary: lookups in any
//! spelling, the list with the concordance, unknown terms with the closest names (exit 1),
//! and generated completions and man page that know the subcommands.

use crate::harness::socklab;

#[test]
fn lookups_in_any_spelling() {
    for (term, title) in [
        ("Recv-Q", "Recv-Q  (column)"),
        ("recvq", "Recv-Q  (column)"),
        ("TIME_WAIT", "TIME_WAIT  (state)"),
        ("time-wait", "TIME_WAIT  (state)"),
        ("ACC", "ACC  (unix_flag)"),
        ("estab", "ESTABLISHED  (state)"),
        ("SYN_RCVD", "SYN_RECV  (state)"),
        ("syn_received", "SYN_RECV  (state)"),
    ] {
        let out = socklab(["glossary", term]);
        assert_eq!(out.code(), Some(0), "{term}");
        let text = out.stdout();
        assert!(text.starts_with(title), "{term}: {text}");
    }
    // A state shows its name in every tool.
    let text = socklab(["glossary", "SYN_RECV"]).stdout();
    assert!(
        text.contains("ss: SYN-RECV") && text.contains("netstat (BSD/macOS): SYN_RCVD"),
        "{text}"
    );
    // One word, several meanings: LISTENING is Windows' LISTEN and the UNIX state.
    let text = socklab(["glossary", "listening"]).stdout();
    assert!(
        text.contains("LISTEN  (state)") && text.contains("LISTENING  (state)"),
        "{text}"
    );
}

#[test]
fn unknown_term_suggests_and_exits_1() {
    let out = socklab(["glossary", "tiem_wait"]);
    assert_eq!(out.code(), Some(1));
    let text = out.stdout();
    assert!(
        text.contains("'tiem_wait' is not in the glossary"),
        "{text}"
    );
    assert!(text.contains("Closest: TIME_WAIT"), "{text}");
}

#[test]
fn list_has_every_section_and_the_concordance() {
    let out = socklab(["glossary"]);
    assert!(out.success());
    let text = out.stdout();
    for heading in [
        "column",
        "state",
        "owner",
        "queue",
        "relation",
        "unix_flag",
        "address",
        "fd_kind",
    ] {
        assert!(text.lines().any(|l| l == heading), "{heading}");
    }
    assert!(
        !text.lines().any(|l| l == "message"),
        "program messages are not terms"
    );
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with("TCP_SYN_RECV"))
        .expect("concordance row");
    for name in ["SYN_RECV", "SYN-RECV", "SYN_RCVD", "SYN_RECEIVED"] {
        assert!(row.contains(name), "{row}");
    }
    assert!(text.contains("UNCONN") && text.contains("LISTENING"));
}

#[test]
fn completions_and_man_come_from_the_cli_definition() {
    for shell in ["bash", "zsh", "fish"] {
        let out = socklab(["completions", shell]);
        assert!(out.success(), "{shell}");
        let text = out.stdout();
        let words = ["socklab", "who", "unix", "watch", "glossary", "proc-root"];
        let new = ["states", "ascii", "names", "netstat-width"];
        for word in words.into_iter().chain(new) {
            assert!(text.contains(word), "{shell} completions lack {word}");
        }
    }
    assert_eq!(socklab(["completions", "tcsh"]).code(), Some(2));
    let man = socklab(["man"]).stdout();
    assert!(man.contains(".TH socklab 1"), "{man}");
    assert!(man.contains("who") && man.contains("glossary") && man.contains("states"));
}
