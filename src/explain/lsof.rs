//! `lsof` listings (`COMMAND PID [TID] [TASKCMD] USER FD TYPE DEVICE SIZE/OFF NODE
//! NAME`), with or without their heading, every row read: network rows become sockets
//! (`TCP 127.0.0.1:57426->127.0.0.1:39071 (ESTABLISHED)`: local→remote and the state;
//! `unix … /path type=STREAM (LISTEN)`), every other row keeps its named columns.
//!
//! With the heading, columns are found by position: lsof right-aligns every column but
//! COMMAND and NAME (FD may end one past its heading: its lock character), so an empty
//! DEVICE or SIZE/OFF leaves a gap instead of shifting the fields after it. Without
//! the heading (`lsof -i | grep …`), the TYPE and NODE words anchor the row.

use std::borrow::Cow;

use super::addr::HostPort;
use super::lex::{Columns, Word, digits, words};
use super::line::Row;
use super::owner;
use super::vocab::{Tool, exact_state};
use crate::model::{Inet, InetProto, Socket, TcpState, UnixInfo, UnixState, UnixType};

/// The columns of one lsof row, as printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cells<'a> {
    pub command: &'a str,
    pub pid: &'a str,
    pub tid: Option<&'a str>,
    pub taskcmd: Option<&'a str>,
    pub user: &'a str,
    pub fd: &'a str,
    pub kind: &'a str,
    pub device: Option<&'a str>,
    pub size_off: Option<&'a str>,
    pub node: Option<&'a str>,
    pub name: &'a str,
}

/// TYPE words that mark a network row.
const NET_TYPES: [&str; 4] = ["IPv4", "IPv6", "unix", "sock"];

/// Whether a line without heading has the shape of an lsof network row.
pub fn looks_like_row(text: &str) -> bool {
    let w: Vec<&str> = words(text).take(6).map(|(_, w)| w).collect();
    w.len() >= 6
        && digits(w[1])
        && (NET_TYPES.contains(&w[4]) || (digits(w[2]) && NET_TYPES.contains(&w[5])))
}

/// A row, by the heading's positions when there is one, else by its words.
pub fn row<'a>(text: &'a str, heading: Option<&Columns>) -> Option<Row<'a>> {
    let cells = heading
        .and_then(|h| by_position(text, h))
        .or_else(|| by_words(text))?;
    Some(build(cells))
}

/// The cells found from the heading's column ends.
fn by_position<'a>(text: &'a str, h: &Columns) -> Option<Cells<'a>> {
    let name_at = h.start_of(|w| w == "NAME")?;
    let all: Vec<Word> = words(text).collect();
    let name_i = all.iter().position(|(at, _)| *at == name_at)?;
    let pid_end = h.end_of(|w| w == "PID")?;
    let pid_i = all.iter().position(|(at, w)| at + w.len() == pid_end)?;
    let mut c = Cells {
        command: text[..all[pid_i].0].trim(),
        pid: all[pid_i].1,
        name: text[name_at..].trim_end(),
        ..Cells::default()
    };
    for &(at, w) in &all[pid_i + 1..name_i] {
        let end = at + w.len();
        let ends = |col: &str| h.end_of(|x| x == col) == Some(end);
        if ends("TID") {
            c.tid = Some(w);
        } else if h.start_of(|x| x == "TASKCMD") == Some(at) {
            c.taskcmd = Some(w);
        } else if ends("USER") {
            c.user = w;
        } else if ends("FD") || h.end_of(|x| x == "FD") == Some(end - 1) {
            c.fd = w;
        } else if ends("TYPE") {
            c.kind = w;
        } else if ends("DEVICE") {
            c.device = Some(w);
        } else if ends("SIZE/OFF") {
            c.size_off = Some(w);
        } else if ends("NODE") {
            c.node = Some(w);
        } else {
            return None;
        }
    }
    (!c.user.is_empty() && !c.fd.is_empty()).then_some(c)
}

/// The cells found from the row's own words: COMMAND PID USER FD TYPE, then DEVICE,
/// SIZE/OFF and NODE recognized by their shapes, then NAME.
fn by_words(text: &str) -> Option<Cells<'_>> {
    let all: Vec<Word> = words(text).collect();
    if all.len() < 5 || !digits(all[1].1) {
        return None;
    }
    // A thread column when the word after PID is a number and the TYPE sits one later.
    let tid = digits(all[2].1) && all.len() > 5 && !digits(all[3].1);
    let at = if tid { 3 } else { 2 };
    let mut c = Cells {
        command: all[0].1,
        pid: all[1].1,
        tid: tid.then(|| all[2].1),
        user: all[at].1,
        fd: all[at + 1].1,
        ..Cells::default()
    };
    let Some(&(type_at, kind)) = all.get(at + 2) else {
        return Some(c);
    };
    // `NOFD /proc/1/fd (opendir: …)`: no TYPE, the name follows the FD.
    if kind.starts_with('/') || kind.starts_with('(') {
        c.name = text[type_at..].trim_end();
        return Some(c);
    }
    c.kind = kind;
    let rest = &all[at + 3..];
    let node_i = match kind {
        "IPv4" | "IPv6" => rest.iter().position(|(_, w)| is_inet_node(w)),
        _ => rest.iter().position(|(_, w)| digits(w) || is_inet_node(w)),
    };
    let Some(node_i) = node_i.filter(|i| *i <= 2) else {
        c.name = rest.first().map_or("", |(a, _)| text[*a..].trim_end());
        return Some(c);
    };
    for &(_, w) in &rest[..node_i] {
        if w.starts_with("0t") || (c.device.is_some() && digits(w)) {
            c.size_off = Some(w);
        } else {
            c.device = Some(w);
        }
    }
    c.node = Some(rest[node_i].1);
    c.name = rest
        .get(node_i + 1)
        .map_or("", |(a, _)| text[*a..].trim_end());
    Some(c)
}

fn is_inet_node(w: &str) -> bool {
    matches!(
        w,
        "TCP" | "UDP" | "UDPLITE" | "SCTP" | "ICMP" | "ICMPV6" | "RAW"
    )
}

/// The named columns, and a socket where the row is one.
fn build(c: Cells<'_>) -> Row<'_> {
    let mut columns: Vec<(Cow<'static, str>, &str)> = vec![
        (Cow::Borrowed("command"), c.command),
        (Cow::Borrowed("pid"), c.pid),
    ];
    let optional = [
        ("tid", c.tid),
        ("taskcmd", c.taskcmd),
        ("user", Some(c.user)),
        ("fd", Some(c.fd)),
        ("type", Some(c.kind).filter(|k| !k.is_empty())),
        ("device", c.device),
        ("size_off", c.size_off),
        ("node", c.node),
        ("name", Some(c.name)),
    ];
    columns.extend(
        optional
            .into_iter()
            .filter_map(|(n, v)| Some((Cow::Borrowed(n), v?))),
    );
    let mut row = match (c.kind, c.node) {
        ("IPv4" | "IPv6", Some(node)) => inet(&c, node),
        ("unix", _) => unix(&c),
        _ => Row::default(),
    };
    if let Some(socket) = &mut row.socket {
        socket.user = Some(c.user).filter(|u| !u.is_empty()).map(Into::into);
    }
    row.columns = columns;
    row
}

/// The owner lsof names: the command, its pid, and the descriptor number of FD (`3u`).
fn owner_of(c: &Cells<'_>) -> Option<crate::model::Owner> {
    let pid = c.pid.parse().ok()?;
    let fd_digits = c.fd.trim_end_matches(|ch: char| !ch.is_ascii_digit());
    Some(owner(pid, c.command, fd_digits.parse().ok()))
}

/// `local->remote (STATE)`, `*:22 (LISTEN)`, `127.0.0.1:59516`.
fn inet<'a>(c: &Cells<'a>, node: &'a str) -> Row<'a> {
    let (ends, state_text) = split_state(c.name);
    let (local, remote) = match ends.split_once("->") {
        Some((l, r)) => (HostPort::colon(l), Some(HostPort::colon(r))),
        None => (HostPort::colon(ends), None),
    };
    let v6 = c.kind == "IPv6";
    let udp = node.starts_with("UDP");
    let proto = match (udp, v6) {
        (false, false) => InetProto::Tcp,
        (false, true) => InetProto::Tcp6,
        (true, false) => InetProto::Udp,
        (true, true) => InetProto::Udp6,
    };
    let word = state_text.and_then(|s| exact_state(Tool::Netstat, s).or(exact_state(Tool::Bsd, s)));
    let state = match (word.and_then(|w| w.tcp), udp) {
        (Some(s), _) => Some(s),
        // A UDP socket with a peer is connected; without one, unconnected.
        (None, true) if remote.is_some() => Some(TcpState::Established),
        _ => None,
    };
    let local = local.read_name(false);
    let remote = remote.map(|r| r.read_name(false));
    let socket = Socket {
        // Linux lsof prints the socket inode as DEVICE; macOS a kernel address (0x…).
        inode: c.device.and_then(|d| d.parse().ok()),
        owners: owner_of(c).into_iter().collect(),
        ..Socket::inet(Inet {
            proto,
            state,
            local: local.endpoint(v6),
            remote: remote.and_then(|r| r.endpoint(v6)),
        })
    };
    Row {
        socket: Some(socket),
        proto_text: node,
        state_text,
        state_word: word,
        local: Some(local),
        remote,
        owner_text: None,
        ..Row::default()
    }
}

/// `/path type=STREAM (LISTEN)`, `@abstract type=DGRAM (UNCONNECTED)`, `type=STREAM`.
fn unix<'a>(c: &Cells<'a>) -> Row<'a> {
    let (rest, state_text) = split_state(c.name);
    let (path, kind) = match rest.rsplit_once("type=") {
        Some((p, k)) => (p.trim(), k.trim()),
        None => (rest.trim(), ""),
    };
    let kind = UnixType::ALL.into_iter().find(|t| t.name() == kind);
    let state = match state_text {
        Some("LISTEN") => UnixState::Listening,
        Some("CONNECTED") => UnixState::Connected,
        Some("UNCONNECTED") => UnixState::Unconnected,
        Some("CONNECTING") => UnixState::Connecting,
        Some("DISCONNECTING") => UnixState::Disconnecting,
        _ => UnixState::Unknown,
    };
    let socket = Socket {
        inode: c.node.and_then(|n| n.parse().ok()),
        owners: owner_of(c).into_iter().collect(),
        ..Socket::unix(UnixInfo {
            refcnt: None,
            flags: Vec::new(),
            kind: kind.unwrap_or(UnixType::Stream),
            state,
            // Old lsof and macOS print `socket` or `->0x…` where there is no path.
            path: if path == "socket" || path.starts_with("->") {
                String::new()
            } else {
                path.to_string()
            },
            fs_type: None,
            at_file: false,
        })
    };
    // Older lsof prints neither type= nor the state: then there is no socket to describe.
    let known = kind.is_some() && state != UnixState::Unknown;
    Row {
        socket: known.then_some(socket),
        proto_text: "unix",
        state_text,
        ..Row::default()
    }
}

/// A trailing `(STATE)` split off.
fn split_state(name: &str) -> (&str, Option<&str>) {
    let t = name.trim_end();
    match t.strip_suffix(')').and_then(|s| s.rsplit_once(" (")) {
        Some((before, state)) if state.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') => {
            (before, Some(state))
        }
        _ => (t, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Proto;

    const HEADING: &str = "COMMAND     PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME";

    #[test]
    fn network_rows_with_and_without_heading() {
        // lsof -n -P -i, lsof 4.95 on this machine.
        let h = Columns::of(HEADING);
        let line = "python3 29822 root   65u  IPv4 693323      0t0  TCP 127.0.0.1:57426->127.0.0.1:39071 (ESTABLISHED)";
        for r in [row(line, Some(&h)).unwrap(), row(line, None).unwrap()] {
            let s = r.socket.as_ref().unwrap();
            assert_eq!(s.proto(), Proto::Inet(InetProto::Tcp));
            assert_eq!(s.tcp_state(), Some(TcpState::Established));
            assert_eq!(
                (s.local_port(), s.remote_port()),
                (Some(57426), Some(39071))
            );
            assert_eq!(s.inode, Some(693323));
            assert_eq!((s.owners[0].process.pid, s.owners[0].fd), (29822, Some(65)));
            assert_eq!(r.column("device"), Some("693323"));
        }
        let r = row(
            "python3 29822 root    3u  IPv4 693267      0t0  TCP *:47001 (LISTEN)",
            None,
        )
        .unwrap();
        assert_eq!(r.socket.unwrap().tcp_state(), Some(TcpState::Listen));
        let r = row(
            "python3 29822 root   70u  IPv4 693331      0t0  UDP 127.0.0.1:59516 ",
            Some(&h),
        )
        .unwrap();
        assert_eq!(r.socket.unwrap().proto(), Proto::Inet(InetProto::Udp));
        assert!(looks_like_row(line));
    }

    #[test]
    fn unix_rows_and_gaps() {
        // lsof -n -P -U, lsof 4.95 on this machine: a path with a space is cut at it.
        let h =
            Columns::of("COMMAND     PID USER   FD   TYPE             DEVICE SIZE/OFF   NODE NAME");
        let r = row("python3 29822 root    4u  unix 0x00000000449ca729      0t0 693140 /tmp/server.sock type=STREAM (LISTEN)", Some(&h)).unwrap();
        let s = r.socket.unwrap();
        let u = s.as_unix().unwrap();
        assert_eq!(
            (u.state, u.kind, u.path.as_str()),
            (UnixState::Listening, UnixType::Stream, "/tmp/server.sock")
        );
        assert_eq!(s.inode, Some(693140));
        // jc centos-7.7/lsof.out (lsof 4.87, not root): empty DEVICE, SIZE/OFF and NODE.
        let h = Columns::of(
            "COMMAND    PID  TID    USER   FD      TYPE DEVICE  SIZE/OFF     NODE NAME",
        );
        let r = row("systemd      1         root  cwd   unknown                           /proc/1/cwd (readlink: Permission denied)", Some(&h)).unwrap();
        assert_eq!(r.column("type"), Some("unknown"));
        assert_eq!(
            r.column("name"),
            Some("/proc/1/cwd (readlink: Permission denied)")
        );
        assert_eq!(r.column("device"), None);
        // jc centos-7.7/lsof-sudo.out: a thread row (TID filled).
        let h = Columns::of(
            "COMMAND    PID  TID    USER   FD      TYPE             DEVICE  SIZE/OFF       NODE NAME",
        );
        let r = row("auditd     756  757    root  txt       REG              253,0    128664       3639 /usr/sbin/auditd", Some(&h)).unwrap();
        assert_eq!(
            (r.column("tid"), r.column("size_off"), r.column("node")),
            (Some("757"), Some("128664"), Some("3639"))
        );
    }
}
