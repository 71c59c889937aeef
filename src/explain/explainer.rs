//! The streaming state machine: feed it lines in order, get each back understood. It
//! keeps only the current section's shape (family, table, whether its heading was seen,
//! the heading's words for tables shown per column), so memory stays flat.

use std::borrow::Cow;

use super::line::{Kind, Line, Row};
use super::{Format, Table, bsd, detect, netstat, ss, windows};

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

/// A kind, and the family to label the line with.
type Classified<'a> = (Kind<'a>, Option<Format>);

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

    /// One line of text (see [`super::decode`]); `lossy` when it was not valid UTF-8.
    pub fn line<'a>(&mut self, text: &'a str, lossy: bool) -> Line<'a> {
        self.number += 1;
        let (kind, format) = self.classify(text);
        self.after_row = match &kind {
            Kind::Row { row, .. } => row.socket.is_some(),
            Kind::Continuation { .. } => self.after_row,
            _ => false,
        };
        Line {
            number: self.number,
            text,
            lossy,
            format,
            kind,
        }
    }

    fn classify<'a>(&mut self, text: &'a str) -> Classified<'a> {
        if text.trim().is_empty() {
            // Solaris and Windows separate blocks with blank lines; the section goes on.
            return (Kind::Blank, None);
        }
        if let Some((format, message)) = detect::message(text).filter(|(f, _)| self.allowed(*f)) {
            return (Kind::Summary { message }, Some(self.label(format)));
        }
        if let Some(s) = self.section {
            // Inside a socket table a row is the common case: try it first (speed).
            if s.header_seen && !s.table.is_loose() {
                if let Some(found) = self.section_row(s, text) {
                    return found;
                }
            }
        }
        if let Some(found) = self.title(text).or_else(|| self.header(text)) {
            return found;
        }
        if let Some(found) = self.loose_heading(text) {
            return found;
        }
        if let Some(s) = self.section {
            if !s.header_seen || s.table.is_loose() {
                if let Some(found) = self.section_row(s, text) {
                    return found;
                }
            }
        }
        if let Some(found) = self.headerless(text) {
            return found;
        }
        (
            Kind::Unrecognized,
            self.section.map(|s| self.label(s.format)),
        )
    }

    fn title<'a>(&mut self, text: &str) -> Option<Classified<'a>> {
        let (format, table) = detect::title(text).filter(|(f, _)| self.allowed(*f))?;
        self.section = Some(Section {
            format,
            table,
            header_seen: false,
            netid: false,
        });
        Some((Kind::Title { table }, Some(self.label(format))))
    }

    fn header<'a>(&mut self, text: &str) -> Option<Classified<'a>> {
        let h = detect::header(text, self.section.map(|s| (s.format, s.table)))
            .filter(|h| self.allowed(h.format))?;
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
        if h.table.is_loose() {
            self.loose_columns = column_names(text);
        }
        let kind = Kind::Header {
            table: h.table,
            first: first && !h.ruler,
        };
        Some((kind, Some(self.label(h.format))))
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

    /// No header seen (a pasted excerpt): rows that identify themselves.
    fn headerless<'a>(&mut self, text: &'a str) -> Option<Classified<'a>> {
        for &(format, table) in detect::headerless(text) {
            if !self.allowed(format) {
                continue;
            }
            let s = Section {
                format,
                table,
                header_seen: false,
                netid: table == Table::Ss && ss::has_netid(text),
            };
            if let Some(found) = self.section_row(s, text) {
                self.section = Some(s);
                return Some(found);
            }
        }
        None
    }

    /// A row of the current section, or a continuation of the last row.
    fn section_row<'a>(&self, s: Section, text: &'a str) -> Option<Classified<'a>> {
        let label = Some(self.label(s.format));
        let continuation = (Kind::Continuation { table: s.table }, label);
        let row = match (s.format, s.table) {
            (Format::LinuxNetstat | Format::Busybox, Table::Inet) => netstat::inet_row(text),
            (Format::LinuxNetstat | Format::Busybox, Table::Unix) => netstat::unix_row(text),
            (Format::Ss, _) => {
                if self.after_row && ss::is_continuation(text) {
                    return Some(continuation);
                }
                ss::row(text, s.netid)
            }
            (Format::Bsd, Table::Inet) => bsd::inet_row(text),
            (Format::Solaris, Table::Inet) => bsd::solaris_row(text),
            (Format::Windows, Table::Inet) => match windows::row(text) {
                Some(row) => Some(row),
                None if self.after_row && windows::is_owner_line(text) => {
                    return Some(continuation);
                }
                None => None,
            },
            (_, table) if table.is_loose() => Some(loose_row(text, s, &self.loose_columns)),
            _ => None,
        }?;
        Some((
            Kind::Row {
                table: s.table,
                row,
            },
            label,
        ))
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
fn loose_row<'a>(text: &'a str, s: Section, names: &[String]) -> Row<'a> {
    let columns = match s.table {
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
