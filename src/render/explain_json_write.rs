//! The writer under `explain --json`, which prints one object per input line of inputs
//! with millions of lines. It writes exactly what serde_json with [`SafeJson`] writes:
//! text that needs no escape (nothing below the space, no `"` or `\`, nothing from DEL
//! up: nearly every key and value) is copied between quotes in one pass, and anything
//! else — a string that needs escaping, a rare nested value — goes through serde_json and
//! SafeJson themselves. A key costs a copy, not a serializer's round of calls.

use std::io::{self, Write};

use serde::Serialize;

use super::sanitize::SafeJson;

const ONES: u64 = 0x0101_0101_0101_0101;
const TOPS: u64 = 0x8080_8080_8080_8080;

/// The top bit of each byte of `w` that is zero, and maybe of bytes above one that is (a
/// borrow only runs upward from a zero byte, so "any" is exact).
fn zeros(w: u64) -> u64 {
    w.wrapping_sub(ONES) & !w & TOPS
}

/// Whether the eight bytes of `w` need no escape in SafeJson's JSON: none below 0x20,
/// no `"` or `\`, none from 0x7f up (0x7f + 1 and anything from 0x80 set a top bit).
/// Without branches: this runs for every key and value.
fn plain_word(w: u64) -> bool {
    let below_space = w.wrapping_sub(0x20 * ONES) & !w;
    let from_del = w | w.wrapping_add(ONES);
    let quote_or_backslash = zeros(w ^ (0x22 * ONES)) | zeros(w ^ (0x5c * ONES));
    (below_space | from_del | quote_or_backslash) & TOPS == 0
}

/// Whether `bytes` need no escape, eight at a time (the last few padded with a plain
/// byte).
pub fn plain(bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(8);
    if !chunks.all(|c| plain_word(u64::from_le_bytes(c.try_into().expect("8 bytes")))) {
        return false;
    }
    let rest = chunks.remainder();
    let mut last = [b'a'; 8];
    last[..rest.len()].copy_from_slice(rest);
    plain_word(u64::from_le_bytes(last))
}

/// `s` as a JSON string.
pub fn string(w: &mut impl Write, s: &str) -> io::Result<()> {
    if !plain(s.as_bytes()) {
        return value(w, s);
    }
    w.write_all(b"\"")?;
    w.write_all(s.as_bytes())?;
    w.write_all(b"\"")
}

/// Any value, through serde_json and SafeJson.
pub fn value(w: &mut impl Write, v: &(impl Serialize + ?Sized)) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *w, SafeJson);
    v.serialize(&mut ser).map_err(io::Error::from)
}

/// A whole number, as serde_json prints it (with the same itoa).
pub fn uint(w: &mut impl Write, n: u64) -> io::Result<()> {
    w.write_all(itoa::Buffer::new().format(n).as_bytes())
}

/// A key known when socklab is built, kept as `,"name":` so writing it is one copy:
/// `key!("proto")`. The name must need no escape (socklab's own names never do).
#[derive(Clone, Copy)]
pub struct Key(pub &'static str);

macro_rules! key {
    ($name:literal) => {
        $crate::render::explain_json_write::Key(concat!(",\"", $name, "\":"))
    };
}
pub(crate) use key;

/// What names a value in an object: a [`Key`], or any text (a heading's word).
pub trait JsonKey {
    /// `"name":`, after a comma unless it is the object's first.
    fn write_key(&self, w: &mut impl Write, first: bool) -> io::Result<()>;
}

impl JsonKey for Key {
    fn write_key(&self, w: &mut impl Write, first: bool) -> io::Result<()> {
        debug_assert!(plain(&self.0.as_bytes()[2..self.0.len() - 2]), "{}", self.0);
        w.write_all(&self.0.as_bytes()[usize::from(first)..])
    }
}

impl JsonKey for &str {
    fn write_key(&self, w: &mut impl Write, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        string(w, self)?;
        w.write_all(b":")
    }
}

/// A JSON object being written: `{`, then `"key":value` pairs, then `}` at [`Obj::close`].
pub struct Obj<'w, W: Write> {
    w: &'w mut W,
    first: bool,
}

impl<'w, W: Write> Obj<'w, W> {
    pub fn open(w: &'w mut W) -> io::Result<Obj<'w, W>> {
        w.write_all(b"{")?;
        Ok(Obj { w, first: true })
    }

    /// The key; then the writer, for its value.
    pub fn key(&mut self, key: impl JsonKey) -> io::Result<&mut W> {
        key.write_key(self.w, self.first)?;
        self.first = false;
        Ok(self.w)
    }

    pub fn str(&mut self, key: impl JsonKey, v: &str) -> io::Result<()> {
        let w = self.key(key)?;
        string(w, v)
    }

    /// A string, or `null`.
    pub fn opt_str(&mut self, key: impl JsonKey, v: Option<&str>) -> io::Result<()> {
        match v {
            Some(v) => self.str(key, v),
            None => self.null(key),
        }
    }

    pub fn uint(&mut self, key: impl JsonKey, v: impl Into<u64>) -> io::Result<()> {
        let w = self.key(key)?;
        uint(w, v.into())
    }

    /// A number, or `null`.
    pub fn opt_uint(&mut self, key: impl JsonKey, v: Option<impl Into<u64>>) -> io::Result<()> {
        match v {
            Some(v) => self.uint(key, v),
            None => self.null(key),
        }
    }

    pub fn null(&mut self, key: impl JsonKey) -> io::Result<()> {
        self.key(key)?.write_all(b"null")
    }

    pub fn bool(&mut self, key: impl JsonKey, v: bool) -> io::Result<()> {
        let text: &[u8] = if v { b"true" } else { b"false" };
        self.key(key)?.write_all(text)
    }

    /// Any other value, through serde_json.
    pub fn value(&mut self, key: impl JsonKey, v: &(impl Serialize + ?Sized)) -> io::Result<()> {
        let w = self.key(key)?;
        value(w, v)
    }

    pub fn close(self) -> io::Result<()> {
        self.w.write_all(b"}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sanitize::write_json_line;

    fn serde_says(s: &str) -> String {
        let mut out = Vec::new();
        write_json_line(&mut out, &s).unwrap();
        String::from_utf8(out).unwrap().trim_end().to_string()
    }

    fn we_say(s: &str) -> String {
        let mut out = Vec::new();
        string(&mut out, s).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_as_serde_json_and_safe_json_write_them() {
        let odd = [
            "",
            "plain",
            "a\"b",
            "a\\b",
            "tab\there",
            "\x1b[31m",
            "\x7f",
            "\u{9b}",
            "\u{202e}x",
            "한국어",
            "😀",
            "\u{a0}",
            "/tmp/my app.sock",
            "\u{e0001}",
            "~}|{",
        ];
        for s in odd {
            assert_eq!(we_say(s), serde_says(s), "{s:?}");
        }
        // Every byte at every position of a chunk and of the remainder.
        for len in 1..20 {
            for at in 0..len {
                for c in (0u8..0x80).map(char::from).chain(['é', '\u{202e}']) {
                    let mut s: String = "x".repeat(len);
                    s.replace_range(at..at + 1, &c.to_string());
                    assert_eq!(we_say(&s), serde_says(&s), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn numbers_and_objects() {
        let mut out = Vec::new();
        let mut o = Obj::open(&mut out).unwrap();
        o.uint(key!("a"), 0u32).unwrap();
        o.uint("b", u64::MAX).unwrap();
        o.opt_uint(key!("c"), None::<u16>).unwrap();
        o.opt_str("d", Some("x")).unwrap();
        o.bool(key!("e"), true).unwrap();
        o.value("f", &["p", "q"]).unwrap();
        o.str("g\"h", "i").unwrap();
        o.close().unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"a\":0,\"b\":18446744073709551615,\"c\":null,\"d\":\"x\",\"e\":true,\"f\":[\"p\",\"q\"],\"g\\\"h\":\"i\"}"
        );
    }
}
