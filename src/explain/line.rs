//! What a line of pasted text was understood to be: a [`Line`] (its number, text and
//! family) whose [`Kind`] carries exactly the data of its kind — a title or heading names
//! its table, a row carries the parsed [`Row`], a command line its tool and flags.
//! Everything borrows the line's text.

use std::borrow::Cow;

use super::addr::HostPort;
use super::vocab::StateWord;
use super::{Format, Message, Table};
use crate::model::Socket;

/// One input line, understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based.
    pub number: u64,
    /// The line without its line ending; invalid UTF-8 replaced by U+FFFD.
    pub text: &'a str,
    pub lossy: bool,
    /// The family of the section the line is in (`None` before any was seen).
    pub format: Option<Format>,
    pub kind: Kind<'a>,
}

impl<'a> Line<'a> {
    /// The table the line belongs to, where its kind says.
    pub fn table(&self) -> Option<Table> {
        match &self.kind {
            Kind::Title { table }
            | Kind::Header { table, .. }
            | Kind::Row { table, .. }
            | Kind::Continuation { table } => Some(*table),
            _ => None,
        }
    }

    pub fn row(&self) -> Option<&Row<'a>> {
        match &self.kind {
            Kind::Row { row, .. } => Some(row),
            _ => None,
        }
    }
}

/// What one input line is (JSON `kind`), with the data of that kind.
// A line lives only while it is annotated, one at a time: boxing the row would cost an
// allocation per row for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind<'a> {
    /// A section title (`Active Internet connections (servers and established)`).
    Title {
        table: Table,
    },
    /// A column heading; `first` when it opens its section (the legend is due).
    Header {
        table: Table,
        first: bool,
    },
    Row {
        table: Table,
        row: Row<'a>,
    },
    Blank,
    /// A line that belongs to the row above (ss detail lines, Windows `-b` owners).
    Continuation {
        table: Table,
    },
    /// A tool message between the tables.
    Summary {
        message: Message,
    },
    /// A pasted prompt or command line whose tool and flags inform the lines below.
    Command(Command<'a>),
    /// Recognized text that is not a tool's output (a fence, a tag, an ellipsis, a warning).
    Other(Other),
    Unrecognized,
}

impl Kind<'_> {
    /// The JSON `kind`.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Title { .. } => "title",
            Kind::Header { .. } => "header",
            Kind::Row { .. } => "row",
            Kind::Blank => "blank",
            Kind::Continuation { .. } => "continuation",
            Kind::Summary { .. } => "summary",
            Kind::Command(_) => "command",
            Kind::Other(_) => "other",
            Kind::Unrecognized => "unrecognized",
        }
    }
}

/// A pasted command line: `$ ss -ant`, `[root@host ~]# netstat -pan | grep 81`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command<'a> {
    /// The shell prompt before the command, as typed (`$`, `PS C:\>`), or "".
    pub prompt: &'a str,
    /// The program run (`netstat`, `ss`, `lsof`, `cat`…).
    pub program: &'a str,
    /// Its arguments, as typed.
    pub args: Vec<&'a str>,
    /// What its output was piped through (`grep 81`, `wc -l`), as typed.
    pub pipes: Vec<&'a str>,
}

/// Recognized text that is not a tool's output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Other {
    /// A markdown code fence (```` ``` ````, `~~~`).
    Fence,
    /// An HTML tag around pasted output (`<pre>`, `</p>`).
    Html,
    /// `...` or `…`: lines left out by whoever pasted.
    Ellipsis,
    /// `[sudo] password for …`.
    SudoPrompt,
    /// A bare count (what `| wc -l` prints).
    Count,
    /// A tool's warning or error (`netstat: /proc/net/tcp6: No such file or directory`).
    Warning,
}

/// A parsed row, borrowing its words from the line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row<'a> {
    /// The model socket, when the row is one.
    pub socket: Option<Socket>,
    /// The protocol as printed (`tcp4`, `TCP`, `u_str`).
    pub proto_text: &'a str,
    /// The State column as printed, and the word it matched.
    pub state_text: Option<&'a str>,
    pub state_word: Option<&'static StateWord>,
    pub local: Option<HostPort<'a>>,
    pub remote: Option<HostPort<'a>>,
    /// The owner column as printed (`1234/sshd`, `-`), when the table has one.
    pub owner_text: Option<&'a str>,
    pub timer: Option<&'a str>,
    /// Other columns, `name → value`, in jc's names where jc has one.
    pub columns: Vec<(Cow<'static, str>, &'a str)>,
}

impl Row<'_> {
    pub fn column(&self, name: &str) -> Option<&str> {
        self.columns
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| *v)
    }
}
