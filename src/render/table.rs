//! netstat-shaped tables: the same titles, headings, column order and widths as net-tools
//! `netstat` (netstat.c: `%-4s  %6ld %6ld %-23s %-23s %-11s`, ` %-10s %-10lu`, ` %-20s`),
//! so a learner can hold both side by side. Addresses are numeric and never cut (netstat's
//! `-n -W`) unless asked: with names (`--names`) they are printed as netstat prints them
//! without `-n`, and with `netstat_width` cut to its 23 columns as netstat does without
//! `-W` ([`netstat_cut`]). With `explain`, a legend of the shown columns follows each
//! heading and notes follow each row.

use std::io::{self, Write};
use std::net::IpAddr;

use super::notes::{NoteText, NoteWriter};
use super::sanitize::escape;
use super::{Style, width};
use crate::knowledge::messages::{Message, Messages};
use crate::knowledge::{Column, Glossary, Section, Topic};
use crate::model::{Endpoint, Family, InetProto, Socket};
use crate::source::names::Names;

/// Which rows netstat's title announces: `-a`, `-l`, or the default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    All,
    Listening,
    Connected,
}

impl Selection {
    fn title_suffix(self) -> &'static str {
        match self {
            Selection::All => "(servers and established)",
            Selection::Listening => "(only servers)",
            Selection::Connected => "(w/o servers)",
        }
    }
}

/// What the table shows.
#[derive(Clone, Copy, Debug)]
pub struct TableOptions {
    pub selection: Selection,
    pub inet: bool,
    pub unix: bool,
    /// `-e`: User and Inode.
    pub extend: bool,
    /// `-p`: PID/Program name.
    pub programs: bool,
    pub explain: bool,
    /// Addresses cut to netstat's 23 columns (netstat without `-W`).
    pub netstat_width: bool,
}

/// A streaming table: rows arrive in table order (Internet tables before `unix`) and each
/// section's title, heading and legend are written before its first row — or at `finish`
/// for a section with no rows, as netstat prints an empty section.
pub struct TableWriter<'a, W: Write> {
    w: &'a mut W,
    opts: TableOptions,
    glossary: &'a Glossary,
    style: Style,
    started: Vec<Section>,
    line: String,
    notes: NoteWriter<'a>,
    names: Option<&'a Names>,
}

impl<'a, W: Write> TableWriter<'a, W> {
    pub fn new(
        w: &'a mut W,
        opts: TableOptions,
        glossary: &'a Glossary,
        messages: &'a Messages,
        style: Style,
    ) -> Self {
        TableWriter {
            w,
            opts,
            glossary,
            style,
            started: Vec::new(),
            line: String::with_capacity(160),
            notes: NoteWriter::new(messages, style, "      ↳ "),
            names: None,
        }
    }

    /// Addresses and ports printed with these names (`--names`).
    pub fn with_names(mut self, names: &'a Names) -> Self {
        self.names = Some(names);
        self
    }

    /// One row, and under it its notes (with `explain`; pass none otherwise).
    pub fn row(&mut self, socket: &Socket, notes: &[NoteText]) -> io::Result<()> {
        let section = if socket.as_unix().is_some() {
            Section::Unix
        } else {
            Section::Inet
        };
        self.start_through(section)?;
        self.line.clear();
        match section {
            Section::Inet => {
                inet_row_named(&mut self.line, socket, &self.opts, self.names);
                self.line.truncate(self.line.trim_end().len());
            }
            Section::Unix => unix_row(&mut self.line, socket, &self.opts),
        }
        let line = &self.line;
        match self.opts.explain {
            true => self.notes.row(self.w, notes, |w| writeln!(w, "{line}")),
            false => writeln!(self.w, "{line}"),
        }
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.notes.end_run(self.w)?;
        self.start_through(Section::Unix)
    }

    /// Writes the headers of every shown section up to and including `last`, once each.
    fn start_through(&mut self, last: Section) -> io::Result<()> {
        for section in [Section::Inet, Section::Unix] {
            let shown = match section {
                Section::Inet => self.opts.inet,
                Section::Unix => self.opts.unix,
            };
            if shown && !self.started.contains(&section) {
                self.notes.end_run(self.w)?;
                self.started.push(section);
                self.header(section)?;
            }
            if section == last {
                break;
            }
        }
        Ok(())
    }

    fn header(&mut self, section: Section) -> io::Result<()> {
        let (name, mut heading, mut columns) = match section {
            Section::Inet => (
                "Active Internet connections",
                String::from(
                    "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ",
                ),
                vec![
                    Column::Proto,
                    Column::RecvQ,
                    Column::SendQ,
                    Column::LocalAddress,
                    Column::ForeignAddress,
                    Column::State,
                ],
            ),
            Section::Unix => (
                "Active UNIX domain sockets",
                String::from("Proto RefCnt Flags       Type       State         I-Node  "),
                vec![
                    Column::Proto,
                    Column::RefCnt,
                    Column::Flags,
                    Column::Type,
                    Column::UnixState,
                    Column::INode,
                ],
            ),
        };
        if self.opts.extend && section == Section::Inet {
            heading.push_str(" User       Inode     ");
            columns.extend([Column::User, Column::Inode]);
        }
        if self.opts.programs {
            heading.push_str(" PID/Program name    ");
            columns.push(Column::PidProgram);
        }
        if section == Section::Unix {
            heading.push_str(" Path");
            columns.push(Column::Path);
        }
        let title = format!("{name} {}", self.opts.selection.title_suffix());
        writeln!(self.w, "{}", self.style.heading(&title))?;
        writeln!(self.w, "{}", self.style.heading(&heading))?;
        if self.opts.explain {
            write_legend(self.w, section, &columns, self.glossary, self.style)?;
        }
        Ok(())
    }
}

/// One Internet row into `out`, netstat's widths, numeric.
pub fn inet_row(out: &mut String, socket: &Socket, opts: &TableOptions) {
    inet_row_named(out, socket, opts, None);
}

/// One Internet row into `out`, netstat's widths, with names where given.
pub fn inet_row_named(
    out: &mut String,
    socket: &Socket,
    opts: &TableOptions,
    names: Option<&Names>,
) {
    use std::fmt::Write as _;
    let address = |end: Option<Endpoint>| match socket.as_inet() {
        Some(inet) => address_text(end.as_ref(), inet.proto, names, opts.netstat_width),
        None => endpoint_text(end.as_ref()),
    };
    let _ = write!(
        out,
        "{:<4}  {:>6} {:>6} {:<23} {:<23} {:<11}",
        socket.proto().name(),
        socket.recv_q,
        socket.send_q,
        address(socket.local()),
        address(socket.remote()),
        socket.state_text(),
    );
    if opts.extend {
        let user = match (&socket.user, socket.uid) {
            (Some(name), _) => escape(name).into_owned(),
            (None, Some(uid)) => uid.to_string(),
            (None, None) => "-".into(),
        };
        let inode = socket.inode.map_or("-".into(), |i| i.to_string());
        let _ = write!(out, " {user:<10} {inode:<10}");
    }
    if opts.programs {
        let _ = write!(out, " {:<20}", owners_text(socket));
    }
}

/// One UNIX row into `out`: `%-5s %-6ld %-11s %-10s %-13s %-8lu [%-20s] %s`.
pub fn unix_row(out: &mut String, socket: &Socket, opts: &TableOptions) {
    use std::fmt::Write as _;
    let Some(unix) = &socket.as_unix() else {
        return;
    };
    let flags: String = unix
        .flags
        .iter()
        .map(|f| format!("{} ", f.name()))
        .collect();
    let _ = write!(
        out,
        "{:<5} {:<6} {:<11} {:<10} {:<13} {:<8} ",
        "unix",
        unix.refcnt.map_or("-".into(), |n| n.to_string()),
        format!("[ {flags}]"),
        unix.kind.name(),
        unix.state.column_text(),
        socket.inode.map_or("-".into(), |i| i.to_string()),
    );
    if opts.programs {
        let _ = write!(out, "{:<20}", owners_text(socket));
    }
    // Padding is trimmed, never the path: a path may end in a space.
    out.truncate(out.trim_end().len());
    if !unix.path.is_empty() {
        let _ = write!(out, " {}", escape(&unix.path));
    }
}

/// `addr:port` as netstat prints it: `0.0.0.0:*`, `:::22`, mapped IPv4 as plain IPv4.
pub fn endpoint_text(end: Option<&Endpoint>) -> String {
    let Some(end) = end else { return "*".into() };
    let port = end.port.map_or("*".into(), |p| p.to_string());
    match end.addr {
        IpAddr::V4(a) => format!("{a}:{port}"),
        IpAddr::V6(a) => format!("{a}:{port}"),
    }
}

/// `addr:port` as netstat prints it: numeric as with `-n` without `names`, else names
/// where there are some (`localhost:ssh`; the wildcards `0.0.0.0` and `[::]`); cut to
/// 23 columns with `cut`. Host names come from files and DNS: untrusted, so escaped.
pub fn address_text(
    end: Option<&Endpoint>,
    proto: InetProto,
    names: Option<&Names>,
    cut: bool,
) -> String {
    let Some(end) = end else { return "*".into() };
    let numeric = |end: &Endpoint| end.addr.to_string();
    let (host, port) = match names {
        None => (numeric(end), end.port.map(|p| p.to_string())),
        Some(names) => {
            let host = match names.host(end) {
                Some(name) => name.to_string(),
                // INET6_rresolve names the IPv6 wildcard; IPv4's stays 0.0.0.0.
                None if end.addr.is_unspecified() && end.addr.is_ipv6() => "[::]".into(),
                None => numeric(end),
            };
            let port = end.port.map(|p| {
                names
                    .service(proto, p)
                    .map_or_else(|| p.to_string(), str::to_string)
            });
            (host, port)
        }
    };
    // get_sname: port 0 is `*`.
    let port = port.unwrap_or_else(|| "*".into());
    let text = match cut {
        true => netstat_cut(&host, &port),
        false => format!("{host}:{port}"),
    };
    escape(&text).into_owned()
}

/// net-tools `addr_do_one` without `-W`: when `host` and `port` together are longer than
/// 22 bytes, the port keeps up to 18 of them and the host is cut to what is left, so
/// `host:port` is at most 23 (`a-very-long:socklab-dup`, `mid-length-host.te:8990`). A
/// cut never splits a character (netstat's `strncpy` would; names are ASCII in practice).
pub fn netstat_cut(host: &str, port: &str) -> String {
    const SHORT: usize = 22;
    if host.len() + port.len() <= SHORT {
        return format!("{host}:{port}");
    }
    let port = prefix(port, port.len().min(SHORT - 4));
    let host = prefix(host, SHORT - port.len());
    format!("{host}:{port}")
}

/// The longest start of `text` of at most `bytes` bytes that ends on a character boundary.
fn prefix(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// `pid/program` of every owner, comma-separated; `-` when none.
pub fn owners_text(socket: &Socket) -> String {
    if socket.owners.is_empty() {
        return "-".into();
    }
    let mut text = String::new();
    let mut last_pid = None;
    for owner in &socket.owners {
        // One process may hold the socket through several fds; name it once.
        if last_pid == Some(owner.process.pid) {
            continue;
        }
        last_pid = Some(owner.process.pid);
        if !text.is_empty() {
            text.push(',');
        }
        text.push_str(&format!(
            "{}/{}",
            owner.process.pid,
            escape(owner.process.program_name())
        ));
    }
    text
}

fn write_legend(
    w: &mut impl Write,
    section: Section,
    columns: &[Column],
    glossary: &Glossary,
    style: Style,
) -> io::Result<()> {
    for line in style.wrap(glossary.short(Topic::Section(section)), "  ", "  ") {
        writeln!(w, "{}", style.note(&line))?;
    }
    // Terms are padded by display width and the text wraps under itself, so the legend
    // stays aligned whatever the language.
    let hang = " ".repeat(LEGEND_TERM + 3);
    for &column in columns {
        let term = glossary
            .get(Topic::Column(column))
            .map_or("?", |e| e.term.as_str());
        let text = glossary.short(Topic::Column(column));
        let lines = style.wrap(text, &hang, &hang);
        for (i, line) in lines.iter().enumerate() {
            let body = &line[hang.len()..];
            if i == 0 {
                let term = width::pad(&width::truncate(term, LEGEND_TERM), LEGEND_TERM);
                writeln!(w, "  {} {}", style.term(&term), style.note(body))?;
            } else {
                writeln!(w, "{hang}{}", style.note(body))?;
            }
        }
    }
    writeln!(w)
}

const LEGEND_TERM: usize = 16;

/// Sockets per family of one owner (tcp, udp, raw, unix), for `--by-process`.
#[derive(Default)]
struct Counts {
    name: String,
    user: Option<String>,
    per_family: [usize; 4],
}

/// Counts by owning pid, busiest first, and the counts of sockets nobody owns.
fn count_by_process(sockets: &[Socket]) -> (Vec<(u32, Counts)>, [usize; 4]) {
    use std::collections::BTreeMap;
    let slot = |f: Family| match f {
        Family::Tcp => 0,
        Family::Udp => 1,
        Family::Raw => 2,
        Family::Unix => 3,
    };
    let mut by_pid: BTreeMap<u32, Counts> = BTreeMap::new();
    let mut unowned = [0usize; 4];
    for socket in sockets {
        let family = slot(socket.family());
        if socket.owners.is_empty() {
            unowned[family] += 1;
        }
        let mut last = None;
        for owner in &socket.owners {
            if last == Some(owner.process.pid) {
                continue;
            }
            last = Some(owner.process.pid);
            let counts = by_pid.entry(owner.process.pid).or_default();
            counts.name = owner.process.program_name().to_string();
            counts.user = owner.process.user.as_deref().map(str::to_string);
            counts.per_family[family] += 1;
        }
    }
    let mut rows: Vec<_> = by_pid.into_iter().collect();
    rows.sort_by_key(|(pid, c)| (std::cmp::Reverse(c.per_family.iter().sum::<usize>()), *pid));
    (rows, unowned)
}

/// `--by-process`: one line per owning process, busiest first, then the unowned.
pub fn write_by_process(
    w: &mut impl Write,
    sockets: &[Socket],
    messages: &Messages,
    style: Style,
) -> io::Result<()> {
    let (rows, unowned) = count_by_process(sockets);
    for (pid, counts) in rows {
        let name = escape(&counts.name);
        let head = match &counts.user {
            Some(user) => messages.say(
                Message::ByProcessOwner,
                args!(name = name, pid = pid, user = escape(user)),
            ),
            None => messages.say(Message::ByProcessOwnerNoUser, args!(name = name, pid = pid)),
        };
        let counts = family_counts(&counts.per_family, messages);
        writeln!(w, "{}: {counts}", style.heading(&head))?;
    }
    if unowned.iter().any(|&n| n > 0) {
        let counts = family_counts(&unowned, messages);
        let label = messages.say(Message::ByProcessUnowned, args!());
        writeln!(w, "{}: {counts}", style.heading(&label))?;
    }
    Ok(())
}

fn family_counts(counts: &[usize; 4], messages: &Messages) -> String {
    [
        Message::FamilyTcp,
        Message::FamilyUdp,
        Message::FamilyRaw,
        Message::FamilyUnix,
    ]
    .iter()
    .zip(counts)
    .filter(|(_, n)| **n > 0)
    .map(|(family, n)| {
        let family = messages.say(*family, args!());
        messages.say(Message::FamilyCount, args!(n = n, family = family))
    })
    .collect::<Vec<_>>()
    .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cut_keeps_the_port_and_fits_23_columns() {
        // Printed by netstat -tuwa (net-tools 2.10) for fixtures/proc/names: see
        // fixtures/outputs/names/netstat-tuwa.txt.
        let long = "a-very-long-host-name-for-the-column.example.test";
        assert_eq!(netstat_cut(long, "socklab-dup"), "a-very-long:socklab-dup");
        assert_eq!(
            netstat_cut(long, "clc-build-daemon"),
            "a-very:clc-build-daemon"
        );
        assert_eq!(netstat_cut(long, "59560"), "a-very-long-host-:59560");
        assert_eq!(
            netstat_cut("mid-length-host.test", "ssh"),
            "mid-length-host.tes:ssh"
        );
        assert_eq!(
            netstat_cut("mid-length-host.test", "48612"),
            "mid-length-host.t:48612"
        );
        assert_eq!(netstat_cut("[::]", "ipv6-icmp"), "[::]:ipv6-icmp");
        // The paste: a Google server name cut right after "1e".
        let google = netstat_cut("ams16s29-in-f3.1e100.net", "https");
        assert_eq!(google, "ams16s29-in-f3.1e:https");
        // Numeric IPv6 is cut too (netstat -tn without -W); a port over 18 bytes is cut.
        assert_eq!(
            netstat_cut("2001:db8:85a3::8a2e:370:7334", "443"),
            "2001:db8:85a3::8a2e:443"
        );
        let port = "a-service-name-of-twenty-two";
        assert_eq!(netstat_cut("host", port), "host:a-service-name-of-");
        assert!(netstat_cut(long, port).len() == 23);
        // A cut never splits a character (Hangul is 3 bytes each; 17 bytes end here).
        assert_eq!(
            netstat_cut("호스트-이름-아주-길다", "https"),
            "호스트-이름-:https"
        );
        assert_eq!(
            netstat_cut("호스트이름아주길다요", "https"),
            "호스트이름:https"
        );
    }
}
