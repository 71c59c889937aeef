//! Display width: columns a string takes on a terminal (Hangul and CJK take two), for
//! padding and cutting without breaking alignment or a character.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` padded with spaces to `width` display columns (never cut).
pub fn pad(text: &str, width: usize) -> String {
    let shown = text.width();
    let mut out = String::with_capacity(text.len() + width.saturating_sub(shown));
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(shown)));
    out
}

/// `text` cut to at most `width` display columns at a character boundary, with `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_counts_two_columns() {
        assert_eq!(pad("수신", 6), "수신  ");
        assert_eq!(pad("Recv-Q", 8), "Recv-Q  ");
        assert_eq!(truncate("수신 대기열", 6), "수신 …");
        assert_eq!(truncate("수신대기열", 6), "수신…");
        assert!(truncate("수신대기열", 6).width() <= 6);
        assert_eq!(truncate("abc", 6), "abc");
    }
}
