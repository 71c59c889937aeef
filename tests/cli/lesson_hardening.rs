//! Issue 12 in the lesson engine, through the built binary. Progress under concurrent runs
//! and hostile files (item 5): nothing lost, nothing moved by reading, every unreadable
//! file kept, no symlink followed, a newer version's fields kept. A signal ending
//! interactive `learn` (item 6) restores the terminal, saves progress and exits 128+signal.
//! What a lesson folder may ask is capped (item 9), and several lifecycle demos each show
//! their own port. Ctrl-C exits 130; the lesson menu cuts a line after a whole word (11).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use expectrl::Expect;
use serde_json::{Value, json};

use crate::harness::pty::{self, assert_exit_and_terminal_restored, socklab_pid, strip_escapes};
use crate::harness::{Socklab, TempDir};

fn progress_file(home: &TempDir) -> PathBuf {
    home.join("state/socklab/progress.json")
}

fn progress(home: &TempDir) -> Value {
    let text = std::fs::read_to_string(progress_file(home)).expect("progress saved");
    serde_json::from_str(&text).expect("progress is whole JSON")
}

/// The names in the progress directory.
fn state_files(home: &TempDir) -> BTreeSet<String> {
    std::fs::read_dir(home.join("state/socklab"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// A folder of prose-only lessons `ids` (each `steps` steps long): quick to run plain.
fn prose_lessons(dir: &TempDir, ids: &[&str], steps: usize) -> PathBuf {
    let lessons = dir.join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    for (order, id) in ids.iter().enumerate() {
        let mut text = format!(
            "+++\nid = \"{id}\"\ntitle = \"Lesson {id}\"\nsummary = \"s\"\norder = {order}\n+++\n"
        );
        for n in 1..=steps {
            text.push_str(&format!("## Step {n} of {id}\nText {n}.\n"));
        }
        std::fs::write(lessons.join(format!("{id}.md")), text).unwrap();
    }
    lessons
}

fn learn_plain_reset(home: &TempDir, lessons: &Path, id: &str) -> crate::harness::Output {
    Socklab::new()
        .home(home)
        .args(["--lessons-dir".as_ref(), lessons.as_os_str()])
        .args(["learn", id, "--plain", "--reset"])
        .run()
}

/// `learn ID --plain --reset`, `runs` times in a row, each without a warning; the count.
fn reset_again_and_again(home: &TempDir, lessons: &Path, id: &str, runs: usize) -> usize {
    for _ in 0..runs {
        let out = learn_plain_reset(home, lessons, id);
        assert_eq!(out.code(), Some(0), "{}", out.stderr());
        assert_eq!(
            out.stderr().trim(),
            format!("socklab: progress of `{id}` reset"),
            "no warning, no unreadable file"
        );
    }
    runs
}

#[test]
fn concurrent_learn_runs_lose_no_progress_and_move_no_file() {
    const RUNS: usize = 30;
    let home = TempDir::new("concurrent-learn");
    let lessons = prose_lessons(&home, &["walk", "a", "b", "c"], 6);
    std::fs::create_dir_all(home.join("state/socklab")).unwrap();
    let seeded = json!({"version": 9, "lessons": {"kept": {"completed_steps": [1, 2],
        "current_step": 3, "from_the_future": true}}});
    std::fs::write(progress_file(&home), seeded.to_string()).unwrap();

    // A learner walks `walk` in a terminal, saving at every step, while three plain runs
    // reset lessons a, b and c over and over.
    let lessons_arg = lessons.to_string_lossy().into_owned();
    let mut learner = pty::spawn(
        &home,
        (100, 40),
        "C.UTF-8",
        &["--lessons-dir", &lessons_arg, "learn", "walk"],
    );
    let plain_runs = std::thread::scope(|scope| {
        let runners: Vec<_> = ["a", "b", "c"]
            .map(|id| scope.spawn(|| reset_again_and_again(&home, &lessons, id, RUNS)))
            .into_iter()
            .collect();
        for n in 1..=6 {
            learner
                .expect(format!("Step {n}/6: Step {n} of walk").as_str())
                .unwrap();
            learner.expect("What next?").unwrap();
            learner.send("\r").unwrap();
        }
        runners
            .into_iter()
            .map(|r| r.join().unwrap())
            .sum::<usize>()
    });
    learner.expect("Lesson complete").unwrap();
    pty::assert_terminal_restored(&mut learner);
    eprintln!("{plain_runs} plain runs beside one interactive walk of 6 steps");

    let saved = progress(&home);
    assert_eq!(
        saved["lessons"]["walk"]["completed_steps"],
        json!([1, 2, 3, 4, 5, 6])
    );
    assert_eq!(saved["lessons"]["kept"]["completed_steps"], json!([1, 2]));
    assert_eq!(saved["lessons"]["kept"]["from_the_future"], true);
    assert_eq!(saved["version"], 9);
    for id in ["a", "b", "c"] {
        assert!(saved["lessons"].get(id).is_none(), "{id} was reset last");
    }
    let files = ["progress.json", "progress.json.lock"].map(String::from);
    assert_eq!(
        state_files(&home),
        BTreeSet::from(files),
        "no .bak, no temp file"
    );
}

#[test]
fn reading_progress_never_moves_it_and_each_unreadable_file_keeps_its_own_bak() {
    let home = TempDir::new("corrupt");
    std::fs::create_dir_all(home.join("state/socklab")).unwrap();
    let file = progress_file(&home);
    std::fs::write(&file, "{ this is not json").unwrap();
    let list = || Socklab::new().home(&home).args(["lessons"]).run();

    for _ in 0..2 {
        let out = list();
        assert_eq!(out.code(), Some(0), "{}", out.stderr());
        assert!(out.stderr().contains("warning") && out.stderr().contains("left as it is"));
        assert!(out.stdout().contains("[0/8 steps]"), "{}", out.stdout());
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "{ this is not json"
        );
        assert_eq!(
            state_files(&home),
            BTreeSet::from(["progress.json".to_string()])
        );
    }

    let reset = || {
        Socklab::new()
            .home(&home)
            .args(["learn", "tcp-states", "--plain", "--reset", "--step", "7"])
            .run()
    };
    let out = reset();
    assert_eq!(out.code(), Some(0), "{}", out.stderr());
    assert!(out.stderr().contains("kept it as") && out.stderr().contains("progress.json.bak"));
    std::fs::write(&file, "second corruption").unwrap();
    let out = reset();
    assert!(
        out.stderr().contains("progress.json.bak.1"),
        "{}",
        out.stderr()
    );
    let bak = |name: &str| std::fs::read_to_string(home.join("state/socklab").join(name));
    assert_eq!(bak("progress.json.bak").unwrap(), "{ this is not json");
    assert_eq!(bak("progress.json.bak.1").unwrap(), "second corruption");
    assert_eq!(list().stderr(), "", "a fresh file reads without a warning");
}

#[test]
fn a_symlink_at_the_old_temporary_name_is_not_followed() {
    let home = TempDir::new("symlink");
    let dir = home.join("state/socklab");
    std::fs::create_dir_all(&dir).unwrap();
    let victim = home.join("victim");
    std::fs::write(&victim, "precious").unwrap();
    std::os::unix::fs::symlink(&victim, dir.join("progress.json.tmp")).unwrap();
    let out = Socklab::new()
        .home(&home)
        .args(["learn", "tcp-states", "--plain", "--reset", "--step", "7"])
        .run();
    assert_eq!(out.code(), Some(0), "{}", out.stderr());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    let meta = std::fs::symlink_metadata(progress_file(&home)).unwrap();
    assert!(meta.is_file(), "progress.json is a file of its own");
}

// ---- item 9: what a lesson folder may ask ----

#[test]
fn check_lessons_reports_too_many_demo_sockets_and_too_long_a_lab() {
    let dir = TempDir::new("caps");
    let listeners = ["\"listener\""; 9].join(", ");
    let text = format!(
        "+++\nid = \"greedy\"\ntitle = \"Greedy\"\nsummary = \"s\"\norder = 1\n+++\n## One\n\
         ```demo\nopen = [{listeners}]\n```\n\
         ```lab\nexpect = \"listening\"\nport = 8000\nhint = \"h\"\nsuccess = \"s\"\ntimeout = 86400\n```\n"
    );
    std::fs::write(dir.join("greedy.md"), text).unwrap();
    let out = crate::harness::socklab(["check-lessons".as_ref(), dir.path().as_os_str()]);
    assert_eq!(out.code(), Some(2));
    let text = out.stdout();
    assert!(
        text.contains("greedy.md:8: demo: `open` lists 9 sockets; a step opens at most 8"),
        "{text}"
    );
    assert!(
        text.contains("greedy.md:11: lab: `timeout` is 86400 seconds; a lab waits at most 1800"),
        "{text}"
    );
    // Nor does learn run it.
    let out = crate::harness::socklab([
        "--lessons-dir".as_ref(),
        dir.path().as_os_str(),
        "learn".as_ref(),
        "greedy".as_ref(),
        "--plain".as_ref(),
    ]);
    assert_eq!(out.code(), Some(2));
    assert!(out.stderr().contains("lists 9 sockets"), "{}", out.stderr());
}

/// The literal parts of the English `lesson_*` messages (what is between placeholders),
/// long enough to be a sentence's words rather than punctuation.
fn english_lesson_fragments() -> Vec<String> {
    let en: toml::Table = std::fs::read_to_string(crate::harness::repo("lessons/messages/en.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let mut fragments = Vec::new();
    for (key, template) in en["message"].as_table().unwrap() {
        if !key.starts_with("lesson_") || key == "lesson_complete" {
            continue;
        }
        let mut rest = template.as_str().unwrap();
        while !rest.is_empty() {
            let (literal, after) = rest.split_once('{').unwrap_or((rest, ""));
            if literal.trim().len() >= 8 {
                fragments.push(literal.trim().to_string());
            }
            rest = after.split_once('}').map_or("", |(_, r)| r);
        }
    }
    fragments
}

#[test]
fn check_lessons_in_korean_says_every_problem_in_korean() {
    let dir = TempDir::new("korean-problems");
    let listeners = ["\"listener\""; 9].join(", ");
    let text = format!(
        "+++\nid = \"greedy\"\ntitle = \"Greedy\"\nsummary = \"s\"\norder = 1\n+++\n## One\n\
         ```demo\nopen = [{listeners}]\n```\n\
         ```lab\nexpect = \"listening\"\nport = 8000\nhint = \"h\"\nsuccess = \"s\"\ntimeout = 86400\n```\n\
         ```quiz\nquestion = \"q\"\nchoices = [\"a\", \"b\", \"c\"]\nanswer = 2\nexplain = \"e\"\nwhy = [\"\", \"\", \"z\"]\n```\n\
         ```socklab\nwatch\n```\n\
         ```labs\nx\n```\n"
    );
    std::fs::write(dir.join("greedy.md"), text).unwrap();
    let out = crate::harness::socklab([
        "--lang".as_ref(),
        "ko".as_ref(),
        "check-lessons".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert_eq!(out.code(), Some(2));
    let text = out.stdout();
    for korean in [
        "greedy.md:8: `demo` 블록: `open`에 소켓이 9개 있습니다. 한 단계에서 여는 소켓은 최대 8개입니다",
        "greedy.md:11: `lab` 블록: `timeout`이 86400초입니다. 실습은 최대 1800초까지 기다립니다",
        "`quiz` 블록: `why`의 1번째 문장이 비어 있습니다",
        "`socklab` 블록: `watch`는 강의 안에서 실행할 수 없습니다",
        "`labs`는 알 수 없는 지시어입니다. `lab` 블록을 쓰려던 것입니까?",
    ] {
        assert!(text.contains(korean), "{korean:?} missing from:\n{text}");
    }
    let fragments = english_lesson_fragments();
    assert!(fragments.iter().any(|f| f.contains("a step opens at most")));
    let english: Vec<&String> = fragments
        .iter()
        .filter(|f| text.contains(f.as_str()))
        .collect();
    assert!(
        english.is_empty(),
        "English in --lang ko: {english:?}\n{text}"
    );
    // The same folder in English still says it in English.
    let out = crate::harness::socklab(["check-lessons".as_ref(), dir.path().as_os_str()]);
    assert!(
        out.stdout()
            .contains("`why` entry 1 is empty: say why that choice is wrong"),
        "{}",
        out.stdout()
    );
}

#[test]
fn two_lifecycle_demos_in_one_step_each_show_their_own_port() {
    let dir = TempDir::new("lifecycles");
    let stages = ["\"S\""; 5].join(", ");
    let text = format!(
        "+++\nid = \"twice\"\ntitle = \"Twice\"\nsummary = \"s\"\norder = 1\n+++\n## Both\n\
         ```demo\nopen = [\"tcp_lifecycle\", \"tcp_lifecycle\"]\nstages = [{stages}]\n```\n"
    );
    std::fs::write(dir.join("twice.md"), text).unwrap();
    let out = crate::harness::socklab([
        "--lessons-dir".as_ref(),
        dir.path().as_os_str(),
        "learn".as_ref(),
        "twice".as_ref(),
        "--plain".as_ref(),
    ]);
    assert_eq!(out.code(), Some(0), "{}", out.stderr());
    let ports: Vec<String> = out
        .stdout()
        .lines()
        .filter_map(|l| l.strip_prefix("$ socklab sockets -tan --port "))
        .map(String::from)
        .collect();
    assert_eq!(ports.len(), 10, "five stages each: {}", out.stdout());
    let (first, second) = ports.split_at(5);
    assert!(first.iter().all(|p| *p == first[0]), "{ports:?}");
    assert!(second.iter().all(|p| *p == second[0]), "{ports:?}");
    assert_ne!(first[0], second[0], "each lifecycle its own port");
}

// ---- item 6 and 11: how interactive learn ends ----

/// Where interactive learn is when the signal comes.
#[derive(Clone, Copy, Debug)]
enum Place {
    Quiz,
    LabWait,
    Menu,
}

fn signal_at(signal: rustix::process::Signal, number: i32, place: Place) {
    let home = TempDir::new("signal");
    let lessons = home.join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    let wait = "+++\nid = \"wait\"\ntitle = \"Wait\"\nsummary = \"s\"\norder = 1\n+++\n## Wait\n```lab\nexpect = \"unix_abstract\"\npath = \"socklab-test-never-bound\"\nhint = \"h\"\nsuccess = \"s\"\n```\n";
    std::fs::write(lessons.join("wait.md"), wait).unwrap();
    let lessons_arg = lessons.to_string_lossy().into_owned();
    let (args, ready): (Vec<&str>, &str) = match place {
        Place::Quiz => (
            vec!["learn", "netstat-basics", "--step", "2"],
            "What does `netstat -t` print",
        ),
        Place::LabWait => (
            vec!["--lessons-dir", &lessons_arg, "learn", "wait"],
            "not yet: no abstract UNIX socket",
        ),
        Place::Menu => (vec![], "Which lesson?"),
    };
    let mut p = pty::spawn(&home, (100, 40), "C.UTF-8", &args);
    let pid = socklab_pid(&p);
    p.expect(ready).unwrap();
    rustix::process::kill_process(rustix::process::Pid::from_raw(pid).unwrap(), signal).unwrap();
    assert_exit_and_terminal_restored(&mut p, 128 + number);
    match place {
        Place::Quiz => assert_eq!(
            progress(&home)["lessons"]["netstat-basics"]["current_step"],
            2
        ),
        Place::LabWait => assert_eq!(progress(&home)["lessons"]["wait"]["current_step"], 1),
        // Nothing to save yet; whatever is there is whole.
        Place::Menu => {
            if progress_file(&home).exists() {
                progress(&home);
            }
        }
    }
    let leftovers: Vec<String> = state_files(&home)
        .into_iter()
        .filter(|n| n.ends_with(".tmp") || n.contains(".bak"))
        .collect();
    assert!(leftovers.is_empty(), "{place:?}: {leftovers:?}");
}

#[test]
fn sigterm_sighup_sigint_restore_the_terminal_save_progress_and_exit_128_plus_signal() {
    use rustix::process::Signal;
    let mut cases = 0;
    for (signal, number) in [(Signal::TERM, 15), (Signal::HUP, 1), (Signal::INT, 2)] {
        for place in [Place::Quiz, Place::LabWait, Place::Menu] {
            signal_at(signal, number, place);
            cases += 1;
        }
    }
    eprintln!("{cases} signal cases ended cleanly");
}

#[test]
fn ctrl_c_exits_130_and_quit_exits_0() {
    let home = TempDir::new("ctrl-c");
    // The first prompt of netstat-basics is its first quiz.
    let first_prompt = "How does netstat print it?";
    let mut p = pty::spawn(&home, (100, 40), "C.UTF-8", &["learn", "netstat-basics"]);
    p.expect(first_prompt).unwrap();
    p.send(expectrl::ControlCode::EndOfText).unwrap();
    p.expect("Progress saved").unwrap();
    assert_exit_and_terminal_restored(&mut p, 130);

    let mut p = pty::spawn(&home, (100, 40), "C.UTF-8", &["learn", "netstat-basics"]);
    p.expect(first_prompt).unwrap();
    // Esc leaves the prompt as Quit does.
    p.send("\x1b").unwrap();
    p.expect("Progress saved").unwrap();
    pty::assert_terminal_restored(&mut p);

    let mut p = pty::spawn(&home, (100, 40), "C.UTF-8", &[]);
    p.expect("Which lesson?").unwrap();
    p.send(expectrl::ControlCode::EndOfText).unwrap();
    assert_exit_and_terminal_restored(&mut p, 130);
}

#[test]
fn the_lesson_menu_cuts_a_long_summary_after_a_whole_word() {
    let home = TempDir::new("menu-cut");
    let lessons = home.join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    let summary = "Why a listener shows twice, once for IPv4 and once for IPv6, and what the star in its address means for everyone on your network";
    let text = format!(
        "+++\nid = \"long\"\ntitle = \"Long summary\"\nsummary = \"{summary}\"\norder = 1\n+++\n## One\nText.\n"
    );
    std::fs::write(lessons.join("long.md"), text).unwrap();
    let lessons_arg = lessons.to_string_lossy().into_owned();
    let mut p = pty::spawn(
        &home,
        (100, 40),
        "C.UTF-8",
        &["--lessons-dir", &lessons_arg],
    );
    p.expect("Which lesson?").unwrap();
    let shown = p.expect("[0/1]").unwrap();
    let line = strip_escapes(shown.before());
    let line = line.lines().last().unwrap().to_string() + "[0/1]";
    p.send(expectrl::ControlCode::EndOfText).unwrap();
    assert_exit_and_terminal_restored(&mut p, 130);

    let item = line.trim_start_matches(['>', ' ']);
    assert!(item.chars().count() + 2 <= 100, "{item}");
    let kept = item
        .strip_suffix("  [0/1]")
        .and_then(|t| t.strip_suffix('…'))
        .unwrap_or_else(|| panic!("cut with an ellipsis: {item}"));
    let whole = format!("1. Long summary — {summary}");
    assert!(whole.starts_with(kept), "{kept}");
    assert!(whole[kept.len()..].starts_with(' '), "cut mid-word: {item}");
}
