//! Lesson CLI tests: the built-in lessons pass `check-lessons`; every `socklab` block of
//! every lesson runs in `--plain` mode against the live machine and against a fixture tree
//! captured while this test held a real listener; `check-lessons` reports every problem
//! with file:line; `sh` blocks are never run; labs are checked once in plain mode. What
//! happens to an unreadable progress file is in `lesson_hardening`.

use std::net::{Ipv4Addr, TcpListener};
use std::path::Path;

use crate::harness::{Output, Socklab, TempDir, inode_of, repo, socklab};

/// In their order: each uses only what the ones before it taught.
const LESSONS: [&str; 7] = [
    "netstat-basics",
    "reading-names",
    "tcp-states",
    "who-owns-a-port",
    "inet-vs-unix",
    "run-vs-abstract",
    "busy-server",
];

/// `socklab ARGS` with progress kept under `home` from one run to the next.
fn socklab_in(home: &TempDir, args: &[&str]) -> Output {
    Socklab::new().args(args).home(home).run()
}

fn write_lesson(dir: &Path, name: &str, id: &str, order: u32, body: &str) {
    let text = format!(
        "+++\nid = \"{id}\"\ntitle = \"T {id}\"\nsummary = \"s\"\norder = {order}\n+++\n{body}"
    );
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn built_in_lessons_pass_check_lessons() {
    let out = socklab(["check-lessons", repo("lessons/en").to_str().unwrap()]);
    assert_eq!(out.code(), Some(0), "{}{}", out.stdout(), out.stderr());
    assert!(
        out.stdout().starts_with("ok: 7 lessons"),
        "{}",
        out.stdout()
    );
}

#[test]
fn every_lesson_runs_plain_against_the_live_machine() {
    let tmp = TempDir::new("plain-live");
    for id in LESSONS {
        let out = socklab_in(&tmp, &["learn", id, "--plain"]);
        let text = out.stdout();
        assert_eq!(out.code(), Some(0), "{id}: {}\n{text}", out.stderr());
        assert!(text.contains("$ socklab "), "{id} ran no socklab block");
        assert!(
            !text.contains("(not run:"),
            "{id}: a block was skipped on the live machine"
        );
        assert!(
            text.contains("Recap and try this next"),
            "{id} has no recap"
        );
        assert!(
            text.contains("---- spoiler: the answer follows ----"),
            "{id} has no quiz"
        );
    }
    // Plain mode writes no progress.
    assert!(!tmp.join("state/socklab/progress.json").exists());
    // Nor does it need a home directory to keep progress in.
    let out = Socklab::new()
        .args(["learn", "reading-names", "--plain"])
        .no_home()
        .run();
    assert_eq!(out.code(), Some(0), "{}", out.stderr());
}

#[test]
fn every_lesson_runs_plain_against_a_fixture_tree() {
    let tmp = TempDir::new("plain-fixture");
    let fixture = tmp.join("tree");
    // A real listener, captured, then closed: the lessons must show it from the tree.
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let out = socklab(["capture", fixture.to_str().unwrap()]);
    assert_eq!(out.code(), Some(0), "{}", out.stderr());
    drop(listener);
    for id in LESSONS {
        let out = socklab_in(
            &tmp,
            &[
                "--proc-root",
                fixture.to_str().unwrap(),
                "learn",
                id,
                "--plain",
            ],
        );
        let text = out.stdout();
        assert_eq!(out.code(), Some(0), "{id}: {}\n{text}", out.stderr());
        assert!(text.contains("$ socklab "), "{id} ran no socklab block");
        if id == "netstat-basics" {
            let row = format!("127.0.0.1:{port} ");
            assert!(
                text.contains(&row),
                "the captured listener {row} is missing:\n{text}"
            );
        }
        if text.contains("```demo") {
            panic!("{id}: a directive block leaked into the output");
        }
    }
}

#[test]
fn every_lesson_runs_plain_on_the_web_server_fixture_in_both_languages() {
    let tmp = TempDir::new("plain-web");
    let root = repo("fixtures/proc/web-server");
    for lang in ["en", "ko"] {
        for id in LESSONS {
            let args = [
                "--lang",
                lang,
                "--proc-root",
                root.to_str().unwrap(),
                "learn",
                id,
                "--plain",
            ];
            let out = socklab_in(&tmp, &args);
            let text = out.stdout();
            assert_eq!(out.code(), Some(0), "{lang} {id}: {}\n{text}", out.stderr());
            let recap = if lang == "en" {
                "Try this next"
            } else {
                "다음에 해 볼 것"
            };
            assert!(text.contains(recap), "{lang} {id}: no try-this-next");
        }
    }
}

/// Each lesson's "try this next" leads to the next lesson in the order, the last one to
/// the learner's own table: the order is one path.
#[test]
fn each_lesson_sends_the_learner_to_the_next() {
    for lang in ["en", "ko"] {
        for (i, id) in LESSONS.iter().enumerate() {
            let text = std::fs::read_to_string(repo(&format!("lessons/{lang}/{id}.md"))).unwrap();
            let last = &text[text.rfind("\n## ").unwrap()..];
            match LESSONS.get(i + 1) {
                Some(next) => assert!(
                    last.contains(&format!("socklab learn {next}")),
                    "{lang}/{id} should end by pointing at {next}"
                ),
                None => assert!(!last.contains("socklab learn"), "{lang}/{id} is the last"),
            }
        }
    }
}

#[test]
fn plain_is_automatic_when_stdout_is_not_a_terminal() {
    let tmp = TempDir::new("auto-plain");
    let out = socklab_in(&tmp, &["learn", "reading-names"]);
    assert_eq!(out.code(), Some(0), "{}", out.stderr());
    assert!(out.stdout().contains("## Step 1/"));
    assert!(
        out.stdout()
            .contains("---- spoiler: the answer follows ----")
    );
}

#[test]
fn check_lessons_prints_every_problem_with_file_and_line() {
    let tmp = TempDir::new("check-bad");
    write_lesson(
        tmp.path(),
        "a.md",
        "dup",
        1,
        "## One\n```socklab\nsockets --bogus\n```\n```quiz\nquestion = \"q\"\nchoices = [\"a\", \"b\"]\nanswer = 3\nexplain = \"e\"\n```\n",
    );
    write_lesson(
        tmp.path(),
        "b.md",
        "dup",
        2,
        "## One\n```lab\nexpect = \"listening\"\nhint = \"h\"\nsuccess = \"s\"\n```\n```socklab\ncapture /tmp/x\n```\n",
    );
    std::fs::write(tmp.join("c.md"), "no front matter\n").unwrap();
    let out = socklab(["check-lessons", tmp.path().to_str().unwrap()]);
    assert_eq!(out.code(), Some(2));
    let text = out.stdout();
    let a = tmp.join("a.md").display().to_string();
    let b = tmp.join("b.md").display().to_string();
    let c = tmp.join("c.md").display().to_string();
    for (prefix, needle) in [
        (format!("{a}:9: "), "--bogus"),
        (format!("{a}:11: "), "answer"),
        (format!("{b}:8: "), "needs `port`"),
        (format!("{b}:14: "), "cannot run inside a lesson"),
        (format!("{b}:2: "), "id `dup` is also used"),
        (format!("{c}:1: "), "front matter"),
    ] {
        assert!(
            text.lines()
                .any(|l| l.starts_with(&prefix) && l.contains(needle)),
            "no `{prefix}…{needle}` in:\n{text}"
        );
    }
    let err = out.stderr();
    assert_eq!(err.lines().count(), 1, "one line on stderr: {err}");
    assert!(err.contains("6 problem(s)"), "{err}");
}

#[test]
fn a_sh_block_is_shown_and_never_run() {
    let tmp = TempDir::new("sh-block");
    let lessons = tmp.join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    let marker = tmp.join("ran");
    let body = format!(
        "## Careful\nDo not run this:\n```sh\ntouch {m}\n```\n```bash\ntouch {m}\n```\n```\ntouch {m}\n```\n```socklab\nsockets -tln\n```\n",
        m = marker.display()
    );
    write_lesson(&lessons, "x.md", "x", 1, &body);
    let out = socklab_in(
        &tmp,
        &[
            "--lessons-dir",
            lessons.to_str().unwrap(),
            "learn",
            "x",
            "--plain",
        ],
    );
    assert_eq!(out.code(), Some(0), "{}", out.stderr());
    let text = out.stdout();
    assert_eq!(
        text.matches(&format!("touch {}", marker.display())).count(),
        3,
        "{text}"
    );
    assert!(
        text.contains("$ socklab sockets -tln"),
        "the socklab block must run: {text}"
    );
    assert!(!marker.exists(), "a sh block was executed");
}

#[test]
fn plain_mode_checks_a_lab_once_and_reports() {
    let tmp = TempDir::new("lab-plain");
    let lessons = tmp.join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let body = format!(
        "## Listen\n```lab\nexpect = \"listening\"\nport = {port}\nhint = \"start it\"\nsuccess = \"well done\"\n```\n"
    );
    write_lesson(&lessons, "x.md", "x", 1, &body);
    let dir = lessons.to_str().unwrap();
    let out = socklab_in(&tmp, &["--lessons-dir", dir, "learn", "x", "--plain"]);
    let text = out.stdout();
    assert!(
        text.contains(&format!("Lab: found: tcp 127.0.0.1:{port} ")),
        "{text}"
    );
    assert!(text.contains("well done"));
    // `owner` matches netstat's program name (the basename of argv[0]): this test binary.
    let me = std::env::current_exe().unwrap();
    let me = me.file_name().unwrap().to_str().unwrap();
    for (owner, found) in [(me, true), ("no-such-program", false)] {
        let body = format!(
            "## Listen\n```lab\nexpect = \"listening\"\nport = {port}\nowner = \"{owner}\"\nhint = \"h\"\nsuccess = \"owned\"\n```\n"
        );
        write_lesson(&lessons, "x.md", "x", 1, &body);
        let text = socklab_in(&tmp, &["--lessons-dir", dir, "learn", "x", "--plain"]).stdout();
        let pid = format!("pid {}", std::process::id());
        if found {
            assert!(
                text.contains("Lab: found:") && text.contains(&pid),
                "{text}"
            );
        } else {
            assert!(
                text.contains("but not owned by no-such-program") && text.contains(&pid),
                "{text}"
            );
        }
    }
    drop(listener);
    write_lesson(&lessons, "x.md", "x", 1, &body);
    let out = socklab_in(&tmp, &["--lessons-dir", dir, "learn", "x", "--plain"]);
    let text = out.stdout();
    assert_eq!(out.code(), Some(0));
    assert!(
        text.contains(&format!(
            "Lab: not yet: no socket listening on tcp port {port}"
        )),
        "{text}"
    );
    assert!(text.contains("Hint: start it"));
}

#[test]
fn lessons_json_reports_progress_and_reset_clears_it() {
    let tmp = TempDir::new("lessons-json");
    let dir = tmp.join("state/socklab");
    std::fs::create_dir_all(&dir).unwrap();
    let saved = r#"{"lessons": {"tcp-states": {"completed_steps": [1, 2], "quizzes": {"3.1": {"chosen": 3, "correct": true}}, "labs_passed": [], "current_step": 3}}}"#;
    std::fs::write(dir.join("progress.json"), saved).unwrap();
    let out = socklab_in(&tmp, &["lessons", "--json"]);
    assert_eq!(out.code(), Some(0), "{}", out.stderr());
    let records = out.json_lines();
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, LESSONS);
    let tcp = &records[2];
    assert_eq!(tcp["completed_steps"], serde_json::json!([1, 2]));
    assert_eq!(tcp["quizzes_correct"], 1);
    assert_eq!(tcp["current_step"], 3);
    assert_eq!(tcp["done"], false);
    assert_eq!(records[0]["completed_steps"], serde_json::json!([]));

    let out = socklab_in(
        &tmp,
        &["learn", "tcp-states", "--plain", "--reset", "--step", "9"],
    );
    assert_eq!(out.code(), Some(0), "{}", out.stderr());
    assert!(out.stdout().starts_with("# TCP states"));
    assert!(out.stdout().contains("## Step 9/9"));
    assert!(
        !out.stdout().contains("## Step 8/9"),
        "--step 9 starts at step 9"
    );
    let out = socklab_in(&tmp, &["lessons", "--json"]);
    assert_eq!(
        out.json_lines()[2]["completed_steps"],
        serde_json::json!([])
    );
}

#[test]
fn bad_lesson_or_step_is_a_one_line_usage_error() {
    let tmp = TempDir::new("bad-usage");
    for args in [
        vec!["learn", "no-such-lesson", "--plain"],
        vec!["learn", "netstat-basics", "--plain", "--step", "99"],
        vec!["learn", "--plain"],
        vec!["--lessons-dir", "/nonexistent/socklab", "lessons"],
    ] {
        let out = socklab_in(&tmp, &args);
        assert_eq!(out.code(), Some(2), "{args:?}");
        assert_eq!(
            out.stderr().lines().count(),
            1,
            "{args:?}: {}",
            out.stderr()
        );
    }
}

/// What the run-vs-abstract lesson (and the glossary's "unnamed") says: the accepted
/// server end of a path socket carries the listener's path; the client end that never
/// called bind() is unnamed.
#[test]
fn accepted_end_shows_the_path_and_the_client_end_is_unnamed() {
    use std::os::unix::net::{UnixListener, UnixStream};
    let tmp = TempDir::new("unnamed");
    let path = tmp.join("srv.sock");
    let listener = UnixListener::bind(&path).unwrap();
    let client = UnixStream::connect(&path).unwrap();
    let (server, _) = listener.accept().unwrap();
    let out = socklab(["sockets", "-xa", "--json"]);
    let rows = out.json_lines();
    let row = |inode: u64| {
        rows.iter()
            .find(|r| r["inode"] == inode)
            .unwrap_or_else(|| panic!("inode {inode} not listed"))
            .clone()
    };
    let (c, s) = (row(inode_of(&client)), row(inode_of(&server)));
    assert_eq!(c["path_kind"], "unnamed", "{c}");
    assert_eq!(s["path"], path.display().to_string(), "{s}");
    assert_eq!(s["path_kind"], "filesystem");
}
