//! Korean lessons: every English lesson has a Korean one that is the same lesson (id,
//! order, steps, directives, socklab and demo blocks, lab conditions, quiz answers) with
//! translated text; every glossary entry and message exists in Korean; `learn --lang ko`
//! speaks Korean (snapshot on a fixture tree, so the output is the same on every machine);
//! Hangul in a narrow column is wrapped or cut at a character boundary; `check-lessons`
//! reports a drifted translation as a problem and a missing one as a warning.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthStr;

use crate::harness::in_process::{
    LessonOutline, PartOutline, lesson_outline, missing_korean, render_markdown, status_line,
};
use crate::harness::{Socklab, TempDir, repo, socklab};

fn lessons_in(dir: &str) -> Vec<(String, LessonOutline)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, lesson_outline(&p))
        })
        .collect()
}

fn has_hangul(text: &str) -> bool {
    text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

#[test]
fn every_english_lesson_has_the_same_korean_lesson() {
    let english = lessons_in("lessons/en");
    let korean = lessons_in("lessons/ko");
    assert_eq!(english.len(), 7);
    let en_names: BTreeSet<&str> = english.iter().map(|(n, _)| n.as_str()).collect();
    let ko_names: BTreeSet<&str> = korean.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(en_names, ko_names, "one Korean file per English file");
    for ((name, en), (_, ko)) in english.iter().zip(&korean) {
        assert_eq!(en.id, ko.id, "{name}: id");
        assert_eq!(en.order, ko.order, "{name}: order");
        assert_eq!(en.steps.len(), ko.steps.len(), "{name}: number of steps");
        assert!(has_hangul(&ko.title) && has_hangul(&ko.summary), "{name}");
        assert!(has_hangul(&ko.intro), "{name}: intro translated");
        for (i, (es, ks)) in en.steps.iter().zip(&ko.steps).enumerate() {
            let e: Vec<&str> = es.iter().filter_map(PartOutline::shape).collect();
            let k: Vec<&str> = ks.iter().filter_map(PartOutline::shape).collect();
            assert_eq!(e, k, "{name} step {}: directives", i + 1);
            let prose_translated = ks.iter().any(|p| match p {
                PartOutline::Prose(t) => has_hangul(t),
                _ => false,
            });
            assert!(prose_translated, "{name} step {}: prose", i + 1);
            for (ep, kp) in es.iter().zip(ks) {
                match (ep, kp) {
                    (
                        PartOutline::Quiz { explain: a, .. },
                        PartOutline::Quiz {
                            question, explain, ..
                        },
                    ) => {
                        assert!(has_hangul(question) && has_hangul(explain), "{name}");
                        assert_ne!(a, explain, "{name}: quiz explanation translated");
                    }
                    (PartOutline::Lab { hint: a, .. }, PartOutline::Lab { hint, success, .. }) => {
                        assert!(has_hangul(hint) && has_hangul(success), "{name}");
                        assert_ne!(a, hint, "{name}: lab hint translated");
                    }
                    _ => {}
                }
            }
        }
    }
}

/// The keys of one table of a TOML file, as `table.key`, read without socklab's code.
fn toml_keys(path: &str, depth: usize) -> BTreeSet<String> {
    let value: toml::Table = std::fs::read_to_string(repo(path))
        .unwrap()
        .parse()
        .unwrap();
    let mut keys = BTreeSet::new();
    for (top, v) in &value {
        let Some(t) = v.as_table() else { continue };
        for (k, v) in t {
            if depth == 2 {
                keys.insert(format!("{top}.{k}"));
            } else {
                for k2 in v.as_table().map(|t| t.keys()).into_iter().flatten() {
                    keys.insert(format!("{top}.{k}.{k2}"));
                }
            }
        }
    }
    keys
}

#[test]
fn every_glossary_entry_and_message_exists_in_korean() {
    let en = toml_keys("lessons/messages/en.toml", 2);
    let mut ko = toml_keys("lessons/messages/ko.toml", 2);
    // Tables only a translation has (its --help texts, names English shows as keys).
    let local = ["help.", "glossary_section.", "locale.", "tool."];
    ko.retain(|k| !local.iter().any(|t| k.starts_with(t)));
    assert!(en.len() >= 58, "{}", en.len());
    assert_eq!(en, ko, "message keys");
    // Glossary entries: section.key, and which fields each entry has.
    let en = toml_keys("lessons/glossary/en.toml", 3);
    let ko = toml_keys("lessons/glossary/ko.toml", 3);
    let missing: Vec<&String> = en
        .iter()
        // Aliases add to the English ones; where a fact comes from is said once, in English.
        .filter(|k| !k.ends_with(".aliases") && !k.ends_with(".source") && !ko.contains(*k))
        .collect();
    assert!(missing.is_empty(), "ko glossary lacks {missing:?}");
    let gaps = missing_korean();
    assert!(gaps.is_empty(), "socklab's own check: {gaps:?}");
}

/// `socklab ARGS --proc-root web-server` with a fresh home, no width (as the snapshot
/// was taken) and the variables in `env`: stdout, stderr, exit status.
fn learn_plain(args: &[&str], env: &[(&str, &str)]) -> (String, String, Option<i32>) {
    let home = TempDir::new("ko-learn");
    let root = repo("fixtures/proc/web-server");
    let mut run = Socklab::new()
        .args(args)
        .args(["--proc-root", root.to_str().unwrap()])
        .home(&home)
        .no_columns();
    for (k, v) in env {
        run = run.env(k, v);
    }
    let out = run.run();
    (out.stdout(), out.stderr(), out.code())
}

#[test]
fn learn_in_korean_on_a_fixture_tree() {
    let (text, err, code) =
        learn_plain(&["--lang", "ko", "learn", "netstat-basics", "--plain"], &[]);
    assert_eq!(code, Some(0), "{err}");
    // The lesson, the runner's words and the in-lesson commands are Korean; what the
    // terminal prints (columns, states) stays as the tools print it.
    for korean in [
        "# netstat 기초",
        "## 1/8단계:",
        "퀴즈:",
        "스포일러",
        "정답: 2)",
        "데모를 열지 않음",
        "수신 큐",
    ] {
        assert!(text.contains(korean), "missing {korean:?}");
    }
    for english in [
        "## Step",
        "Answer:",
        "spoiler",
        "demo not opened",
        "(not run:",
    ] {
        assert!(
            !text.contains(english),
            "English runner text {english:?} left"
        );
    }
    assert!(text.contains("Proto Recv-Q Send-Q Local Address"));
    insta::assert_snapshot!(text);

    let (from_locale, _, _) = learn_plain(
        &["learn", "netstat-basics", "--plain"],
        &[("LANG", "ko_KR.UTF-8")],
    );
    assert_eq!(
        from_locale, text,
        "LANG=ko_KR.UTF-8 chooses the same Korean lesson"
    );
    let (english, _, _) = learn_plain(
        &["--lang", "en", "learn", "netstat-basics", "--plain"],
        &[("LANG", "ko_KR.UTF-8")],
    );
    assert!(english.contains("## Step 1/8: Where the numbers come from"));
    assert!(!has_hangul(&english));
}

#[test]
fn korean_errors_and_lesson_list() {
    let (_, err, code) = learn_plain(&["--lang", "ko", "learn", "nope", "--plain"], &[]);
    assert_eq!(code, Some(2));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("`nope`라는 강의는 없습니다") && err.contains("netstat-basics"),
        "{err}"
    );
    let (_, err, code) = learn_plain(
        &["--lang", "ko", "learn", "tcp-states", "--step", "10"],
        &[],
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("1부터 9까지"), "{err}");

    let (list, err, code) = learn_plain(&["--lang", "ko", "lessons"], &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        list.contains(" 1. netstat-basics     netstat 기초  [0/8단계]"),
        "{list}"
    );
    assert!(
        list.contains("`socklab learn ID`로 시작하십시오."),
        "{list}"
    );
}

#[test]
fn hangul_in_a_narrow_column_breaks_at_character_boundaries() {
    let (_, ko) = lessons_in("lessons/ko").remove(0);
    let paragraph = ko.intro.trim().to_string();
    assert!(has_hangul(&paragraph));
    for columns in [20, 33, 41] {
        let shown = render_markdown(&paragraph, columns);
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines.len() > 3, "wrapped at {columns}: {shown}");
        for line in &lines {
            assert!(
                line.width() <= columns,
                "{} > {columns}: {line:?}",
                line.width()
            );
        }
        // Nothing lost or split: the same characters, in order, only spaces moved.
        let squeeze = |t: &str| {
            t.chars()
                .filter(|c| !c.is_whitespace() && *c != '`')
                .collect::<String>()
        };
        assert_eq!(squeeze(&shown), squeeze(&paragraph), "at {columns}");
    }
    // The lab status line in the interactive runner, cut to the terminal width.
    let status = "아직 없음: /tmp/socklab-lab.sock에 UNIX 소켓 없음";
    for columns in [10, 17, 18, 30] {
        let line = status_line('|', status, columns);
        assert!(
            line.width() < columns,
            "{} >= {columns}: {line}",
            line.width()
        );
        let kept = line.trim_end_matches('…');
        assert!(format!("| {status}").starts_with(kept), "{line}");
        assert!(line.ends_with('…'));
    }
}

fn write_lesson(dir: &Path, name: &str, title: &str, body: &str) {
    std::fs::create_dir_all(dir).unwrap();
    let text = format!(
        "+++\nid = \"{}\"\ntitle = \"{title}\"\nsummary = \"s\"\norder = {}\n+++\n{body}",
        name.trim_end_matches(".md"),
        if name.starts_with('a') { 1 } else { 2 }
    );
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn check_lessons_reports_drifted_and_missing_translations() {
    let tmp = TempDir::new("ko-check");
    let (en, ko) = (tmp.join("en"), tmp.join("ko"));
    let body = "## One\n\nText.\n\n```socklab\nsockets -tln\n```\n";
    write_lesson(&en, "a.md", "A", body);
    write_lesson(&en, "b.md", "B", body);
    write_lesson(&ko, "a.md", "가", &body.replace("Text.", "본문."));
    let check = |lang: &str| {
        let out = socklab(["--lang", lang, "check-lessons", en.to_str().unwrap()]);
        (out.stdout(), out.code())
    };
    let (text, code) = check("en");
    assert_eq!(code, Some(0), "a missing translation is a warning: {text}");
    assert!(text.starts_with("ok: 2 lessons"), "{text}");
    assert!(
        text.contains("warning:") && text.contains("b.md: no ko translation"),
        "{text}"
    );

    write_lesson(&ko, "b.md", "나", &body.replace("-tln", "-tan"));
    let (text, code) = check("en");
    assert_eq!(code, Some(2), "a drifted translation is a problem: {text}");
    let b = ko.join("b.md");
    assert!(
        text.contains(&format!("{}:7: this socklab block differs", b.display())),
        "{text}"
    );
    let (text, _) = check("ko");
    assert!(text.contains("이 socklab 블록이"), "{text}");
}
