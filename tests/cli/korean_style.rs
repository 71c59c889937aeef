//! Korean a Korean networking teacher would hand out (issue 14), held by tests over the
//! Korean text files and what socklab prints under `--lang ko`: one register (합니다체,
//! no 해라체 order or statement, no 해요체), no fill-in particle like 을(를) and no fixed
//! particle glued to a value, and one term per concept (the table in
//! `lessons/TRANSLATING.md`). English words are `korean_english.rs`.
//!
//! The catalogues (`lessons/glossary/ko.toml`, `lessons/messages/ko.toml`) are held to
//! every rule, and so is `lessons/ko` (without the lines it keeps as the terminal shows
//! them: [`lessons_follow_the_whole_style`]).

use std::path::PathBuf;

use crate::harness::{Socklab, repo};

/// The Korean catalogues: every string socklab says or explains, without the comments
/// (for translators; they name what not to write) and table headers (keys).
fn catalogues() -> Vec<(String, String)> {
    ["lessons/glossary/ko.toml", "lessons/messages/ko.toml"]
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(repo(p)).unwrap();
            let kept: Vec<&str> = text
                .lines()
                .filter(|l| !l.starts_with('#') && !l.starts_with('['))
                .collect();
            (p.to_string(), kept.join("\n"))
        })
        .collect()
}

/// The Korean lessons, `lessons/ko/*.md`.
fn lessons() -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo("lessons/ko"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

/// A lesson without what it keeps as the terminal shows it (`lessons/TRANSLATING.md`):
/// `sh`, `text`, `socklab` and `explain` blocks and quiz excerpts.
fn translated(lesson: &str) -> String {
    let mut kept = String::new();
    let mut verbatim = false;
    let mut quiz = false;
    for line in lesson.lines() {
        if line.starts_with("```") {
            verbatim = ["```sh", "```text", "```socklab", "```explain"].contains(&line);
            quiz = line == "```quiz";
            kept.push_str(line);
            kept.push('\n');
            continue;
        } else if quiz && line.starts_with("excerpt = \"\"\"") {
            verbatim = true;
            continue;
        } else if quiz && verbatim && line == "\"\"\"" {
            verbatim = false;
            continue;
        }
        if !verbatim {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    kept
}

fn hangul(c: char) -> bool {
    ('가'..='힣').contains(&c)
}

/// Every run of Hangul syllables with the character after it (`None` at the end).
fn words(text: &str) -> Vec<(String, Option<char>)> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if hangul(c) {
            word.push(c);
        } else if !word.is_empty() {
            out.push((std::mem::take(&mut word), Some(c)));
        }
    }
    if !word.is_empty() {
        out.push((word, None));
    }
    out
}

/// Where a clause ends: punctuation, a closing quote or bracket, a line end.
fn clause_end(next: Option<char>) -> bool {
    next.is_none_or(|c| ".,;:!?)」\"'\n".contains(c))
}

/// 해라체 orders: -하라, -보라, -주라, -라 after a verb stem, -아라/-어라, 마라.
fn orders(text: &str) -> Vec<String> {
    const ENDINGS: [&str; 26] = [
        "하라", "보라", "주라", "쓰라", "두라", "으라", "르라", "우라", "마라", "해라", "어라",
        "아라", "봐라", "줘라", "써라", "둬라", "켜라", "꺼라", "세라", "내라", "가라", "와라",
        "서라", "려라", "춰라", "혀라",
    ];
    // Words that end the same way and order nothing: "A가 아니라 B", "따라", "달라".
    const NOT_ORDERS: [&str; 3] = ["아니라", "따라", "달라"];
    words(text)
        .into_iter()
        .filter(|(w, next)| clause_end(*next) && ENDINGS.iter().any(|e| w.ends_with(e)))
        .filter(|(w, _)| !NOT_ORDERS.iter().any(|n| w.ends_with(n)))
        .map(|(w, _)| w)
        .collect()
}

/// 해라체 statements (-다 where 합니다체 says -니다) and 해요체 (-요, -세요).
fn other_registers(text: &str) -> Vec<String> {
    const HAEYO: [&str; 13] = [
        "세요", "네요", "어요", "아요", "에요", "예요", "해요", "지요", "까요", "래요", "게요",
        "군요", "데요",
    ];
    // Names that end in 다: 하네다 (Haneda), 알란다 (Arlanda), 캐나다.
    const NAMES: [&str; 3] = ["하네다", "알란다", "캐나다"];
    words(text)
        .into_iter()
        .filter(|(w, _)| !NAMES.contains(&w.as_str()))
        .filter(|(w, next)| {
            let plain = w.ends_with('다') && !w.ends_with("니다") && clause_end(*next);
            plain || HAEYO.iter().any(|e| w.ends_with(e))
        })
        .map(|(w, _)| w)
        .collect()
}

/// Fill-in particles, which a reader should never see.
fn fill_in_particles(text: &str) -> Vec<&'static str> {
    const FILL_IN: [&str; 13] = [
        "을(를)", "를(을)", "은(는)", "는(은)", "이(가)", "가(이)", "과(와)", "와(과)", "(으)로",
        "(이)나", "(이)라", "(이)며", "(이)고",
    ];
    FILL_IN.into_iter().filter(|p| text.contains(p)).collect()
}

/// Particles whose form depends on the word before them.
const VARIABLE: [&str; 24] = [
    "을",
    "를",
    "은",
    "는",
    "이",
    "가",
    "과",
    "와",
    "로",
    "으로",
    "이나",
    "나",
    "이라고",
    "라고",
    "이라는",
    "라는",
    "이며",
    "며",
    "이면",
    "면",
    "이랑",
    "랑",
    "아",
    "야",
];

/// A variable particle written after a `{value}` (or its closing quote) in a template,
/// where `{value:을}` or `{:을}` must choose it.
fn glued_particles(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (i, _) in text.match_indices('}') {
        let opened = text[..i].rfind('{').map(|o| &text[o + 1..i]);
        let Some(name) = opened.filter(|n| !n.contains(':') && !n.is_empty()) else {
            continue;
        };
        let after = &text[i + 1..];
        let after = after.strip_prefix(['\'', '`', '"']).unwrap_or(after);
        let run: String = after.chars().take_while(|c| hangul(*c)).collect();
        if VARIABLE.contains(&run.as_str()) {
            found.push(format!("{{{name}}}{run}"));
        }
    }
    found
}

#[test]
fn the_checks_see_what_they_must() {
    assert_eq!(
        orders("root로 실행하라. -p를 더하라"),
        ["실행하라", "더하라"]
    );
    assert_eq!(orders("보라: 이것을 주라)"), ["보라", "주라"]);
    assert!(orders("TCP가 아니라 UDP입니다. 설명에 따라 고르십시오.").is_empty());
    assert_eq!(
        other_registers("없다. 있습니다. 고르세요"),
        ["없다", "고르세요"]
    );
    assert!(other_registers("{min}보다 짧습니다. 바다 건너").is_empty());
    assert_eq!(
        fill_in_particles("포트 22을(를) 가진 'localhost'은(는)"),
        ["을(를)", "은(는)"]
    );
    assert_eq!(
        glued_particles("{dir}로 읽고 '{x}'는 {n}개 {n:이} {path}에"),
        ["{dir}로", "{x}는"]
    );
}

#[test]
fn a_lesson_is_checked_without_its_terminal_lines() {
    let lesson = "표를 봅니다.\n```text\n  sl  uid  timeout inode\n```\n```quiz\n\
                  excerpt = \"\"\"\ntcp 0 0 표\n\"\"\"\nquestion = \"무엇입니까?\"\n```\n";
    assert_eq!(
        translated(lesson),
        "표를 봅니다.\n```text\n```\n```quiz\nquestion = \"무엇입니까?\"\n```\n"
    );
}

#[test]
fn no_order_in_any_korean_text_file() {
    let mut wrong = Vec::new();
    for (file, text) in catalogues().into_iter().chain(lessons()) {
        wrong.extend(orders(&text).into_iter().map(|w| format!("{file}: {w}")));
    }
    assert!(
        wrong.is_empty(),
        "해라체 orders (write -십시오):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_catalogues_speak_hapnida_che_and_choose_their_particles() {
    let mut wrong = Vec::new();
    for (file, text) in catalogues() {
        for w in other_registers(&text) {
            wrong.push(format!("{file}: register: {w}"));
        }
        for p in fill_in_particles(&text) {
            wrong.push(format!("{file}: fill-in particle: {p}"));
        }
        for p in glued_particles(&text) {
            wrong.push(format!("{file}: particle after a value: {p}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Terms of `lessons/TRANSLATING.md` that must not appear, with the one to use. Each is a
/// substring, except the ones the functions below look for as words.
const NOT_THESE: &[(&str, &str)] = &[
    ("대기열", "큐 (수신 큐, 송신 큐, accept 큐)"),
    ("유닉스", "UNIX"),
    ("상대편", "상대"),
    ("상대방", "상대"),
    ("피어", "상대"),
    ("쥐고", "소유하고 / (커널이) 유지하고"),
    ("쥔 ", "소유한"),
    ("커널이 보관", "커널이 유지"),
    ("일생", "수명 주기"),
    ("생애", "수명 주기"),
    ("확인받", "확인 응답을 받"),
    ("리스닝", "LISTEN(연결 대기), 리스너"),
    ("리슨", "LISTEN(연결 대기)"),
    ("수신 대기", "LISTEN(연결 대기)"),
    ("address:port", "주소:포트"),
    ("host:port", "호스트:포트"),
    ("수업", "강의"),
    ("레슨", "강의"),
    ("두 부분", "두 항목"),
    ("UNIX 부분", "UNIX 도메인 소켓 항목"),
    ("인터넷 부분", "인터넷 항목"),
    ("파일 기술자", "파일 디스크립터"),
    ("기계", "컴퓨터, 호스트"),
    ("머신", "컴퓨터, 호스트"),
    ("작별", "연결 종료"),
    ("새고 있", "누수"),
    ("따로 떨어진", "메시지 경계를 보존"),
    ("쓸모가 없어졌", "사실상 구식"),
    ("「", "'"),
    ("」", "'"),
    ("seqpacket", "순차 패킷 (SEQPACKET)"),
    ("zero-window", "제로 윈도"),
    ("윈도우", "윈도, Windows"),
    ("리눅스", "Linux"),
    ("SYN flood", "SYN 플러드"),
    ("혼잡 창", "혼잡 윈도"),
    ("무더기", "쌓인, 대량의"),
    ("상태 머신", "상태 기계"),
];

/// Variants of the terms, found in `text`, as `variant → term`.
fn variants(text: &str) -> Vec<String> {
    // 상태 기계 (a state machine) is the one 기계 a text may say.
    let text = &text.replace("상태 기계", "");
    let mut found: Vec<String> = NOT_THESE
        .iter()
        .filter(|(v, _)| text.contains(v))
        .map(|(v, t)| format!("{v} → {t}"))
        .collect();
    // 포트 8000, 포트 {port}: the number comes first (8000번 포트).
    for (i, _) in text.match_indices("포트 ") {
        if text[i + "포트 ".len()..].starts_with(|c: char| c.is_ascii_digit() || c == '{') {
            found.push("포트 N → N번 포트".into());
        }
    }
    // 표 as netstat's table (not 표시, 표준) and 메모 for a row note (not 메모리): the
    // word alone or with a particle.
    const AFTER: [&str; 12] = [
        "",
        "를",
        "가",
        "는",
        "로",
        "의",
        "에",
        "에서",
        "와",
        "도",
        "만",
        "입니다",
    ];
    for (w, _) in words(text) {
        for (variant, term) in [("표", "테이블"), ("메모", "설명")] {
            if w.strip_prefix(variant)
                .is_some_and(|rest| AFTER.contains(&rest))
            {
                found.push(format!("{w} → {term}"));
            }
        }
    }
    found.extend(
        bare(
            text,
            "inode",
            &["아이노드(inode)", ":[inode]", "{inode", "`inode`"],
        )
        .map(|_| "inode → 아이노드".into()),
    );
    found.extend(
        bare(text, "backlog", &["_backlog", "syn backlog"]).map(|_| "backlog → 백로그".into()),
    );
    found
}

/// Whether `word` stands alone in `text` (no letter or `_` glued to it), outside the
/// contexts that keep it.
fn bare(text: &str, word: &str, kept: &[&str]) -> Option<()> {
    let mut text = text.to_string();
    for k in kept {
        text = text.replace(k, "");
    }
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    text.match_indices(word)
        .any(|(i, _)| {
            !glued(text[..i].chars().next_back()) && !glued(text[i + word.len()..].chars().next())
        })
        .then_some(())
}

#[test]
fn the_catalogues_use_one_term_per_concept() {
    assert_eq!(
        variants("포트 8000의 송신 대기열"),
        [
            "대기열 → 큐 (수신 큐, 송신 큐, accept 큐)",
            "포트 N → N번 포트"
        ]
    );
    assert!(
        variants(
            "표시와 표준, 소켓 메모리, 8000번 포트, 아이노드(inode), socket:[inode], `inode` 필드"
        )
        .is_empty()
    );
    assert_eq!(
        variants("표에서 inode 0"),
        ["표에서 → 테이블", "inode → 아이노드"]
    );
    let mut wrong = Vec::new();
    for (file, text) in catalogues() {
        // The comments speak about the rules, naming what not to write.
        let text: String = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        wrong.extend(variants(&text).into_iter().map(|v| format!("{file}: {v}")));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Everything else the style asks of `lessons/ko`: the register, the particles and the
/// terms, in what the lessons translate (not in the terminal lines they keep as they are).
#[test]
fn lessons_follow_the_whole_style() {
    let mut wrong = Vec::new();
    for (file, text) in lessons() {
        let text = translated(&text);
        for w in other_registers(&text) {
            wrong.push(format!("{file}: register: {w}"));
        }
        for p in fill_in_particles(&text) {
            wrong.push(format!("{file}: fill-in particle: {p}"));
        }
        wrong.extend(variants(&text).into_iter().map(|v| format!("{file}: {v}")));
    }
    assert!(
        wrong.is_empty(),
        "{}\n({} in all)",
        wrong.join("\n"),
        wrong.len()
    );
}

/// What socklab prints under `--lang ko` for the runs that fill values into sentences:
/// particles chosen from numbers, Latin names and Hangul, never a fill-in pair.
#[test]
fn particles_follow_the_values_in_output() {
    let web = repo("fixtures/proc/web-server");
    let root = web.to_str().unwrap();
    let run = |args: &[&str]| {
        let out = Socklab::new()
            .no_columns()
            .args(["--lang", "ko"])
            .args(args)
            .run();
        out.stdout() + &out.stderr()
    };
    let cases: [(&[&str], &str); 7] = [
        (
            &["--proc-root", root, "who", "22"],
            "PID가 22인 프로세스가 없으므로 22를 포트 번호로 읽습니다",
        ),
        (
            &["--proc-root", root, "who", "13981"],
            "13981을 프로세스 번호(PID)로 읽습니다. 13981번 포트를 물으려면 :13981이라고 쓰십시오",
        ),
        (
            &["--proc-root", root, "who", ":8000"],
            "8000번 포트: 소유한 프로세스가 없습니다",
        ),
        (
            &["glossary", "localhostt"],
            "'localhostt'는 용어집에 없습니다",
        ),
        (&["glossary", "수신큐큐"], "'수신큐큐'는 용어집에 없습니다"),
        (
            &["explain", "/nonexistent/소켓"],
            "/nonexistent/소켓을 열 수 없습니다",
        ),
        (&["learn", "nope"], "`nope`라는 강의는 없습니다"),
    ];
    for (args, want) in cases {
        let text = run(args);
        assert!(text.contains(want), "{args:?}: want {want:?}:\n{text}");
        assert!(fill_in_particles(&text).is_empty(), "{args:?}: {text}");
    }
}
