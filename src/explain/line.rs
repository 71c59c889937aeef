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
    /// A prefix seen through before the tool's text (a syslog or journal timestamp and
    /// tag, a markdown quote mark), or "".
    pub prefix: &'a str,
    pub kind: Kind<'a>,
}

impl<'a> Line<'a> {
    /// The table the line belongs to, where its kind says.
    pub fn table(&self) -> Option<Table> {
        match &self.kind {
            Kind::Title { table }
            | Kind::Header { table, .. }
            | Kind::Row { table, .. }
            | Kind::Continuation { table, .. } => Some(*table),
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
    /// A line that belongs to the row above.
    Continuation {
        table: Table,
        of: Continued,
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

/// What a continuation line adds to the row above it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Continued {
    /// ss `-e -i -m -o` detail fields (TAB-indented).
    Detail,
    /// Windows `netstat -b`: the owning executable, service or component, or that the
    /// owner could not be found.
    Owner,
    /// The rest of the row above, wrapped onto this line (a mail client, a narrow
    /// window); the row above was read with it.
    Wrapped,
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
    /// Where the protocol came from, when the row did not print it.
    pub proto_from: ProtoFrom,
    /// What ss's `*` address means in this row.
    pub star: Option<Star>,
    /// The row's tail was on the next line (a wrapped row), read with it.
    pub wrapped: bool,
    /// The fields of a raw kernel table row (`/proc/net/tcp`…), decoded.
    pub kernel: Option<Box<super::kernel::Fields<'a>>>,
}

/// Where a row's protocol came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProtoFrom {
    /// Printed in the row (netstat's Proto, ss's Netid, lsof's NODE).
    #[default]
    Printed,
    /// The command above selected one protocol (`ss --udp`).
    Command,
    /// Inferred from the state: ss prints TCP states only for TCP, and `UNCONN` for
    /// UDP and raw sockets (TCP only when asked for closed sockets).
    State,
    /// The table's heading or the file it came from (`/proc/net/udp`).
    Table,
}

impl ProtoFrom {
    pub fn name(self) -> &'static str {
        match self {
            ProtoFrom::Printed => "printed",
            ProtoFrom::Command => "command",
            ProtoFrom::State => "state",
            ProtoFrom::Table => "table",
        }
    }
}

/// What ss's `*` address stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Star {
    /// iproute2 ≥ 4.x: an IPv6 socket accepting IPv4 too (dual-stack); it prints
    /// IPv4's any address as `0.0.0.0`.
    DualStack,
    /// Older ss printed IPv4's any address (0.0.0.0) as `*`.
    Ipv4Any,
    /// Nothing in the table tells which.
    Unknown,
}

impl Star {
    pub fn name(self) -> &'static str {
        match self {
            Star::DualStack => "dual_stack",
            Star::Ipv4Any => "ipv4_any",
            Star::Unknown => "unknown",
        }
    }
}

impl Row<'_> {
    pub fn column(&self, name: &str) -> Option<&str> {
        self.columns
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| *v)
    }
}
