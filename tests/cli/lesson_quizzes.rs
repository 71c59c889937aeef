//! The built-in quizzes teach reading, not recall: at least half of all quizzes show an
//! excerpt of a table and ask about it; every excerpt line and every pasted `explain`
//! block line is real output, a line of a file under `fixtures/outputs/` (see the READMEs
//! there for the commands that made them); every wrong choice says why it is wrong, in
//! English and in Korean; and the plain runner prints those reasons after the spoiler.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::harness::in_process::{LessonOutline, PartOutline, lesson_outline};
use crate::harness::{Socklab, TempDir, repo};

fn lessons(lang: &str) -> Vec<(String, LessonOutline)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo(&format!("lessons/{lang}")))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
    files.iter().map(|p| (name(p), lesson_outline(p))).collect()
}

/// Every quiz of `lang`'s lessons, with the lesson's file name.
fn quizzes(lang: &str) -> Vec<(String, PartOutline)> {
    lessons(lang)
        .into_iter()
        .flat_map(|(name, l)| {
            l.steps
                .into_iter()
                .flatten()
                .filter(|p| matches!(p, PartOutline::Quiz { .. }))
                .map(move |p| (name.clone(), p))
        })
        .collect()
}

#[test]
fn at_least_half_of_all_quizzes_read_a_table_excerpt() {
    for lang in ["en", "ko"] {
        let all = quizzes(lang);
        let with: usize = all
            .iter()
            .filter(|(_, q)| matches!(q, PartOutline::Quiz { excerpt: Some(e), .. } if !e.trim().is_empty()))
            .count();
        eprintln!("{lang}: {with} of {} quizzes show an excerpt", all.len());
        assert!(all.len() >= 14, "{lang}: only {} quizzes", all.len());
        assert!(
            with * 2 >= all.len(),
            "{lang}: {with} of {} quizzes show an excerpt; at least half must",
            all.len()
        );
    }
}

/// Every line of every file under `fixtures/outputs`, trailing spaces trimmed.
fn real_lines() -> BTreeSet<String> {
    let mut dirs = vec![repo("fixtures/outputs")];
    let mut lines = BTreeSet::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "txt") {
                let text = std::fs::read_to_string(&path).unwrap();
                lines.extend(text.lines().map(|l| l.trim_end().to_string()));
            }
        }
    }
    lines
}

#[test]
fn every_excerpt_and_pasted_line_is_real_output() {
    let real = real_lines();
    let mut checked = 0;
    for (name, lesson) in lessons("en").into_iter().chain(lessons("ko")) {
        for part in lesson.steps.iter().flatten() {
            let text = match part {
                PartOutline::Quiz {
                    excerpt: Some(e), ..
                } => e,
                PartOutline::Paste(t) => t,
                _ => continue,
            };
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                assert!(
                    real.contains(line.trim_end()),
                    "{name}: not a line of fixtures/outputs: {line:?}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 60, "only {checked} lines checked");
}

#[test]
fn every_wrong_choice_says_why_in_both_languages() {
    for lang in ["en", "ko"] {
        for (name, quiz) in quizzes(lang) {
            let PartOutline::Quiz {
                question,
                choices,
                answer,
                why,
                ..
            } = quiz
            else {
                unreachable!()
            };
            assert_eq!(why.len(), choices.len(), "{lang}/{name}: {question}");
            for (i, reason) in why.iter().enumerate() {
                if i + 1 != answer {
                    assert!(
                        reason.trim().len() > 10,
                        "{lang}/{name}: choice {} of {question:?} says no reason",
                        i + 1
                    );
                }
            }
        }
    }
}

#[test]
fn the_plain_runner_shows_the_excerpt_and_the_reasons() {
    let tmp = TempDir::new("quiz-plain");
    let dir = tmp.join("lessons");
    std::fs::create_dir_all(&dir).unwrap();
    // A row of `netstat -tanp` (fixtures/outputs/netstat-tanp.txt).
    let row = "tcp        1      0 127.0.0.1:44093         127.0.0.1:50772         CLOSE_WAIT  10166/python3";
    let lesson = format!(
        "+++\nid = \"q\"\ntitle = \"Q\"\nsummary = \"s\"\norder = 1\n+++\n## One\n```quiz\nexcerpt = \"\"\"\n{row}\n\"\"\"\nquestion = \"Read yet?\"\nchoices = [\"No\", \"Yes\", \"Maybe\"]\nanswer = 1\nexplain = \"EXPLAINED\"\nwhy = [\"\", \"REASON-TWO\", \"REASON-THREE\"]\n```\n"
    );
    std::fs::write(dir.join("q.md"), lesson).unwrap();
    let out = Socklab::new()
        .args([
            "--lessons-dir",
            dir.to_str().unwrap(),
            "learn",
            "q",
            "--plain",
        ])
        .run();
    assert_eq!(out.code(), Some(0), "{}", out.stderr());
    let text = out.stdout();
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("no {needle:?} in:\n{text}"))
    };
    assert!(
        at(&format!("    {row}")) < at("  1) No"),
        "excerpt first:\n{text}"
    );
    assert!(at("spoiler") < at("EXPLAINED"));
    assert!(at("EXPLAINED") < at("Why not the others:"));
    assert!(
        text.contains("  2) REASON-TWO\n  3) REASON-THREE"),
        "{text}"
    );
}
