//! The interactive runner in Korean, in a real pseudo-terminal only 40 columns wide: the
//! step heading, the prompt and its menu items, the quiz verdict and the goodbye are Korean,
//! the menu still works by position, and every line of Korean prose termimad wrapped fits
//! in the 40 columns (Hangul counts two).

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use expectrl::session::OsSession as Session;
use expectrl::{ControlCode, Eof, Expect};
use unicode_width::UnicodeWidthStr;

const DOWN: &str = "\x1b[B";
const COLUMNS: usize = 40;

fn spawn(tmp: &Path, socklab_args: &str) -> Session {
    let script = format!(
        "stty cols {COLUMNS} rows 40; \"$SOCKLAB\" --color never {socklab_args}; echo \"EXIT=$?\""
    );
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(script)
        .env("SOCKLAB", env!("CARGO_BIN_EXE_socklab"))
        .env("XDG_STATE_HOME", tmp.join("state"))
        .env("HOME", tmp.join("home"))
        .env("TERM", "xterm")
        .env("LANG", "ko_KR.UTF-8")
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env_remove("LINES")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    let mut session = Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session
}

/// Terminal text without escape sequences (cursor moves, erase) and carriage returns.
fn strip_escapes(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => {
                if chars.peek() == Some(&'[') {
                    chars.next();
                    for d in chars.by_ref() {
                        if ('@'..='~').contains(&d) {
                            break;
                        }
                    }
                } else {
                    chars.next();
                }
            }
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[test]
fn korean_runner_in_a_40_column_terminal() {
    let tmp = common::temp_dir("pty-korean");
    let mut p = spawn(&tmp, "learn netstat-basics");
    let mut seen = String::new();
    let mut expect = |p: &mut Session, text: &str| {
        let found = p
            .expect(text)
            .unwrap_or_else(|e| panic!("{text:?}: {e}\n{seen}"));
        seen.push_str(&strip_escapes(found.before()));
        seen.push_str(text);
    };
    expect(&mut p, "1/6단계: 숫자는 어디서 오는가");
    expect(&mut p, "다음에 무엇을 할까요?");
    expect(&mut p, "다시 실행");
    p.send("\r").unwrap();
    expect(&mut p, "2/6단계: 두 부분");
    expect(&mut p, "netstat -t`를 실행하면");
    p.send(DOWN).unwrap();
    p.send("\r").unwrap();
    expect(&mut p, "맞았습니다.");
    expect(&mut p, "다음에 무엇을 할까요?");
    p.send(ControlCode::EndOfText).unwrap();
    expect(&mut p, "진도를 저장했습니다.");
    expect(&mut p, "EXIT=0");
    let _ = p.expect(Eof);
    assert!(
        seen.contains("이어서 하려면:") && seen.contains("socklab learn netstat-basics"),
        "{seen}"
    );

    let prose: Vec<&str> = seen
        .lines()
        .filter(|l| l.contains("커널은 소켓 종류마다") || l.contains("주소와 포트"))
        .collect();
    assert!(
        !prose.is_empty(),
        "the first step's prose was shown:\n{seen}"
    );
    let hangul_lines: Vec<&str> = seen
        .lines()
        .filter(|l| l.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)))
        .collect();
    assert!(hangul_lines.len() > 20, "{seen}");
    for line in hangul_lines {
        assert!(
            line.width() <= COLUMNS,
            "{} columns > {COLUMNS}: {line:?}",
            line.width()
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
