//! What changed between two reads of the tables, as events: a socket appeared, went, or
//! changed state. A pure decision over two snapshots (`watch` times the reads and renders
//! the events); only the previous read is kept, keyed by each socket's identity, so memory
//! follows the number of live sockets, not the run time.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::SystemTime;

use super::messages::Narration;
use crate::model::{Detail, Endpoint, InetProto, Socket, TcpState};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Appeared,
    Disappeared,
    /// `from`: the state name before (`None` where netstat prints none).
    StateChanged {
        from: Option<String>,
    },
}

#[derive(Clone, Debug)]
pub struct Event {
    pub time: SystemTime,
    pub change: Change,
    /// The socket now (for a disappeared one: as last seen).
    pub socket: Socket,
    /// For a state change: the socket as it was (its owners, if it has none now).
    pub was: Option<Socket>,
}

impl Event {
    /// What `watch` says about this event.
    pub fn narration(&self) -> Narration {
        match (&self.change, &self.socket.detail) {
            (Change::Appeared, _) => Narration::Appeared,
            (Change::Disappeared, _) => Narration::Disappeared,
            (Change::StateChanged { .. }, Detail::Unix(_)) => Narration::UnixChanged,
            (Change::StateChanged { .. }, Detail::Inet(i)) => {
                Narration::Entered(i.state.unwrap_or(TcpState::Close))
            }
        }
    }
}

/// What makes a socket the same socket from one read to the next. A connection is its
/// four-tuple (its inode drops to 0 when the program closes it); a listener or an
/// unconnected socket, which may share its address (SO_REUSEPORT), adds its inode.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Inet(InetProto, Option<End>, Option<End>, u64),
    Unix(u64),
    /// UNIX sockets without an inode (queued on a listener): their path and rank.
    UnixQueued(String, usize),
}

type End = (IpAddr, Option<u16>);

fn keyed(sockets: Vec<Socket>) -> Vec<(Key, Socket)> {
    let mut queued: HashMap<String, usize> = HashMap::new();
    let end = |e: Option<Endpoint>| e.map(|e| (e.addr, e.port));
    sockets
        .into_iter()
        .map(|s| {
            let key = match (&s.detail, s.inode) {
                (Detail::Unix(_), Some(inode)) if inode != 0 => Key::Unix(inode),
                (Detail::Unix(u), _) => {
                    let rank = queued.entry(u.path.clone()).or_default();
                    *rank += 1;
                    Key::UnixQueued(u.path.clone(), *rank)
                }
                (Detail::Inet(i), inode) => {
                    let connected = i.remote.and_then(|r| r.port).is_some();
                    let extra = if connected { 0 } else { inode.unwrap_or(0) };
                    Key::Inet(i.proto, end(i.local), end(i.remote), extra)
                }
            };
            (key, s)
        })
        .collect()
}

/// The previous read, to compare the next one with.
pub struct Tracker {
    previous: HashMap<Key, Socket>,
}

impl Tracker {
    pub fn new(first: Vec<Socket>) -> Tracker {
        Tracker {
            previous: keyed(first).into_iter().collect(),
        }
    }

    /// Sockets in the last read.
    pub fn len(&self) -> usize {
        self.previous.len()
    }

    pub fn is_empty(&self) -> bool {
        self.previous.is_empty()
    }

    /// The events from the last read to `current`, read at `time`; `current` becomes the
    /// last read. Appearances and state changes come in table order, then disappearances.
    pub fn update(&mut self, current: Vec<Socket>, time: SystemTime) -> Vec<Event> {
        let mut events = Vec::new();
        let mut next = HashMap::with_capacity(current.len());
        let event = |change, socket, was| Event {
            time,
            change,
            socket,
            was,
        };
        for (key, socket) in keyed(current) {
            match self.previous.remove(&key) {
                None => events.push(event(Change::Appeared, socket.clone(), None)),
                Some(old) if old.state_text() != socket.state_text() => {
                    let from = old.state_name();
                    let change = Change::StateChanged { from };
                    events.push(event(change, socket.clone(), Some(old)));
                }
                Some(_) => {}
            }
            next.insert(key, socket);
        }
        for (_, old) in self.previous.drain() {
            events.push(event(Change::Disappeared, old, None));
        }
        self.previous = next;
        events
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use super::*;
    use crate::model::Inet;

    fn tcp(port: u16, state: TcpState, inode: u64) -> Socket {
        let end = |port| Endpoint {
            addr: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: Some(port),
            mapped: false,
        };
        Socket {
            inode: Some(inode),
            ..Socket::inet(Inet {
                proto: InetProto::Tcp,
                state: Some(state),
                local: Some(end(port)),
                remote: Some(end(50000)),
            })
        }
    }

    #[test]
    fn appear_change_and_disappear() {
        let t = SystemTime::UNIX_EPOCH;
        let mut tracker = Tracker::new(vec![tcp(80, TcpState::Established, 11)]);
        // The same connection, closed by the program: its inode is now 0, it is the same.
        let events = tracker.update(vec![tcp(80, TcpState::TimeWait, 0)], t);
        assert_eq!(events.len(), 1);
        assert_eq!(
            events[0].change,
            Change::StateChanged {
                from: Some("ESTABLISHED".into())
            }
        );
        assert_eq!(
            events[0].narration(),
            Narration::Entered(TcpState::TimeWait)
        );
        assert_eq!(events[0].was.as_ref().and_then(|w| w.inode), Some(11));
        let events = tracker.update(vec![tcp(81, TcpState::Established, 12)], t);
        let changes: Vec<_> = events.iter().map(|e| e.change.clone()).collect();
        assert_eq!(changes, vec![Change::Appeared, Change::Disappeared]);
        assert_eq!(tracker.len(), 1);
        assert!(
            tracker
                .update(vec![tcp(81, TcpState::Established, 12)], t)
                .is_empty()
        );
    }
}
