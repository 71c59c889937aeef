//! What a table says as a whole, in a few findings: counts by protocol and by state (TCP
//! and UNIX apart); servers by exposure; where the connections go; rows that repeat one
//! situation; what the title or the command hid; piles that mean something; and the next
//! command worth running. A tally fed row by row (bounded: it remembers counts, not rows),
//! so a streamed paste and a live table are summed up the same way. Only what is present
//! is said, and nothing normal is an alarm.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap as HashMap;
use std::net::IpAddr;

use crate::model::{Family, Socket, TcpState};

/// Distinct keys remembered per kind (groups, remotes, servers): bounded memory.
const KEEP: usize = 256;

/// What the rows' source hides, known from a title, a command line or the live options.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hidden {
    /// netstat's default `(w/o servers)`: listeners are not shown.
    pub listeners: bool,
    /// A `| grep PATTERN` filtered the rows.
    pub grep: Option<String>,
    /// Only Internet tables were asked for (`-t`, `-u` without `-x`).
    pub unix: bool,
}

/// One thing the table says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// Sockets by protocol, and states by section.
    Counts {
        protos: Vec<(String, usize)>,
        tcp: Vec<(String, usize)>,
        unix: Vec<(String, usize)>,
    },
    /// Sockets per owning program, busiest first (one browser, many ports).
    Programs {
        list: Vec<(String, usize)>,
    },
    /// Listeners on every interface and on this machine only: `proto/port (program)`.
    Servers {
        open: Vec<String>,
        local: Vec<String>,
    },
    /// Where connections go, busiest first: `addr:port ×n`.
    Clients {
        remotes: Vec<String>,
    },
    /// Rows that repeat one situation: a state, one peer, several ports and programs.
    Group(Group),
    ListenersHidden,
    Filtered {
        pattern: String,
    },
    UnixHidden,
    TimeWaitChurn {
        n: usize,
        remote: String,
    },
    CloseWaitUnread {
        n: usize,
    },
    CloseWaitRead {
        n: usize,
    },
    SynBurst {
        n: usize,
    },
    Orphans {
        n: usize,
        bytes: u64,
    },
    SshSession,
    OwnersHidden {
        n: usize,
    },
    NextFds {
        pid: u32,
    },
    NextWatch {
        state: String,
    },
    NextAcceptQueue,
}

/// Rows of one state to one peer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Group {
    pub n: usize,
    pub state: String,
    pub peer: String,
    pub ports: Vec<u16>,
    /// More ports than `ports` lists.
    pub more_ports: bool,
    pub programs: Vec<String>,
    /// Every row had this same Recv-Q (and more than one row).
    pub same_recv_q: Option<u32>,
}

#[derive(Default)]
struct Pile {
    n: usize,
    ports: BTreeSet<u16>,
    more_ports: bool,
    programs: BTreeSet<String>,
    pids: BTreeSet<u32>,
    recv_q: Option<u32>,
    same: bool,
}

/// Counts fed one row at a time.
#[derive(Default)]
pub struct Tally {
    protos: BTreeMap<&'static str, usize>,
    programs: BTreeMap<String, usize>,
    tcp_states: BTreeMap<String, usize>,
    unix_states: BTreeMap<String, usize>,
    open: BTreeSet<(u16, String)>,
    local: BTreeSet<(u16, String)>,
    /// Established connections by (remote address, remote port, local port): the local
    /// port tells server-side rows (a listener's port) from client ones.
    remotes: HashMap<(IpAddr, u16, u16), usize>,
    listening_ports: BTreeSet<u16>,
    piles: HashMap<(TcpState, IpAddr), Pile>,
    time_wait_remotes: HashMap<IpAddr, usize>,
    close_wait_unread: usize,
    close_wait_read: usize,
    syn_recv: usize,
    orphans: (usize, u64),
    ssh_send_q: usize,
    hidden_owners: usize,
    listen_queued: bool,
}

impl Tally {
    /// One row; `dash` when a pasted owner column printed `-` (or a live owner is unknown).
    pub fn add(&mut self, socket: &Socket, dash: bool) {
        *self.protos.entry(socket.proto().name()).or_default() += 1;
        if let Some(o) = socket.owners.first() {
            bump(&mut self.programs, o.process.program_name());
        }
        if let Some(u) = socket.as_unix() {
            bump(&mut self.unix_states, u.state.key());
            return;
        }
        let Some(inet) = socket.as_inet() else { return };
        let state = inet.state;
        if inet.proto.family() == Family::Tcp {
            bump(&mut self.tcp_states, state.map_or("?", TcpState::name));
        }
        self.hidden_owners += usize::from(dash && socket.inode != Some(0) && !kernel_held(state));
        self.servers(socket);
        if inet.proto.family() == Family::Tcp {
            self.tcp_row(socket, state);
        }
    }

    fn servers(&mut self, socket: &Socket) {
        let Some(local) = socket.local() else { return };
        let listening = socket.tcp_state() == Some(TcpState::Listen)
            || (socket.family() == Family::Udp && socket.remote_port().is_none());
        let (Some(port), true) = (local.port, listening) else {
            return;
        };
        let name = match socket.owners.first() {
            Some(o) => format!(
                "{}/{port} ({})",
                socket.proto().name(),
                o.process.program_name()
            ),
            None => format!("{}/{port}", socket.proto().name()),
        };
        if self.listening_ports.len() < KEEP {
            self.listening_ports.insert(port);
        }
        let set = if local.addr.is_unspecified() {
            &mut self.open
        } else {
            &mut self.local
        };
        if set.len() < KEEP {
            set.insert((port, name));
        }
    }

    fn tcp_row(&mut self, socket: &Socket, state: Option<TcpState>) {
        let Some(state) = state else { return };
        match state {
            TcpState::CloseWait if socket.recv_q > 0 => self.close_wait_unread += 1,
            TcpState::CloseWait => self.close_wait_read += 1,
            TcpState::SynRecv => self.syn_recv += 1,
            TcpState::FinWait1 if socket.inode == Some(0) && socket.send_q > 0 => {
                self.orphans.0 += 1;
                self.orphans.1 += u64::from(socket.send_q);
            }
            TcpState::Listen if socket.recv_q > 0 => self.listen_queued = true,
            _ => {}
        }
        let ssh = state == TcpState::Established && socket.local_port() == Some(22);
        self.ssh_send_q += usize::from(ssh && socket.send_q > 0);
        let Some(remote) = socket.remote().filter(|r| r.port.is_some()) else {
            return;
        };
        if state == TcpState::TimeWait {
            keep_count(&mut self.time_wait_remotes, remote.addr);
        }
        if state == TcpState::Established {
            let local = socket.local_port().unwrap_or(0);
            keep_count(
                &mut self.remotes,
                (remote.addr, remote.port.unwrap_or(0), local),
            );
        }
        // Established connections to one peer are ordinary; piles of the others say more.
        if state != TcpState::Established {
            self.pile(socket, state, remote.addr);
        }
    }

    fn pile(&mut self, socket: &Socket, state: TcpState, peer: IpAddr) {
        let key = (state, peer);
        if self.piles.len() >= KEEP && !self.piles.contains_key(&key) {
            return;
        }
        let pile = self.piles.entry(key).or_default();
        pile.same = pile.n == 0 || (pile.same && pile.recv_q == Some(socket.recv_q));
        pile.recv_q = Some(socket.recv_q);
        pile.n += 1;
        if let Some(port) = socket.local_port() {
            if pile.ports.len() < 8 {
                pile.ports.insert(port);
            } else {
                pile.more_ports |= !pile.ports.contains(&port);
            }
        }
        if let Some(o) = socket.owners.first().filter(|_| pile.programs.len() < 4) {
            pile.programs.insert(o.process.program_name().to_string());
            pile.pids.insert(o.process.pid);
        }
    }

    /// Whether no row was added.
    pub fn is_empty(&self) -> bool {
        self.protos.is_empty()
    }

    /// What the table says, in reading order.
    pub fn findings(&self, hidden: &Hidden) -> Vec<Finding> {
        let mut out = vec![self.counts()];
        if !self.programs.is_empty() {
            let list = sorted(self.programs.iter().map(|(k, n)| (k.clone(), *n)));
            out.push(Finding::Programs {
                list: list.into_iter().take(6).collect(),
            });
        }
        out.extend(self.exposure());
        out.extend(self.groups());
        out.extend(self.piles_that_mean_something());
        if hidden.listeners {
            out.push(Finding::ListenersHidden);
        }
        if let Some(pattern) = &hidden.grep {
            out.push(Finding::Filtered {
                pattern: pattern.clone(),
            });
        }
        if hidden.unix {
            out.push(Finding::UnixHidden);
        }
        out.extend(self.next_steps());
        out
    }

    fn counts(&self) -> Finding {
        let list = |m: &BTreeMap<String, usize>| sorted(m.iter().map(|(k, n)| (k.clone(), *n)));
        Finding::Counts {
            protos: sorted(self.protos.iter().map(|(k, n)| (k.to_string(), *n))),
            tcp: list(&self.tcp_states),
            unix: list(&self.unix_states),
        }
    }

    fn exposure(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        if !self.open.is_empty() || !self.local.is_empty() {
            // Ports in order; a long list ends with how many more there are.
            let names = |s: &BTreeSet<(u16, String)>| {
                let mut shown: Vec<String> = s.iter().take(8).map(|(_, n)| n.clone()).collect();
                if s.len() > 8 {
                    shown.push(format!("+{}", s.len() - 8));
                }
                shown
            };
            out.push(Finding::Servers {
                open: names(&self.open),
                local: names(&self.local),
            });
        }
        // Where this machine connects to: rows whose local port is no listener's.
        let mut to: HashMap<(IpAddr, u16), usize> = HashMap::default();
        for (&(addr, port, local), &n) in &self.remotes {
            if !self.listening_ports.contains(&local) {
                *to.entry((addr, port)).or_default() += n;
            }
        }
        let mut remotes: Vec<_> = to.iter().collect();
        remotes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        if !remotes.is_empty() {
            let shown = remotes
                .iter()
                .take(5)
                .map(|((a, p), n)| format!("{}:{p} ×{n}", host(a)));
            out.push(Finding::Clients {
                remotes: shown.collect(),
            });
        }
        out
    }

    /// Piles of at least three rows of one state to one peer.
    fn groups(&self) -> Vec<Finding> {
        // TIME_WAIT piles are said as churn, below: no need to say them twice.
        let mut piles: Vec<_> = self
            .piles
            .iter()
            .filter(|((state, _), p)| p.n >= 3 && *state != TcpState::TimeWait)
            .collect();
        piles.sort_by(|a, b| b.1.n.cmp(&a.1.n).then(a.0.1.cmp(&b.0.1)));
        piles
            .into_iter()
            .take(3)
            .map(|((state, peer), p)| {
                Finding::Group(Group {
                    n: p.n,
                    state: state.name().to_string(),
                    peer: host(peer),
                    ports: p.ports.iter().copied().collect(),
                    more_ports: p.more_ports,
                    programs: p.programs.iter().cloned().collect(),
                    same_recv_q: p.recv_q.filter(|_| p.same),
                })
            })
            .collect()
    }

    fn piles_that_mean_something(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        let churn = self.time_wait_remotes.iter().max_by_key(|(a, n)| (**n, *a));
        if let Some((addr, &n)) = churn.filter(|(_, n)| **n >= 10) {
            out.push(Finding::TimeWaitChurn {
                n,
                remote: host(addr),
            });
        }
        if self.close_wait_unread > 0 {
            out.push(Finding::CloseWaitUnread {
                n: self.close_wait_unread,
            });
        }
        if self.close_wait_read > 0 {
            out.push(Finding::CloseWaitRead {
                n: self.close_wait_read,
            });
        }
        if self.syn_recv >= 5 {
            out.push(Finding::SynBurst { n: self.syn_recv });
        }
        if self.orphans.0 > 0 {
            out.push(Finding::Orphans {
                n: self.orphans.0,
                bytes: self.orphans.1,
            });
        }
        if self.ssh_send_q == 1 {
            out.push(Finding::SshSession);
        }
        out
    }

    fn next_steps(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        if self.hidden_owners > 0 {
            out.push(Finding::OwnersHidden {
                n: self.hidden_owners,
            });
        }
        let close_wait = self
            .piles
            .iter()
            .filter(|((s, _), _)| *s == TcpState::CloseWait);
        let pids: BTreeSet<u32> = close_wait
            .flat_map(|(_, p)| p.pids.iter().copied())
            .collect();
        // A pile of CLOSE_WAIT (three or more) is worth following up; one is not.
        let piled = self.close_wait_unread + self.close_wait_read >= 3;
        if let Some(&pid) = pids.iter().next().filter(|_| piled) {
            out.push(Finding::NextFds { pid });
        }
        if piled {
            out.push(Finding::NextWatch {
                state: "CLOSE_WAIT".into(),
            });
        }
        if self.listen_queued || self.syn_recv > 0 {
            out.push(Finding::NextAcceptQueue);
        }
        out
    }
}

/// TIME_WAIT and SYN_RECV rows never have an owner: a `-` there hides nothing.
fn kernel_held(state: Option<TcpState>) -> bool {
    matches!(state, Some(TcpState::TimeWait | TcpState::SynRecv))
}

fn bump(map: &mut BTreeMap<String, usize>, key: &str) {
    if let Some(n) = map.get_mut(key) {
        *n += 1;
    } else if map.len() < KEEP {
        map.insert(key.to_string(), 1);
    }
}

fn keep_count<K: std::hash::Hash + Eq>(map: &mut HashMap<K, usize>, key: K) {
    if map.len() < KEEP || map.contains_key(&key) {
        *map.entry(key).or_default() += 1;
    }
}

/// Busiest first, then by name.
fn sorted(items: impl Iterator<Item = (String, usize)>) -> Vec<(String, usize)> {
    let mut v: Vec<_> = items.collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// An address as netstat prints one (IPv6 in brackets would be ss's habit, not netstat's).
fn host(addr: &IpAddr) -> String {
    addr.to_string()
}

#[cfg(test)]
mod tests;
