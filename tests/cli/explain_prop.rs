//! Property: whatever bytes come in — arbitrary bytes, or real lines from
//! `fixtures/outputs/` (see its README) shuffled with junk — explain never panics, writes
//! one JSON object per input line with the line's text, and in text mode prints every
//! input line, in order, before the notes that follow it.

use proptest::prelude::*;
use serde_json::Value;

use crate::harness::in_process::{escape, explain_in_process_with};

fn lines_of(input: &[u8]) -> Vec<String> {
    let mut lines: Vec<String> = input
        .split(|b| *b == b'\n')
        .map(|l| String::from_utf8_lossy(l.strip_suffix(b"\r").unwrap_or(l)).into_owned())
        .collect();
    if input.ends_with(b"\n") || input.is_empty() {
        lines.pop();
    }
    lines
}

fn check(input: &[u8]) {
    check_with(input, false);
}

/// Every input line comes back: verbatim as each JSON object's `text`, and in the text
/// view (beside its notes with `side`) escaped, in order, with only notes between; no
/// control, format or separator character reaches the human view raw (tab and newline
/// are layout).
pub(crate) fn check_with(input: &[u8], side: bool) {
    let want = lines_of(input);
    let json = run(input, true, false);
    let objects: Vec<Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), want.len());
    for (o, w) in objects.iter().zip(&want) {
        assert_eq!(o["text"].as_str(), Some(w.as_str()));
    }
    let text = run(input, false, side);
    if let Some(raw) = text.chars().find(|c| is_unsafe(*c)) {
        panic!("raw {raw:?} in the human view:\n{text}");
    }
    let shown: Vec<&str> = text.lines().collect();
    let mut at = 0;
    for w in &want {
        let escaped: String = w.split('\t').map(escape).collect::<Vec<_>>().join("\t");
        while at < shown.len() && !is_the_line(shown[at], &escaped, side) {
            assert!(
                is_a_note(shown[at], side),
                "only notes between lines: {:?}",
                shown[at]
            );
            at += 1;
        }
        assert!(at < shown.len(), "line {w:?} missing");
        at += 1;
    }
}

fn is_the_line(shown: &str, escaped: &str, side: bool) -> bool {
    if !side {
        return shown == escaped;
    }
    // Beside: the line, padded, then `│ note`.
    shown.strip_prefix(escaped).is_some_and(|rest| {
        let rest = rest.trim_start_matches(' ');
        rest.is_empty() || rest.starts_with('\u{2502}')
    })
}

fn is_a_note(shown: &str, side: bool) -> bool {
    // Beside its line when the width allows, else below it as in the default view.
    let rest = shown.trim_start_matches(' ');
    shown.starts_with("    \u{b7} ") || (side && (rest.is_empty() || rest.starts_with('\u{2502}')))
}

/// Control (Cc), format (Cf), line and paragraph separators, but not tab and newline.
fn is_unsafe(c: char) -> bool {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    // The category table is slow to search in a debug build: ASCII is settled first.
    if c.is_ascii() {
        return c.is_ascii_control() && c != '\t' && c != '\n';
    }
    matches!(
        get_general_category(c),
        G::Control | G::Format | G::LineSeparator | G::ParagraphSeparator
    )
}

fn real_lines() -> &'static [String] {
    static POOL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    POOL.get_or_init(read_real_lines)
}

fn read_real_lines() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/outputs");
    let mut lines = Vec::new();
    for name in [
        "netstat-an.txt",
        "ss-tanpeoim.txt",
        "netstat-tan.cs_CZ.txt",
        "netstat-s.txt",
    ] {
        let text = std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
        lines.extend(text.lines().map(str::to_string));
    }
    lines
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn arbitrary_bytes(input in proptest::collection::vec(any::<u8>(), 0..600)) {
        check(&input);
    }

    #[test]
    fn mixes_of_real_lines(
        picks in proptest::collection::vec((0usize..10_000, any::<bool>(), "[ -~\t\x1b]{0,12}"), 0..40),
        crlf in any::<bool>(),
    ) {
        let pool = real_lines();
        let mut input = Vec::new();
        for (i, junk, noise) in picks {
            let line = if junk { noise } else { pool[i % pool.len()].clone() };
            input.extend_from_slice(line.as_bytes());
            input.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
        }
        check(&input);
    }
}

fn run(input: &[u8], json: bool, side: bool) -> String {
    explain_in_process_with(input, json, side).text
}
