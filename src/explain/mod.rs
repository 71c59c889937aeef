//! Pasted `netstat`/`ss` output, line by line: decode each line (lossy for invalid
//! UTF-8), detect which family and table it belongs to — per section, not per file —
//! and parse rows into the same [`Socket`](crate::model::Socket) the live source makes,
//! so one annotator serves both. Streaming: [`Explainer::line`] sees one line and keeps
//! only the current section's shape, so memory does not grow with the input; a parsed
//! [`Line`] borrows its text, so rows cost no copies.

pub mod addr;
mod bsd;
pub mod context;
mod detect;
mod explainer;
pub mod hostname;
pub mod kernel;
pub mod lex;
mod line;
mod lsof;
mod netstat;
mod noise;
mod ss;
pub mod stream;
pub mod vocab;
mod windows;

use std::borrow::Cow;
use std::sync::Arc;

pub use addr::HostPort;
pub use explainer::Explainer;
pub use line::{Command, Continued, Kind, Line, Other, ProtoFrom, Row, Star};

use crate::model::{Owner, Process};

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
    /// The kernel's own tables (`/proc/net/tcp`, `/proc/net/unix`…).
    Proc,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::LinuxNetstat,
        Format::Busybox,
        Format::Ss,
        Format::Bsd,
        Format::Windows,
        Format::Solaris,
        Format::Lsof,
        Format::Proc,
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
            Format::Proc => "proc",
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
    /// `ss -s`: socket counts.
    SsSummary,
    /// `/proc/net/{tcp,udp,raw}[6]`.
    ProcInet,
    /// `/proc/net/unix`.
    ProcUnix,
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

/// One raw input line (without its `\n`) as text: a trailing `\r` dropped, invalid UTF-8
/// replaced by U+FFFD (then `Cow::Owned`, which is how a line is known to be lossy).
pub fn decode(raw: &[u8]) -> Cow<'_, str> {
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    // The fast check first: nearly every line is valid UTF-8.
    match std::str::from_utf8(raw) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(raw),
    }
}

/// An owner as netstat prints it: `1234/sshd: user@pts`, `-`, or a bare name.
pub(crate) fn owner_from_text(text: &str, fd: Option<u32>) -> Option<Owner> {
    let slash = memchr::memchr(b'/', text.as_bytes())?;
    let (pid, name) = (&text[..slash], &text[slash + 1..]);
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

#[cfg(test)]
mod tests;
