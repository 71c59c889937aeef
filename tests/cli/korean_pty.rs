//! The interactive runner in Korean, in a real pseudo-terminal only 40 columns wide: the
//! step heading, the prompt and its menu items, the quiz verdict (and for a wrong choice,
//! its reason) and the goodbye are Korean,
//! the menu still works by position, and every line of Korean prose termimad wrapped fits
//! in the 40 columns (Hangul counts two).

use expectrl::ControlCode;
use expectrl::Expect;
use expectrl::session::OsSession as Session;
use unicode_width::UnicodeWidthStr;

use crate::harness::TempDir;
use crate::harness::pty::{assert_exit_and_terminal_restored, spawn, strip_escapes};

const DOWN: &str = "\x1b[B";
const COLUMNS: u16 = 40;

#[test]
fn korean_runner_in_a_40_column_terminal() {
    let home = TempDir::new("pty-ko");
    let mut p = spawn(
        &home,
        (COLUMNS, 40),
        "ko_KR.UTF-8",
        &["learn", "netstat-basics"],
    );
    let mut seen = String::new();
    let mut expect = |p: &mut Session, text: &str| {
        let found = p
            .expect(text)
            .unwrap_or_else(|e| panic!("{text:?}: {e}\n{seen}"));
        seen.push_str(&strip_escapes(found.before()));
        seen.push_str(text);
    };
    expect(&mut p, "1/8단계: 숫자의 출처");
    // The first quiz, answered wrongly: the verdict and the reason for that choice.
    expect(&mut p, "어떻게 출력합니까?");
    p.send(DOWN).unwrap();
    p.send("\r").unwrap();
    expect(&mut p, "아쉽습니다");
    expect(&mut p, "2번이 아닌 이유:");
    expect(&mut p, "다음에 무엇을 하시겠습니까?");
    expect(&mut p, "다시 실행");
    p.send("\r").unwrap();
    expect(&mut p, "2/8단계: 두 항목");
    expect(&mut p, "netstat -t`를 실행하면");
    p.send(DOWN).unwrap();
    p.send("\r").unwrap();
    expect(&mut p, "맞았습니다.");
    expect(&mut p, "다음에 무엇을 하시겠습니까?");
    p.send(ControlCode::EndOfText).unwrap();
    expect(&mut p, "진도를 저장했습니다.");
    // Ctrl-C: 128 + SIGINT.
    seen.push_str(&assert_exit_and_terminal_restored(&mut p, 130));
    assert!(
        seen.contains("이어서 하려면:") && seen.contains("socklab learn netstat-basics"),
        "{seen}"
    );

    let prose: Vec<&str> = seen
        .lines()
        .filter(|l| l.contains("커널은 소켓 테이블을") || l.contains("주소와 포트"))
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
            line.width() <= usize::from(COLUMNS),
            "{} columns > {COLUMNS}: {line:?}",
            line.width()
        );
    }
}
