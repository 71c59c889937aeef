//! A small JSON writer for output that runs once per input line of inputs with millions
//! of lines: objects and arrays written straight into a reused buffer, strings escaped
//! eight bytes at a time (most need no escape at all). The bytes are what serde_json's
//! compact writer produces for the same values.

use std::fmt::Display;

/// A JSON text being written; `first` tracks whether a comma is due.
pub struct Json<'b> {
    buf: &'b mut Vec<u8>,
    first: bool,
}

impl<'b> Json<'b> {
    /// Starts an object in `buf`.
    pub fn object(buf: &'b mut Vec<u8>) -> Json<'b> {
        buf.push(b'{');
        Json { buf, first: true }
    }

    /// `"key":` (keys are socklab's own names: no escaping needed).
    fn key(&mut self, key: &str) {
        self.buf.reserve(key.len() + 4);
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        self.buf.push(b'"');
        self.buf.extend_from_slice(key.as_bytes());
        self.buf.extend_from_slice(b"\":");
    }

    pub fn str(&mut self, key: &str, value: &str) {
        self.key(key);
        string(self.buf, value);
    }

    pub fn opt_str(&mut self, key: &str, value: Option<&str>) {
        match value {
            Some(v) => self.str(key, v),
            None => self.null(key),
        }
    }

    pub fn num(&mut self, key: &str, value: impl Into<u64>) {
        self.key(key);
        push_u64(self.buf, value.into());
    }

    pub fn opt_num(&mut self, key: &str, value: Option<impl Into<u64>>) {
        match value {
            Some(v) => self.num(key, v),
            None => self.null(key),
        }
    }

    /// A value written with `Display` as a JSON string (an address, a hex field).
    pub fn display(&mut self, key: &str, value: impl Display) {
        use std::io::Write as _;
        let mut text = [0u8; 64];
        let mut cursor = std::io::Cursor::new(&mut text[..]);
        if write!(cursor, "{value}").is_ok() {
            let n = cursor.position() as usize;
            // Display of numbers and addresses is ASCII with nothing to escape.
            self.key(key);
            self.buf.push(b'"');
            self.buf.extend_from_slice(&text[..n]);
            self.buf.push(b'"');
        } else {
            self.str(key, &value.to_string());
        }
    }

    pub fn bool(&mut self, key: &str, value: bool) {
        self.key(key);
        self.buf
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    pub fn null(&mut self, key: &str) {
        self.key(key);
        self.buf.extend_from_slice(b"null");
    }

    /// A nested object under `key`, filled by `fill`.
    pub fn object_in(&mut self, key: &str, fill: impl FnOnce(&mut Json<'_>)) {
        self.key(key);
        let mut inner = Json::object(self.buf);
        fill(&mut inner);
        inner.end();
    }

    /// An array under `key`, its items written by `fill` with [`Items`].
    pub fn array_in(&mut self, key: &str, fill: impl FnOnce(&mut Items<'_>)) {
        self.key(key);
        self.buf.push(b'[');
        let mut items = Items {
            buf: self.buf,
            first: true,
        };
        fill(&mut items);
        self.buf.push(b']');
    }

    pub fn end(self) {
        self.buf.push(b'}');
    }
}

/// The items of an array being written.
pub struct Items<'b> {
    buf: &'b mut Vec<u8>,
    first: bool,
}

impl Items<'_> {
    fn comma(&mut self) {
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
    }

    pub fn str(&mut self, value: &str) {
        self.comma();
        string(self.buf, value);
    }

    pub fn object(&mut self, fill: impl FnOnce(&mut Json<'_>)) {
        self.comma();
        let mut inner = Json::object(self.buf);
        fill(&mut inner);
        inner.end();
    }
}

/// `n` in decimal.
fn push_u64(buf: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[at..]);
}

/// `value` as a JSON string, escaped as serde_json escapes (`\"`, `\\`, `\b \f \n \r
/// \t`, other control characters as `\u00xx`). Most strings need no escape: they are
/// checked 32 bytes at a time (a loop the compiler vectorizes) and copied whole.
pub fn string(buf: &mut Vec<u8>, value: &str) {
    let bytes = value.as_bytes();
    buf.reserve(bytes.len() + 2);
    buf.push(b'"');
    let clean = bytes.chunks(32).all(|chunk| {
        !chunk.iter().fold(false, |any, &b| {
            any | (b < 0x20) | (b == b'"') | (b == b'\\')
        })
    });
    if clean {
        buf.extend_from_slice(bytes);
    } else {
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if special(b) {
                escape_at(buf, bytes, &mut start, i);
            }
        }
        buf.extend_from_slice(&bytes[start..]);
    }
    buf.push(b'"');
}

fn special(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Writes the run before byte `i` and its escape, when byte `i` needs one.
fn escape_at(buf: &mut Vec<u8>, bytes: &[u8], start: &mut usize, i: usize) {
    let b = bytes[i];
    let escape: &[u8] = match b {
        b'"' => b"\\\"",
        b'\\' => b"\\\\",
        b'\n' => b"\\n",
        b'\r' => b"\\r",
        b'\t' => b"\\t",
        0x08 => b"\\b",
        0x0c => b"\\f",
        0..=0x1f => b"",
        _ => return,
    };
    buf.extend_from_slice(&bytes[*start..i]);
    if escape.is_empty() {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        buf.extend_from_slice(b"\\u00");
        buf.push(HEX[usize::from(b >> 4)]);
        buf.push(HEX[usize::from(b & 0xf)]);
    } else {
        buf.extend_from_slice(escape);
    }
    *start = i + 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_as_serde_json_does() {
        let cases = [
            "",
            "plain ASCII text of some length, no escapes at all",
            "tab\there \"quoted\" back\\slash",
            "ctrl \u{1}\u{8}\u{c}\u{1f}\u{7f} end",
            "UTF-8: 커널이 센 소켓 수 · ÉCOUTE — \u{fffd}",
            "\n",
            "12345678\"12345678",
        ];
        for c in cases {
            let mut buf = Vec::new();
            string(&mut buf, c);
            assert_eq!(
                String::from_utf8(buf).unwrap(),
                serde_json::to_string(c).unwrap(),
                "{c:?}"
            );
        }
    }

    #[test]
    fn objects_and_arrays() {
        let mut buf = Vec::new();
        let mut o = Json::object(&mut buf);
        o.num("line", 3u64);
        o.str("text", "a\"b");
        o.opt_num("port", None::<u16>);
        o.bool("cut", true);
        o.object_in("kernel", |k| k.display("st", format_args!("{:02X}", 10)));
        o.array_in("notes", |a| {
            a.str("x");
            a.object(|n| n.str("id", "y"));
        });
        o.end();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            r#"{"line":3,"text":"a\"b","port":null,"cut":true,"kernel":{"st":"0A"},"notes":["x",{"id":"y"}]}"#
        );
    }
}
