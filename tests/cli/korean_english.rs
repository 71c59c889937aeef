//! No English word under `--lang ko` (issue 14): every command, its `--help`, its usage
//! errors and the errors a user can cause speak Korean, except for technical tokens a
//! Korean text keeps in Latin letters. What counts as a token:
//!
//! - by its shape: an acronym or state (TCP, LISTEN, Recv-Q), anything with a digit,
//!   `_`, `/`, `.`, `:`, `@`, `[`, `=`, or a call `accept()`, a flag `-p`, a hyphenated
//!   name (`net-tools`), a name with inner capitals (RefCnt, SELinux), a lower-case
//!   abbreviation with no vowel (`tcp`, `rtt`, `cwnd`), a single letter;
//! - by where it is: inside quotes (`'…'`, `"…"`, `` `…` ``), as a gloss in parentheses
//!   after a Korean word (`아이노드(inode)`), after `가능한 값:`/`기본값:` (values one types);
//! - by the data: the words of the titles, columns, formats and providers as the tools
//!   print them (the English glossary's terms of those sections), and the names of the
//!   fixture's processes and users;
//! - by [`ALLOWED`], the short list beside this test.
//!
//! Lines that are the tools' own output are not socklab's words and are skipped: netstat
//! titles, headers and rows, and in `explain` every line of the input.

use std::collections::BTreeSet;

use crate::harness::{Socklab, TempDir, repo};

/// Technical tokens written in Latin letters inside Korean text.
#[rustfmt::skip]
const ALLOWED: &[&str] = &[
    // Programs and what one types to them.
    "socklab", "netstat", "ss", "lsof", "fuser", "grep", "ls", "wc", "nsenter", "sudo",
    "tasklist", "ping", "systemd", "bash", "zsh", "fish",
    // socklab's commands.
    "sockets", "capture", "who", "unix", "watch", "glossary", "completions", "man",
    "explain", "learn", "lessons", "help", "loadgen", "states",
    // netstat's Proto values, socket families, the superuser, a key.
    "tcp", "udp", "raw", "netlink", "vsock", "root", "uid", "Enter",
    // System calls named as verbs (accept된, bind한).
    "accept", "bind", "connect", "listen", "close", "shutdown", "read", "fork", "dup",
    "socketpair",
    // Products named as their makers write them.
    "Docker", "Alpine", "Azure",
];

/// Words the data gives: the English glossary's terms of what the tools print.
fn data_words() -> BTreeSet<String> {
    let en: toml::Table = std::fs::read_to_string(repo("lessons/glossary/en.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let printed = [
        "section",
        "column",
        "column_more",
        "ss_field",
        "format",
        "host_provider",
    ];
    let mut words = BTreeSet::new();
    for section in printed {
        for entry in en[section].as_table().unwrap().values() {
            let term = entry["term"].as_str().unwrap();
            words.extend(
                term.split(|c: char| !c.is_ascii_alphabetic())
                    .map(String::from),
            );
        }
    }
    for tree in ["browser-desktop", "web-server"] {
        let dir = repo(&format!("fixtures/proc/{tree}"));
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            if let Ok(comm) = std::fs::read_to_string(entry.path().join("comm")) {
                words.extend(comm.split_whitespace().map(String::from));
            }
        }
        let passwd = std::fs::read_to_string(dir.join("passwd")).unwrap_or_default();
        words.extend(
            passwd
                .lines()
                .filter_map(|l| l.split(':').next())
                .map(String::from),
        );
    }
    words.remove("");
    words
}

/// `text` without quoted spans, glosses after Korean words, and listed values.
fn without_literals(text: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            // An apostrophe inside a word (O'Hare) opens nothing.
            None if "'\"`".contains(c) && !prev.is_ascii_alphabetic() => quote = Some(c),
            None => out.push(c),
        }
        prev = c;
    }
    // Values one types (possible values, a default) and names one may type (aliases).
    for marker in ["가능한 값:", "기본값:", "다른 이름:"] {
        while let Some(i) = out.find(marker) {
            let end = out[i..].find([']', '.', '\n']).map_or(out.len(), |e| i + e);
            out.replace_range(i..end, " ");
        }
    }
    out
}

/// A gloss: `(word …)` right after a Korean syllable (or its markdown emphasis,
/// `**추상**(abstract)`).
fn strip_glosses(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        if c == '(' && ('가'..='힣').contains(&prev) {
            let inner: String = chars.clone().take_while(|c| *c != ')').collect();
            let latin = |c: char| (c.is_ascii() && c != '(') || c == '·';
            if !inner.is_empty() && inner.chars().all(latin) {
                chars.nth(inner.chars().count());
                prev = ')';
                continue;
            }
        }
        out.push(c);
        if !"*`".contains(c) {
            prev = c;
        }
    }
    out
}

/// Whether a token is technical by its shape.
fn technical(token: &str) -> bool {
    let letters = token.trim_end_matches("()");
    let word = letters.chars().all(|c| c.is_ascii_alphabetic());
    let upper_inside = letters.chars().skip(1).any(|c| c.is_ascii_uppercase());
    let vowel = letters
        .to_ascii_lowercase()
        .contains(['a', 'e', 'i', 'o', 'u']);
    token.ends_with("()")
        || token.starts_with('-')
        || !word
        || letters.len() < 2
        || upper_inside
        || letters.chars().all(|c| c.is_ascii_uppercase())
        || !vowel
}

/// The English words of `text`: tokens of Latin letters that are no technical token.
fn english_words(text: &str, allowed: &BTreeSet<String>) -> Vec<String> {
    let text = strip_glosses(&without_literals(text));
    let is_token = |c: char| c.is_ascii_alphanumeric() || "_-./:@[]{}=*+#~<>$|".contains(c);
    let mut found = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphabetic()) {
        // The whole token the letter belongs to: back to its start, then forward.
        let before = rest[..start]
            .rfind(|c: char| !is_token(c))
            .map_or(0, |i| i + rest[i..].chars().next().unwrap().len_utf8());
        let len = rest[start..]
            .find(|c: char| !is_token(c))
            .unwrap_or(rest.len() - start);
        let mut token = &rest[before..start + len];
        let call = rest[start + len..].starts_with("()");
        // `users:((…))` is ss's syntax, not a word and a colon.
        if !rest[start + len..].starts_with('(') {
            token = token.trim_matches(|c: char| ".:,;".contains(c));
        }
        let token = if call {
            format!("{token}()")
        } else {
            token.to_string()
        };
        if !technical(&token) && !allowed.contains(&token) {
            found.push(token);
        }
        rest = &rest[start + len..];
    }
    found
}

#[test]
fn the_word_check_sees_what_it_must() {
    let allowed: BTreeSet<String> = ALLOWED.iter().map(|s| s.to_string()).collect();
    let text = "Usage: socklab [OPTIONS] Print version. 아이노드(inode) 'open files' TCP \
                accept() -p /proc/net/tcp Recv-Q RefCnt rtt net-tools users:((\"x\",pid=1)) \
                [가능한 값: auto, never] socket 다른 이름: timewait";
    assert_eq!(
        english_words(text, &allowed),
        ["Usage", "Print", "version", "socket"]
    );
}

/// The lines of an output that are socklab's words: netstat's own lines are skipped, and
/// so is every line of `input` (what `explain` was given).
fn socklab_lines<'a>(output: &'a str, input: &str) -> Vec<&'a str> {
    let given: BTreeSet<&str> = input.lines().map(str::trim_end).collect();
    let row = |l: &str| {
        let first = l.split_whitespace().next().unwrap_or("");
        ["tcp", "tcp6", "udp", "udp6", "raw", "raw6", "unix"].contains(&first)
            || l.starts_with("Active ")
            || l.starts_with("Proto ")
    };
    output
        .lines()
        .filter(|l| !row(l) && !given.contains(l.trim_end()))
        .collect()
}

/// Every English word in the Korean output of each run, as `args: word (line)`. A run's
/// `input` (the text `explain` reads, a lesson) is data: its lines and words pass.
fn english_in(runs: &[(Vec<String>, String)]) -> Vec<String> {
    let mut allowed = data_words();
    allowed.extend(ALLOWED.iter().map(|s| s.to_string()));
    let mut wrong = Vec::new();
    for (args, input) in runs {
        let mut allowed = allowed.clone();
        let words = input.split(|c: char| !c.is_ascii_alphanumeric() && c != '_');
        allowed.extend(words.filter(|w| !w.is_empty()).map(String::from));
        let out = Socklab::new().args(["--lang", "ko"]).args(args).run();
        let text = out.stdout() + &out.stderr();
        for line in socklab_lines(&text, input) {
            for word in english_words(line, &allowed) {
                wrong.push(format!("{}: {word}  ({})", args.join(" "), line.trim()));
            }
        }
    }
    wrong
}

fn run(args: &[&str]) -> (Vec<String>, String) {
    (args.iter().map(|a| a.to_string()).collect(), String::new())
}

fn in_tree(tree: &str, args: &[&str]) -> (Vec<String>, String) {
    let root = repo(&format!("fixtures/proc/{tree}"));
    let mut all = vec!["--proc-root", root.to_str().unwrap()];
    all.extend_from_slice(args);
    run(&all)
}

#[test]
fn live_commands_speak_korean() {
    let mut runs = Vec::new();
    for tree in ["browser-desktop", "web-server"] {
        runs.push(in_tree(tree, &["sockets", "-a", "-p"]));
        runs.push(in_tree(tree, &["sockets", "-a", "-e", "-p", "--explain"]));
        runs.push(in_tree(tree, &["sockets", "--by-process"]));
        runs.push(in_tree(tree, &["unix", "--explain"]));
        runs.push(in_tree(
            tree,
            &["watch", "--count", "1", "--interval", "100ms"],
        ));
    }
    runs.push(in_tree("web-server", &["states"]));
    runs.push(in_tree("web-server", &["states", "close-wait", "--ascii"]));
    runs.push(in_tree("web-server", &["states", "BOGUS"]));
    runs.push(in_tree(
        "web-server",
        &["sockets", "-a", "--names", "--netstat-width"],
    ));
    for target in [
        ":8080",
        ":80",
        "13981",
        "22",
        "/run/postgresql/.s.PGSQL.5433",
        "@nope",
    ] {
        runs.push(in_tree("web-server", &["who", target]));
    }
    let wrong = english_in(&runs);
    assert!(
        wrong.is_empty(),
        "English under --lang ko:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn explain_speaks_korean_for_every_fixture_output() {
    let mut files: Vec<_> = std::fs::read_dir(repo("fixtures/outputs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let runs: Vec<_> = files
        .iter()
        .map(|f| {
            let input = std::fs::read_to_string(f).unwrap();
            (vec!["explain".to_string(), f.display().to_string()], input)
        })
        .collect();
    let wrong = english_in(&runs);
    assert!(
        wrong.is_empty(),
        "English under --lang ko:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn glossary_speaks_korean() {
    let mut runs = vec![run(&["glossary"])];
    for term in [
        "TIME_WAIT",
        "RefCnt",
        "참조 카운트",
        "cwnd",
        "no-such-term",
        "ESTAB",
    ] {
        runs.push(run(&["glossary", term]));
    }
    let wrong = english_in(&runs);
    assert!(
        wrong.is_empty(),
        "English under --lang ko:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn help_and_usage_errors_speak_korean() {
    let mut runs = vec![run(&["--help"]), run(&["help"]), run(&[])];
    for command in [
        "sockets",
        "capture",
        "who",
        "unix",
        "watch",
        "glossary",
        "completions",
        "man",
        "explain",
        "loadgen",
        "learn",
        "lessons",
        "check-lessons",
    ] {
        runs.push(run(&[command, "--help"]));
        runs.push(run(&["help", command]));
    }
    for bad in [
        "bogus",
        "sockets --bogus",
        "sockets --port abc",
        "sockets --port 70000",
        "sockets --state BOGUS",
        "--color bogus sockets",
        "sockets --json --by-process",
        "who",
        "watch --count 0",
        "watch --interval 1ns",
        "watch --interval soon",
        "explain --format nope",
        "sockt",
        "learn --step x",
    ] {
        runs.push(run(&bad.split(' ').collect::<Vec<_>>()));
    }
    runs.push(run(&["glossary", ""]));
    let wrong = english_in(&runs);
    assert!(
        wrong.is_empty(),
        "English under --lang ko:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn errors_a_user_causes_speak_korean() {
    let full = TempDir::new("korean-capture");
    std::fs::write(full.join("x"), "").unwrap();
    let full = full.path().to_str().unwrap().to_string();
    let runs = vec![
        run(&["--proc-root", "/nonexistent/socklab", "sockets"]),
        run(&["explain", "/nonexistent/socklab"]),
        run(&["capture", &full]),
        run(&["--lessons-dir", "/nonexistent/socklab", "lessons"]),
        run(&["check-lessons", "/nonexistent/socklab"]),
        run(&["learn", "nope"]),
    ];
    let wrong = english_in(&runs);
    assert!(
        wrong.is_empty(),
        "English under --lang ko:\n{}",
        wrong.join("\n")
    );
}

/// A lesson of socklab's own for the runner's words (`built_in_lessons_speak_korean`
/// checks the built-in lessons).
const LESSON: &str = r#"+++
id = "walk"
title = "걷기"
summary = "실행기의 말을 보는 짧은 강의입니다."
order = 1
+++

소개입니다.

## 첫째 단계

```socklab
sockets -tln
```

```demo
open = ["listener"]
```

```quiz
question = "어느 것입니까?"
choices = ["하나", "둘"]
answer = 2
explain = "둘입니다."
```

## 둘째 단계

```lab
expect = "listening"
port = 1
proto = "tcp"
hint = "서버를 띄우십시오."
success = "찾았습니다."
```
"#;

#[test]
fn the_lesson_runner_speaks_korean() {
    let dir = TempDir::new("korean-lesson");
    std::fs::write(dir.join("walk.md"), LESSON).unwrap();
    let lessons = dir.path().to_str().unwrap().to_string();
    let mut runs = Vec::new();
    for args in [
        vec!["learn", "walk", "--plain"],
        vec!["lessons"],
        vec!["learn", "walk", "--step", "9"],
    ] {
        let mut all = vec!["--lessons-dir", lessons.as_str()];
        all.extend(args);
        let (args, _) = in_tree("web-server", &all);
        runs.push((args, LESSON.to_string()));
    }
    runs.push(run(&[
        "check-lessons",
        repo("lessons/en").to_str().unwrap(),
    ]));
    let wrong = english_in(&runs);
    assert!(
        wrong.is_empty(),
        "English under --lang ko:\n{}",
        wrong.join("\n")
    );
}

/// The lines of a lesson's `sh` and `text` blocks and of its quiz excerpts: what a
/// learner types or sees in a terminal, kept as it is (`lessons/TRANSLATING.md`).
fn typed_blocks(lesson: &str) -> String {
    let mut kept = String::new();
    let mut inside = false;
    let mut quiz = false;
    for line in lesson.lines() {
        if line.starts_with("```") {
            inside = line == "```sh" || line == "```text";
            quiz = line == "```quiz";
            continue;
        }
        if quiz && line.starts_with("excerpt = \"\"\"") {
            inside = true;
            continue;
        }
        if quiz && inside && line == "\"\"\"" {
            inside = false;
            continue;
        }
        if inside {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    kept
}

#[test]
fn typed_blocks_are_the_terminal_lines() {
    let lesson = "글입니다.\n```sh\nls -l\n```\n```quiz\nexcerpt = \"\"\"\n\
                  lrwx------ 1 root root 64 Nov 29 08:14 3 -> socket:[1]\n\"\"\"\n\
                  question = \"무엇입니까?\"\n```\n";
    assert_eq!(
        typed_blocks(lesson),
        "ls -l\nlrwx------ 1 root root 64 Nov 29 08:14 3 -> socket:[1]\n"
    );
}

/// `learn --plain` and `lessons` on the built-in lessons: no English word in `lessons/ko`
/// outside the lines a learner types or sees in a terminal.
#[test]
fn built_in_lessons_speak_korean() {
    let ids = [
        "netstat-basics",
        "inet-vs-unix",
        "who-owns-a-port",
        "run-vs-abstract",
        "tcp-states",
        "reading-names",
        "busy-server",
    ];
    let mut runs = vec![run(&["lessons"])];
    for id in ids {
        let (args, _) = in_tree("web-server", &["learn", id, "--plain"]);
        let lesson = std::fs::read_to_string(repo(&format!("lessons/ko/{id}.md"))).unwrap();
        runs.push((args, typed_blocks(&lesson)));
    }
    let wrong = english_in(&runs);
    assert!(
        wrong.is_empty(),
        "English under --lang ko:\n{}\n({} in all)",
        wrong.join("\n"),
        wrong.len()
    );
}
