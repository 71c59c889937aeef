//! What people paste around tool output: markdown fences, HTML tags, `...`, sudo's
//! password prompt, a bare count from `| wc -l`, the tools' own warnings — recognized as
//! [`Other`] — and prefixes every line of a log carries (a syslog or journal timestamp
//! and tag), which are seen through so the rest of the line is read as usual.

use super::lex::digits;
use super::line::Other;

/// What a whole line of pasted noise is.
pub fn other(text: &str) -> Option<Other> {
    let t = text.trim();
    if t.starts_with("```") || t.starts_with("~~~") {
        return Some(Other::Fence);
    }
    if is_tags(t) {
        return Some(Other::Html);
    }
    if matches!(
        t,
        "..." | "…" | "[...]" | "[…]" | "(...)" | "(…)" | "...." | "....."
    ) {
        return Some(Other::Ellipsis);
    }
    if t.starts_with("[sudo] password for ") || t == "Password:" {
        return Some(Other::SudoPrompt);
    }
    is_warning(t).then_some(Other::Warning)
}

/// A bare count: what `wc -l` prints (only where a count is expected).
pub fn is_count(text: &str) -> bool {
    digits(text.trim())
}

/// Only HTML tags (`<pre>`, `</code></pre>`, `<br/>`), nothing else.
fn is_tags(t: &str) -> bool {
    let mut rest = t;
    if !rest.starts_with('<') {
        return false;
    }
    while let Some(r) = rest.strip_prefix('<') {
        let Some(close) = r.find('>') else {
            return false;
        };
        let name = r[..close].trim_start_matches('/');
        let word = name.split([' ', '/']).next().unwrap_or("");
        if word.is_empty() || !word.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return false;
        }
        rest = r[close + 1..].trim_start();
    }
    rest.is_empty()
}

/// An HTML tag at the start of a line with output after it (`<pre>tcp 0 0 …`): its length.
pub fn leading_tag(text: &str) -> Option<usize> {
    let r = text.strip_prefix('<')?;
    let close = r.find('>')?;
    let name = r[..close].split(' ').next()?;
    matches!(name, "pre" | "code" | "p" | "tt" | "samp" | "kbd").then_some(close + 2)
}

/// A tool's warning or error, or the indented line that continues one.
fn is_warning(t: &str) -> bool {
    const TOOLS: [&str; 6] = ["netstat:", "ss:", "lsof:", "busybox:", "sudo:", "cat:"];
    let first = t.split_whitespace().next().unwrap_or("");
    TOOLS.contains(&first)
        || t.starts_with("Cannot open netlink socket")
        || t.starts_with("Output information may be incomplete")
        || t.starts_with("assuming \"")
}

/// The length of a log prefix at the start of `text`: a syslog stamp (`Nov 29 06:15:01
/// host tag[123]: `) or an ISO one (`2024-11-29T06:15:01.123+00:00 host tag: `, or the
/// stamp alone), when a tool's text follows it.
pub fn log_prefix(text: &str) -> Option<usize> {
    // `<13>`: the priority a syslog message starts with on the wire (logger -s prints it).
    let pri = text
        .strip_prefix('<')
        .and_then(|r| {
            r.find('>')
                .filter(|&i| i <= 3 && r[..i].bytes().all(|b| b.is_ascii_digit()))
        })
        .map_or(0, |i| i + 2);
    let stamp = pri + syslog_stamp(&text[pri..]).or_else(|| iso_stamp(&text[pri..]))?;
    let rest = &text[stamp..];
    let after = rest.trim_start_matches(' ');
    let at = stamp + (rest.len() - after.len());
    // `host tag[pid]: ` or `host tag: ` may follow the stamp.
    let mut w = after.splitn(3, ' ');
    if let (Some(host), Some(tag)) = (w.next(), w.next()) {
        if !host.is_empty() && tag.ends_with(':') && tag.len() > 1 {
            let tagged = at + host.len() + 1 + tag.len();
            let body = &text[tagged..];
            return (!body.trim().is_empty())
                .then(|| tagged + (body.len() - body.trim_start_matches(' ').len()).min(1));
        }
    }
    (!after.trim().is_empty() && at < text.len()).then_some(at)
}

/// `Nov 29 06:15:01`: its length.
fn syslog_stamp(text: &str) -> Option<usize> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let b = text.as_bytes();
    if b.len() < 16 || !MONTHS.contains(&text.get(..3)?) || b[3] != b' ' {
        return None;
    }
    let day_ok = (b[4] == b' ' || b[4].is_ascii_digit()) && b[5].is_ascii_digit() && b[6] == b' ';
    clock(&text[7..]).filter(|_| day_ok).map(|n| 7 + n)
}

/// `2024-11-29T06:15:01[.123][Z|+00:00|+0000]`: its length.
fn iso_stamp(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let date = b.len() > 19
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b' ');
    if !date {
        return None;
    }
    let mut at = 11 + clock(&text[11..])?;
    if b.get(at) == Some(&b'.') {
        at += 1 + b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
    }
    if b.get(at) == Some(&b'Z') {
        at += 1;
    } else if matches!(b.get(at), Some(b'+' | b'-')) {
        at += 1 + b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || **c == b':')
            .count();
    }
    Some(at)
}

/// `06:15:01`: 8.
fn clock(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let ok = b.len() >= 8
        && b[2] == b':'
        && b[5] == b':'
        && [0, 1, 3, 4, 6, 7].iter().all(|&i| b[i].is_ascii_digit());
    ok.then_some(8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_people_paste() {
        // Shapes listed in issue 11; the warning is BusyBox netstat's on a kernel
        // without IPv6 (fopen_or_warn), the second line lsof 4.95's continuation.
        assert_eq!(other("```"), Some(Other::Fence));
        assert_eq!(other("```text"), Some(Other::Fence));
        assert_eq!(other("<pre>"), Some(Other::Html));
        assert_eq!(other("</code></pre>"), Some(Other::Html));
        assert_eq!(other("..."), Some(Other::Ellipsis));
        assert_eq!(
            other("[sudo] password for alice: "),
            Some(Other::SudoPrompt)
        );
        assert_eq!(
            other("netstat: /proc/net/tcp6: No such file or directory"),
            Some(Other::Warning)
        );
        assert_eq!(
            other("      Output information may be incomplete."),
            Some(Other::Warning)
        );
        assert_eq!(other("tcp 0 0 1.2.3.4:5 6.7.8.9:10 ESTABLISHED"), None);
        assert_eq!(other("<not a tag"), None);
        assert!(is_count("42") && !is_count("4 2"));
        assert_eq!(leading_tag("<pre>tcp 0 0"), Some(5));
    }

    #[test]
    fn log_prefixes() {
        // logger(1) and journalctl -o short / short-iso line shapes.
        let t = "Nov 29 06:15:01 box sscheck[812]: ESTAB 0 0 127.0.0.1:22 127.0.0.1:5000";
        assert_eq!(
            &t[log_prefix(t).unwrap()..],
            "ESTAB 0 0 127.0.0.1:22 127.0.0.1:5000"
        );
        let t = "2024-11-29T06:15:01+0000 box netstat-cron: tcp 0 0 0.0.0.0:22 0.0.0.0:* LISTEN";
        assert_eq!(
            &t[log_prefix(t).unwrap()..],
            "tcp 0 0 0.0.0.0:22 0.0.0.0:* LISTEN"
        );
        // logger -s (util-linux 2.38, this machine) prints the syslog priority first.
        let t = "<13>Nov 29 07:24:05 vm netstat-cron: tcp        0      0 0.0.0.0:2024";
        assert_eq!(
            &t[log_prefix(t).unwrap()..],
            "tcp        0      0 0.0.0.0:2024"
        );
        let t = "2024-11-29 06:15:01.123 tcp 0 0";
        assert_eq!(&t[log_prefix(t).unwrap()..], "tcp 0 0");
        assert_eq!(log_prefix("tcp        0      0 0.0.0.0:22"), None);
        assert_eq!(log_prefix("Nov 29 06:15:01"), None);
    }
}
