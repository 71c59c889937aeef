//! iproute2 `ss` rows (3.x–6.x): `[Netid] State Recv-Q Send-Q Local:Port Peer:Port
//! [Process] [options]`, with `users:(("name",pid=N,fd=N),…)` (and the old
//! `("name",pid,fd)` form), UNIX rows as `path inode * peer-inode`, netlink and packet
//! rows, and the TAB-indented detail lines of `-e -i -m -o`.

use std::borrow::Cow;

use super::addr::HostPort;
use super::lex::{Word, digits, words};
use super::vocab::{StateWord, Tool, exact_state};
use super::{Row, owner};
use crate::model::{Inet, InetProto, Owner, Socket, UnixFlag, UnixInfo, UnixState, UnixType};

const NETIDS: &[&str] = &[
    "tcp", "udp", "raw", "u_str", "u_dgr", "u_seq", "p_raw", "p_dgr", "v_str", "v_dgr", "v_seq",
    "nl", "mptcp", "sctp", "tipc", "xdp", "icmp", "icmp6", "dccp", "???",
];

pub fn has_netid(text: &str) -> bool {
    text.split_whitespace()
        .next()
        .is_some_and(|w| NETIDS.contains(&w))
}

/// A detail line under a socket (`ss -e -i -m -o`): TAB- or space-indented.
pub fn is_continuation(text: &str) -> bool {
    text.starts_with(['\t', ' '])
        && !text.trim_start().starts_with(|c: char| c.is_ascii_digit())
        && !has_netid(text.trim_start())
}

/// The columns before the addresses: `[Netid] [State] Recv-Q Send-Q`.
struct Lead<'a> {
    netid: Option<&'a str>,
    state: Option<&'static StateWord>,
    recv_q: u32,
    send_q: u32,
    /// Index of the first address word.
    next: usize,
}

fn lead<'a>(all: &[Word<'a>], netid: bool) -> Option<Lead<'a>> {
    let mut i = 0;
    let netid = if netid {
        let n = all.first()?.1;
        if !NETIDS.contains(&n) {
            return None;
        }
        i += 1;
        Some(n)
    } else {
        None
    };
    let state = exact_state(Tool::Ss, all.get(i)?.1);
    if state.is_some() {
        i += 1;
    } else if !digits(all.get(i)?.1) {
        return None;
    }
    Some(Lead {
        netid,
        state,
        recv_q: all.get(i)?.1.parse().ok()?,
        send_q: all.get(i + 1)?.1.parse().ok()?,
        next: i + 2,
    })
}

/// The address columns: UNIX `path inode * peer-inode`, or `local:port peer:port`.
struct Ends<'a> {
    local: HostPort<'a>,
    remote: HostPort<'a>,
    /// Byte offset just past the peer column.
    end: usize,
    inode: Option<u64>,
}

fn unix_ends<'a>(all: &[Word<'a>], i: usize, columns: &mut Columns<'a>) -> Option<Ends<'a>> {
    let path = all.get(i)?.1;
    let inode = all.get(i + 1)?.1;
    let peer = all.get(i + 2)?.1;
    let (at, peer_inode) = *all.get(i + 3)?;
    if !digits(inode) || !digits(peer_inode) {
        return None;
    }
    columns.push((Cow::Borrowed("peer_inode"), peer_inode));
    Some(Ends {
        local: HostPort {
            host: path,
            port: Some(inode),
        },
        remote: HostPort {
            host: peer,
            port: Some(peer_inode),
        },
        end: at + peer_inode.len(),
        inode: inode.parse().ok(),
    })
}

fn inet_ends<'a>(all: &[Word<'a>], i: usize, columns: &mut Columns<'a>) -> Option<Ends<'a>> {
    let l = all.get(i)?.1;
    let (at, p) = *all.get(i + 1)?;
    let split = |t: &'a str| {
        if t == "*" {
            HostPort {
                host: "*",
                port: None,
            }
        } else {
            HostPort::colon(t)
        }
    };
    let (mut local, remote) = (split(l), split(p));
    // A device-bound socket: `127.0.0.53%lo:53` (jc's name for the device: interface).
    if let Some((host, dev)) = local.host.split_once('%') {
        columns.push((Cow::Borrowed("interface"), dev));
        local.host = host;
    }
    Some(Ends {
        local,
        remote,
        end: at + p.len(),
        inode: None,
    })
}

type Columns<'a> = Vec<(Cow<'static, str>, &'a str)>;

/// What follows the addresses: `users:(…)`, `ino:`, `uid:`, `timer:`, `cgroup:`…
struct Options<'a> {
    owners: Vec<Owner>,
    inode: Option<u64>,
    uid: Option<u32>,
    process: Option<&'a str>,
}

fn options<'a>(rest: &'a str, columns: &mut Columns<'a>) -> Options<'a> {
    let mut o = Options {
        owners: Vec::new(),
        inode: None,
        uid: None,
        process: None,
    };
    if let Some(start) = rest.find("users:(") {
        o.owners = users(&rest[start + "users:(".len()..]);
    }
    for w in rest.split_whitespace() {
        if w.starts_with("users:") {
            o.process = o.process.or(Some(w));
        } else if let Some(v) = w.strip_prefix("ino:") {
            o.inode = v.parse().ok();
        } else if let Some(v) = w.strip_prefix("uid:") {
            o.uid = v.parse().ok();
        } else if let Some((name, v)) = ["timer", "cgroup", "v6only"]
            .into_iter()
            .find_map(|n| Some((n, w.strip_prefix(n)?.strip_prefix(':')?)))
        {
            columns.push((Cow::Borrowed(name), v));
        }
    }
    o
}

fn unix_socket(kind: UnixType, lead: &Lead, ends: &Ends) -> Socket {
    let state = lead
        .state
        .and_then(|s| s.unix)
        .unwrap_or(UnixState::Unknown);
    let path = if ends.local.host == "*" {
        ""
    } else {
        ends.local.host
    };
    Socket {
        recv_q: lead.recv_q,
        send_q: lead.send_q,
        ..Socket::unix(UnixInfo {
            refcnt: None,
            flags: if state == UnixState::Listening {
                vec![UnixFlag::Acc]
            } else {
                Vec::new()
            },
            kind,
            state,
            path: path.to_string(),
            fs_type: None,
            at_file: false,
        })
    }
}

fn inet_socket(netid: &str, lead: &Lead, ends: &Ends) -> Option<Socket> {
    let v6 = ends.local.host.contains(':') || ends.remote.host.contains(':');
    let proto = match (netid, v6) {
        ("tcp" | "mptcp", false) => InetProto::Tcp,
        ("tcp" | "mptcp", true) => InetProto::Tcp6,
        ("udp", false) => InetProto::Udp,
        ("udp", true) => InetProto::Udp6,
        ("raw" | "icmp", false) => InetProto::Raw,
        ("raw" | "icmp6", _) | ("icmp", true) => InetProto::Raw6,
        _ => return None,
    };
    Some(Socket {
        recv_q: lead.recv_q,
        send_q: lead.send_q,
        ..Socket::inet(Inet {
            proto,
            state: lead.state.and_then(|s| s.tcp),
            // ss prints a dual-stack wildcard as `*`: the IPv6 any address.
            local: ends.local.endpoint(true),
            remote: ends.remote.endpoint(true),
        })
    })
}

pub fn row(text: &str, netid: bool) -> Option<Row<'_>> {
    let all: Vec<Word> = words(text).collect();
    let lead = lead(&all, netid)?;
    let netid_name = lead.netid.unwrap_or("tcp");
    let unix_kind = match netid_name {
        "u_str" => Some(UnixType::Stream),
        "u_dgr" => Some(UnixType::Dgram),
        "u_seq" => Some(UnixType::SeqPacket),
        _ => None,
    };
    let mut columns = Columns::new();
    if let Some(n) = lead.netid {
        columns.push((Cow::Borrowed("netid"), n));
    }
    let ends = match unix_kind {
        Some(_) => unix_ends(&all, lead.next, &mut columns)?,
        None => inet_ends(&all, lead.next, &mut columns)?,
    };
    let opts = options(text[ends.end..].trim(), &mut columns);
    let mut socket = match unix_kind {
        Some(kind) => Some(unix_socket(kind, &lead, &ends)),
        None => inet_socket(netid_name, &lead, &ends),
    };
    if let Some(s) = socket.as_mut() {
        s.inode = opts.inode.or(ends.inode);
        s.uid = opts.uid;
        s.owners = opts.owners.into();
    }
    Some(Row {
        socket,
        proto_text: netid_name,
        state_text: lead.state.map(|s| &*s.text),
        state_word: lead.state,
        local: Some(ends.local),
        remote: Some(ends.remote),
        owner_text: opts.process,
        timer: None,
        columns,
    })
}

/// The owners inside `users:(…)`: `("name",pid=1,fd=3)` or the old `("name",1,3)`.
fn users(text: &str) -> Vec<Owner> {
    let mut owners = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("(\"") {
        let after = &rest[open + 2..];
        let Some(close_quote) = after.find("\",") else {
            break;
        };
        let name = &after[..close_quote];
        let fields = &after[close_quote + 2..];
        let end = fields.find(')').unwrap_or(fields.len());
        let mut pid = None;
        let mut fd = None;
        for (n, part) in fields[..end].split(',').enumerate() {
            let (key, value) = part.split_once('=').unwrap_or(match n {
                0 => ("pid", part),
                _ => ("fd", part),
            });
            match key {
                "pid" => pid = value.parse().ok(),
                "fd" => fd = value.parse().ok(),
                _ => {}
            }
        }
        if let Some(pid) = pid {
            owners.push(owner(pid, name, fd));
        }
        rest = &fields[end..];
    }
    owners.sort_by_key(|o| o.process.pid);
    owners
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TcpState;

    #[test]
    fn rows_of_every_shape() {
        // jc generic/ss-wide.out (iproute2 5.x, `ss -tulpen` style).
        let r = row("udp   UNCONN 0      0                               0.0.0.0:50305      0.0.0.0:*    users:((\"host\",pid=118409,fd=20)) ino:64236321 sk:1 cgroup:/system.slice/xinetd.service <->", true).unwrap();
        let s = r.socket.unwrap();
        assert_eq!(s.owners[0].process.pid, 118409);
        assert_eq!(s.owners[0].fd, Some(20));
        assert_eq!(s.inode, Some(64236321));
        // inspec ss-tulpen: no state, old users form.
        let r = row("tcp               0      128                                                *:25                                                              *:*                    users:((\"sendmail\",3965,4)) ino:116", true).unwrap();
        assert_eq!(r.socket.unwrap().owners[0].process.pid, 3965);
        // integrations-core ss_ipv4_tcp: no Netid.
        let r = row(
            "TIME-WAIT  0      0          10.0.2.15:38756          54.225.214.228:80",
            false,
        )
        .unwrap();
        assert_eq!(r.socket.unwrap().tcp_state(), Some(TcpState::TimeWait));
        // jc centos-7.7/ss-sudo-a.out: UNIX and netlink rows.
        let r = row("u_str  LISTEN     0      128    /run/systemd/journal/stdout 8981                  * 0                    ", true).unwrap();
        let s = r.socket.unwrap();
        assert_eq!(s.inode, Some(8981));
        assert_eq!(s.as_unix().unwrap().state, UnixState::Listening);
        let r = row(
            "nl     UNCONN     768    0      rtnl:dockerd-current/1220   *                     ",
            true,
        )
        .unwrap();
        assert!(r.socket.is_none());
    }
}
