//! Rows read together: what one row of a table is to another. The two ends of one
//! connection; a Send-Q waiting on the other end's unread Recv-Q (a stalled transfer);
//! a listener and the connections that came through it or still wait in its accept queue;
//! a UNIX socket and its peer. A pure function over the rows of one table.

use std::collections::HashMap;
use std::net::IpAddr;

use rustc_hash::FxHashMap;

use super::topic::RelationNote;
use crate::model::{Detail, Endpoint, Family, Inet, Socket, TcpState, UnixInfo, UnixState};

/// What row `with` is to the row holding this relation; `n` and `m` are the numbers its
/// sentence needs (bytes, counts, a port).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Relation {
    pub kind: RelationNote,
    pub with: usize,
    pub n: u64,
    pub m: u64,
}

/// A receiver holding at least this much unread is not keeping up: below it, a Send-Q
/// facing a Recv-Q is ordinary traffic in flight.
const STALLED_RECV_Q: u32 = 16 * 1024;

/// The relations of every row, by row index. `peers` maps a UNIX socket's inode to its
/// peer's (from sock_diag live, or the peer column of pasted `ss -x`).
pub fn relations(rows: &[&Socket], peers: &HashMap<u64, u64>) -> Vec<Vec<Relation>> {
    let mut out = vec![Vec::new(); rows.len()];
    connection_ends(rows, &mut out);
    listeners(rows, &mut out);
    unix_peers(rows, peers, &mut out);
    out
}

type Ends = (IpAddr, u16, IpAddr, u16);

fn ends(inet: &Inet) -> Option<Ends> {
    let (l, r) = (inet.local?, inet.remote?);
    Some((l.addr, l.port?, r.addr, r.port?))
}

fn tcp(socket: &Socket) -> Option<&Inet> {
    socket.as_inet().filter(|i| i.proto.family() == Family::Tcp)
}

/// Both ends of one connection, and a sender stalled by a receiver that does not read.
fn connection_ends(rows: &[&Socket], out: &mut [Vec<Relation>]) {
    let mut by_ends: HashMap<Ends, usize> = HashMap::new();
    for (i, s) in rows.iter().enumerate() {
        if let Some(e) = tcp(s).and_then(ends) {
            by_ends.entry(e).or_insert(i);
        }
    }
    for (i, s) in rows.iter().enumerate() {
        let Some((la, lp, ra, rp)) = tcp(s).and_then(ends) else {
            continue;
        };
        let Some(&j) = by_ends.get(&(ra, rp, la, lp)) else {
            continue;
        };
        if i == j {
            continue;
        }
        out[i].push(relation(RelationNote::OtherEnd, j, 0, 0));
        let (send, recv) = (s.send_q, rows[j].recv_q);
        if send > 0 && recv >= STALLED_RECV_Q {
            out[i].push(relation(RelationNote::Stalled, j, send.into(), recv.into()));
        }
    }
}

fn relation(kind: RelationNote, with: usize, n: u64, m: u64) -> Relation {
    Relation { kind, with, n, m }
}

/// A connection and the listener it came through; a listener and the connections still
/// waiting in its accept queue (inode 0, established or already half-closed).
fn listeners(rows: &[&Socket], out: &mut [Vec<Relation>]) {
    let mut by_port: HashMap<u16, Vec<(usize, Endpoint)>> = HashMap::new();
    for (i, s) in rows.iter().enumerate() {
        let Some(inet) = tcp(s).filter(|i| i.state == Some(TcpState::Listen)) else {
            continue;
        };
        if let Some(local) = inet.local.filter(|l| l.port.is_some()) {
            by_port
                .entry(local.port.unwrap_or(0))
                .or_default()
                .push((i, local));
        }
    }
    let mut queued: HashMap<usize, (u64, usize)> = HashMap::new();
    for (i, s) in rows.iter().enumerate() {
        let Some(inet) =
            tcp(s).filter(|i| !matches!(i.state, Some(TcpState::Listen | TcpState::SynSent)))
        else {
            continue;
        };
        let Some(local) = inet
            .local
            .filter(|_| inet.remote.is_some_and(|r| r.port.is_some()))
        else {
            continue;
        };
        let serves = |(_, l): &&(usize, Endpoint)| l.addr.is_unspecified() || l.addr == local.addr;
        let Some(&(l, _)) = by_port
            .get(&local.port.unwrap_or(0))
            .and_then(|ls| ls.iter().find(serves))
        else {
            continue;
        };
        let port = u64::from(local.port.unwrap_or(0));
        out[i].push(relation(RelationNote::Listener, l, port, 0));
        let waiting = s.inode == Some(0)
            && matches!(
                inet.state,
                Some(TcpState::Established | TcpState::CloseWait)
            );
        if waiting {
            let entry = queued.entry(l).or_insert((0, i));
            entry.0 += 1;
        }
    }
    for (l, (n, first)) in queued {
        out[l].push(relation(RelationNote::AcceptQueue, first, n, 0));
    }
}

/// A UNIX socket and the socket at the other end, when both are rows; an accepted UNIX
/// connection and the listener whose path it shows.
fn unix_peers(rows: &[&Socket], peers: &HashMap<u64, u64>, out: &mut [Vec<Relation>]) {
    let mut by_inode: HashMap<u64, usize> = HashMap::new();
    let mut listening: HashMap<&str, usize> = HashMap::new();
    for (i, s) in rows.iter().enumerate() {
        if let Detail::Unix(u) = &s.detail {
            by_inode.extend(s.inode.filter(|&n| n != 0).map(|n| (n, i)));
            if u.state == UnixState::Listening && !u.path.is_empty() {
                listening.insert(&u.path, i);
            }
        }
    }
    for (i, s) in rows.iter().enumerate() {
        let Some(u) = s.as_unix() else { continue };
        let peer = s
            .inode
            .and_then(|n| peers.get(&n))
            .and_then(|p| by_inode.get(p));
        if let Some(&j) = peer.filter(|&&j| j != i) {
            out[i].push(relation(RelationNote::OtherEnd, j, 0, 0));
        }
        let accepted = matches!(u.state, UnixState::Connected | UnixState::Connecting);
        if let Some(&l) = listening.get(u.path.as_str()).filter(|_| accepted) {
            out[i].push(relation(RelationNote::Listener, l, 0, 0));
        }
    }
}

/// What a stream remembers of a row it has passed: enough to name it and to weigh its
/// queues against a later row's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seen {
    /// The row's position in the stream (its line number for pasted text).
    pub at: usize,
    pub inet: Option<Inet>,
    pub inode: Option<u64>,
    pub send_q: u32,
    pub recv_q: u32,
}

impl Seen {
    fn of(socket: &Socket, at: usize) -> Seen {
        Seen {
            at,
            inet: socket.as_inet().copied(),
            inode: socket.inode,
            send_q: socket.send_q,
            recv_q: socket.recv_q,
        }
    }
}

/// Rows read together as they stream by (pasted text, which may never end): each row is
/// related to the rows before it, and the note goes on the later row, naming the earlier
/// one. Remembers at most [`LOOKBACK`] rows of each kind, so memory stays bounded.
#[derive(Default)]
pub struct Lookback {
    ends: FxHashMap<Ends, Seen>,
    listeners: FxHashMap<u16, Vec<Seen>>,
    unix: FxHashMap<u64, Seen>,
    unix_listeners: FxHashMap<String, Seen>,
    /// The earlier rows relations point at, by position: read back when naming them.
    seen: FxHashMap<usize, Seen>,
}

/// Rows a stream remembers per kind.
pub const LOOKBACK: usize = 8192;

impl Lookback {
    /// A new table starts: rows of the last one no longer relate.
    pub fn clear(&mut self) {
        *self = Lookback::default();
    }

    /// The earlier row at position `at`, when a relation named it.
    pub fn seen(&self, at: usize) -> Option<&Seen> {
        self.seen.get(&at)
    }

    /// The relations of `socket` (at position `at`; `peer` is its UNIX peer's inode, as
    /// `ss -x` prints it) to the rows before it; then it is remembered for those after.
    pub fn relate(&mut self, socket: &Socket, at: usize, peer: Option<u64>) -> Vec<Relation> {
        let mut out = Vec::new();
        let me = Seen::of(socket, at);
        if let Some(inet) = tcp(socket) {
            self.relate_tcp(inet, me, &mut out);
        } else if let Some(u) = socket.as_unix() {
            self.relate_unix(u, me, peer, &mut out);
        }
        out.into_iter()
            .map(|(r, seen)| {
                remember(&mut self.seen, r.with, seen);
                r
            })
            .collect()
    }

    fn relate_tcp(&mut self, inet: &Inet, me: Seen, out: &mut Vec<(Relation, Seen)>) {
        if let Some((la, lp, ra, rp)) = ends(inet) {
            if let Some(&other) = self.ends.get(&(ra, rp, la, lp)) {
                out.push((relation(RelationNote::OtherEnd, other.at, 0, 0), other));
                let (sender, receiver) = if me.send_q > 0 {
                    (me, other)
                } else {
                    (other, me)
                };
                if sender.send_q > 0 && receiver.recv_q >= STALLED_RECV_Q {
                    let (n, m) = (sender.send_q.into(), receiver.recv_q.into());
                    out.push((relation(RelationNote::Stalled, other.at, n, m), other));
                }
            }
            remember(&mut self.ends, (la, lp, ra, rp), me);
            if let Some(l) = self.listener_of(inet) {
                out.push((relation(RelationNote::Listener, l.at, u64::from(lp), 0), l));
            }
        }
        let listening = inet.state == Some(TcpState::Listen);
        if let (true, Some(port)) = (listening, inet.local.and_then(|l| l.port)) {
            if self.listeners.len() < LOOKBACK {
                self.listeners.entry(port).or_default().push(me);
            }
        }
    }

    /// The listener a connection on `inet` came through, among the rows before it.
    fn listener_of(&self, inet: &Inet) -> Option<Seen> {
        let local = inet.local?;
        let passive = !matches!(inet.state, Some(TcpState::Listen | TcpState::SynSent));
        let candidates = self.listeners.get(&local.port?).filter(|_| passive)?;
        candidates.iter().copied().find(|l| {
            l.inet
                .and_then(|i| i.local)
                .is_some_and(|a| a.addr.is_unspecified() || a.addr == local.addr)
        })
    }

    fn relate_unix(
        &mut self,
        u: &UnixInfo,
        me: Seen,
        peer: Option<u64>,
        out: &mut Vec<(Relation, Seen)>,
    ) {
        if let Some(&other) = peer.and_then(|p| self.unix.get(&p)) {
            out.push((relation(RelationNote::OtherEnd, other.at, 0, 0), other));
        }
        let accepted = matches!(u.state, UnixState::Connected | UnixState::Connecting);
        if let Some(&l) = self.unix_listeners.get(&u.path).filter(|_| accepted) {
            out.push((relation(RelationNote::Listener, l.at, 0, 0), l));
        }
        if let Some(inode) = me.inode.filter(|&i| i != 0) {
            remember(&mut self.unix, inode, me);
        }
        let listening = u.state == UnixState::Listening && !u.path.is_empty();
        if listening && self.unix_listeners.len() < LOOKBACK {
            self.unix_listeners.insert(u.path.clone(), me);
        }
    }
}

fn remember<K: std::hash::Hash + Eq>(map: &mut FxHashMap<K, Seen>, key: K, seen: Seen) {
    if map.len() < LOOKBACK || map.contains_key(&key) {
        map.insert(key, seen);
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use super::*;
    use crate::model::InetProto;

    fn end(port: u16) -> Endpoint {
        Endpoint {
            addr: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: Some(port),
            mapped: false,
        }
    }

    fn tcp_row(local: u16, remote: Option<u16>, state: TcpState, inode: u64) -> Socket {
        Socket {
            inode: Some(inode),
            ..Socket::inet(Inet {
                proto: InetProto::Tcp,
                state: Some(state),
                local: Some(end(local)),
                remote: Some(remote.map_or(
                    Endpoint {
                        addr: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
                        port: None,
                        mapped: false,
                    },
                    end,
                )),
            })
        }
    }

    fn kinds(r: &[Relation]) -> Vec<(RelationNote, usize)> {
        r.iter().map(|r| (r.kind, r.with)).collect()
    }

    #[test]
    fn a_loopback_pair_a_listener_and_its_queue() {
        let listener = Socket {
            recv_q: 1,
            ..tcp_row(8080, None, TcpState::Listen, 10)
        };
        let client = tcp_row(50000, Some(8080), TcpState::Established, 11);
        let queued = tcp_row(8080, Some(50000), TcpState::Established, 0);
        let rows = [&listener, &client, &queued];
        let r = relations(&rows, &HashMap::new());
        assert_eq!(kinds(&r[0]), vec![(RelationNote::AcceptQueue, 2)]);
        assert_eq!(kinds(&r[1]), vec![(RelationNote::OtherEnd, 2)]);
        assert_eq!(
            kinds(&r[2]),
            vec![(RelationNote::OtherEnd, 1), (RelationNote::Listener, 0)]
        );
    }

    #[test]
    fn a_sender_facing_a_full_receiver_is_stalled() {
        let sender = Socket {
            send_q: 2_500_000,
            ..tcp_row(50000, Some(9000), TcpState::Established, 1)
        };
        let receiver = Socket {
            recv_q: 3_000_000,
            ..tcp_row(9000, Some(50000), TcpState::Established, 2)
        };
        let r = relations(&[&sender, &receiver], &HashMap::new());
        assert!(
            r[0].iter()
                .any(|r| r.kind == RelationNote::Stalled && r.m == 3_000_000)
        );
        assert!(!r[1].iter().any(|r| r.kind == RelationNote::Stalled));
    }
}
