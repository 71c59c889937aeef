//! net-tools `netstat` rows (and BusyBox's, which copies its layout): the Internet
//! section (`Proto Recv-Q Send-Q Local Foreign State [User Inode] [PID/Program] [Timer]`)
//! and the UNIX section (`Proto RefCnt Flags Type State I-Node [PID/Program] Path`).
//! Columns are found from the row itself, so any mix of `-e -p -o -W`, localized
//! states (with spaces) and program names with spaces parse without the heading.

use super::addr::HostPort;
use super::lex::{digits, first_word, trim_end, trim_start, words};
use super::vocab::{StateWord, Tool, leading_state};
use super::{Row, owner_from_text};
use crate::model::{Inet, InetProto, Socket, TcpState, UnixFlag, UnixInfo, UnixState, UnixType};

/// What a table's heading says about its columns (`None`: not known, read the row).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    /// `-e`: User and Inode.
    pub user_inode: Option<bool>,
    /// `-p`: PID/Program name.
    pub owner: Option<bool>,
    /// `-W` (or old `-T`): addresses were not cut to 23 columns.
    pub wide: bool,
}

impl Layout {
    /// The columns a heading names (any language: the word list knows the translations).
    pub fn of(heading: &str) -> Layout {
        let v = super::vocab::vocab();
        use super::vocab::Heading;
        Layout {
            user_inode: Some(
                v.heading_in(Heading::User, heading) || v.heading_in(Heading::Inode, heading),
            ),
            owner: Some(heading.contains("PID/")),
            wide: false,
        }
    }
}

/// Whether `next` is the rest of a net-tools heading wrapped onto the next line: it starts
/// with the State column's title or holds `PID/Program name`.
pub fn heading_rest(next: &str) -> bool {
    let first = first_word(next);
    first == "State" || first == "(state)" || next.contains("PID/Program") || {
        let v = super::vocab::vocab();
        use super::vocab::Heading;
        v.is_heading(Heading::User, first) || v.is_heading(Heading::Timer, first)
    }
}

/// netstat fits `host:port` into 23 columns without `-W`: a name or IPv6 address that
/// fills them exactly was probably cut, and a name that ends oddly (`1e100.`, `.c`)
/// surely was.
fn cut(end: &HostPort<'_>, layout: Layout) -> bool {
    if layout.wide {
        return false;
    }
    // Addresses start with a digit (or are IPv6, with a colon); names with a letter.
    let letter = end.host.starts_with(|c: char| c.is_ascii_alphabetic()) && !end.host.contains(':');
    let fills = end.printed_len() == 23 && (end.host.contains(':') || end.is_name());
    fills || (letter && end.is_name() && super::hostname::looks_cut(end.host))
}

pub(crate) fn proto(text: &str) -> Option<InetProto> {
    Some(match text {
        "tcp" => InetProto::Tcp,
        "tcp6" => InetProto::Tcp6,
        "udp" | "udpl" => InetProto::Udp,
        "udp6" | "udpl6" => InetProto::Udp6,
        "raw" => InetProto::Raw,
        "raw6" => InetProto::Raw6,
        _ => return None,
    })
}

/// `-o`'s `name (a/b/c)` at the end of the line, split off.
fn split_timer(rest: &str) -> (&str, Option<&str>) {
    let trimmed = trim_end(rest);
    if !trimmed.ends_with(')') {
        return (rest, None);
    }
    let Some(open) = trimmed.rfind(" (") else {
        return (rest, None);
    };
    let before = &trimmed[..open];
    let name_start = before.rfind(' ').map_or(0, |i| i + 1);
    // `(seconds/retransmits/probes)`: recognized by shape, since the timer's name is
    // translated (sv "av", "på"; ka) while the numbers are not.
    let inner = &trimmed[open + 2..trimmed.len() - 1];
    let mut parts = inner.split('/');
    let shaped = parts.next().is_some_and(|p| p.parse::<f64>().is_ok())
        && parts.next().is_some_and(|p| p.parse::<i64>().is_ok())
        && parts.next().is_some_and(|p| p.parse::<i64>().is_ok())
        && parts.next().is_none();
    if shaped && name_start > 0 {
        (&trimmed[..name_start], Some(&trimmed[name_start..]))
    } else {
        (rest, None)
    }
}

pub(crate) fn looks_owner(word: &str) -> bool {
    // The byte search: this runs on every row.
    word == "-" || memchr::memchr(b'/', word.as_bytes()).is_some_and(|i| digits(&word[..i]))
}

/// The State column at the start of `rest`: a (possibly translated) state word, or a
/// raw socket's kernel number. Returns the word, the state and what follows.
fn state_column(
    proto: InetProto,
    rest: &str,
) -> (
    Option<&str>,
    Option<&'static StateWord>,
    Option<TcpState>,
    &str,
) {
    if let Some(word) = leading_state(Tool::Netstat, rest).filter(|s| s.tcp.is_some()) {
        let (text, after) = rest.split_at(word.text.len());
        return (Some(text), Some(word), word.tcp, trim_start(after));
    }
    if matches!(proto, InetProto::Raw | InetProto::Raw6) {
        // raw sockets print the kernel's state number.
        let n = rest.split_whitespace().next().filter(|n| digits(n));
        if let Some(n) = n {
            let state = n.parse::<u8>().ok().map(TcpState::from_kernel);
            return (Some(n), None, state, trim_start(&rest[n.len()..]));
        }
    }
    (None, None, None, rest)
}

/// `-e`'s User and Inode columns at the start of `rest`, taken off the socket's row.
fn user_inode<'a>(rest: &'a str, socket: &mut Socket, layout: Layout) -> &'a str {
    if layout.user_inode == Some(false) {
        return rest;
    }
    let mut w = words(rest);
    let (Some((_, user)), Some((at, inode))) = (w.next(), w.next()) else {
        return rest;
    };
    if !digits(inode) || looks_owner(user) {
        return rest;
    }
    if digits(user) {
        socket.uid = user.parse().ok();
    } else {
        socket.user = Some(std::sync::Arc::from(user));
    }
    socket.inode = inode.parse().ok();
    trim_start(&rest[at + inode.len()..])
}

pub fn inet_row(text: &str, layout: Layout) -> Option<Row<'_>> {
    let mut w = words(text);
    let (_, proto_text) = w.next()?;
    let proto = proto(proto_text)?;
    let recv_q: u32 = w.next()?.1.parse().ok()?;
    let send_q: u32 = w.next()?.1.parse().ok()?;
    let local = HostPort::colon(w.next()?.1);
    let (at, foreign) = w.next()?;
    let remote = HostPort::colon(foreign);
    let (local, remote) = (
        local.read_name(cut(&local, layout)),
        remote.read_name(cut(&remote, layout)),
    );
    let v6 = proto.is_v6();
    let socket = Socket {
        recv_q,
        send_q,
        ..Socket::inet(Inet {
            proto,
            state: None,
            local: local.endpoint(v6),
            remote: remote.endpoint(v6),
        })
    };
    let mut row = Row {
        socket: Some(socket),
        proto_text,
        local: Some(local),
        remote: Some(remote),
        ..Row::default()
    };
    tail(&mut row, &text[at + foreign.len()..], layout).then_some(row)
}

/// The columns after the addresses — State, `-e`'s User and Inode, `-p`'s owner, `-o`'s
/// timer — read into `row`; false when they are not netstat's.
fn tail<'a>(row: &mut Row<'a>, rest: &'a str, layout: Layout) -> bool {
    let Some(socket) = row.socket.as_mut() else {
        return false;
    };
    let Some(proto) = socket.as_inet().map(|i| i.proto) else {
        return false;
    };
    let (rest, timer) = split_timer(rest);
    let (state_text, state_word, state, rest) = state_column(proto, trim_start(rest));
    if let crate::model::Detail::Inet(inet) = &mut socket.detail {
        inet.state = state;
    }
    let rest = user_inode(rest, socket, layout);
    let owner_text = Some(trim_end(rest)).filter(|o| !o.is_empty());
    if let Some(o) = owner_text {
        if layout.owner == Some(false) || !looks_owner(first_word(o)) {
            return false;
        }
        socket.owners.extend(owner_from_text(o, None));
    }
    row.state_text = state_text;
    row.state_word = state_word;
    row.owner_text = owner_text;
    row.timer = timer;
    true
}

/// A TCP row whose state column is empty: is `next` its tail, wrapped onto the next
/// line (`ESTABLISHED 1234/sshd`)? Then the row is read with it.
pub fn join_wrapped<'a>(row: &mut Row<'a>, next: &'a str, layout: Layout) -> bool {
    let tcp = row
        .socket
        .as_ref()
        .is_some_and(|s| s.family() == crate::model::Family::Tcp && s.tcp_state().is_none());
    if !tcp || row.owner_text.is_some() {
        return false;
    }
    let starts_with_state =
        leading_state(Tool::Netstat, trim_start(next)).is_some_and(|w| w.tcp.is_some());
    if !starts_with_state {
        return false;
    }
    let mut joined = row.clone();
    if !tail(&mut joined, next, layout) {
        return false;
    }
    joined.wrapped = true;
    *row = joined;
    true
}

fn unix_type(text: &str) -> Option<UnixType> {
    match text {
        // sv po: RAW → RÅ (the only translated type).
        "RÅ" => Some(UnixType::Raw),
        _ => UnixType::ALL.into_iter().find(|t| t.name() == text),
    }
}

/// netstat prints the PID/Program name column `%-20s` (older: then the path; newer:
/// one more space), so the owner is the first 20 bytes and the path what follows.
fn split_owner_path(rest: &str, layout: Layout) -> (Option<&str>, &str) {
    // A paste from a web page can lead with a Unicode space (NBSP, U+3000): words are
    // counted from the first visible character, so every slice below is on a boundary.
    let rest = rest.trim_start();
    let first = first_word(rest);
    if layout.owner == Some(false) || !looks_owner(first) {
        return (None, rest.trim());
    }
    if first == "-" {
        return (Some("-"), rest[1..].trim());
    }
    let width = 20;
    if rest.len() > width && rest.is_char_boundary(width) {
        let (owner, path) = rest.split_at(width);
        let aligned = owner.ends_with(' ') || path.starts_with(' ');
        if aligned {
            return (Some(owner.trim_end()), path.trim());
        }
    } else if rest.len() <= width {
        return (Some(rest.trim_end()), "");
    }
    // Misaligned (pasted, re-spaced): the owner is one word.
    (Some(first), rest[first.len()..].trim())
}

/// `[ ACC W N ]`: the flags, read off `w` up to the closing bracket.
fn unix_flags(w: &mut super::lex::Words) -> Option<Vec<UnixFlag>> {
    let mut flags = Vec::new();
    let (_, mut word) = w.next()?;
    if !word.starts_with('[') {
        return None;
    }
    loop {
        let inner = word.trim_start_matches('[').trim_end_matches(']');
        if let Some(f) = UnixFlag::ALL.into_iter().find(|f| f.name() == inner) {
            flags.push(f);
        }
        if word.ends_with(']') {
            return Some(flags);
        }
        word = w.next()?.1;
    }
}

pub fn unix_row(text: &str, layout: Layout) -> Option<Row<'_>> {
    let mut w = words(text);
    let (_, proto_text) = w.next()?;
    if proto_text != "unix" {
        return None;
    }
    let refcnt: u32 = w.next()?.1.parse().ok()?;
    let flags = unix_flags(&mut w)?;
    let (type_at, type_text) = w.next()?;
    let kind = unix_type(type_text)?;
    let mut rest = text[type_at + type_text.len()..].trim_start();
    let mut state = if flags.contains(&UnixFlag::Acc) {
        UnixState::Listening
    } else {
        UnixState::Unconnected
    };
    let word = leading_state(Tool::Netstat, rest).filter(|s| s.unix.is_some());
    let state_text = word.map(|word| {
        state = word.unix.unwrap_or(state);
        let (text, after) = rest.split_at(word.text.len());
        rest = after.trim_start();
        text
    });
    let inode_text = rest.split_whitespace().next()?;
    let inode: u64 = inode_text.parse().ok()?;
    // One space separates I-Node from the owner column; keep the rest's alignment.
    let rest = rest[inode_text.len()..].strip_prefix(' ').unwrap_or("");
    let (owner_text, path) = split_owner_path(rest.trim_start_matches(' '), layout);
    let socket = Socket {
        inode: Some(inode),
        owners: owner_text
            .and_then(|o| owner_from_text(o, None))
            .into_iter()
            .collect(),
        ..Socket::unix(UnixInfo {
            refcnt: Some(refcnt),
            flags,
            kind,
            state,
            path: path.to_string(),
            fs_type: None,
            at_file: false,
        })
    };
    Some(Row {
        socket: Some(socket),
        proto_text,
        state_text,
        state_word: word,
        owner_text,
        ..Row::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: Layout = Layout {
        user_inode: None,
        owner: None,
        wide: false,
    };

    #[test]
    fn inet_rows_of_every_shape() {
        // jc tests/fixtures/centos-7.7/netstat-sudo-aeep.out (sudo netstat -aeep).
        let r = inet_row("tcp        0      0 localhost:smtp          0.0.0.0:*               LISTEN      root       22606      1489/master         ", L).unwrap();
        let s = r.socket.unwrap();
        assert_eq!(s.tcp_state(), Some(TcpState::Listen));
        assert_eq!(s.user.as_deref(), Some("root"));
        assert_eq!(s.inode, Some(22606));
        assert_eq!(s.owners[0].process.pid, 1489);
        assert_eq!(r.local.unwrap().host, "localhost");
        // jc generic/netstat-no-state.out: UDP without state, program name with a space.
        let r = inet_row("udp        0      0 0.0.0.0:5353            0.0.0.0:*                           442/avahi-daemon: r", L).unwrap();
        let s = r.socket.unwrap();
        assert_eq!(s.tcp_state(), None);
        assert_eq!(s.owners[0].process.comm, "avahi-daemon: r");
        // cs locale (po file): LAST_ACK is "POSLEDNÍ ACK".
        let r = inet_row(
            "tcp        0      0 10.0.0.1:22     10.0.0.2:5000    POSLEDNÍ ACK",
            L,
        )
        .unwrap();
        assert_eq!(r.socket.unwrap().tcp_state(), Some(TcpState::LastAck));
        assert_eq!(r.state_word.unwrap().lang(), Some("cs"));
        // netstat -tanpo, net-tools 2.10 on this machine.
        let r = inet_row("tcp        0      0 127.0.0.1:41234         127.0.0.1:8080          TIME_WAIT   -                    timewait (59.87/0/0)", L).unwrap();
        assert_eq!(r.timer, Some("timewait (59.87/0/0)"));
        assert_eq!(r.owner_text, Some("-"));
        assert!(inet_row("tcp listening on port 80", L).is_none());
    }

    #[test]
    fn unix_rows() {
        // jc centos-7.7/netstat-sudo-aeep.out and generic/netstat-old.out (20-byte column).
        let r = unix_row("unix  2      [ ACC ]     STREAM     LISTENING     22613    1489/master          public/cleanup", L).unwrap();
        let s = r.socket.unwrap();
        let u = s.as_unix().unwrap();
        assert_eq!(
            (u.state, u.path.as_str()),
            (UnixState::Listening, "public/cleanup")
        );
        assert_eq!(s.owners[0].process.comm, "master");
        let r = unix_row("unix  2      [ ]         DGRAM                     23569 871/chronyd         /var/run/chrony/chronyd.sock", L).unwrap();
        let u = r.socket.unwrap().as_unix().unwrap().clone();
        assert_eq!(
            (u.state, u.path.as_str()),
            (UnixState::Unconnected, "/var/run/chrony/chronyd.sock")
        );
        // ubuntu-18.04/netstat-sudo-aeep.out: a program name with a space and '@'.
        let r = unix_row(
            "unix  3      [ ]         STREAM     CONNECTED     44223    2095/sshd: kbrazil@  ",
            L,
        )
        .unwrap();
        assert_eq!(r.socket.unwrap().owners[0].process.comm, "sshd: kbrazil@");
        // de locale, this machine: LANG=de_DE.UTF-8 netstat -x.
        let r = unix_row(
            "unix  3      [ ]         STREAM     VERBUNDEN     1591     ",
            L,
        )
        .unwrap();
        assert_eq!(
            r.socket.unwrap().as_unix().unwrap().state,
            UnixState::Connected
        );
    }
}

#[cfg(test)]
mod translated_tests {
    use super::*;

    const L: Layout = Layout {
        user_inode: None,
        owner: None,
        wide: false,
    };

    #[test]
    fn swedish_and_georgian() {
        // Strings from ecki/net-tools po/sv.po: LISTEN → LYSSNAR, timer "av (…)",
        // DISCONNECTING → "KOPPLAR FRÅN", RAW → RÅ; the row layout is net-tools'.
        let r = inet_row("tcp        0      0 0.0.0.0:22              0.0.0.0:*               LYSSNAR     1/sshd               av (0.00/0/0)", L).unwrap();
        assert_eq!(
            r.socket.as_ref().unwrap().tcp_state(),
            Some(TcpState::Listen)
        );
        assert_eq!(r.timer, Some("av (0.00/0/0)"));
        assert_eq!(r.owner_text, Some("1/sshd"));
        let r = unix_row(
            "unix  2      [ ]         RÅ         KOPPLAR FRÅN  1234     ",
            L,
        )
        .unwrap();
        let u = r.socket.unwrap().as_unix().unwrap().clone();
        assert_eq!((u.kind, u.state), (UnixType::Raw, UnixState::Disconnecting));
    }

    #[test]
    fn wrapped_rows_and_cut_names() {
        // net-tools 2.10 netstat -tanp on this machine, the state wrapped onto the next
        // line as a mail client does (fold -s -w 72).
        let mut r = inet_row(
            "tcp        0      0 127.0.0.1:47001         127.0.0.1:57426         ",
            L,
        )
        .unwrap();
        assert_eq!(r.socket.as_ref().unwrap().tcp_state(), None);
        assert!(join_wrapped(&mut r, "ESTABLISHED 29822/python3", L));
        let s = r.socket.as_ref().unwrap();
        assert_eq!(s.tcp_state(), Some(TcpState::Established));
        assert_eq!(s.owners[0].process.pid, 29822);
        assert!(r.wrapped);
        let mut udp = inet_row("udp        0      0 0.0.0.0:68              0.0.0.0:*", L).unwrap();
        assert!(!join_wrapped(&mut udp, "ESTABLISHED", L));
        // Names cut to 23 columns (public pastes of netstat -t, and issue 11).
        let r = inet_row(
            "tcp        0      0 192.168.0.10:51234      kix06s11-in-f14.1e:https ESTABLISHED",
            L,
        )
        .unwrap();
        let remote = r.remote.unwrap();
        assert!(remote.cut);
        let name = remote.name.unwrap();
        assert_eq!(
            (name.provider(), name.site()),
            (Some("google"), Some("kix"))
        );
        let wide = Layout { wide: true, ..L };
        assert!(
            !inet_row(
                "tcp        0      0 192.168.0.10:51234      kix06s11-in-f14.1e:https ESTABLISHED",
                wide
            )
            .unwrap()
            .remote
            .unwrap()
            .cut
        );
        // With a heading without PID/Program name, a path-like word is no owner.
        let no_owner = Layout {
            owner: Some(false),
            ..L
        };
        let r = unix_row(
            "unix  2      [ ]         DGRAM                    12345    12/rel.sock",
            no_owner,
        )
        .unwrap();
        assert_eq!(r.socket.unwrap().as_unix().unwrap().path, "12/rel.sock");
    }
}
