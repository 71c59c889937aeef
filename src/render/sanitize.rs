//! Untrusted text (process names, command lines, socket paths, pasted lines, lessons from a
//! folder) never reaches the terminal raw. Control characters (Cc), invisible format
//! characters (Cf: bidi overrides and isolates, zero-width spaces and joiners, the BOM) and
//! line/paragraph separators (Zl, Zp) are shown as visible escapes (`\e`, `\n`, `\x7f`,
//! `\u{202e}`), so a name cannot repaint the screen or make a line read backwards. JSON
//! keeps the same characters, and DEL and C1, as `\u` escapes.

use std::borrow::Cow;
use std::fmt::Write;
use std::io;

use unicode_general_category::{GeneralCategory, get_general_category};

/// Characters that change how a line reads without being seen.
pub fn is_hidden(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    // Every Cc, Cf, Zl and Zp character lies in these blocks (checked against Unicode 14
    // and 15); Hangul, CJK and most letters skip the table lookup.
    let maybe = matches!(c as u32, 0x80..=0xAD | 0x600..=0x8FF | 0x180E | 0x2000..=0x206F
        | 0xFE00..=0xFEFF | 0xFFF0..=0xFFFF | 0x10000..);
    maybe
        && matches!(
            get_general_category(c),
            GeneralCategory::Control
                | GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
        )
}

pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\x1b' => out.push_str("\\e"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii_control() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_hidden(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// serde_json's compact output, with DEL, C1 and every hidden character as `\uXXXX` (a
/// `jq` run in a terminal then prints nothing that acts on it).
pub struct SafeJson;

impl serde_json::ser::Formatter for SafeJson {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Plain ASCII (all of socklab's English text, most pasted lines) needs no look.
        let bytes = fragment.as_bytes();
        if below_del(bytes) {
            return w.write_all(bytes);
        }
        let first = bytes.iter().position(|&b| b >= 0x7f).unwrap_or(0);
        let mut start = 0;
        for (i, c) in fragment[first..]
            .char_indices()
            .map(|(i, c)| (i + first, c))
        {
            if c.is_ascii() && c != '\x7f' || !is_hidden(c) && !('\u{80}'..='\u{9f}').contains(&c) {
                continue;
            }
            w.write_all(&fragment.as_bytes()[start..i])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(w, "\\u{unit:04x}")?;
            }
            start = i + c.len_utf8();
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
}

/// Whether every byte is below DEL, eight at a time (this runs for every key and value of
/// every JSON line). A byte of 0x7f or more sets its top bit in `w` or in `w + 0x01…01`;
/// a carry only comes out of a byte of 0xff, which is caught anyway.
fn below_del(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let w = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        if (w | w.wrapping_add(ONES)) & TOPS != 0 {
            return false;
        }
    }
    chunks.remainder().iter().all(|&b| b < 0x7f)
}

/// One value as one line of safe JSON.
pub fn write_json_line(w: &mut impl io::Write, value: &impl serde::Serialize) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *w, SafeJson);
    value.serialize(&mut ser).map_err(io::Error::from)?;
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_keeps_text() {
        assert_eq!(escape("/run/user/1000/bus"), "/run/user/1000/bus");
        assert_eq!(escape("/tmp/\x1b[31mred"), "/tmp/\\e[31mred");
        assert_eq!(escape("a\nb\tc\x7f"), "a\\nb\\tc\\x7f");
        assert_eq!(escape("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(escape("한국어 ok"), "한국어 ok");
    }

    #[test]
    fn bidi_and_invisible_characters_are_shown() {
        // Each of these makes a line read differently from what it is (issue 12, item 3).
        for c in [
            '\u{202a}',
            '\u{202e}',
            '\u{2066}',
            '\u{2069}',
            '\u{200e}',
            '\u{200f}',
            '\u{61c}',
            '\u{200b}',
            '\u{200d}',
            '\u{feff}',
            '\u{2028}',
            '\u{2029}',
            '\u{e0001}',
        ] {
            let shown = escape(&format!("a{c}b")).into_owned();
            assert_eq!(shown, format!("a\\u{{{:x}}}b", c as u32));
        }
        // Spaces pasted from web pages are visible and stay as they are.
        assert_eq!(escape("a\u{a0}b\u{3000}c"), "a\u{a0}b\u{3000}c");
    }

    #[test]
    fn below_del_at_every_position() {
        for len in 0..20 {
            let plain = "a".repeat(len);
            assert!(below_del(plain.as_bytes()));
            for at in 0..len {
                for b in [0x7f_u8, 0x80, 0xc3, 0xff] {
                    let mut bytes = plain.clone().into_bytes();
                    bytes[at] = b;
                    assert!(!below_del(&bytes), "{len} {at} {b:x}");
                }
                let mut bytes = plain.clone().into_bytes();
                bytes[at] = 0x7e;
                assert!(below_del(&bytes));
            }
        }
    }

    #[test]
    fn json_escapes_what_a_terminal_would_act_on() {
        let mut out = Vec::new();
        write_json_line(&mut out, &"x\u{7f}\u{9b}\u{202e}\u{e0001}é").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"x\\u007f\\u009b\\u202e\\udb40\\udc01é\"\n"
        );
    }
}
