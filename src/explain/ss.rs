//! iproute2 `ss` rows (3.x–6.x): `[Netid] State Recv-Q Send-Q Local:Port Peer:Port
//! [Process] [options]`, with `users:(("name",pid=N,fd=N),…)` (and the old
//! `("name",pid,fd)` form), UNIX rows as `path inode * peer-inode`, netlink and packet
//! rows, and the TAB-indented detail lines of `-e -i -m -o`.

use std::borrow::Cow;

use super::addr::HostPort;
use super::lex::{Word, digits, words};
use super::line::{ProtoFrom, Star};
use super::vocab::{StateWord, Tool, exact_state, leading_state};
use super::{Row, owner};
use crate::model::{
    Family, Inet, InetProto, Owner, Socket, TcpState, UnixFlag, UnixInfo, UnixState, UnixType,
};

/// What the table and the command above say about rows that do not say it themselves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hints {
    /// ss printed a Netid column.
    pub netid: bool,
    /// The one family the command selected (`ss --udp`).
    pub family: Option<Family>,
    /// What `*` means in this table, from what other rows showed.
    pub star: Option<Star>,
}

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

/// `path inode peer peer-inode`; a path may hold spaces (`/tmp/my app.sock`), so the
/// inode is the first number followed, two words on, by another.
fn unix_ends<'a>(
    text: &'a str,
    all: &[Word<'a>],
    i: usize,
    columns: &mut Columns<'a>,
) -> Option<Ends<'a>> {
    let k =
        (i + 1..all.len().saturating_sub(2)).find(|&k| digits(all[k].1) && digits(all[k + 2].1))?;
    let (start, last) = (all.get(i)?, all[k - 1]);
    let path = &text[start.0..last.0 + last.1.len()];
    let inode = all[k].1;
    let peer = all[k + 1].1;
    let (at, peer_inode) = all[k + 2];
    columns.push((Cow::Borrowed("peer_inode"), peer_inode));
    Some(Ends {
        local: HostPort {
            host: path,
            port: Some(inode),
            ..HostPort::default()
        },
        remote: HostPort {
            host: peer,
            port: Some(peer_inode),
            ..HostPort::default()
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
                ..HostPort::default()
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
    v6only: Option<bool>,
    /// `users:(("name",PID,FD))`: printed by ss before iproute2 4.x (no `pid=`).
    old_users: bool,
}

fn options<'a>(rest: &'a str, columns: &mut Columns<'a>) -> Options<'a> {
    let mut o = Options {
        owners: Vec::new(),
        inode: None,
        uid: None,
        process: None,
        v6only: None,
        old_users: false,
    };
    if let Some(start) = rest.find("users:(") {
        let inside = &rest[start + "users:(".len()..];
        o.owners = users(inside);
        o.old_users = !o.owners.is_empty() && !inside.contains("pid=");
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
            if name == "v6only" {
                o.v6only = Some(v == "1");
            }
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

/// The family of a row: its Netid, else the command's selection, else its state.
fn family_of(lead: &Lead, hints: Hints) -> Option<(Family, ProtoFrom)> {
    if let Some(n) = lead.netid {
        let f = match n {
            "tcp" | "mptcp" => Family::Tcp,
            "udp" => Family::Udp,
            "raw" | "icmp" | "icmp6" => Family::Raw,
            _ => return None,
        };
        return Some((f, ProtoFrom::Printed));
    }
    if let Some(f) = hints.family.filter(|f| *f != Family::Unix) {
        return Some((f, ProtoFrom::Command));
    }
    // Without evidence, a TCP-only state says TCP; UNCONN is what ss prints for UDP and
    // raw sockets (TCP's closed state only when asked for it), so it is read as UDP.
    let f = match lead.state.and_then(|s| s.tcp) {
        Some(TcpState::Close) => Family::Udp,
        _ => Family::Tcp,
    };
    Some((f, ProtoFrom::State))
}

/// What `*` means in this row: `v6only:0` says dual-stack; else what the table showed.
fn star_of(ends: &Ends, opts: &Options, hints: Hints) -> Option<Star> {
    if ends.local.host != "*" || ends.inode.is_some() {
        return None;
    }
    Some(match opts.v6only {
        Some(false) => Star::DualStack,
        // The ss that printed owners so printed IPv4's any address as `*`.
        _ if opts.old_users => Star::Ipv4Any,
        _ => hints.star.unwrap_or(Star::Unknown),
    })
}

fn inet_socket(family: Family, lead: &Lead, ends: &Ends, star: Option<Star>) -> Option<Socket> {
    let printed_v6 = ends.local.host.contains(':') || ends.remote.host.contains(':');
    let v6 = printed_v6 || star == Some(Star::DualStack);
    let proto = InetProto::of(family, v6)?;
    Some(Socket {
        recv_q: lead.recv_q,
        send_q: lead.send_q,
        ..Socket::inet(Inet {
            proto,
            state: lead.state.and_then(|s| s.tcp),
            // `*` is the IPv6 any address of a dual-stack socket, IPv4's in older ss.
            local: ends.local.endpoint(v6),
            remote: ends.remote.endpoint(v6),
        })
    })
}

pub fn row(text: &str, hints: Hints) -> Option<Row<'_>> {
    let all: Vec<Word> = words(text).collect();
    let lead = lead(&all, hints.netid)?;
    let netid_name = lead.netid.unwrap_or("");
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
        Some(_) => unix_ends(text, &all, lead.next, &mut columns)?,
        None => inet_ends(&all, lead.next, &mut columns)?,
    };
    let rest = text[ends.end..].trim();
    // A net-tools row (`tcp 0 0 *:3333 *:* LISTEN`) is no ss row: ss prints no state there.
    if leading_state(Tool::Netstat, rest).is_some_and(|w| w.tcp.is_some()) {
        return None;
    }
    let opts = options(rest, &mut columns);
    // icmp6 is IPv6 whatever its address prints as (`*%ens33`).
    let star = match netid_name {
        "icmp6" => Some(Star::DualStack),
        _ => star_of(&ends, &opts, hints),
    };
    let (mut socket, proto_from) = match unix_kind {
        Some(kind) => (Some(unix_socket(kind, &lead, &ends)), ProtoFrom::Printed),
        None => match family_of(&lead, hints) {
            Some((f, from)) => (inet_socket(f, &lead, &ends, star), from),
            None => (None, ProtoFrom::Printed),
        },
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
        columns,
        proto_from,
        star: star.filter(|_| netid_name != "icmp6"),
        ..Row::default()
    })
}

/// What a row says about ss's `*` in the table around it: ss since iproute2 4.x prints
/// IPv4's any address as `0.0.0.0` (so `*` is a dual-stack socket); older ss printed
/// `*` for it, so an IPv4 row with a `*:*` peer, or IPv6 without brackets (`:::22`),
/// shows the old form, as do owners printed without `pid=`. Brackets alone tell nothing:
/// 3.10 printed `[::]` too.
pub fn star_evidence(row: &Row<'_>) -> Option<Star> {
    let inet = row.socket.as_ref().is_some_and(|s| s.as_inet().is_some());
    if !inet {
        return None;
    }
    if row.star == Some(Star::Ipv4Any) {
        return row.star;
    }
    let (local, remote) = (row.local?, row.remote?);
    if local.host == "0.0.0.0" || remote.host == "0.0.0.0" {
        return Some(Star::DualStack);
    }
    let bare_v6 = |h: &str| h.contains("::") && !h.starts_with('[');
    let v4_local = local.host.contains('.') && !local.host.contains(':');
    let old = bare_v6(local.host) || bare_v6(remote.host) || (v4_local && remote.host == "*");
    old.then_some(Star::Ipv4Any)
}

/// `ss -s`: `Total: 190 (kernel 195)` and `TCP:   8 (estab 2, closed 0, …), ports 0`.
pub fn summary_line(text: &str) -> Option<Row<'_>> {
    let t = text.trim();
    let (label, rest) = t.split_once(':')?;
    if !matches!(label, "Total" | "TCP") {
        return None;
    }
    let rest = rest.trim_start();
    let n_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    if n_end == 0 {
        return None;
    }
    let mut columns: Columns = vec![
        (Cow::Borrowed("kind"), label),
        (Cow::Borrowed("total"), &rest[..n_end]),
    ];
    let after = &rest[n_end..];
    if let Some(inner) = after.trim_start().strip_prefix('(') {
        let (inner, tail) = inner.split_once(')')?;
        for pair in inner.split(',') {
            let (k, v) = pair.trim().split_once(' ')?;
            columns.push((Cow::Owned(k.to_string()), v.trim()));
        }
        if let Some(ports) = tail.trim().strip_prefix(", ports ") {
            columns.push((Cow::Borrowed("ports"), ports.trim()));
        }
    } else if !after.trim().is_empty() {
        return None;
    }
    Some(Row {
        columns,
        ..Row::default()
    })
}

/// Whether `text` is the `Transport Total IP IPv6` heading of `ss -s`.
pub fn is_summary_heading(text: &str) -> bool {
    text.split_whitespace()
        .eq(["Transport", "Total", "IP", "IPv6"])
}

/// A row of `ss -s`'s table: `RAW 1 0 1`, `*  195  -  -`.
pub fn summary_row(text: &str) -> Option<Row<'_>> {
    let w: Vec<&str> = text.split_whitespace().collect();
    let [transport, total, ip, ipv6] = w[..] else {
        return None;
    };
    let number = |v: &str| v == "-" || digits(v);
    let known = ["*", "RAW", "UDP", "TCP", "INET", "FRAG"].contains(&transport);
    (known && [total, ip, ipv6].into_iter().all(number)).then(|| Row {
        columns: vec![
            (Cow::Borrowed("transport"), transport),
            (Cow::Borrowed("total"), total),
            (Cow::Borrowed("ip"), ip),
            (Cow::Borrowed("ipv6"), ipv6),
        ],
        ..Row::default()
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
        let netid = Hints {
            netid: true,
            ..Hints::default()
        };
        let r = row("udp   UNCONN 0      0                               0.0.0.0:50305      0.0.0.0:*    users:((\"host\",pid=118409,fd=20)) ino:64236321 sk:1 cgroup:/system.slice/xinetd.service <->", netid).unwrap();
        let s = r.socket.unwrap();
        assert_eq!(s.owners[0].process.pid, 118409);
        assert_eq!(s.owners[0].fd, Some(20));
        assert_eq!(s.inode, Some(64236321));
        // inspec ss-tulpen: no state, old users form.
        let r = row("tcp               0      128                                                *:25                                                              *:*                    users:((\"sendmail\",3965,4)) ino:116", netid).unwrap();
        assert_eq!(r.socket.unwrap().owners[0].process.pid, 3965);
        // integrations-core ss_ipv4_tcp: no Netid.
        let r = row(
            "TIME-WAIT  0      0          10.0.2.15:38756          54.225.214.228:80",
            Hints::default(),
        )
        .unwrap();
        assert_eq!(r.socket.unwrap().tcp_state(), Some(TcpState::TimeWait));
        // jc centos-7.7/ss-sudo-a.out: UNIX and netlink rows.
        let r = row("u_str  LISTEN     0      128    /run/systemd/journal/stdout 8981                  * 0                    ", netid).unwrap();
        let s = r.socket.unwrap();
        assert_eq!(s.inode, Some(8981));
        assert_eq!(s.as_unix().unwrap().state, UnixState::Listening);
        let r = row(
            "nl     UNCONN     768    0      rtnl:dockerd-current/1220   *                     ",
            netid,
        )
        .unwrap();
        assert!(r.socket.is_none());
    }

    #[test]
    fn ss_as_people_run_it() {
        use crate::model::Proto;
        // ss --udp -l -p, iproute2 6.1 on this machine: no Netid, the command says UDP.
        let line = "UNCONN 0      0          127.0.0.1:59516      0.0.0.0:*    users:((\"python3\",pid=29822,fd=70))";
        let udp = Hints {
            family: Some(Family::Udp),
            ..Hints::default()
        };
        let r = row(line, udp).unwrap();
        assert_eq!(r.socket.unwrap().proto(), Proto::Inet(InetProto::Udp));
        assert_eq!(r.proto_from, ProtoFrom::Command);
        // Without the command, UNCONN is not called TCP.
        let r = row(line, Hints::default()).unwrap();
        assert_eq!(r.socket.unwrap().proto(), Proto::Inet(InetProto::Udp));
        assert_eq!(r.proto_from, ProtoFrom::State);
        // ss -x -a on this machine: a path with a space.
        let netid = Hints {
            netid: true,
            ..Hints::default()
        };
        let r = row("u_str LISTEN 0      1                                         /tmp/my app.sock 693515            * 0            ", netid).unwrap();
        let s = r.socket.unwrap();
        assert_eq!(s.as_unix().unwrap().path, "/tmp/my app.sock");
        assert_eq!(s.inode, Some(693515));
        // jc centos-7.7/ss-sudo-a.out (iproute2 3.10): `*` is 0.0.0.0 there.
        let old = Hints {
            netid: true,
            star: Some(Star::Ipv4Any),
            ..Hints::default()
        };
        let r = row(
            "tcp    LISTEN     0      128     *:ssh                   *:*                    ",
            old,
        )
        .unwrap();
        assert_eq!(r.star, Some(Star::Ipv4Any));
        let s = r.socket.unwrap();
        assert_eq!(s.proto(), Proto::Inet(InetProto::Tcp));
        assert_eq!(s.local().unwrap().addr.to_string(), "0.0.0.0");
        let evidence = row("udp    UNCONN     0      0      127.0.0.1:323                   *:*                    ", netid).unwrap();
        assert_eq!(star_evidence(&evidence), Some(Star::Ipv4Any));
        // A net-tools row is not taken for an ss row (issue 11: `netstat -an | grep LISTEN`).
        assert!(
            row(
                "tcp        0      0 *:3333                  *:*                     LISTEN",
                netid
            )
            .is_none()
        );
    }

    #[test]
    fn ss_summary() {
        // ss -s, iproute2 6.1 on this machine; the older shape from iproute2 3.x.
        let r = summary_line("TCP:   82 (estab 12, closed 63, orphaned 0, timewait 63)").unwrap();
        assert_eq!(
            (r.column("total"), r.column("estab"), r.column("timewait")),
            (Some("82"), Some("12"), Some("63"))
        );
        let r = summary_line(
            "TCP:   4 (estab 1, closed 0, orphaned 0, synrecv 0, timewait 0/0), ports 0",
        )
        .unwrap();
        assert_eq!(
            (r.column("timewait"), r.column("ports")),
            (Some("0/0"), Some("0"))
        );
        let r = summary_line("Total: 190 (kernel 195)").unwrap();
        assert_eq!(
            (r.column("total"), r.column("kernel")),
            (Some("190"), Some("195"))
        );
        assert!(summary_line("TCP: IPv4").is_none());
        assert!(is_summary_heading("Transport Total     IP        IPv6"));
        let r = summary_row("INET\t  21        21        0        ").unwrap();
        assert_eq!(
            (r.column("transport"), r.column("ipv6")),
            (Some("INET"), Some("0"))
        );
    }
}
