//! Why nothing owns a port or a UNIX socket name: one decision over the sockets found for
//! the target (and whether they could be read), returning reasons as values, in the order
//! a learner should check them. `who` says them with the catalogue; tests check the
//! decision without any text.
//!
//! The state decides what an inode 0 means (netstat-facts §1 Inode, §6): TIME_WAIT is
//! kept by the kernel; FIN_WAIT1/FIN_WAIT2/CLOSING/LAST_ACK are orphans the program has
//! closed; ESTABLISHED and CLOSE_WAIT wait in an accept queue; SYN_RECV is a request socket.

use crate::model::{Snapshot, Socket, TcpState, UnixState};

/// What was asked about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asked {
    Port(u16),
    /// A UNIX socket name; `file_is_socket` when a socket file exists at that path.
    Name {
        file_is_socket: bool,
    },
}

/// One reason nobody owns the target, with the numbers its sentence needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    TimeWait {
        n: usize,
    },
    Orphan {
        n: usize,
        states: String,
    },
    AcceptQueue {
        n: usize,
    },
    Request {
        n: usize,
    },
    /// Owners exist but could not be read; `as_root` says whether privilege would help.
    Hidden {
        processes: usize,
        inode: u64,
        as_root: bool,
    },
    OwnerGone,
    NothingHere,
    BoundNotListening,
    PathWithoutRow,
    NoSuchName,
}

/// Why the matching `sockets` (none of which has an owner) are unowned.
pub fn why_unowned(asked: Asked, snapshot: &Snapshot) -> Vec<Reason> {
    let sockets = &snapshot.sockets;
    let mut reasons = Vec::new();
    let count = |f: &dyn Fn(&Socket) -> bool| sockets.iter().filter(|s| f(s)).count();
    fn held(states: &[TcpState]) -> impl Fn(&Socket) -> bool + '_ {
        move |s| s.inode == Some(0) && s.tcp_state().is_some_and(|t| states.contains(&t))
    }
    let n = count(&held(&[TcpState::TimeWait]));
    if n > 0 {
        reasons.push(Reason::TimeWait { n });
    }
    let orphans: Vec<&Socket> = sockets.iter().filter(|s| held(&ORPHAN)(s)).collect();
    if !orphans.is_empty() {
        let states = state_names(&orphans);
        reasons.push(Reason::Orphan {
            n: orphans.len(),
            states,
        });
    }
    let queued = |s: &Socket| {
        held(&[TcpState::Established, TcpState::CloseWait])(s)
            || s.as_unix()
                .is_some_and(|u| u.state == UnixState::Connecting)
    };
    let n = count(&queued);
    if n > 0 {
        reasons.push(Reason::AcceptQueue { n });
    }
    let n = count(&|s| s.tcp_state() == Some(TcpState::SynRecv));
    if n > 0 {
        reasons.push(Reason::Request { n });
    }
    if let Some(s) = sockets.iter().find(|s| s.inode.is_some_and(|i| i != 0)) {
        let d = &snapshot.diagnostics;
        reasons.push(match d.unreadable_processes {
            0 => Reason::OwnerGone,
            processes => Reason::Hidden {
                processes,
                inode: s.inode.unwrap_or(0),
                as_root: d.as_root,
            },
        });
    }
    if sockets.is_empty() {
        reasons.extend(match asked {
            Asked::Port(_) => vec![Reason::NothingHere, Reason::BoundNotListening],
            Asked::Name {
                file_is_socket: true,
            } => vec![Reason::PathWithoutRow],
            Asked::Name {
                file_is_socket: false,
            } => vec![Reason::NoSuchName],
        });
    }
    reasons
}

/// States after the program's `close()` in which the kernel still works the connection.
const ORPHAN: [TcpState; 4] = [
    TcpState::FinWait1,
    TcpState::FinWait2,
    TcpState::Closing,
    TcpState::LastAck,
];

fn state_names(sockets: &[&Socket]) -> String {
    let mut names: Vec<String> = Vec::new();
    for s in sockets {
        let name = s.state_text();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.join("/")
}

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr};

    use super::*;
    use crate::model::{Diagnostics, Endpoint, Inet, InetProto};

    fn tcp(state: TcpState, inode: u64) -> Socket {
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
                local: Some(end(8080)),
                remote: Some(end(40000)),
            })
        }
    }

    fn snapshot(sockets: Vec<Socket>, unreadable: usize, as_root: bool) -> Snapshot {
        Snapshot {
            sockets,
            diagnostics: Diagnostics {
                unreadable_processes: unreadable,
                owners_scanned: true,
                as_root,
                ..Diagnostics::default()
            },
        }
    }

    #[test]
    fn the_state_decides_what_inode_zero_means() {
        let s = snapshot(
            vec![
                tcp(TcpState::TimeWait, 0),
                tcp(TcpState::FinWait1, 0),
                tcp(TcpState::LastAck, 0),
                tcp(TcpState::Established, 0),
                tcp(TcpState::CloseWait, 0),
                tcp(TcpState::SynRecv, 0),
            ],
            0,
            false,
        );
        assert_eq!(
            why_unowned(Asked::Port(8080), &s),
            vec![
                Reason::TimeWait { n: 1 },
                Reason::Orphan {
                    n: 2,
                    states: "FIN_WAIT1/LAST_ACK".into()
                },
                Reason::AcceptQueue { n: 2 },
                Reason::Request { n: 1 },
            ]
        );
    }

    #[test]
    fn hidden_owners_say_whether_root_would_help() {
        let one = || vec![tcp(TcpState::Listen, 4242)];
        assert_eq!(
            why_unowned(Asked::Port(8080), &snapshot(one(), 3, false)),
            vec![Reason::Hidden {
                processes: 3,
                inode: 4242,
                as_root: false
            }]
        );
        let root = why_unowned(Asked::Port(8080), &snapshot(one(), 3, true));
        assert!(matches!(root[..], [Reason::Hidden { as_root: true, .. }]));
        let gone = why_unowned(Asked::Port(8080), &snapshot(one(), 0, true));
        assert_eq!(gone, vec![Reason::OwnerGone]);
    }

    #[test]
    fn nothing_found_is_never_called_stale() {
        let empty = snapshot(Vec::new(), 0, false);
        assert_eq!(
            why_unowned(Asked::Port(9), &empty),
            vec![Reason::NothingHere, Reason::BoundNotListening]
        );
        let file = Asked::Name {
            file_is_socket: true,
        };
        assert_eq!(why_unowned(file, &empty), vec![Reason::PathWithoutRow]);
    }
}
