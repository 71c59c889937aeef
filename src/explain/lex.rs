//! The lexer every explain parser shares: words with their byte offsets, digit runs, and
//! the column positions a heading line gives. Rows borrow from their line, so nothing
//! here allocates per row; ASCII lines (nearly all tool output) take a byte-level path.

/// A word of a line and where it starts (byte offset into the line).
pub type Word<'a> = (usize, &'a str);

/// Words of `text` with their byte offsets, split at whitespace (Unicode whitespace too:
/// pasted text carries no-break spaces).
pub fn words(text: &str) -> Words<'_> {
    Words {
        text,
        at: 0,
        ascii: text.is_ascii(),
    }
}

/// The iterator [`words`] returns.
#[derive(Clone)]
pub struct Words<'a> {
    text: &'a str,
    at: usize,
    ascii: bool,
}

impl<'a> Iterator for Words<'a> {
    type Item = Word<'a>;

    fn next(&mut self) -> Option<Word<'a>> {
        if self.ascii {
            let bytes = self.text.as_bytes();
            let mut i = past_spaces(bytes, self.at);
            while i < bytes.len() && blank(bytes[i]) {
                i += 1;
            }
            if i == bytes.len() {
                self.at = i;
                return None;
            }
            let start = i;
            i = to_control_or_space(bytes, i);
            while i < bytes.len() && !blank(bytes[i]) {
                i += 1;
            }
            self.at = i;
            return Some((start, &self.text[start..i]));
        }
        let rest = &self.text[self.at..];
        let skip = rest.len() - rest.trim_start().len();
        let start = self.at + skip;
        if start == self.text.len() {
            self.at = start;
            return None;
        }
        let word_len = self.text[start..]
            .find(char::is_whitespace)
            .unwrap_or(self.text.len() - start);
        self.at = start + word_len;
        Some((start, &self.text[start..self.at]))
    }
}

impl<'a> Words<'a> {
    /// The rest of the line after the words taken so far (not trimmed).
    pub fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    /// The next word without taking it.
    pub fn peek(&self) -> Option<&'a str> {
        self.clone().next().map(|(_, w)| w)
    }
}

/// At most `N` first words of `text` (fewer when the line is short), without allocating.
pub fn first_words<const N: usize>(text: &str) -> ([&str; N], usize) {
    let mut out = [""; N];
    let mut n = 0;
    for (_, w) in words(text).take(N) {
        out[n] = w;
        n += 1;
    }
    (out, n)
}

const ONES: u64 = 0x0101_0101_0101_0101;

fn word_at(bytes: &[u8], i: usize) -> Option<u64> {
    let eight = bytes.get(i..i + 8)?;
    Some(u64::from_le_bytes(eight.try_into().expect("8 bytes")))
}

/// From `i`, past the spaces that pad columns, eight bytes at a time: the first byte
/// that is not a space, or where fewer than eight bytes are left.
fn past_spaces(bytes: &[u8], mut i: usize) -> usize {
    while let Some(w) = word_at(bytes, i) {
        let other = w ^ (u64::from(b' ') * ONES);
        if other != 0 {
            return i + (other.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i
}

/// From `i`, eight bytes at a time, to the first byte below 0x21 (a space or a control:
/// where a word may end), or where fewer than eight bytes are left. For ASCII text: a
/// borrow only runs upward from such a byte, so the lowest flagged byte is the first.
fn to_control_or_space(bytes: &[u8], mut i: usize) -> usize {
    while let Some(w) = word_at(bytes, i) {
        let low = w.wrapping_sub(0x21 * ONES) & !w & (0x80 * ONES);
        if low != 0 {
            return i + (low.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i
}

/// ASCII whitespace as [`u8::is_ascii_whitespace`] has it, testing the common case (a
/// byte above the space: inside a word) first.
#[inline]
fn blank(b: u8) -> bool {
    b <= b' ' && matches!(b, b' ' | b'\t' | b'\n' | 0x0c | b'\r')
}

/// Whitespace as [`char::is_whitespace`] has it, for one ASCII byte.
#[inline]
fn white(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// [`str::trim_start`], byte by byte over ASCII (this runs on every row).
pub fn trim_start(s: &str) -> &str {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && white(b[i]) {
        i += 1;
    }
    match b.get(i) {
        Some(&c) if c >= 0x80 => s[i..].trim_start(),
        _ => &s[i..],
    }
}

/// [`str::trim_end`], byte by byte over ASCII.
pub fn trim_end(s: &str) -> &str {
    let b = s.as_bytes();
    let mut i = b.len();
    while i > 0 && white(b[i - 1]) {
        i -= 1;
    }
    match i.checked_sub(1).map(|j| b[j]) {
        Some(c) if c >= 0x80 => s[..i].trim_end(),
        _ => &s[..i],
    }
}

/// [`str::trim`], byte by byte over ASCII.
pub fn trim(s: &str) -> &str {
    trim_end(trim_start(s))
}

/// One or more ASCII digits and nothing else.
pub fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// One or more hex digits (either case) and nothing else.
pub fn hex(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The first word of `text`, or "".
pub fn first_word(text: &str) -> &str {
    words(text).next().map_or("", |(_, w)| w)
}

/// Where each word of a heading starts and ends (byte offsets), so a row's column can be
/// found by position when words inside a value (a program name with spaces) would fool
/// a split. Multi-word headings (`Local Address`) are separate words here; callers name
/// the word they anchor on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    /// (start, end, word) of every heading word.
    cells: Vec<(usize, usize, Box<str>)>,
}

impl Columns {
    pub fn of(heading: &str) -> Columns {
        Columns {
            cells: words(heading)
                .map(|(at, w)| (at, at + w.len(), Box::from(w)))
                .collect(),
        }
    }

    /// The start of the first heading word satisfying `is`.
    pub fn start_of(&self, is: impl Fn(&str) -> bool) -> Option<usize> {
        self.cells.iter().find(|(_, _, w)| is(w)).map(|c| c.0)
    }

    /// The end of the first heading word satisfying `is`.
    pub fn end_of(&self, is: impl Fn(&str) -> bool) -> Option<usize> {
        self.cells.iter().find(|(_, _, w)| is(w)).map(|c| c.1)
    }

    /// The heading's words, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.cells.iter().map(|(_, _, w)| &**w)
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_split_as_the_plain_loop_does() {
        // Runs of spaces and words across the eight-byte steps, tabs, controls.
        let mut texts = vec![
            String::new(),
            "tcp        0      0 127.0.0.1:47001         0.0.0.0:*               LISTEN".into(),
            "a\tb\x0bc\x01d  \r\n e".into(),
        ];
        for len in 0..20 {
            for gap in 0..12 {
                texts.push(format!(
                    "{}{}{}\t{}",
                    "w".repeat(len),
                    " ".repeat(gap),
                    "x".repeat(gap),
                    "y"
                ));
            }
        }
        for t in &texts {
            let want: Vec<(usize, &str)> = t
                .split(|c: char| c.is_ascii_whitespace())
                .filter(|w| !w.is_empty())
                .map(|w| (w.as_ptr() as usize - t.as_ptr() as usize, w))
                .collect();
            assert_eq!(super::words(t).collect::<Vec<_>>(), want, "{t:?}");
        }
    }

    #[test]
    fn trims_as_str_does() {
        for s in [
            "",
            " ",
            "a",
            " a ",
            "\t a b \r\n",
            "\u{a0}a\u{a0}",
            " \u{3000}x\u{2003} ",
            "\x0bq\x0b",
            "é ",
            " é",
            "  tcp  ",
        ] {
            assert_eq!(super::trim_start(s), s.trim_start(), "{s:?}");
            assert_eq!(super::trim_end(s), s.trim_end(), "{s:?}");
            assert_eq!(super::trim(s), s.trim(), "{s:?}");
        }
    }

    use super::*;

    #[test]
    fn words_keep_their_offsets() {
        // net-tools 2.10 netstat -tanp, this machine.
        let line = "tcp        0      0 127.0.0.1:631           0.0.0.0:*               LISTEN      812/cupsd";
        let w: Vec<Word> = words(line).collect();
        assert_eq!(w[0], (0, "tcp"));
        assert_eq!(w[3], (20, "127.0.0.1:631"));
        assert_eq!(&line[w[6].0..], "812/cupsd");
        // A no-break space (pasted from a web page) separates words too.
        let w: Vec<&str> = words("tcp\u{a0}0 0").map(|(_, w)| w).collect();
        assert_eq!(w, ["tcp", "0", "0"]);
        let mut it = words("a b  c");
        it.next();
        assert_eq!(it.rest(), " b  c");
        assert_eq!(it.peek(), Some("b"));
        assert_eq!(first_words::<2>("x y z"), (["x", "y"], 2));
    }

    #[test]
    fn digits_and_hex() {
        assert!(digits("0123") && !digits("") && !digits("12a"));
        assert!(hex("0100007F") && !hex("0x1"));
    }

    #[test]
    fn columns_from_a_heading() {
        // net-tools 2.10 netstat -tanpe heading, this machine.
        let c = Columns::of(
            "Proto Recv-Q Send-Q Local Address           Foreign Address         State       User       Inode      PID/Program name    ",
        );
        assert_eq!(c.start_of(|w| w == "State"), Some(68));
        assert_eq!(c.start_of(|w| w.starts_with("PID/")), Some(102));
        assert_eq!(c.end_of(|w| w == "Recv-Q"), Some(12));
        assert_eq!(c.names().next(), Some("Proto"));
    }
}
