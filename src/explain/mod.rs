//! Pasted `netstat`/`ss` output, line by line: decode each line (lossy for invalid
//! UTF-8), detect which family and table it belongs to — per section, not per file —
//! and parse rows into the same [`Socket`] the live source makes, so one annotator
//! serves both. Streaming: [`Explainer::line`] sees one line and keeps only the current
//! section's shape, so memory does not grow with the input.

pub mod addr;
mod bsd;
mod detect;
pub mod hostname;
mod netstat;
mod ss;
pub mod vocab;
mod windows;

use std::sync::Arc;

pub use addr::HostPort;

use crate::model::{Owner, Process, Socket};
use vocab::StateWord;

/// An output family: who printed the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    LinuxNetstat,
    Busybox,
    Ss,
    Bsd,
    Windows,
    Solaris,
    Lsof,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::LinuxNetstat,
        Format::Busybox,
        Format::Ss,
        Format::Bsd,
        Format::Windows,
        Format::Solaris,
        Format::Lsof,
    ];

    /// The id `--format` takes and JSON's `format` carries.
    pub fn id(self) -> &'static str {
        match self {
            Format::LinuxNetstat => "linux-netstat",
            Format::Busybox => "busybox",
            Format::Ss => "ss",
            Format::Bsd => "bsd",
            Format::Windows => "windows",
            Format::Solaris => "solaris",
            Format::Lsof => "lsof",
        }
    }

    pub fn parse(id: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.id() == id)
    }

    /// Families with one layout: BusyBox prints net-tools' columns, so auto-detection
    /// calls it linux-netstat and `--format busybox` only changes the label.
    fn same_layout(self, other: Format) -> bool {
        self == other
            || matches!(
                (self, other),
                (Format::LinuxNetstat, Format::Busybox) | (Format::Busybox, Format::LinuxNetstat)
            )
    }
}

/// What one input line is (JSON `kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Title,
    Header,
    Row,
    Blank,
    Continuation,
    Summary,
    Unrecognized,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Title => "title",
            Kind::Header => "header",
            Kind::Row => "row",
            Kind::Blank => "blank",
            Kind::Continuation => "continuation",
            Kind::Summary => "summary",
            Kind::Unrecognized => "unrecognized",
        }
    }
}

/// The table a line belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// Internet sockets (net-tools, BSD, Windows, Solaris blocks).
    Inet,
    /// UNIX sockets in net-tools' layout.
    Unix,
    /// ss: every netid in one table.
    Ss,
    /// BSD's UNIX table (kernel addresses, no owners).
    BsdUnix,
    Route,
    Interface,
    Stats,
    Groups,
    Bluetooth,
    /// macOS kernel control/event sockets and other tables shown per column.
    Kernel,
    /// `lsof` listings (not netstat, but the seed's other tool), shown per column.
    Lsof,
    /// `lsof -F` field output: one field per line.
    LsofFields,
}

impl Table {
    /// Tables whose rows are not sockets: every line in them is a row of the table.
    pub fn is_loose(self) -> bool {
        matches!(
            self,
            Table::Route
                | Table::Interface
                | Table::Stats
                | Table::Groups
                | Table::Bluetooth
                | Table::Kernel
                | Table::BsdUnix
                | Table::Lsof
                | Table::LsofFields
        )
    }
}

/// A tool message between the tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message {
    /// net-tools / BusyBox: not root, so other users' owners are hidden.
    NotRoot,
}

/// A parsed row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    /// The model socket, when the row is one.
    pub socket: Option<Socket>,
    /// The protocol as printed (`tcp4`, `TCP`, `u_str`).
    pub proto_text: String,
    /// The State column as printed, and the word it matched.
    pub state_text: Option<String>,
    pub state_word: Option<&'static StateWord>,
    pub local: Option<HostPort>,
    pub remote: Option<HostPort>,
    /// The owner column as printed (`1234/sshd`, `-`), when the table has one.
    pub owner_text: Option<String>,
    pub timer: Option<String>,
    /// Other columns, `name → value`, in jc's names where jc has one.
    pub columns: Vec<(String, String)>,
}

impl Row {
    pub fn column(&self, name: &str) -> Option<&str> {
        self.columns
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One input line, understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// 1-based.
    pub number: u64,
    /// The line without its line ending; invalid UTF-8 replaced by U+FFFD.
    pub text: String,
    pub lossy: bool,
    pub kind: Kind,
    pub format: Option<Format>,
    pub table: Option<Table>,
    pub row: Option<Row>,
    /// This header opens its section: the legend is due.
    pub first_header: bool,
    pub message: Option<Message>,
}

/// The current section's shape.
#[derive(Clone, Copy, Debug)]
struct Section {
    format: Format,
    table: Table,
    header_seen: bool,
    /// ss printed a Netid column.
    netid: bool,
}

/// The streaming state machine: feed it lines in order.
pub struct Explainer {
    forced: Option<Format>,
    section: Option<Section>,
    number: u64,
    /// The previous line was a socket row (continuation lines attach to it).
    after_row: bool,
    /// The words of the current per-column table's heading, as field names.
    loose_columns: Vec<String>,
}

impl Explainer {
    pub fn new(forced: Option<Format>) -> Explainer {
        Explainer {
            forced,
            section: None,
            number: 0,
            after_row: false,
            loose_columns: Vec::new(),
        }
    }

    /// Families this explainer tries, for the "nothing recognized" message.
    pub fn tried(&self) -> Vec<&'static str> {
        match self.forced {
            Some(f) => vec![f.id()],
            None => Format::ALL.iter().map(|f| f.id()).collect(),
        }
    }

    fn allowed(&self, format: Format) -> bool {
        self.forced.is_none_or(|f| f.same_layout(format))
    }

    fn label(&self, format: Format) -> Format {
        match self.forced {
            Some(f) if f.same_layout(format) => f,
            _ => format,
        }
    }

    /// One raw line (without its `\n`; a trailing `\r` is dropped here).
    pub fn line(&mut self, raw: &[u8]) -> Line {
        self.number += 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let (text, lossy) = match std::str::from_utf8(raw) {
            Ok(t) => (t.to_string(), false),
            Err(_) => (String::from_utf8_lossy(raw).into_owned(), true),
        };
        let mut line = Line {
            number: self.number,
            text,
            lossy,
            kind: Kind::Unrecognized,
            format: None,
            table: None,
            row: None,
            first_header: false,
            message: None,
        };
        // classify reads the text while it fills in the rest of the line.
        let text = std::mem::take(&mut line.text);
        self.classify(&text, &mut line);
        line.text = text;
        self.after_row = line.kind == Kind::Row
            && line.row.as_ref().is_some_and(|r| r.socket.is_some())
            || (line.kind == Kind::Continuation && self.after_row);
        line
    }

    fn set(&self, line: &mut Line, kind: Kind, format: Format, table: Option<Table>) {
        line.kind = kind;
        line.format = Some(self.label(format));
        line.table = table;
    }

    fn classify(&mut self, text: &str, line: &mut Line) {
        if text.trim().is_empty() {
            line.kind = Kind::Blank;
            // Solaris and Windows separate blocks with blank lines; the section goes on.
            return;
        }
        if let Some((format, message)) = detect::message(text).filter(|(f, _)| self.allowed(*f)) {
            let table = self.section.map(|s| s.table);
            self.set(line, Kind::Summary, format, table);
            line.message = Some(message);
            return;
        }
        if let Some(s) = self.section {
            // Inside a socket table a row is the common case: try it first (speed).
            if s.header_seen && !s.table.is_loose() {
                if let Some(kind) = self.section_row(s, text, line) {
                    line.kind = kind;
                    return;
                }
            }
        }
        if let Some((format, table)) = detect::title(text).filter(|(f, _)| self.allowed(*f)) {
            self.section = Some(Section {
                format,
                table,
                header_seen: false,
                netid: false,
            });
            self.set(line, Kind::Title, format, Some(table));
            return;
        }
        if let Some(h) = detect::header(text, self.section.map(|s| (s.format, s.table)))
            .filter(|h| self.allowed(h.format))
        {
            let first = match self.section {
                Some(s) => !(s.header_seen && s.table == h.table && s.format == h.format),
                None => true,
            };
            self.section = Some(Section {
                format: h.format,
                table: h.table,
                header_seen: true,
                netid: h.netid,
            });
            self.set(line, Kind::Header, h.format, Some(h.table));
            line.first_header = first && !h.ruler;
            if h.table.is_loose() {
                self.loose_columns = column_names(text);
            }
            return;
        }
        if let Some(s) = self.section.as_mut() {
            // A table shown per column: its first line is its heading (statistics have none).
            if s.table.is_loose()
                && !s.header_seen
                && !matches!(s.table, Table::Stats | Table::LsofFields)
            {
                s.header_seen = true;
                let (format, table) = (s.format, s.table);
                self.set(line, Kind::Header, format, Some(table));
                line.first_header = true;
                self.loose_columns = column_names(text);
                return;
            }
        }
        if let Some(s) = self.section {
            if !s.header_seen || s.table.is_loose() {
                if let Some(kind) = self.section_row(s, text, line) {
                    line.kind = kind;
                    return;
                }
            }
        }
        // No header seen (a pasted excerpt): rows that identify themselves.
        for (format, table) in detect::headerless(text) {
            if !self.allowed(format) {
                continue;
            }
            let s = Section {
                format,
                table,
                header_seen: false,
                netid: table == Table::Ss && ss::has_netid(text),
            };
            if let Some(kind) = self.section_row(s, text, line) {
                self.section = Some(s);
                line.kind = kind;
                return;
            }
        }
        line.format = self.section.map(|s| self.label(s.format));
        line.table = self.section.map(|s| s.table);
    }

    /// A row of the current section, or a continuation of the last row.
    fn section_row(&self, s: Section, text: &str, line: &mut Line) -> Option<Kind> {
        let row = match (s.format, s.table) {
            (Format::LinuxNetstat | Format::Busybox, Table::Inet) => netstat::inet_row(text),
            (Format::LinuxNetstat | Format::Busybox, Table::Unix) => netstat::unix_row(text),
            (Format::Ss, _) => {
                if self.after_row && ss::is_continuation(text) {
                    self.set(line, Kind::Continuation, s.format, Some(s.table));
                    return Some(Kind::Continuation);
                }
                ss::row(text, s.netid)
            }
            (Format::Bsd, Table::Inet) => bsd::inet_row(text),
            (Format::Solaris, Table::Inet) => bsd::solaris_row(text),
            (Format::Windows, Table::Inet) => match windows::row(text) {
                Some(row) => Some(row),
                None if self.after_row && windows::is_owner_line(text) => {
                    self.set(line, Kind::Continuation, s.format, Some(s.table));
                    return Some(Kind::Continuation);
                }
                None => None,
            },
            (_, table) if table.is_loose() => Some(loose_row(text, s, &self.loose_columns)),
            _ => None,
        }?;
        self.set(line, Kind::Row, s.format, Some(s.table));
        line.row = Some(row);
        Some(Kind::Row)
    }
}

/// A heading's words as field names: `RX-OK` → `rx_ok`, `SIZE/OFF` → `size_off`.
fn column_names(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.to_ascii_lowercase().replace(['-', '/'], "_"))
        .collect()
}

/// A row of a table shown per column (routes, interfaces, statistics…): its words,
/// named by the heading's words where they line up, else `column_N`.
fn loose_row(text: &str, s: Section, names: &[String]) -> Row {
    let columns = match s.table {
        Table::Stats | Table::LsofFields => {
            vec![("text".to_string(), text.trim().to_string())]
        }
        _ => {
            let words: Vec<&str> = text.split_whitespace().collect();
            let named = words.len() <= names.len();
            words
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let name = match names.get(i) {
                        Some(n) if named => n.clone(),
                        _ => format!("column_{}", i + 1),
                    };
                    (name, w.to_string())
                })
                .collect()
        }
    };
    Row {
        columns,
        ..Row::default()
    }
}

/// An owner as netstat prints it: `1234/sshd: user@pts`, `-`, or a bare name.
pub(crate) fn owner_from_text(text: &str, fd: Option<u32>) -> Option<Owner> {
    let (pid, name) = text.split_once('/')?;
    let pid: u32 = pid.parse().ok()?;
    Some(owner(pid, name, fd))
}

pub(crate) fn owner(pid: u32, name: &str, fd: Option<u32>) -> Owner {
    Owner {
        fd,
        process: Arc::new(Process {
            pid,
            comm: name.to_string(),
            argv0: String::new(),
            cmdline: String::new(),
            uid: None,
            user: None,
        }),
    }
}
