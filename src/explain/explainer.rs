//! The streaming state machine: feed it lines in order, get each back understood. It
//! keeps only what the lines so far established — the current section's shape (family,
//! table, heading positions, what its heading says about optional columns), the last
//! command line's context, what ss's `*` means in this table — so memory stays flat.
//!
//! Order of reading a line: blank; a prompt or command line; pasted noise; inside a
//! table, a row of that table; a title or heading; a row of the current section; else a
//! row recognized by its own shape. A line the current family does not know never
//! switches the family of a table whose heading was seen.

use std::borrow::Cow;

use super::context::{Context, ProcTable, Program, command};
use super::lex::Columns;
use super::line::{Continued, Kind, Line, Other, ProtoFrom, Row, Star};
use super::netstat::Layout;
use super::vocab::{Tool, vocab};
use super::{Format, Message, Table, detect, kernel, netstat, noise, ss};
use crate::model::Family;

/// The current section's shape.
#[derive(Clone, Copy, Debug)]
struct Section {
    format: Format,
    table: Table,
    header_seen: bool,
    /// ss printed a Netid column.
    netid: bool,
    /// The family of a kernel table's rows, and what said so.
    proc: Option<(Family, ProtoFrom)>,
    /// What a net-tools heading says about its optional columns.
    layout: Layout,
}

/// The streaming state machine: feed it lines in order.
pub struct Explainer {
    forced: Option<Format>,
    section: Option<Section>,
    number: u64,
    /// The family of the socket row just above (continuation lines attach to it).
    after_row: Option<Format>,
    /// The words of the current per-column table's heading, as field names.
    loose_columns: Vec<String>,
    /// Where the current heading's words are (lsof, macOS `-v`).
    heading: Columns,
    context: Option<Context>,
    /// The kernel table the input file is (`explain /proc/net/udp`).
    file: Option<ProcTable>,
    /// What ss's `*` means in the current table, from the rows seen so far.
    star: Option<Star>,
    /// The next line is the tail of the row above, already read with it.
    wrapped: Option<(Format, Table)>,
}

#[cfg(test)]
thread_local! {
    /// Tests make reading this line panic, as a parser bug would.
    pub static PANIC_ON: std::cell::Cell<Option<&'static str>> = const { std::cell::Cell::new(None) };
}

/// A kind, and the family to label the line with.
type Classified<'a> = (Kind<'a>, Option<Format>);

impl Explainer {
    pub fn new(forced: Option<Format>) -> Explainer {
        Explainer {
            forced,
            section: None,
            number: 0,
            after_row: None,
            loose_columns: Vec::new(),
            heading: Columns::default(),
            context: None,
            file: None,
            star: None,
            wrapped: None,
        }
    }

    /// The input is the file at `path`: a kernel table's name (`/proc/net/udp`) says
    /// what its rows are.
    pub fn reading(mut self, path: &str) -> Explainer {
        self.file = ProcTable::of_path(path);
        self
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

    /// After a panic in [`Explainer::line_before`]: what was read before is forgotten
    /// (it may be half changed), the count of lines and what was asked for kept.
    pub fn recover(&mut self) {
        let file = self.file.take();
        *self = Explainer {
            number: self.number,
            file,
            ..Explainer::new(self.forced)
        };
    }

    /// The line just counted, handed on as it is: not read (after a panic).
    pub fn unread<'a>(&self, text: &'a str, lossy: bool) -> Line<'a> {
        Line {
            number: self.number,
            text,
            lossy,
            format: None,
            prefix: "",
            kind: Kind::Unrecognized,
        }
    }

    /// The next line, counted and handed on unread: the start of a line too long to be
    /// any tool's (`stream::MAX_LINE`). The table around it goes on after it.
    pub fn unread_next<'a>(&mut self, text: &'a str, lossy: bool) -> Line<'a> {
        self.number += 1;
        self.after_row = None;
        self.wrapped = None;
        self.unread(text, lossy)
    }

    /// One line of text (see [`super::decode`]); `lossy` when it was not valid UTF-8.
    pub fn line<'a>(&mut self, text: &'a str, lossy: bool) -> Line<'a> {
        self.line_before(text, lossy, None)
    }

    /// One line, knowing the line after it (a row wrapped onto two lines is read whole,
    /// and the next line is then its continuation).
    pub fn line_before<'a>(
        &mut self,
        text: &'a str,
        lossy: bool,
        next: Option<&'a str>,
    ) -> Line<'a> {
        self.number += 1;
        #[cfg(test)]
        if PANIC_ON.with(|p| p.get() == Some(text)) {
            panic!("a parser bug, as tests make one");
        }
        let (prefix, body) = split_prefix(text);
        let (kind, format) = match self.wrapped.take() {
            Some((format, table)) => {
                let of = Continued::Wrapped;
                (Kind::Continuation { table, of }, Some(format))
            }
            None => self.classify(body, next.map(|n| split_prefix(n).1)),
        };
        self.after_row = match &kind {
            Kind::Row { row, .. } if row.socket.is_some() => format,
            Kind::Continuation { .. } => self.after_row,
            _ => None,
        };
        Line {
            number: self.number,
            text,
            lossy,
            format,
            prefix,
            kind,
        }
    }

    fn classify<'a>(&mut self, text: &'a str, next: Option<&'a str>) -> Classified<'a> {
        if super::lex::trim_start(text).is_empty() {
            // Solaris and Windows separate blocks with blank lines; the section goes on.
            return (Kind::Blank, None);
        }
        if let Some(s) = self
            .section
            .filter(|s| s.header_seen && !s.table.is_loose())
        {
            // Inside a socket table a row is the common case: try it first (speed). No
            // row parser takes a command line, a tool's message or pasted noise.
            if let Some(found) = self.section_row(s, text, next) {
                return found;
            }
        }
        if let Some(found) = self
            .message(text)
            .or_else(|| self.command(text))
            .or_else(|| self.other(text))
        {
            return found;
        }
        if let Some(found) = self
            .title(text)
            .or_else(|| self.header(text, next))
            .or_else(|| self.loose_heading(text))
        {
            return found;
        }
        if let Some(s) = self
            .section
            .filter(|s| !s.header_seen || s.table.is_loose())
        {
            if let Some(found) = self.section_row(s, text, next) {
                return found;
            }
        }
        if let Some(found) = self.by_shape(text, next) {
            return found;
        }
        (
            Kind::Unrecognized,
            self.section.map(|s| self.label(s.format)),
        )
    }

    /// A tool's message between tables ("not all processes could be identified").
    fn message<'a>(&self, text: &str) -> Option<Classified<'a>> {
        let (format, message) = detect::message(text)
            .or_else(|| {
                let tool = vocab().not_root(text)?;
                (tool == Tool::Netstat).then_some((Format::LinuxNetstat, Message::NotRoot))
            })
            .filter(|(f, _)| self.allowed(*f))?;
        Some((Kind::Summary { message }, Some(self.label(format))))
    }

    /// A prompt or command line: its context holds until the next one.
    fn command<'a>(&mut self, text: &'a str) -> Option<Classified<'a>> {
        let c = command(text)?;
        let context = c.context();
        let format = match context.program {
            Program::Netstat => Format::LinuxNetstat,
            Program::WindowsNetstat => Format::Windows,
            Program::Ss => Format::Ss,
            Program::Lsof => Format::Lsof,
            Program::Proc(_) => Format::Proc,
        };
        self.context = Some(context);
        self.section = None;
        self.star = None;
        Some((Kind::Command(c), Some(self.label(format))))
    }

    /// Pasted noise: fences, tags, `...`, sudo's prompt, warnings, a `wc -l` count.
    fn other<'a>(&self, text: &str) -> Option<Classified<'a>> {
        let counted = self.context.is_some_and(|c| c.counted) || self.section.is_none();
        let other = noise::other(text)
            .or_else(|| (counted && noise::is_count(text)).then_some(Other::Count))?;
        Some((
            Kind::Other(other),
            self.section.map(|s| self.label(s.format)),
        ))
    }

    fn title<'a>(&mut self, text: &str) -> Option<Classified<'a>> {
        let (format, table) = detect::title(text).filter(|(f, _)| self.allowed(*f))?;
        self.open(format, table, false);
        Some((Kind::Title { table }, Some(self.label(format))))
    }

    /// A new section; `header` when this line is its heading.
    fn open(&mut self, format: Format, table: Table, header: bool) {
        self.section = Some(Section {
            format,
            table,
            header_seen: header,
            netid: false,
            proc: None,
            layout: self.layout(),
        });
        self.star = None;
    }

    /// What is known of a net-tools table's columns before its heading: only `-W`.
    fn layout(&self) -> Layout {
        Layout {
            wide: self.context.is_some_and(|c| c.wide),
            ..Layout::default()
        }
    }

    fn header<'a>(&mut self, text: &str, next: Option<&str>) -> Option<Classified<'a>> {
        let (format, table, netid, ruler, proc) = self.heading_of(text)?;
        if !self.allowed(format) {
            return None;
        }
        let first = match self.section {
            Some(s) => !(s.header_seen && s.table == table && s.format == format),
            None => true,
        };
        let netstat = matches!(format, Format::LinuxNetstat | Format::Busybox);
        // A heading wrapped onto two lines (`… Foreign Address` / `State  PID/Program name`).
        let rest = next.filter(|n| netstat && netstat::heading_rest(n));
        let layout = match (table, rest) {
            (Table::Inet | Table::Unix, Some(rest)) => Layout {
                wide: self.context.is_some_and(|c| c.wide),
                ..Layout::of(&format!("{text} {rest}"))
            },
            (Table::Inet | Table::Unix, None) => Layout {
                wide: self.context.is_some_and(|c| c.wide),
                ..Layout::of(text)
            },
            _ => self.layout(),
        };
        if rest.is_some() {
            self.wrapped = Some((self.label(format), table));
        }
        self.section = Some(Section {
            format,
            table,
            header_seen: true,
            netid,
            proc,
            layout,
        });
        if !ruler {
            self.heading = Columns::of(text);
            self.star = None;
        }
        if table.is_loose() {
            self.loose_columns = column_names(text);
        }
        let kind = Kind::Header {
            table,
            first: first && !ruler,
        };
        Some((kind, Some(self.label(format))))
    }

    /// The section a heading opens: (format, table, netid, ruler, kernel family).
    #[allow(clippy::type_complexity)]
    fn heading_of(
        &self,
        text: &str,
    ) -> Option<(Format, Table, bool, bool, Option<(Family, ProtoFrom)>)> {
        if let Some(udp) = kernel::inet_header(text) {
            let family = self.proc_family(Some(udp), text);
            return Some((Format::Proc, Table::ProcInet, false, false, Some(family)));
        }
        if kernel::is_unix_header(text) {
            return Some((Format::Proc, Table::ProcUnix, false, false, None));
        }
        if ss::is_summary_heading(text) {
            return Some((Format::Ss, Table::SsSummary, false, false, None));
        }
        if vocab().header(text) == Some(Tool::Windows) {
            return Some((Format::Windows, Table::Inet, false, false, None));
        }
        let h = detect::header(text, self.section.map(|s| (s.format, s.table)))?;
        Some((h.format, h.table, h.netid, h.ruler, None))
    }

    /// The family of a kernel table's rows: the command's file, the input's file, the
    /// heading (udp and raw tables end in `ref pointer drops`), else the row's width.
    fn proc_family(&self, udp_heading: Option<bool>, row: &str) -> (Family, ProtoFrom) {
        let from_command = self.context.and_then(|c| match c.program {
            Program::Proc(t) => Some(t.family()),
            _ => None,
        });
        if let Some(f) = from_command {
            return (f, ProtoFrom::Command);
        }
        if let Some(t) = self.file {
            return (t.family(), ProtoFrom::Table);
        }
        match udp_heading {
            Some(true) => (Family::Udp, ProtoFrom::Table),
            Some(false) => (Family::Tcp, ProtoFrom::Table),
            // tcp rows carry seven fields after the inode, udp and raw rows three.
            None if row.split_whitespace().count() < 16 => (Family::Udp, ProtoFrom::Table),
            None => (Family::Tcp, ProtoFrom::Table),
        }
    }

    /// A table shown per column: its first line is its heading (statistics have none).
    fn loose_heading<'a>(&mut self, text: &str) -> Option<Classified<'a>> {
        let s = self.section.as_mut()?;
        if !s.table.is_loose()
            || s.header_seen
            || matches!(s.table, Table::Stats | Table::LsofFields)
        {
            return None;
        }
        s.header_seen = true;
        let (format, table) = (s.format, s.table);
        self.loose_columns = column_names(text);
        let kind = Kind::Header { table, first: true };
        Some((kind, Some(self.label(format))))
    }
}

/// A log prefix (`Nov 29 06:15:01 host tag: `) or a leading `<pre>` seen through.
fn split_prefix(text: &str) -> (&str, &str) {
    // Stamps start with a month, a year or `<`: rows (`tcp…`, `  TCP…`) never do.
    if !text
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'<' || *b == b' ')
    {
        return ("", text);
    }
    let at = noise::log_prefix(text).or_else(|| {
        let t = text.trim_start();
        let tag = noise::leading_tag(t)?;
        let at = text.len() - t.len() + tag;
        (!text[at..].trim().is_empty()).then_some(at)
    });
    match at {
        Some(at) => text.split_at(at),
        None => ("", text),
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
fn loose_row<'a>(text: &'a str, table: Table, names: &[String]) -> Row<'a> {
    let columns = match table {
        Table::Stats | Table::LsofFields => vec![(Cow::Borrowed("text"), text.trim())],
        _ => {
            let count = text.split_whitespace().count();
            let named = count <= names.len();
            text.split_whitespace()
                .enumerate()
                .map(|(i, w)| {
                    let name = match names.get(i) {
                        Some(n) if named => Cow::Owned(n.clone()),
                        _ => Cow::Owned(format!("column_{}", i + 1)),
                    };
                    (name, w)
                })
                .collect()
        }
    };
    Row {
        columns,
        ..Row::default()
    }
}

mod rows;
