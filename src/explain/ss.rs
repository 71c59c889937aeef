//! iproute2 `ss` rows (3.x–6.x): `[Netid] State Recv-Q Send-Q Local:Port Peer:Port
//! [Process] [options]`, with `users:(("name",pid=N,fd=N),…)` (and the old
//! `("name",pid,fd)` form), UNIX rows as `path inode * peer-inode`, netlink and packet
//! rows, and the TAB-indented detail lines of `-e -i -m -o`.

use super::addr::HostPort;
use super::netstat::words;
use super::vocab::{SS, exact_state};
use super::{Row, owner};
use crate::model::{Inet, InetProto, Socket, UnixFlag, UnixInfo, UnixState, UnixType};

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

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

pub fn row(text: &str, netid: bool) -> Option<Row> {
    let all: Vec<(usize, &str)> = words(text).collect();
    let mut i = 0;
    let netid_text = if netid {
        let n = all.first()?.1;
        if !NETIDS.contains(&n) {
            return None;
        }
        i += 1;
        Some(n)
    } else {
        None
    };
    let state_word = exact_state(SS, all.get(i)?.1);
    if state_word.is_some() {
        i += 1;
    } else if !digits(all.get(i)?.1) {
        return None;
    }
    let recv_q: u32 = all.get(i)?.1.parse().ok()?;
    let send_q: u32 = all.get(i + 1)?.1.parse().ok()?;
    i += 2;
    let netid_name = netid_text.unwrap_or("tcp");
    let unix_kind = match netid_name {
        "u_str" => Some(UnixType::Stream),
        "u_dgr" => Some(UnixType::Dgram),
        "u_seq" => Some(UnixType::SeqPacket),
        _ => None,
    };
    let mut columns = Vec::new();
    if let Some(n) = netid_text {
        columns.push(("netid".to_string(), n.to_string()));
    }
    let (local, remote, rest_at, inode_from_addr) = if unix_kind.is_some() {
        // path inode * peer-inode
        let path = all.get(i)?.1;
        let inode = all.get(i + 1)?.1;
        let peer = all.get(i + 2)?.1;
        let peer_inode = all.get(i + 3)?;
        if !digits(inode) || !digits(peer_inode.1) {
            return None;
        }
        columns.push(("peer_inode".to_string(), peer_inode.1.to_string()));
        let local = HostPort {
            host: path.to_string(),
            port: Some(inode.to_string()),
        };
        let remote = HostPort {
            host: peer.to_string(),
            port: Some(peer_inode.1.to_string()),
        };
        (
            local,
            remote,
            peer_inode.0 + peer_inode.1.len(),
            inode.parse().ok(),
        )
    } else {
        let l = all.get(i)?.1;
        let (at, p) = *all.get(i + 1)?;
        let split = |t: &str| {
            if t == "*" {
                HostPort {
                    host: "*".into(),
                    port: None,
                }
            } else {
                HostPort::colon(t)
            }
        };
        let (mut local, remote) = (split(l), split(p));
        // A device-bound socket: `127.0.0.53%lo:53` (jc's name for the device: interface).
        if let Some((host, dev)) = local.host.split_once('%') {
            columns.push(("interface".to_string(), dev.to_string()));
            local.host = host.to_string();
        }
        (local, remote, at + p.len(), None)
    };
    let rest = text[rest_at..].trim();
    let mut owners = Vec::new();
    if let Some(start) = rest.find("users:(") {
        owners = users(&rest[start + "users:(".len()..]);
    }
    let mut inode = inode_from_addr;
    let mut uid = None;
    for w in rest.split_whitespace() {
        if let Some(v) = w.strip_prefix("ino:") {
            inode = v.parse().ok();
        } else if let Some(v) = w.strip_prefix("uid:") {
            uid = v.parse().ok();
        } else if let Some(v) = w.strip_prefix("timer:") {
            columns.push(("timer".into(), v.to_string()));
        } else if let Some(v) = w.strip_prefix("cgroup:") {
            columns.push(("cgroup".into(), v.to_string()));
        } else if let Some(v) = w.strip_prefix("v6only:") {
            columns.push(("v6only".into(), v.to_string()));
        }
    }
    let socket = if let Some(kind) = unix_kind {
        let state = state_word
            .and_then(|s| s.unix)
            .unwrap_or(UnixState::Unknown);
        let path = if local.host == "*" { "" } else { &local.host };
        Some(Socket {
            recv_q,
            send_q,
            inode,
            uid,
            owners: owners.into(),
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
        })
    } else {
        let v6 = local.host.contains(':') || remote.host.contains(':');
        let proto = match (netid_name, v6) {
            ("tcp" | "mptcp", false) => Some(InetProto::Tcp),
            ("tcp" | "mptcp", true) => Some(InetProto::Tcp6),
            ("udp", false) => Some(InetProto::Udp),
            ("udp", true) => Some(InetProto::Udp6),
            ("raw" | "icmp", false) => Some(InetProto::Raw),
            ("raw" | "icmp6", _) | ("icmp", true) => Some(InetProto::Raw6),
            _ => None,
        };
        proto.map(|proto| Socket {
            recv_q,
            send_q,
            inode,
            uid,
            owners: owners.into(),
            ..Socket::inet(Inet {
                proto,
                state: state_word.and_then(|s| s.tcp),
                // ss prints a dual-stack wildcard as `*`: the IPv6 any address.
                local: local.endpoint(true),
                remote: remote.endpoint(true),
            })
        })
    };
    let process = rest.split_whitespace().find(|w| w.starts_with("users:"));
    Some(Row {
        socket,
        proto_text: netid_name.to_string(),
        state_text: state_word.map(|s| s.text.to_string()),
        state_word,
        local: Some(local),
        remote: Some(remote),
        owner_text: process.map(str::to_string),
        timer: None,
        columns,
    })
}

/// The owners inside `users:(…)`: `("name",pid=1,fd=3)` or the old `("name",1,3)`.
fn users(text: &str) -> Vec<crate::model::Owner> {
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
