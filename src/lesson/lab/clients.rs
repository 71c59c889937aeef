//! The `clients` lab: one process holding at least `count` connections to a server port,
//! each from its own local port — a browser's or a download manager's view of the table.
//! A client end is the row whose remote port is the server's; it counts while ESTABLISHED
//! and also in CLOSE_WAIT (the server closed first and the client has not yet).

use std::collections::BTreeMap;

use super::{Status, named};
use crate::knowledge::messages::{Message, Messages};
use crate::lesson::Lab;
use crate::model::{Socket, TcpState};
use crate::render::sanitize::escape;

/// Whether `s` is the client end of a connection to `port`.
pub fn client_end(s: &Socket, port: u16) -> bool {
    let state = s.tcp_state();
    s.remote_port() == Some(port)
        && s.local_port() != Some(port)
        && matches!(state, Some(TcpState::Established | TcpState::CloseWait))
}

/// One process and the local ports of its connections to the server.
struct Client {
    name: String,
    pid: u32,
    ports: Vec<u16>,
}

/// The processes holding client ends among `ends`, those named `owner` when the lab
/// names one, most connections first.
fn clients(ends: &[&Socket], owner: Option<&str>) -> Vec<Client> {
    let mut by_pid: BTreeMap<u32, Client> = BTreeMap::new();
    for s in ends {
        let mut seen = Vec::new();
        for o in &s.owners {
            let p = &o.process;
            if seen.contains(&p.pid) || owner.is_some_and(|w| !named(p, w)) {
                continue;
            }
            seen.push(p.pid);
            let client = by_pid.entry(p.pid).or_insert_with(|| Client {
                name: p.program_name().to_string(),
                pid: p.pid,
                ports: Vec::new(),
            });
            client.ports.extend(s.local_port());
        }
    }
    let mut list: Vec<Client> = by_pid.into_values().collect();
    list.sort_by_key(|c| std::cmp::Reverse(c.ports.len()));
    list
}

/// The lab's status from the client ends found on its port.
pub fn status(lab: &Lab, ends: &[&Socket], m: &Messages) -> Status {
    let port = lab.port.unwrap_or(0);
    let want = lab.count.unwrap_or(2) as usize;
    let best = clients(ends, lab.owner.as_deref()).into_iter().next();
    let describe = |c: &Client| {
        let mut ports = c.ports.clone();
        ports.sort_unstable();
        let ports: Vec<String> = ports.iter().map(u16::to_string).collect();
        let fill = args!(
            n = c.ports.len(),
            program = escape(&c.name),
            pid = c.pid,
            port = port,
            ports = ports.join(", ")
        );
        m.say(Message::LabClients, fill)
    };
    match best {
        Some(c) if c.ports.len() >= want => Status {
            met: true,
            line: m.say(Message::LabFound, args!(what = describe(&c))),
        },
        best => {
            let count = want;
            let missing = m.say(Message::LabNoClients, args!(count = count, port = port));
            let mut line = m.say(Message::LabNotYet, args!(what = missing));
            if let Some(c) = best {
                line.push_str(&m.say(Message::LabClientsSoFar, args!(what = describe(&c))));
            }
            Status { met: false, line }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr};
    use std::sync::Arc;

    use super::*;
    use crate::model::{Endpoint, Inet, InetProto, Owner, Process};

    /// A TCP row from `local` to `remote` on 127.0.0.1, held by `pid` named `name`.
    fn row(local: u16, remote: u16, state: TcpState, pid: u32, name: &str) -> Socket {
        let end = |port| Endpoint {
            addr: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: Some(port),
            mapped: false,
        };
        let mut s = Socket::inet(Inet {
            proto: InetProto::Tcp,
            state: Some(state),
            local: Some(end(local)),
            remote: Some(end(remote)),
        });
        let process = Process {
            pid,
            comm: name.into(),
            argv0: name.into(),
            cmdline: name.into(),
            uid: None,
            user: None,
        };
        s.owners.push(Owner {
            fd: Some(3),
            process: Arc::new(process),
        });
        s
    }

    fn lab(count: u32, owner: Option<&str>) -> Lab {
        let owner = owner.map_or(String::new(), |o| format!("owner = \"{o}\"\n"));
        let text = format!(
            "expect = \"clients\"\nport = 8000\ncount = {count}\n{owner}hint = \"h\"\nsuccess = \"s\"\n"
        );
        toml::from_str(&text).unwrap()
    }

    #[test]
    fn one_process_must_hold_the_count_by_itself() {
        // As `netstat -tanp` showed a python3 client holding connections to
        // `python3 -m http.server 8000` on this machine (fixtures/outputs/lessons/README.md).
        let rows = [
            row(8000, 40100, TcpState::Established, 10, "python3"),
            row(40100, 8000, TcpState::Established, 20, "python3"),
            row(40102, 8000, TcpState::CloseWait, 20, "python3"),
            row(40104, 8000, TcpState::Established, 30, "curl"),
            row(40106, 8000, TcpState::TimeWait, 20, "python3"),
        ];
        let ends: Vec<&Socket> = rows.iter().filter(|s| client_end(s, 8000)).collect();
        assert_eq!(ends.len(), 3, "server ends and TIME_WAIT do not count");
        let m = Messages::default();
        let met = status(&lab(2, None), &ends, &m);
        assert!(met.met, "{}", met.line);
        assert!(
            met.line.contains("pid 20") && met.line.contains("40100, 40102"),
            "{}",
            met.line
        );
        let short = status(&lab(3, None), &ends, &m);
        assert!(
            !short.met && short.line.contains("pid 20"),
            "{}",
            short.line
        );
        let named = status(&lab(2, Some("curl")), &ends, &m);
        assert!(
            !named.met && named.line.contains("curl pid 30"),
            "{}",
            named.line
        );
    }
}
