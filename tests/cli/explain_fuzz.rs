//! Fuzzing `explain` from real outputs (issue 12): a window of lines from a real file —
//! socklab's own `fixtures/outputs/` and, when it is beside the checkout, the third-party
//! `../shared/corpus/` (read in place, never copied) — spoiled by mutations aimed where
//! parsers break: every Unicode space in place of a column gap, bidi and control
//! characters, lines cut at any byte (mid-character too), numbers too big for any integer,
//! lines dropped or doubled, raw bytes. Every case must keep every line (JSON and text),
//! show no raw control, format or separator character, and never reach the guard that
//! catches a panicking parser.
//!
//! `cargo test` runs a few hundred cases; `scripts/fuzz.sh N` runs N (in release, with
//! `SOCKLAB_FUZZ_CASES=N`). A failure is shrunk by proptest and kept under
//! `tests/proptest-regressions/explain_fuzz.txt`, so it is replayed first next time.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;

use crate::explain_prop::check_with;

/// Cases in a plain `cargo test`; `SOCKLAB_FUZZ_CASES` asks for more.
const BRIEF: u32 = 300;

/// Every character Unicode calls a space (Zs), the other whitespace a paste can carry,
/// and the invisible ones people take for spaces.
const SPACES: &[char] = &[
    ' ', '\u{a0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}',
    '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200a}', '\u{202f}', '\u{205f}',
    '\u{3000}', '\t', '\u{b}', '\u{c}', '\r', '\u{85}', '\u{180e}', '\u{200b}', '\u{feff}',
    '\u{2028}', '\u{2029}',
];

/// Bidi controls, zero-width and other format characters, C0/C1 controls and DEL.
const INVISIBLE: &[char] = &[
    '\u{202a}',
    '\u{202b}',
    '\u{202c}',
    '\u{202d}',
    '\u{202e}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\u{200e}',
    '\u{200f}',
    '\u{61c}',
    '\u{200c}',
    '\u{200d}',
    '\u{2060}',
    '\u{ad}',
    '\u{e0001}',
    '\u{0}',
    '\u{7}',
    '\u{8}',
    '\u{1b}',
    '\u{7f}',
    '\u{80}',
    '\u{9b}',
    '\u{9f}',
];

/// Numbers no counter, port or inode holds.
const HUGE: &[&str] = &[
    "18446744073709551616",
    "4294967296",
    "65536",
    "99999999999999999999999999999999999999999",
    "-1",
    "0x7fffffffffffffff",
    "1e309",
    "٣٤٥",
];

/// Which part of a gap a [`Mutation::Space`] replaces.
#[derive(Clone, Copy, Debug)]
enum Part {
    First,
    Last,
    All,
}

/// How a case spoils its window of real lines.
#[derive(Clone, Debug)]
enum Mutation {
    /// In the `nth` gap between columns (a run of ASCII spaces), `space` takes the place
    /// of its first space, its last, or all of it.
    Space { nth: usize, space: char, part: Part },
    /// `ch` goes in before the `nth` byte that starts a character.
    Invisible { nth: usize, ch: char },
    /// The `nth` digit run becomes `number`.
    Number { nth: usize, number: &'static str },
    /// Everything from byte `at` of line `line` to its end goes (a character may be cut).
    Cut { line: usize, at: usize },
    /// Line `line` is dropped or written twice.
    Line { line: usize, twice: bool },
    /// Raw bytes at byte `at`.
    Bytes { at: usize, bytes: Vec<u8> },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let any_of = |set: &'static [char]| (0..set.len()).prop_map(move |i| set[i]);
    prop_oneof![
        4 => (any::<usize>(), any_of(SPACES), prop_oneof![Just(Part::First), Just(Part::Last), Just(Part::All)])
            .prop_map(|(nth, space, part)| Mutation::Space { nth, space, part }),
        3 => (any::<usize>(), any_of(INVISIBLE)).prop_map(|(nth, ch)| Mutation::Invisible { nth, ch }),
        2 => (any::<usize>(), 0..HUGE.len()).prop_map(|(nth, i)| Mutation::Number { nth, number: HUGE[i] }),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(line, at)| Mutation::Cut { line, at }),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(line, twice)| Mutation::Line { line, twice }),
        1 => (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Mutation::Bytes { at, bytes }),
    ]
}

impl Mutation {
    fn apply(&self, input: &mut Vec<u8>) {
        match self {
            Mutation::Space { nth, space, part } => {
                let starts_gap = |b: &[u8], i: usize| b[i] == b' ' && (i == 0 || b[i - 1] != b' ');
                let Some(at) = nth_match_at(input, *nth, starts_gap) else {
                    return;
                };
                let end = at + input[at..].iter().take_while(|b| **b == b' ').count();
                let range = match part {
                    Part::First => at..at + 1,
                    Part::Last => end - 1..end,
                    Part::All => at..end,
                };
                input.splice(range, space.to_string().into_bytes());
            }
            Mutation::Invisible { nth, ch } => {
                let at = nth_match(input, *nth, |b, _| (b[0] & 0xc0) != 0x80).unwrap_or(0);
                input.splice(at..at, ch.to_string().into_bytes());
            }
            Mutation::Number { nth, number } => {
                let starts_run = |b: &[u8], i: usize| {
                    b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit())
                };
                let Some(at) = nth_match_at(input, *nth, starts_run) else {
                    return;
                };
                let end = at
                    + input[at..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
                input.splice(at..end, number.bytes());
            }
            Mutation::Cut { line, at } => {
                let Some((start, end)) = line_span(input, *line) else {
                    return;
                };
                let cut = start + at % (end - start + 1);
                input.drain(cut..end);
            }
            Mutation::Line { line, twice } => {
                let Some((start, end)) = line_span(input, *line) else {
                    return;
                };
                let end = (end + 1).min(input.len());
                let copy = input[start..end].to_vec();
                let replacement = if *twice {
                    [copy.clone(), copy].concat()
                } else {
                    Vec::new()
                };
                input.splice(start..end, replacement);
            }
            Mutation::Bytes { at, bytes } => {
                let at = at % (input.len() + 1);
                input.splice(at..at, bytes.iter().copied());
            }
        }
    }
}

/// The offset of the `nth` (modulo their count) byte matching `is`.
fn nth_match(input: &[u8], nth: usize, is: impl Fn(&[u8], usize) -> bool) -> Option<usize> {
    nth_match_at(input, nth, |b, i| is(&b[i..], i))
}

fn nth_match_at(input: &[u8], nth: usize, is: impl Fn(&[u8], usize) -> bool) -> Option<usize> {
    let count = (0..input.len()).filter(|&i| is(input, i)).count();
    (count > 0).then(|| (0..input.len()).filter(|&i| is(input, i)).nth(nth % count))?
}

/// Start and end (before its newline) of line `line` modulo the count.
fn line_span(input: &[u8], line: usize) -> Option<(usize, usize)> {
    let lines = input.split(|b| *b == b'\n').count();
    let wanted = line % lines.max(1);
    let start = input
        .split(|b| *b == b'\n')
        .take(wanted)
        .map(|l| l.len() + 1)
        .sum::<usize>();
    let len = input.get(start..)?.split(|b| *b == b'\n').next()?.len();
    Some((start, start + len))
}

/// Every seed file's text, read once.
fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut files = Vec::new();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        collect(&repo.join("fixtures/outputs"), &mut files);
        let corpus = repo.join("../shared/corpus");
        if corpus.is_dir() {
            collect(&corpus, &mut files);
        } else {
            eprintln!(
                "explain_fuzz: ../shared/corpus is absent, fuzzing socklab's own fixtures only"
            );
        }
        files.sort();
        files
            .iter()
            .filter_map(|f| std::fs::read(f).ok())
            .filter(|bytes| !bytes.is_empty() && !bytes.contains(&0))
            .collect()
    })
}

fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path
            .file_name()
            .is_some_and(|n| n != "README.md" && n != "PROVENANCE.md")
        {
            files.push(path);
        }
    }
}

/// Lines `first..first+count` (wrapping) of seed `file`.
fn window(file: usize, first: usize, count: usize) -> Vec<u8> {
    let seeds = seeds();
    let lines: Vec<&[u8]> = seeds[file % seeds.len()].split(|b| *b == b'\n').collect();
    let mut out = Vec::new();
    for i in 0..count.min(lines.len()) {
        out.extend_from_slice(lines[(first + i) % lines.len()]);
        out.push(b'\n');
    }
    out
}

fn cases() -> u32 {
    std::env::var("SOCKLAB_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(BRIEF)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn explain_keeps_every_line_of_spoiled_real_output(
        file in any::<usize>(),
        first in any::<usize>(),
        count in 1usize..48,
        mutations in proptest::collection::vec(mutation(), 1..6),
        side in any::<bool>(),
    ) {
        let mut input = window(file, first, count);
        for m in &mutations {
            m.apply(&mut input);
        }
        check_with(&input, side);
    }
}
