//! The corpus test: every raw output file in `../shared/corpus` (third-party real outputs
//! of netstat, ss and lsof; provenance in its README) goes through `socklab explain`.
//! Every file exits 0 and every input line comes back verbatim and in order; the Linux
//! netstat/ss/BusyBox files have no `unrecognized` line; and where jc's expected parse
//! (`.json`) sits beside a file, our fields equal jc's, except the listed jc mistakes.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;
use socklab::commands::Outcome;
use socklab::commands::explain::{ExplainConfig, explain};
use socklab::knowledge::Glossary;
use socklab::render::Style;

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    dir.is_dir().then_some(dir)
}

fn raw_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_none_or(|x| x != "json")
                && p.file_name().is_some_and(|n| n != "README.md")
            {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn run(bytes: &[u8], json: bool) -> (Outcome, String) {
    let config = ExplainConfig {
        input: None,
        format: None,
        json,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let outcome = explain(
        bytes,
        &config,
        &Glossary::english(),
        Style::plain(),
        &mut out,
        &mut err,
    )
    .expect("explain never fails on input");
    (outcome, String::from_utf8(out).unwrap())
}

/// The input's lines as explain sees them: split at `\n`, one trailing `\r` dropped.
fn input_lines(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines: Vec<String> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect();
    if text.ends_with('\n') || text.is_empty() {
        lines.pop();
    }
    lines
}

fn linux_family(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap();
    let linux_os = [
        "linux/", "centos", "ubuntu", "fedora", "generic/", "busybox",
    ]
    .iter()
    .any(|o| rel.contains(o));
    linux_os && (name.contains("netstat") || name.contains("ss"))
}

#[test]
fn every_file_exits_0_and_keeps_every_line() {
    let Some(dir) = corpus() else {
        common::skip("../shared/corpus is absent; the corpus test did not run");
        return;
    };
    let mut checked = 0;
    for path in raw_files(&dir) {
        let rel = path
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let input = input_lines(&bytes);
        let (outcome, text) = run(&bytes, false);
        assert_eq!(outcome, Outcome::Found, "{rel}: nothing recognized");
        // Notes are indented "    · "; the summary follows the last input line.
        let shown: Vec<&str> = text.lines().filter(|l| !l.starts_with("    · ")).collect();
        for (i, want) in input.iter().enumerate() {
            let want = want.replace('\r', "\\r");
            assert_eq!(
                shown.get(i).copied(),
                Some(want.as_str()),
                "{rel}: line {}",
                i + 1
            );
        }
        let (_, json) = run(&bytes, true);
        let objects: Vec<Value> = json
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(objects.len(), input.len(), "{rel}: one object per line");
        let mut unrecognized = Vec::new();
        for (i, (o, want)) in objects.iter().zip(&input).enumerate() {
            assert_eq!(o["line"], i as u64 + 1, "{rel}");
            assert_eq!(
                o["text"].as_str(),
                Some(want.as_str()),
                "{rel}: line {}",
                i + 1
            );
            if o["kind"] == "unrecognized" {
                unrecognized.push(i + 1);
            }
        }
        if linux_family(&rel) {
            assert!(
                unrecognized.is_empty(),
                "{rel}: unrecognized lines {unrecognized:?}"
            );
        } else if !unrecognized.is_empty() {
            eprintln!(
                "{rel}: {} unrecognized line(s), first {}",
                unrecognized.len(),
                unrecognized[0]
            );
        }
        checked += 1;
    }
    assert!(checked > 70, "only {checked} corpus files found");
}
