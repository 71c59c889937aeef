//! Labs: a condition on live state (a listener, a connection, a TIME_WAIT, a UNIX socket,
//! one client process holding many connections), checked against one snapshot. The
//! runners poll it (every [`POLL`]) and show the status line it returns, so the learner
//! sees what socklab sees meanwhile.

use std::time::Duration;

use anyhow::Result;

use super::directive::{Lab, LabExpect, LabProto};
use crate::knowledge::messages::{Message, Messages};
use crate::model::{Family, Process, Socket, TcpState};
use crate::render::sanitize::escape;
use crate::render::table::endpoint_text;
use crate::source::{Source, Want};

mod clients;

/// How often a waiting lab reads the tables again.
pub const POLL: Duration = Duration::from_millis(500);

/// One check's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub met: bool,
    /// What was found, or "not yet: …".
    pub line: String,
}

fn family(lab: &Lab) -> Family {
    match (lab.expect, lab.proto) {
        (LabExpect::UnixPath | LabExpect::UnixAbstract, _) => Family::Unix,
        (_, Some(LabProto::Udp)) => Family::Udp,
        (_, Some(LabProto::Tcp) | None) => Family::Tcp,
    }
}

fn wanted_path(lab: &Lab) -> String {
    let path = lab.path.clone().unwrap_or_default();
    match lab.expect {
        LabExpect::UnixAbstract if !path.starts_with('@') => format!("@{path}"),
        _ => path,
    }
}

fn on_port(s: &Socket, port: Option<u16>) -> bool {
    port.is_some_and(|p| s.local_port() == Some(p) || s.remote_port() == Some(p))
}

fn shape_matches(lab: &Lab, s: &Socket) -> bool {
    match lab.expect {
        LabExpect::Clients => lab.port.is_some_and(|p| clients::client_end(s, p)),
        LabExpect::Listening => {
            s.local_port() == lab.port
                && match s.family() {
                    Family::Tcp => s.tcp_state() == Some(TcpState::Listen),
                    _ => s.is_listening(),
                }
        }
        LabExpect::Connected => {
            on_port(s, lab.port) && s.tcp_state() == Some(TcpState::Established)
        }
        LabExpect::TimeWait => on_port(s, lab.port) && s.tcp_state() == Some(TcpState::TimeWait),
        LabExpect::UnixPath | LabExpect::UnixAbstract => {
            s.as_unix().is_some_and(|u| u.path == wanted_path(lab))
        }
    }
}

fn owned_by(s: &Socket, owner: &str) -> bool {
    s.owners.iter().any(|o| named(&o.process, owner))
}

/// Whether `process` goes by `name`: netstat's program name or the kernel's comm.
fn named(process: &Process, name: &str) -> bool {
    process.program_name() == name || process.comm == name
}

fn describe(s: &Socket, m: &Messages) -> String {
    let owners: Vec<String> = s
        .owners
        .iter()
        .map(|o| {
            let (name, pid) = (escape(o.process.program_name()), o.process.pid);
            m.say(Message::LabOwner, args!(name = name, pid = pid))
        })
        .collect();
    let owner = if owners.is_empty() {
        m.say(Message::LabNoProcess, &[])
    } else {
        owners.join(", ")
    };
    match &s.as_unix() {
        Some(u) => m.say(
            Message::LabUnixSocket,
            args!(
                path = escape(&u.path),
                state = u.state.key(),
                inode = s.inode.unwrap_or(0),
                owner = owner
            ),
        ),
        None => m.say(
            Message::LabInetSocket,
            args!(
                proto = s.proto().name(),
                local = endpoint_text(s.local().as_ref()),
                remote = endpoint_text(s.remote().as_ref()),
                state = s.state_text(),
                owner = owner
            ),
        ),
    }
}

fn missing(lab: &Lab, m: &Messages) -> String {
    let proto = match family(lab) {
        Family::Udp => "udp",
        _ => "tcp",
    };
    let port = lab.port.unwrap_or(0);
    match lab.expect {
        LabExpect::Listening => m.say(
            Message::LabNoListener,
            &[("proto", &proto), ("port", &port)],
        ),
        LabExpect::Connected => m.say(Message::LabNoConnection, &[("port", &port)]),
        LabExpect::TimeWait => m.say(Message::LabNoTimeWait, &[("port", &port)]),
        LabExpect::UnixPath => m.say(
            Message::LabNoUnixPath,
            &[("path", &escape(&wanted_path(lab)))],
        ),
        LabExpect::UnixAbstract => m.say(
            Message::LabNoAbstract,
            &[("name", &escape(&wanted_path(lab)))],
        ),
        LabExpect::Clients => {
            let count = lab.count.unwrap_or(0);
            m.say(Message::LabNoClients, args!(count = count, port = port))
        }
    }
}

/// Reads the tables once and says whether the lab's condition holds.
pub fn check(lab: &Lab, source: &Source, m: &Messages) -> Result<Status> {
    let fam = family(lab);
    let snapshot = source.snapshot(&Want {
        families: vec![fam],
        // Owners always: "no process holds it" is the lesson of a TIME_WAIT.
        owners: true,
        keep: &|s| match fam {
            Family::Unix => shape_matches(lab, s),
            _ => on_port(s, lab.port),
        },
    })?;
    let shaped: Vec<&Socket> = snapshot
        .sockets
        .iter()
        .filter(|s| shape_matches(lab, s))
        .collect();
    if lab.expect == LabExpect::Clients {
        return Ok(clients::status(lab, &shaped, m));
    }
    let found = |s: &Socket| m.say(Message::LabFound, &[("what", &describe(s, m))]);
    if let Some(owner) = &lab.owner {
        if let Some(s) = shaped.iter().find(|s| owned_by(s, owner)) {
            return Ok(Status {
                met: true,
                line: found(s),
            });
        }
        if let Some(s) = shaped.first() {
            return Ok(Status {
                met: false,
                line: m.say(
                    Message::LabNotOwned,
                    &[("what", &describe(s, m)), ("owner", &escape(owner))],
                ),
            });
        }
    } else if let Some(s) = shaped.first() {
        return Ok(Status {
            met: true,
            line: found(s),
        });
    }
    let mut line = m.say(Message::LabNotYet, &[("what", &missing(lab, m))]);
    let others: Vec<String> = snapshot
        .sockets
        .iter()
        .filter(|s| s.as_unix().is_none())
        .take(3)
        .map(|s| describe(s, m))
        .collect();
    if !others.is_empty() {
        line.push_str(&m.say(Message::LabOnPort, &[("sockets", &others.join("; "))]));
    }
    Ok(Status { met: false, line })
}
