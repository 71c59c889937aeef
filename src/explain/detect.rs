//! Which family and table a title or heading line opens. Headings are matched on their
//! words, never on exact spacing: tools pad differently across versions and pasted text
//! loses alignment.

use super::lex::{digits, first_word, first_words};
use super::vocab::{Heading, Tool, vocab};
use super::{Format, Message, Table};

/// A recognized heading.
pub struct Header {
    pub format: Format,
    pub table: Table,
    /// ss printed the Netid column.
    pub netid: bool,
    /// A `-----` ruler under a Solaris heading (part of the heading, no new legend).
    pub ruler: bool,
}

fn plain(format: Format, table: Table) -> Option<Header> {
    Some(Header {
        format,
        table,
        netid: false,
        ruler: false,
    })
}

/// Tool messages that are not part of a table.
pub fn message(text: &str) -> Option<(Format, Message)> {
    let t = text.trim();
    // net-tools netstat.c, and BusyBox netstat.c ("showing only processes with your user ID").
    if t.starts_with("(Not all processes could be identified")
        || t.starts_with("will not be shown, you would have to be root")
        || t.starts_with("(No info could be read for")
    {
        return Some((Format::LinuxNetstat, Message::NotRoot));
    }
    if t.starts_with("netstat: showing only processes with your user ID")
        || t.starts_with("netstat: can't scan /proc")
    {
        return Some((Format::Busybox, Message::NotRoot));
    }
    None
}

pub fn title(text: &str) -> Option<(Format, Table)> {
    let t = text.trim_end();
    vocab_title(t)
        .or_else(|| other_title(t))
        .or_else(|| stats_title(t))
}

/// The socket-section titles of the word list (every language).
fn vocab_title(t: &str) -> Option<(Format, Table)> {
    let title = vocab().titles().iter().find(|title| match title.tool {
        Tool::Windows => t.trim() == &*title.text,
        _ => t.starts_with(&*title.text),
    })?;
    Some(match (title.tool, title.unix) {
        (Tool::Windows, _) => (Format::Windows, Table::Inet),
        (_, true) => (Format::LinuxNetstat, Table::Unix),
        // BSD, HP-UX: "(including servers)"; net-tools: "(servers and established)",
        // "(only servers)", "(w/o servers)". The heading line settles it either way.
        _ if t.contains("including servers") || t == "Active Internet connections" => {
            (Format::Bsd, Table::Inet)
        }
        _ => (Format::LinuxNetstat, Table::Inet),
    })
}

/// Titles of the other tables (routes, interfaces, kernel sockets, lsof -F, Solaris).
fn other_title(t: &str) -> Option<(Format, Table)> {
    let linux: &[(&str, Table)] = &[
        ("Active Bluetooth connections", Table::Bluetooth),
        ("Kernel IP routing table", Table::Route),
        ("Kernel IPv6 routing table", Table::Route),
        ("Kernel Interface table", Table::Interface),
        ("IPv6/IPv4 Group Memberships", Table::Groups),
    ];
    if let Some((_, table)) = linux.iter().find(|(p, _)| t.starts_with(p)) {
        return Some((Format::LinuxNetstat, *table));
    }
    let bsd: &[(&str, Table)] = &[
        ("Active LOCAL (UNIX) domain sockets", Table::BsdUnix),
        ("Routing tables", Table::Route),
        ("Internet:", Table::Route),
        ("Internet6:", Table::Route),
        ("Registered kernel control modules", Table::Kernel),
        ("Active kernel event sockets", Table::Kernel),
        ("Active kernel control sockets", Table::Kernel),
        ("Active Multipath Internet connections", Table::Kernel),
    ];
    if let Some((_, table)) = bsd.iter().find(|(p, _)| t == *p || t.starts_with(p)) {
        return Some((Format::Bsd, *table));
    }
    // lsof -F: a process set opens with `p<PID>`.
    if t.strip_prefix('p').is_some_and(digits) {
        return Some((Format::Lsof, Table::LsofFields));
    }
    // Solaris: "TCP: IPv4", "UDP: IPv6", "SCTP:" blocks.
    let (proto, rest) = t.split_once(": ")?;
    (["TCP", "UDP", "SCTP", "RAWIP", "ICMP"].contains(&proto)
        && ["IPv4", "IPv6"].contains(&rest.trim()))
    .then_some((Format::Solaris, Table::Inet))
}

/// Statistics (-s): net-tools "Tcp:", BSD/AIX "tcp:", Solaris "TCP: tcpRtoAlgorithm=…".
fn stats_title(t: &str) -> Option<(Format, Table)> {
    if let Some(name) = t.strip_suffix(':') {
        if !name.is_empty()
            && !name.contains(' ')
            && name.chars().all(|c| c.is_ascii_alphanumeric())
        {
            let format = if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                Format::LinuxNetstat
            } else {
                Format::Bsd
            };
            return Some((format, Table::Stats));
        }
    }
    (t.contains('=')
        && t.split_once(": ")
            .is_some_and(|(p, _)| p.chars().all(|c| c.is_ascii_uppercase())))
    .then_some((Format::Solaris, Table::Stats))
}

pub fn header(text: &str, current: Option<(Format, Table)>) -> Option<Header> {
    let (words, n) = first_words::<40>(text);
    let words = &words[..n];
    let first = *words.first()?;
    let has = |w: &str| words.contains(&w);
    if (first == "Netid" || first == "State") && has("Recv-Q") {
        return Some(Header {
            format: Format::Ss,
            table: Table::Ss,
            netid: first == "Netid",
            ruler: false,
        });
    }
    socket_header(text, words, current)
        .or_else(|| ruler(text, current))
        .or_else(|| other_header(words))
}

/// Headings of the Internet and UNIX sections of every netstat.
fn socket_header(text: &str, words: &[&str], current: Option<(Format, Table)>) -> Option<Header> {
    let first = words[0];
    let has = |w: &str| words.contains(&w);
    // BSD: "(state)", -T counters, or PCB columns before Proto (-A, -x).
    let pcb_first = first != "Proto" && has("Proto") && text.contains("Local Address");
    if has("(state)") || (has("Proto") && has("Rexmit")) || pcb_first {
        return plain(Format::Bsd, Table::Inet);
    }
    if first == "Address" && has("Type") && (has("Nextref") || has("Conn")) {
        return plain(Format::Bsd, Table::BsdUnix);
    }
    // macOS kernel event/control sockets: "Proto Recv-Q Send-Q vendor class subcla".
    if first == "Proto" && (has("vendor") || has("unit")) {
        return plain(Format::Bsd, Table::Kernel);
    }
    if vocab().is_heading(Heading::Proto, first) {
        let second = words.get(1).copied().unwrap_or("");
        if vocab().is_heading(Heading::RefCnt, second) {
            return plain(Format::LinuxNetstat, Table::Unix);
        }
        if has("Destination") && has("Source") {
            return plain(Format::LinuxNetstat, Table::Bluetooth);
        }
        if has("Local") && has("Foreign") && !has("Recv-Q") && !has("Send-Q") {
            return plain(Format::Windows, Table::Inet);
        }
        // net-tools (and its translations: the word after Proto varies, the shape not).
        if words.len() >= 5 {
            let format = match current {
                Some((Format::Busybox, _)) => Format::Busybox,
                _ => Format::LinuxNetstat,
            };
            return plain(format, Table::Inet);
        }
    }
    // Solaris block heading.
    if has("Local") && has("Remote") && text.contains("Remote Address") {
        return plain(Format::Solaris, Table::Inet);
    }
    None
}

/// A `-----` ruler under a Solaris heading (part of the heading).
fn ruler(text: &str, current: Option<(Format, Table)>) -> Option<Header> {
    if !(text.trim().chars().all(|c| c == '-' || c == ' ') && text.contains("---")) {
        return None;
    }
    Some(Header {
        format: current.map_or(Format::Solaris, |(f, _)| f),
        table: current.map_or(Table::Inet, |(_, t)| t),
        netid: false,
        ruler: true,
    })
}

/// Headings of the tables shown per column.
fn other_header(words: &[&str]) -> Option<Header> {
    let first = words[0];
    let has = |w: &str| words.contains(&w);
    if first == "Destination" && has("Gateway") {
        let format = if has("Genmask") {
            Format::LinuxNetstat
        } else {
            Format::Bsd
        };
        return plain(format, Table::Route);
    }
    if first == "Iface" && has("MTU") {
        return plain(Format::LinuxNetstat, Table::Interface);
    }
    if first == "Name" && has("Mtu") {
        return plain(Format::Bsd, Table::Interface);
    }
    if first == "COMMAND" && has("PID") && has("NAME") {
        return plain(Format::Lsof, Table::Lsof);
    }
    if first == "Interface" && has("RefCnt") && has("Group") {
        return plain(Format::LinuxNetstat, Table::Groups);
    }
    None
}

/// Rows that say which family they are from without a heading, most specific first.
pub fn headerless(text: &str) -> &'static [(Format, Table)] {
    match first_word(text) {
        "unix" => &[(Format::LinuxNetstat, Table::Unix)],
        "tcp" | "tcp6" | "udp" | "udp6" | "raw" | "raw6" | "udpl" => &[
            (Format::LinuxNetstat, Table::Inet),
            (Format::Ss, Table::Ss),
            (Format::Bsd, Table::Inet),
        ],
        "TCP" | "UDP" | ">" => &[(Format::Windows, Table::Inet)],
        "tcp4" | "tcp46" | "udp4" | "udp46" => &[(Format::Bsd, Table::Inet)],
        _ => &[(Format::Ss, Table::Ss), (Format::Bsd, Table::Inet)],
    }
}
