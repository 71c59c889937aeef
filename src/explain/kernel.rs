//! The kernel's own socket tables, pasted (`cat /proc/net/tcp`) or read as files
//! (`explain /proc/net/tcp`): `/proc/net/{tcp,tcp6,udp,udp6,raw,raw6}` and
//! `/proc/net/unix`, decoded field by field — addresses in hex in the kernel's byte
//! order (`0100007F:B799` is 127.0.0.1:47001 on a little-endian machine: the address's
//! bytes reversed, the port plain hex), the state as the kernel's number,
//! `tx_queue:rx_queue`, the timer, uid and inode — so a lesson can show where netstat's
//! numbers come from. The decoded fields travel in [`Fields`], named as jc names them.

use super::lex::{hex, words};
use super::line::{ProtoFrom, Row};
use crate::model::{
    Endpoint, Family, Inet, InetProto, Socket, TcpState, UnixFlag, UnixInfo, UnixState, UnixType,
};

/// The decoded fields of one kernel table row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fields<'a> {
    Inet(InetFields<'a>),
    Unix(UnixFields<'a>),
}

/// A row of `/proc/net/{tcp,udp,raw}[6]`: `sl local rem st tx:rx tr:when retrnsmt uid
/// timeout inode …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InetFields<'a> {
    /// `sl`, the row's number in the table.
    pub entry: u32,
    /// The address columns as printed (`0100007F:B799`).
    pub local: &'a str,
    pub remote: &'a str,
    /// `st`: the kernel's state number (printed in hex: `0A` is 10, LISTEN).
    pub st: u8,
    pub tx_queue: u32,
    pub rx_queue: u32,
    /// `tr`: which timer runs (0 none, 1 retransmit, 2 keepalive or another, 3 TIME_WAIT,
    /// 4 zero-window probe).
    pub timer_active: u8,
    /// `tm->when`: clock ticks (1/100 s) until the timer expires.
    pub timer_ticks: u64,
    /// `retrnsmt`: retransmissions not yet recovered (unanswered zero-window probes for
    /// the probe timer).
    pub retransmits: u64,
    pub uid: u32,
    /// `timeout`: TCP's unanswered zero-window probes (jc: unanswered_0_window_probes).
    pub timeout: u64,
    pub inode: u64,
    /// The columns after the inode, named per table (jc's names).
    pub rest: Vec<(&'static str, &'a str)>,
}

/// A row of `/proc/net/unix`: `Num RefCount Protocol Flags Type St Inode Path`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnixFields<'a> {
    /// The kernel address of the socket (zeros when hidden by kptr_restrict).
    pub num: &'a str,
    pub refcount: u32,
    pub protocol: u32,
    /// Hex flags; `00010000` is __SO_ACCEPTCON (a listener).
    pub flags: u32,
    /// SOCK_STREAM 1, SOCK_DGRAM 2, SOCK_SEQPACKET 5.
    pub kind: u16,
    /// 1 unconnected, 2 connecting, 3 connected, 4 disconnecting.
    pub st: u8,
    pub inode: u64,
    pub path: &'a str,
}

/// The heading of an inet table; `Some(true)` when it is udp/raw's (`ref pointer drops`).
pub fn inet_header(text: &str) -> Option<bool> {
    let mut w = words(text);
    // tcp6 and udp6 spell the column remote_address.
    let remote = text.contains("rem_address") || text.contains("remote_address");
    (w.next()?.1 == "sl" && text.contains("local_address") && remote)
        .then(|| text.contains(" drops"))
}

/// The heading of `/proc/net/unix`.
pub fn is_unix_header(text: &str) -> bool {
    let first = words(text).next().map(|(_, w)| w);
    first == Some("Num") && text.contains("RefCount") && text.contains("Inode")
}

/// Whether a line has the shape of an inet table row (`0: 0100007F:B799 …`).
pub fn looks_inet(text: &str) -> bool {
    let mut w = words(text);
    let entry = w.next().and_then(|(_, e)| e.strip_suffix(':'));
    entry.is_some_and(super::lex::digits) && w.next().is_some_and(|(_, a)| parse_end(a).is_some())
}

/// Whether a line has the shape of a `/proc/net/unix` row.
pub fn looks_unix(text: &str) -> bool {
    let mut w = words(text);
    let num = w.next().and_then(|(_, n)| n.strip_suffix(':'));
    num.is_some_and(|n| n.len() >= 8 && hex(n))
        && w.next().is_some_and(|(_, r)| r.len() == 8 && hex(r))
}

/// `0100007F:B799` (v4) or 32 hex digits and a port (v6), as little-endian x86 and ARM
/// kernels print them: read by the live tables' own parser, once the pasted text has the
/// kernel's shape (four hex digits of port, nothing but hex before them).
pub fn parse_end(text: &str) -> Option<Endpoint> {
    let (addr, port) = text.split_once(':')?;
    if port.len() != 4 || !hex(port) || !hex(addr) {
        return None;
    }
    crate::source::net::parse_endpoint(text)
}

/// Names of the columns after the inode (jc's names).
const TCP_REST: [&str; 7] = [
    "sock_ref_count",
    "sock_mem_loc",
    "retransmit_timeout",
    "soft_clock_tick",
    "ack_quick_pingpong",
    "sending_congestion_window",
    "slow_start_size_threshold",
];
const UDP_REST: [&str; 3] = ["sock_ref_count", "sock_mem_loc", "drops"];

fn hex_u64(text: &str) -> Option<u64> {
    u64::from_str_radix(text, 16).ok()
}

/// The fields of an inet row, without interpreting them.
fn inet_fields(text: &str, family: Family) -> Option<InetFields<'_>> {
    let mut w = words(text).map(|(_, w)| w);
    let entry = w.next()?.strip_suffix(':')?.parse().ok()?;
    let (local, remote) = (w.next()?, w.next()?);
    let st = u8::from_str_radix(w.next()?, 16).ok()?;
    let (tx, rx) = w.next()?.split_once(':')?;
    let (tr, when) = w.next()?.split_once(':')?;
    let retransmits = hex_u64(w.next()?)?;
    let uid = w.next()?.parse().ok()?;
    let timeout = w.next()?.parse().ok()?;
    let inode = w.next()?.parse().ok()?;
    let names: &[&'static str] = if family == Family::Tcp {
        &TCP_REST
    } else {
        &UDP_REST
    };
    Some(InetFields {
        entry,
        local,
        remote,
        st,
        tx_queue: u32::from_str_radix(tx, 16).ok()?,
        rx_queue: u32::from_str_radix(rx, 16).ok()?,
        timer_active: u8::from_str_radix(tr, 16).ok()?,
        timer_ticks: hex_u64(when)?,
        retransmits,
        uid,
        timeout,
        inode,
        rest: names.iter().copied().zip(w).collect(),
    })
}

/// A row of `/proc/net/{tcp,udp,raw}[6]`; `family` says which table (the heading or
/// the command tells; the address length tells v4 from v6).
pub fn inet_row(text: &str, family: Family, from: ProtoFrom) -> Option<Row<'_>> {
    let f = inet_fields(text, family)?;
    let (local, remote) = (parse_end(f.local)?, parse_end(f.remote)?);
    let v6 = f.local.len() > 13;
    let proto = InetProto::of(family, v6)?;
    let state = match family {
        // udp_get_ksock / raw: TCP_ESTABLISHED (1) when connected, TCP_CLOSE (7) when not.
        Family::Tcp | Family::Udp | Family::Raw => Some(TcpState::from_kernel(f.st)),
        Family::Unix => None,
    };
    let socket = Socket {
        recv_q: f.rx_queue,
        send_q: f.tx_queue,
        inode: Some(f.inode),
        uid: Some(f.uid),
        ..Socket::inet(Inet {
            proto,
            state,
            local: Some(local),
            remote: Some(remote),
        })
    };
    // No printed host:port: the hex ends are no names (the socket has them decoded).
    Some(Row {
        socket: Some(socket),
        proto_from: from,
        kernel: Some(Box::new(Fields::Inet(f))),
        ..Row::default()
    })
}

/// A row of `/proc/net/unix`; the path is everything after one space past the inode.
pub fn unix_row(text: &str) -> Option<Row<'_>> {
    let mut w = words(text);
    let num = w.next()?.1.strip_suffix(':')?;
    let hex_field = |w: &mut super::lex::Words<'_>| u32::from_str_radix(w.next()?.1, 16).ok();
    let refcount = hex_field(&mut w)?;
    let protocol = hex_field(&mut w)?;
    let flags = hex_field(&mut w)?;
    let kind = u16::try_from(hex_field(&mut w)?).ok()?;
    let st = u8::try_from(hex_field(&mut w)?).ok()?;
    let (at, inode_text) = w.next()?;
    let inode = inode_text.parse().ok()?;
    let after = &text[at + inode_text.len()..];
    let path = after.strip_prefix(' ').unwrap_or(after);
    // __SO_ACCEPTCON = 1 << 16: the only flag modern kernels print.
    let accepting = flags & (1 << 16) != 0;
    let socket = Socket {
        inode: Some(inode),
        ..Socket::unix(UnixInfo {
            refcnt: Some(refcount),
            flags: if accepting {
                vec![UnixFlag::Acc]
            } else {
                Vec::new()
            },
            kind: UnixType::from_kernel(kind),
            state: UnixState::from_kernel(st, accepting),
            path: path.to_string(),
            fs_type: None,
            at_file: false,
        })
    };
    let fields = UnixFields {
        num,
        refcount,
        protocol,
        flags,
        kind,
        st,
        inode,
        path,
    };
    Some(Row {
        socket: Some(socket),
        proto_from: ProtoFrom::Table,
        kernel: Some(Box::new(Fields::Unix(fields))),
        ..Row::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inet_rows_decode_field_by_field() {
        // cat /proc/net/tcp on this machine (Linux 6.18, x86_64), a listener on 127.0.0.1:47001.
        let line = "   0: 0100007F:B799 00000000:0000 0A 00000000:00000001 00:00000000 00000000     0        0 693337 1 000000007a775f3c 100 0 0 10 0";
        let r = inet_row(line, Family::Tcp, ProtoFrom::Table).unwrap();
        let s = r.socket.as_ref().unwrap();
        assert_eq!(s.tcp_state(), Some(TcpState::Listen));
        assert_eq!(s.local().unwrap().addr.to_string(), "127.0.0.1");
        assert_eq!(s.local_port(), Some(47001));
        assert_eq!(
            (s.recv_q, s.send_q, s.inode, s.uid),
            (1, 0, Some(693337), Some(0))
        );
        let Some(Fields::Inet(f)) = r.kernel.as_deref() else {
            panic!("no kernel fields")
        };
        assert_eq!((f.entry, f.st, f.local), (0, 0x0A, "0100007F:B799"));
        assert_eq!(f.rest[0], ("sock_ref_count", "1"));
        assert_eq!(f.rest[6], ("slow_start_size_threshold", "0"));
        // kernel.org Documentation/networking/proc_net_tcp.rst's example row.
        let doc = "  46: 010310AC:9C4C 030310AC:1770 01 00000150:00000000 01:00000019 00000000  1000        0 54165785 4 cd1e6040 25 4 27 3 -1";
        let r = inet_row(doc, Family::Tcp, ProtoFrom::Table).unwrap();
        let s = r.socket.as_ref().unwrap();
        assert_eq!(s.local().unwrap().addr.to_string(), "172.16.3.1");
        assert_eq!(s.local_port(), Some(40012));
        assert_eq!(s.remote_port(), Some(6000));
        assert_eq!((s.send_q, s.uid), (0x150, Some(1000)));
        let Some(Fields::Inet(f)) = r.kernel.as_deref() else {
            panic!()
        };
        assert_eq!((f.timer_active, f.timer_ticks), (1, 0x19));
        // cat /proc/net/udp on this machine: an unconnected socket (st 07).
        let udp = "  742: 0100007F:E87C 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 693331 2 00000000e9c87958 0";
        let r = inet_row(udp, Family::Udp, ProtoFrom::Table).unwrap();
        assert_eq!(
            r.socket.as_ref().unwrap().tcp_state(),
            Some(TcpState::Close)
        );
        assert!(looks_inet(udp) && !looks_unix(udp));
    }

    #[test]
    fn v6_and_unix_rows() {
        // cat /proc/net/tcp6 (Linux 6.x): ::1 and a mapped ::ffff:127.0.0.1.
        let r = inet_row("   1: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2345 1 0000000000000000 100 0 0 10 0", Family::Tcp, ProtoFrom::Table).unwrap();
        let s = r.socket.unwrap();
        assert_eq!(s.local().unwrap().addr.to_string(), "::1");
        assert_eq!(s.local_port(), Some(631));
        let e = parse_end("0000000000000000FFFF00000100007F:1F90").unwrap();
        assert!(e.mapped);
        assert_eq!(e.addr.to_string(), "127.0.0.1");
        // cat /proc/net/unix on this machine: a listener whose path has a space.
        let line = "000000000a7bbde8: 00000002 00000000 00010000 0001 01 693515 /tmp/my app.sock";
        assert!(looks_unix(line));
        let r = unix_row(line).unwrap();
        let u = r.socket.as_ref().unwrap().as_unix().unwrap().clone();
        assert_eq!(
            (u.state, u.path.as_str()),
            (UnixState::Listening, "/tmp/my app.sock")
        );
        assert!(is_unix_header(
            "Num       RefCount Protocol Flags    Type St Inode Path"
        ));
        assert_eq!(
            inet_header(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops"
            ),
            Some(true)
        );
    }
}
