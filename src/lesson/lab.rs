//! Labs: a condition on live state (a listener, a connection, a TIME_WAIT, a UNIX socket),
//! checked against one snapshot. The runners poll it (every [`POLL`]) and show the status
//! line it returns, so the learner sees what socklab sees meanwhile.

use std::time::Duration;

use anyhow::Result;

use super::directive::{Lab, LabExpect, LabProto};
use crate::model::{Family, Socket, TcpState};
use crate::render::sanitize::escape;
use crate::render::table::endpoint_text;
use crate::source::{Source, Want};

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
        LabExpect::Listening => {
            s.local_port() == lab.port
                && match s.proto.family() {
                    Family::Tcp => s.state == Some(TcpState::Listen),
                    _ => s.is_listening(),
                }
        }
        LabExpect::Connected => on_port(s, lab.port) && s.state == Some(TcpState::Established),
        LabExpect::TimeWait => on_port(s, lab.port) && s.state == Some(TcpState::TimeWait),
        LabExpect::UnixPath | LabExpect::UnixAbstract => {
            s.unix.as_ref().is_some_and(|u| u.path == wanted_path(lab))
        }
    }
}

fn owned_by(s: &Socket, owner: &str) -> bool {
    s.owners
        .iter()
        .any(|o| o.process.program_name() == owner || o.process.comm == owner)
}

fn describe(s: &Socket) -> String {
    let owners: Vec<String> = s
        .owners
        .iter()
        .map(|o| format!("{} pid {}", escape(o.process.program_name()), o.process.pid))
        .collect();
    let owner = if owners.is_empty() {
        String::from("no process holds it")
    } else {
        owners.join(", ")
    };
    match &s.unix {
        Some(u) => format!(
            "unix {} {} inode {} ({owner})",
            escape(&u.path),
            u.state.key(),
            s.inode.unwrap_or(0)
        ),
        None => format!(
            "{} {} -> {} {} ({owner})",
            s.proto.name(),
            endpoint_text(s.local.as_ref()),
            endpoint_text(s.remote.as_ref()),
            s.state_text()
        ),
    }
}

fn missing(lab: &Lab) -> String {
    let proto = match family(lab) {
        Family::Udp => "udp",
        _ => "tcp",
    };
    let port = lab.port.unwrap_or(0);
    match lab.expect {
        LabExpect::Listening => format!("no socket listening on {proto} port {port}"),
        LabExpect::Connected => format!("no ESTABLISHED connection on port {port}"),
        LabExpect::TimeWait => format!("no TIME_WAIT on port {port}"),
        LabExpect::UnixPath => format!("no UNIX socket at {}", escape(&wanted_path(lab))),
        LabExpect::UnixAbstract => format!("no abstract UNIX socket {}", escape(&wanted_path(lab))),
    }
}

/// Reads the tables once and says whether the lab's condition holds.
pub fn check(lab: &Lab, source: &Source) -> Result<Status> {
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
    if let Some(owner) = &lab.owner {
        if let Some(s) = shaped.iter().find(|s| owned_by(s, owner)) {
            return Ok(Status {
                met: true,
                line: format!("found: {}", describe(s)),
            });
        }
        if let Some(s) = shaped.first() {
            return Ok(Status {
                met: false,
                line: format!(
                    "not yet: found {}, but not owned by {}",
                    describe(s),
                    escape(owner)
                ),
            });
        }
    } else if let Some(s) = shaped.first() {
        return Ok(Status {
            met: true,
            line: format!("found: {}", describe(s)),
        });
    }
    let mut line = format!("not yet: {}", missing(lab));
    let others: Vec<String> = snapshot
        .sockets
        .iter()
        .filter(|s| s.unix.is_none())
        .take(3)
        .map(describe)
        .collect();
    if !others.is_empty() {
        line.push_str(&format!("; on that port now: {}", others.join("; ")));
    }
    Ok(Status { met: false, line })
}
