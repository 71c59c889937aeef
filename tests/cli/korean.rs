//! Korean: explanations from `lessons/glossary/ko.toml`, chosen by `--lang ko` or the
//! locale, and rendered by display width so Hangul (two columns a character) keeps the
//! legend aligned and never spills past the terminal width.

use unicode_width::UnicodeWidthStr;

use crate::harness::{Socklab, repo, socklab};

/// `run`, followed by `--proc-root browser-desktop sockets -a -p --explain`: its stdout.
fn explain_browser(run: Socklab) -> String {
    let root = repo("fixtures/proc/browser-desktop");
    let out = run
        .args([
            "--proc-root",
            root.to_str().unwrap(),
            "sockets",
            "-a",
            "-p",
            "--explain",
        ])
        .run();
    assert!(out.success(), "{}", out.stderr());
    out.stdout()
}

#[test]
fn lang_from_locale_gives_korean_prose() {
    let korean = || Socklab::new().locale("ko_KR.UTF-8").no_columns();
    let text = explain_browser(korean());
    assert!(
        text.contains("받았지만") && text.contains("연결됨"),
        "{text}"
    );
    assert!(
        text.contains("Recv-Q") && text.contains("ESTABLISHED"),
        "tool terms stay as printed"
    );
    insta::assert_snapshot!(text);
    let english = explain_browser(korean().args(["--lang", "en"]));
    assert!(!english.contains("연결됨"), "--lang wins over the locale");
    let lc_all = explain_browser(
        Socklab::new()
            .locale("en_US.UTF-8")
            .env("LC_ALL", "ko_KR.UTF-8")
            .no_columns(),
    );
    assert!(lc_all.contains("연결됨"), "LC_ALL wins over LANG");
}

#[test]
fn korean_annotations_fit_80_and_120_columns_and_stay_aligned() {
    for width in [80, 120] {
        let text = explain_browser(Socklab::new().columns(width).args(["--lang", "ko"]));
        let width = usize::from(width);
        let mut legend_text_columns = Vec::new();
        for line in text.lines() {
            let prose = line.starts_with("  ")
                || line.starts_with("      ↳")
                || line.starts_with("        ");
            if prose {
                assert!(
                    line.width() <= width,
                    "{} columns > {width}: {line}",
                    line.width()
                );
            }
            // A legend line: two spaces, a term padded to 16 columns, a space, the text.
            let is_legend_head = line.starts_with("  ")
                && !line.starts_with("   ")
                && line.chars().nth(2).is_some_and(|c| c.is_ascii_uppercase())
                && line.get(18..19) == Some(" ");
            if is_legend_head {
                legend_text_columns.push(line[..19].width());
            }
        }
        assert!(
            legend_text_columns.len() >= 8,
            "legend lines found: {legend_text_columns:?}"
        );
        assert!(
            legend_text_columns.iter().all(|&c| c == 19),
            "{legend_text_columns:?}"
        );
        let continuation = text
            .lines()
            .filter(|l| l.starts_with(&" ".repeat(19)))
            .count();
        assert!(
            continuation > 0,
            "long Korean text wrapped under itself at {width}"
        );
    }
}

/// `socklab ARGS`, which must succeed; its stdout.
fn run_ok(args: &[&str]) -> String {
    // Whole lines: the phrases checked here are not cut by wrapping.
    let out = Socklab::new().no_columns().args(args).run();
    assert!(out.success(), "{args:?}: {}", out.stderr());
    out.stdout()
}

fn has_hangul(text: &str) -> bool {
    text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// Every fixture output, explained in both languages: the input lines pass through
/// untouched, the same notes are given (the same ids, line by line), every Korean note is
/// Korean, and the closing summary has the same numbers.
#[test]
fn explain_in_korean_gives_the_same_notes_in_korean() {
    let dir = repo("fixtures/outputs");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "{files:?}");
    for file in &files {
        let path = file.to_str().unwrap();
        let json = |lang| socklab(["--lang", lang, "explain", "--json", path]).json_lines();
        let (ko, en) = (json("ko"), json("en"));
        assert_eq!(ko.len(), en.len(), "{path}");
        let mut notes = 0;
        for (k, e) in ko.iter().zip(&en) {
            assert_eq!(
                k["text"], e["text"],
                "{path}: the tool's own lines as printed"
            );
            let ids = |o: &serde_json::Value| -> Vec<String> {
                let notes = o["notes"].as_array().unwrap();
                notes.iter().map(|n| n["id"].to_string()).collect()
            };
            assert_eq!(ids(k), ids(e), "{path}: line {}", k["line"]);
            for note in k["notes"].as_array().unwrap() {
                notes += 1;
                let text = note["text"].as_str().unwrap();
                assert!(has_hangul(text), "{path}: untranslated: {text}");
            }
        }
        assert!(notes > 0, "{path}");
        let summary = |lang, heading: &str| -> Vec<Vec<String>> {
            let text = Socklab::new()
                .no_columns()
                .args(["--lang", lang, "explain", path])
                .run()
                .stdout();
            let after = text.split(heading).nth(1).unwrap_or("").to_string();
            // The numbers of each summary line, in any order (the sentences differ).
            after
                .lines()
                .map(|l| {
                    let mut n: Vec<String> = l
                        .split(|c: char| !c.is_ascii_digit())
                        .filter(|d| !d.is_empty())
                        .map(str::to_string)
                        .collect();
                    n.sort();
                    n
                })
                .collect()
        };
        assert_eq!(
            summary("ko", "── 이 테이블이 말하는 것 ──"),
            summary("en", "── what this table says ──"),
            "{path}"
        );
    }
}

#[test]
fn explain_of_netstat_in_korean() {
    let path = repo("fixtures/outputs/netstat-tanp.txt");
    let text = run_ok(&["--lang", "ko", "explain", path.to_str().unwrap()]);
    for korean in [
        "── 이 테이블이 말하는 것 ──",
        "TCP: TIME_WAIT 14",
        "프로그램별 소켓 수: python3 7",
        "127.0.0.1로 가는 TIME_WAIT 14개",
        "· PID/Program name 열의 '-'는 소유 프로세스를 특정할 수 없다는 뜻입니다",
        "· Linux net-tools의 netstat입니다",
    ] {
        assert!(text.contains(korean), "{korean}:\n{text}");
    }
    assert!(
        text.contains("Proto Recv-Q Send-Q Local Address"),
        "netstat's headings stay as printed"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn explain_of_ss_and_german_netstat_in_korean() {
    let ss = repo("fixtures/outputs/ss-tanpeoim.txt");
    let text = run_ok(&["--lang", "ko", "explain", ss.to_str().unwrap()]);
    assert!(text.contains("· cwnd: 혼잡 윈도(세그먼트 수)"), "{text}");
    assert!(
        text.contains("· skmem:(r,rb,t,tb,f,w,o,bl,d): 소켓 메모리"),
        "{text}"
    );
    let de = repo("fixtures/outputs/netstat-tan.de_DE.txt");
    let text = run_ok(&["--lang", "ko", "explain", de.to_str().unwrap()]);
    assert!(
        text.contains(
            "'VERBUNDEN' 표기는 net-tools의 독일어 번역에서 ESTABLISHED 상태를 부르는 이름입니다"
        ),
        "{text}"
    );
}

#[test]
fn explain_errors_in_korean() {
    let out = socklab(["--lang", "ko", "explain", "/nonexistent/socklab-input"]);
    assert_eq!(out.code(), Some(2));
    let err = out.stderr();
    assert!(
        err.contains("열 수 없습니다") && err.contains("그런 파일이나 디렉터리가 없습니다"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

fn web_server(lang: &str, args: &[&str]) -> String {
    let root = repo("fixtures/proc/web-server");
    let mut all = vec!["--lang", lang, "--proc-root", root.to_str().unwrap()];
    all.extend_from_slice(args);
    run_ok(&all)
}

#[test]
fn who_in_korean_on_the_web_server_tree() {
    let ko = web_server("ko", &["who", ":8080"]);
    let en = web_server("en", &["who", ":8080"]);
    assert!(
        ko.contains("    PID 13982 (nginx), 사용자 root, 파일 디스크립터 3:"),
        "{ko}"
    );
    assert!(en.contains("    pid 13982 (nginx) user root fd 3:"), "{en}");
    let rows = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| !l.starts_with(' '))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(rows(&ko), rows(&en), "netstat rows as printed");
    assert!(rows(&ko).len() >= 6, "{ko}");
    let notes: Vec<&str> = ko.lines().filter(|l| l.contains('↳')).collect();
    assert_eq!(notes.len(), en.lines().filter(|l| l.contains('↳')).count());
    assert!(notes.iter().all(|n| has_hangul(n)), "{notes:?}");
    assert!(
        ko.contains("프로세스 2개(13982, 13983)가 같은 소켓을 소유합니다"),
        "{ko}"
    );

    let pid = web_server("ko", &["who", "13981"]);
    assert!(
        pid.contains("프로세스 13981 (postgres), 사용자 root"),
        "{pid}"
    );
    assert!(pid.contains("3 -> socket:[15650]"), "{pid}");
    assert!(pid.contains("소켓입니다. 숫자는 아이노드로"), "{pid}");

    let out = socklab([
        "--lang",
        "ko",
        "--proc-root",
        repo("fixtures/proc/web-server").to_str().unwrap(),
        "who",
        ":80",
    ]);
    assert_eq!(out.code(), Some(1), "nobody owns port 80 there");
    assert!(
        out.stdout()
            .starts_with("80번 포트: 소유한 프로세스가 없습니다")
    );
}

#[test]
fn unix_explain_in_korean_on_the_web_server_tree() {
    let ko = web_server("ko", &["unix", "--explain"]);
    let en = web_server("en", &["unix", "--explain"]);
    for heading in [
        "소켓 파일: 1개",
        "  /run/postgresql  (ext4, 소켓 1개)",
        "추상 이름(프로그램이 고른 이름): 0개",
        "자동 바인드 이름: 0개",
        "이름 없는 소켓: 0개",
    ] {
        assert!(ko.lines().any(|l| l == heading), "{heading}:\n{ko}");
    }
    assert!(en.lines().any(|l| l == "socket files: 1"), "{en}");
    let row = "    /run/postgresql/.s.PGSQL.5433  STREAM LISTENING inode 15650  13981/postgres";
    assert!(en.lines().any(|l| l == row), "{en}");
    let row = row.replace("inode", "아이노드");
    assert!(ko.lines().any(|l| l == row), "{ko}");
    let notes: Vec<&str> = ko.lines().filter(|l| l.contains('↳')).collect();
    assert_eq!(notes.len(), 9, "{ko}");
    assert!(notes.iter().all(|n| has_hangul(n)), "{notes:?}");
    assert!(ko.contains("ext4 파일 시스템에 있습니다"), "{ko}");
}

#[test]
fn glossary_entry_in_korean() {
    let text = run_ok(&["--lang", "ko", "glossary", "cwnd"]);
    assert!(text.starts_with("cwnd  (ss 자세한 줄의 필드)"), "{text}");
    assert!(text.contains("다른 이름: 혼잡 윈도"), "{text}");
    let en = run_ok(&["--lang", "en", "glossary", "rto"]);
    assert!(!en.contains("다른 이름") && !has_hangul(&en), "{en}");
    // The Korean alias finds the entry.
    let by_alias = run_ok(&["--lang", "ko", "glossary", "혼잡 윈도"]);
    assert!(
        by_alias.starts_with("cwnd  (ss 자세한 줄의 필드)"),
        "{by_alias}"
    );
    // RefCnt by the Korean names a learner types; it says what it is not.
    for name in ["참조 카운트", "레퍼런스 카운트", "RefCnt"] {
        let text = run_ok(&["--lang", "ko", "glossary", name]);
        assert!(text.starts_with("RefCnt  (열)"), "{name}: {text}");
        assert!(
            text.contains("프로세스의 수도, 파일 디스크립터의 수도 아닙니다"),
            "{text}"
        );
    }
    // English spellings still find an entry, but only Korean names are listed.
    let time_wait = run_ok(&["--lang", "ko", "glossary", "time-wait"]);
    assert!(time_wait.starts_with("TIME_WAIT  (상태)"), "{time_wait}");
    assert!(time_wait.contains("커널: TCP_TIME_WAIT"), "{time_wait}");
    assert!(
        !time_wait.contains("kernel") && !time_wait.contains("no owner"),
        "{time_wait}"
    );
}
