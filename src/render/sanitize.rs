//! Untrusted text (process names, command lines, socket paths, pasted lines) never reaches
//! the terminal raw: control characters are shown as escapes (`\e`, `\n`, `\x7f`, `\u{9b}`),
//! so a socket named with an ESC sequence cannot repaint the learner's screen.

use std::borrow::Cow;
use std::fmt::Write;

pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\x1b' => out.push_str("\\e"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 && c.is_control() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_controls_keeps_text() {
        assert_eq!(escape("/run/user/1000/bus"), "/run/user/1000/bus");
        assert_eq!(escape("/tmp/\x1b[31mred"), "/tmp/\\e[31mred");
        assert_eq!(escape("a\nb\tc\x7f"), "a\\nb\\tc\\x7f");
        assert_eq!(escape("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(escape("한국어 ok"), "한국어 ok");
    }
}
