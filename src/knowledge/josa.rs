//! Korean particles (조사) chosen by how a value is read aloud: a Korean template writes
//! `{port:을}` and [`super::fill`] puts 을 or 를 after the value, so socklab never prints
//! a fill-in pair like 을(를).
//!
//! The josa crates on crates.io (`josa`, `rusty_hangul`) look at a final Hangul syllable
//! only and fail on anything else, while socklab's values are mostly digits and Latin
//! names (`22`, `localhost`, `nginx`, `TIME_WAIT`). So the value's last readable word is
//! read the way a Korean speaker reads it:
//!
//! - Hangul: the final consonant (받침) of the last syllable;
//! - digits: as a Sino-Korean number (22 이십이, 8000 팔천, 10 십, 0 영), a decimal
//!   part digit by digit (0.5 영 점 오);
//! - Latin: an acronym letter by letter (TCP 티씨피, SYN 에스와이엔), a word the way it
//!   is borrowed into Korean (socket 소켓, localhost 로컬호스트, curl 컬, chrome 크롬).
//!
//! Trailing punctuation (quotes, brackets, `:*`, `/`) is not read.

/// How the last syllable of a value, read aloud, ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Final {
    /// A vowel: 사과를, 포트는.
    Vowel,
    /// ㄹ: 을 and 은 as after any consonant, but 로 (not 으로): 파일로.
    Rieul,
    /// Any other consonant: 책을, 포트 22번을.
    Consonant,
}

/// The particle `written` (either form: 을 or 를, 으로 or 로, 이나 or 나…) in the form
/// that follows `value`; an unknown particle is returned as it is.
pub fn particle(value: &str, written: &str) -> String {
    let end = final_of(value).unwrap_or(Final::Vowel);
    if let Some(rest) = written
        .strip_prefix("으로")
        .or_else(|| written.strip_prefix('로'))
    {
        let full = if end == Final::Consonant {
            "으로"
        } else {
            "로"
        };
        return format!("{full}{rest}");
    }
    let after_consonant = end != Final::Vowel;
    for (closed, open) in PAIRS {
        if written == *closed || written == *open {
            return (if after_consonant { closed } else { open }).to_string();
        }
    }
    // 이나/나, 이라고/라고, 이며/며…: the copula's 이 drops after a vowel.
    let bare = written.strip_prefix('이').unwrap_or(written);
    if COPULA.contains(&bare) {
        return if after_consonant {
            format!("이{bare}")
        } else {
            bare.to_string()
        };
    }
    written.to_string()
}

/// Particles with one form after a consonant and another after a vowel.
const PAIRS: &[(&str, &str)] = &[
    ("을", "를"),
    ("은", "는"),
    ("이", "가"),
    ("과", "와"),
    ("아", "야"),
];

/// Endings of the copula 이다 that lose their 이 after a vowel.
const COPULA: &[&str] = &[
    "나", "라고", "라는", "라면", "며", "고", "면", "든", "랑", "라", "지만",
];

/// How `value`, read aloud, ends; `None` when nothing in it can be read.
pub fn final_of(value: &str) -> Option<Final> {
    let text = value.trim_end_matches(|c: char| !c.is_alphanumeric());
    let last = text.chars().next_back()?;
    if let Some(end) = hangul_final(last) {
        return Some(end);
    }
    if last.is_ascii_digit() {
        return Some(number_final(text));
    }
    if last.is_ascii_alphabetic() {
        let start = text
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map_or(0, |i| i + 1);
        return Some(latin_final(&text[start..]));
    }
    None
}

/// A Hangul syllable's final consonant, or a lone consonant letter (ㄱ, ㄹ).
fn hangul_final(c: char) -> Option<Final> {
    match c {
        '가'..='힣' => Some(match (c as u32 - 0xAC00) % 28 {
            0 => Final::Vowel,
            8 => Final::Rieul,
            _ => Final::Consonant,
        }),
        'ㄹ' => Some(Final::Rieul),
        'ㄱ'..='ㅎ' => Some(Final::Consonant),
        'ㅏ'..='ㅣ' => Some(Final::Vowel),
        _ => None,
    }
}

/// Digits read in Sino-Korean: the last non-zero digit, or the power of ten the number
/// ends on (십, 백, 천, 만, 억, 조, 경); a decimal part digit by digit.
fn number_final(text: &str) -> Final {
    let digits_start = text
        .rfind(|c: char| !c.is_ascii_digit() && c != ',')
        .map_or(0, |i| i + 1);
    let digits: Vec<u8> = text[digits_start..]
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    let decimal = text[..digits_start].ends_with('.')
        && text[..digits_start - 1].ends_with(|c: char| c.is_ascii_digit());
    let last = *digits.last().unwrap_or(&0);
    if decimal || last != 0 || digits.iter().all(|d| *d == 0) {
        return digit_final(last);
    }
    let zeros = digits.iter().rev().take_while(|d| **d == 0).count();
    match zeros {
        // 십, 백, 천, 만 (and 십만, 백만, 천만), 억…
        1..=11 => Final::Consonant,
        // 조
        12..=15 => Final::Vowel,
        // 경
        _ => Final::Consonant,
    }
}

/// 영 일 이 삼 사 오 육 칠 팔 구.
fn digit_final(d: u8) -> Final {
    match d {
        1 | 7 | 8 => Final::Rieul,
        0 | 3 | 6 => Final::Consonant,
        _ => Final::Vowel,
    }
}

/// A run of Latin letters: spelled out if it is an acronym, else read as a borrowed word.
fn latin_final(word: &str) -> Final {
    let lower = word.to_ascii_lowercase();
    let has_vowel = lower.contains(['a', 'e', 'i', 'o', 'u']);
    let caps = word.bytes().all(|b| b.is_ascii_uppercase());
    // TCP, UDP, PID, ACK are spelled; LISTEN, STREAM, CLOSING are read as words.
    if !has_vowel || (caps && word.len() <= 3) {
        return letter_final(lower.as_bytes()[lower.len() - 1]);
    }
    word_final(lower.as_bytes())
}

/// The name of a letter: 엘, 알 end in ㄹ; 엠, 엔 in a consonant; the rest in a vowel
/// (에이, 비, 씨, 에프, 에스, 엑스…).
fn letter_final(letter: u8) -> Final {
    match letter {
        b'l' | b'r' => Final::Rieul,
        b'm' | b'n' => Final::Consonant,
        _ => Final::Vowel,
    }
}

/// A lower-case English word as Korean borrows it: a final l is ㄹ (curl 컬, file 파일);
/// m, n, ng are 받침 (time 타임, daemon 데몬, ping 핑); p, t, k, c after one short vowel
/// are 받침 (socket 소켓, stop 스톱, lock 락); other endings get a vowel (host 호스트,
/// root 루트, server 서버, nginx 엔진엑스).
fn word_final(w: &[u8]) -> Final {
    let n = w.len();
    let vowel = |i: usize| matches!(w.get(i), Some(b'a' | b'e' | b'i' | b'o' | b'u'));
    // A silent e (file, time, line) makes the vowel before it long: note 노트, nope 노프.
    let silent_e = n > 2 && w[n - 1] == b'e' && !vowel(n - 2);
    let (w, n) = if silent_e {
        (&w[..n - 1], n - 1)
    } else {
        (w, n)
    };
    let short_vowel = n > 1 && vowel(n - 2) && !vowel(n.wrapping_sub(3)) && !silent_e;
    match w[n - 1] {
        b'l' => Final::Rieul,
        b'm' | b'n' => Final::Consonant,
        b'g' if n > 1 && w[n - 2] == b'n' => Final::Consonant,
        b'k' if n > 1 && w[n - 2] == b'c' => Final::Consonant,
        b'p' | b't' | b'k' | b'c' if short_vowel => Final::Consonant,
        _ => Final::Vowel,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(value: &str, written: &str) -> String {
        format!("{value}{}", particle(value, written))
    }

    #[test]
    fn numbers_are_read_in_sino_korean() {
        // 이십이, 팔천, 일, 삼, 십, 백, 천, 만, 영, 육, 조, 영 점 오.
        assert_eq!(with("22", "을"), "22를");
        assert_eq!(with("8000", "를"), "8000을");
        assert_eq!(with("1230", "이"), "1230이");
        assert_eq!(with("1231", "가"), "1231이");
        assert_eq!(with("1232", "이"), "1232가");
        assert_eq!(with("1", "으로"), "1로");
        assert_eq!(with("3", "로"), "3으로");
        assert_eq!(with("10", "는"), "10은");
        assert_eq!(with("100", "를"), "100을");
        assert_eq!(with("50000", "와"), "50000과");
        assert_eq!(with("0", "가"), "0이");
        assert_eq!(with("6", "를"), "6을");
        assert_eq!(with("1000000000000", "을"), "1000000000000를");
        assert_eq!(with("0.5", "을"), "0.5를");
        assert_eq!(with("1.0", "를"), "1.0을");
        assert_eq!(with("5,433", "이"), "5,433이");
        assert_eq!(with("127.0.0.1:5433", "은"), "127.0.0.1:5433은");
        assert_eq!(with("0.0.0.0:*", "는"), "0.0.0.0:*은");
    }

    #[test]
    fn latin_names_are_read_as_koreans_read_them() {
        assert_eq!(with("localhost", "은"), "localhost는");
        assert_eq!(with("'localhost'", "은"), "'localhost'는");
        assert_eq!(with("socket", "를"), "socket을");
        assert_eq!(with("curl", "으로"), "curl로");
        assert_eq!(with("nginx", "이"), "nginx가");
        assert_eq!(with("postgres", "을"), "postgres를");
        assert_eq!(with("python3", "이"), "python3이");
        assert_eq!(with("chrome", "가"), "chrome이");
        assert_eq!(with("file", "로"), "file로");
        assert_eq!(with("root", "은"), "root는");
        assert_eq!(with("dbus-daemon", "이"), "dbus-daemon이");
        assert_eq!(with("ping", "를"), "ping을");
        assert_eq!(with("nope", "이라는"), "nope라는");
        assert_eq!(with("note", "을"), "note를");
        // Acronyms are spelled: 티씨피, 에이씨케이, 에스와이엔, 유알엘.
        assert_eq!(with("TCP", "을"), "TCP를");
        assert_eq!(with("ACK", "을"), "ACK를");
        assert_eq!(with("SYN", "를"), "SYN을");
        assert_eq!(with("URL", "로"), "URL로");
        assert_eq!(with("sshd", "가"), "sshd가");
        // Upper-case words: 리슨, 리스닝, 스트림, 타임웨이트, 에프아이엔웨이트일.
        assert_eq!(with("LISTEN", "가"), "LISTEN이");
        assert_eq!(with("LISTENING", "를"), "LISTENING을");
        assert_eq!(with("STREAM", "으로"), "STREAM으로");
        assert_eq!(with("TIME_WAIT", "을"), "TIME_WAIT를");
        assert_eq!(with("FIN_WAIT1", "으로"), "FIN_WAIT1로");
        assert_eq!(
            with("/run/dbus/system_bus_socket", "이"),
            "/run/dbus/system_bus_socket이"
        );
    }

    #[test]
    fn hangul_by_its_final_consonant() {
        assert_eq!(with("프로세스", "이"), "프로세스가");
        assert_eq!(with("22번 포트", "을"), "22번 포트를");
        assert_eq!(with("소켓", "는"), "소켓은");
        assert_eq!(with("파일", "으로"), "파일로");
        assert_eq!(with("연결", "과"), "연결과");
        assert_eq!(with("60초", "가"), "60초가");
        assert_eq!(with("큐", "이나"), "큐나");
        assert_eq!(with("상태", "이라고"), "상태라고");
        assert_eq!(with("상대", "이며"), "상대며");
        assert_eq!(with("소켓", "라는"), "소켓이라는");
        assert_eq!(with("독일어", "로"), "독일어로");
    }

    #[test]
    fn unreadable_values_and_unknown_particles() {
        assert_eq!(final_of(""), None);
        assert_eq!(final_of("-"), None);
        assert_eq!(particle("-", "를"), "를");
        assert_eq!(particle("소켓", "의"), "의");
        assert_eq!(particle("소켓", "에서"), "에서");
    }
}
