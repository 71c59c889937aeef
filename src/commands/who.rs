//! `socklab who TARGET`: who owns a port, a process's descriptors, a UNIX socket path or
//! an abstract name — and when nothing does, why, checked in order with the evidence:
//! kernel-held, accept queue, not root, nothing in this network namespace (and the
//! bound-but-not-listening socket no table shows). This is the seed's empty `lsof -i`.

use std::collections::HashSet;
use std::io::Write;

use anyhow::{Result, anyhow};

use super::Outcome;
use crate::knowledge::messages::Messages;
use crate::knowledge::{Diagnosis, FdKind, Glossary, Phrase, Topic};
use crate::model::{Family, Snapshot, Socket, TcpState, UnixState};
use crate::render::Style;
use crate::render::sanitize::escape;
use crate::render::who::{FdLine, write_fds, write_process, write_reasons, write_sockets};
use crate::source::fds::{FdsError, Link, PathState};
use crate::source::{Source, Want};

/// What `who` was asked about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `:PORT`.
    Port(u16),
    /// A bare number: a pid if such a process exists, else a port.
    Number(u16),
    /// A number too large to be a port.
    Pid(u32),
    /// An absolute path.
    Path(String),
    /// `@name`, as netstat prints abstract names.
    Abstract(String),
}

impl Target {
    /// `None` for text that is none of the accepted forms.
    pub fn parse(text: &str) -> Option<Target> {
        let text = text.trim();
        if let Some(port) = text.strip_prefix(':') {
            return port.parse().ok().filter(|&p| p != 0).map(Target::Port);
        }
        if text.starts_with('@') && text.len() > 1 {
            return Some(Target::Abstract(text.to_string()));
        }
        if text.starts_with('/') {
            return Some(Target::Path(text.to_string()));
        }
        if text.starts_with("./") || text.starts_with("../") {
            let dir = std::env::current_dir().ok()?;
            return Some(Target::Path(dir.join(text).to_string_lossy().into_owned()));
        }
        if !text.bytes().all(|b| b.is_ascii_digit()) || text.is_empty() {
            return None;
        }
        let n: u32 = text.parse().ok().filter(|&n| n != 0)?;
        Some(match u16::try_from(n) {
            Ok(small) => Target::Number(small),
            Err(_) => Target::Pid(n),
        })
    }
}

pub fn run(
    target: &str,
    source: &Source,
    glossary: &Glossary,
    messages: &Messages,
    style: Style,
    out: &mut impl Write,
) -> Result<Outcome> {
    let parsed = Target::parse(target).ok_or_else(|| {
        anyhow!(glossary.fill(
            Topic::Phrase(Phrase::BadTarget),
            &[("target", escape(target).into_owned())]
        ))
    })?;
    let outcome = match parsed {
        Target::Port(port) => port_view(port, source, glossary, messages, style, out)?,
        Target::Pid(pid) => pid_view(pid, source, glossary, messages, style, out)?,
        Target::Number(n) => {
            let fill = [("n", n.to_string())];
            if source.process(u32::from(n)).is_some() {
                let note = glossary.fill(Topic::Phrase(Phrase::BareNumberIsPid), &fill);
                writeln!(out, "{}", style.note(&note))?;
                pid_view(u32::from(n), source, glossary, messages, style, out)?
            } else {
                let note = glossary.fill(Topic::Phrase(Phrase::BareNumberIsPort), &fill);
                writeln!(out, "{}", style.note(&note))?;
                port_view(n, source, glossary, messages, style, out)?
            }
        }
        Target::Path(path) | Target::Abstract(path) => {
            unix_view(&path, source, glossary, messages, style, out)?
        }
    };
    out.flush()?;
    Ok(outcome)
}

/// Prints the sockets `keep` selects with their owners. `None` when some process owns
/// one (the answer is found); otherwise the snapshot, for the "why nobody" diagnosis.
fn show_matching(
    families: Vec<Family>,
    keep: &dyn Fn(&Socket) -> bool,
    source: &Source,
    glossary: &Glossary,
    messages: &Messages,
    style: Style,
    out: &mut impl Write,
) -> Result<Option<Snapshot>> {
    let snapshot = source.snapshot(&Want {
        families,
        owners: true,
        keep,
    })?;
    write_sockets(out, &snapshot.sockets, glossary, messages, style)?;
    let owned = snapshot.sockets.iter().any(|s| !s.owners.is_empty());
    Ok((!owned).then_some(snapshot))
}

fn port_view(
    port: u16,
    source: &Source,
    glossary: &Glossary,
    messages: &Messages,
    style: Style,
    out: &mut impl Write,
) -> Result<Outcome> {
    let inet = vec![Family::Tcp, Family::Udp, Family::Raw];
    let keep = |s: &Socket| s.local_port() == Some(port) || s.remote_port() == Some(port);
    let Some(snapshot) = show_matching(inet, &keep, source, glossary, messages, style, out)? else {
        return Ok(Outcome::Found);
    };
    let reasons = port_reasons(port, &snapshot, glossary);
    if !snapshot.sockets.is_empty() {
        writeln!(out)?;
    }
    let title = glossary.fill(
        Topic::Phrase(Phrase::NobodyOwns),
        &[(
            "what",
            glossary.fill(Topic::Phrase(Phrase::Port), &[("port", port.to_string())]),
        )],
    );
    write_reasons(out, &title, &reasons, style)?;
    Ok(Outcome::NothingMatched)
}

/// The reasons, in the order the issue asks them to be checked.
fn port_reasons(port: u16, snapshot: &Snapshot, glossary: &Glossary) -> Vec<String> {
    let say = |d: Diagnosis, fill: &[(&str, String)]| glossary.fill(Topic::Diagnosis(d), fill);
    let sockets = &snapshot.sockets;
    let mut reasons = Vec::new();
    let held: Vec<&Socket> = sockets
        .iter()
        .filter(|s| s.inode == Some(0) && s.state.is_some_and(TcpState::is_after_close))
        .collect();
    if !held.is_empty() {
        reasons.push(say(
            Diagnosis::KernelHeld,
            &[("n", held.len().to_string()), ("state", state_names(&held))],
        ));
    }
    let queued = sockets
        .iter()
        .filter(|s| s.inode == Some(0) && !s.state.is_some_and(TcpState::is_after_close))
        .count();
    if queued > 0 {
        reasons.push(say(Diagnosis::AcceptQueue, &[("n", queued.to_string())]));
    }
    let hidden: Vec<&Socket> = sockets
        .iter()
        .filter(|s| s.inode.is_some_and(|i| i != 0) && s.owners.is_empty())
        .collect();
    if let Some(first) = hidden.first() {
        let unreadable = snapshot.diagnostics.unreadable_processes;
        let inode = first.inode.unwrap_or(0).to_string();
        reasons.push(if unreadable > 0 {
            say(
                Diagnosis::NotRoot,
                &[("n", unreadable.to_string()), ("inode", inode)],
            )
        } else {
            say(Diagnosis::OwnerGone, &[])
        });
    }
    if sockets.is_empty() {
        reasons.push(say(Diagnosis::NothingHere, &[("port", port.to_string())]));
        reasons.push(say(Diagnosis::BoundNotListening, &[]));
    }
    reasons
}

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

fn pid_view(
    pid: u32,
    source: &Source,
    glossary: &Glossary,
    messages: &Messages,
    style: Style,
    out: &mut impl Write,
) -> Result<Outcome> {
    let fill = [("pid", pid.to_string())];
    let Some(process) = source.process(pid) else {
        let text = glossary.fill(Topic::Diagnosis(Diagnosis::NoSuchProcess), &fill);
        writeln!(out, "{text}")?;
        return Ok(Outcome::NothingMatched);
    };
    write_process(out, &process, messages, style)?;
    let fds = match source.fds(pid) {
        Ok(fds) => fds,
        Err(FdsError::PermissionDenied) => {
            let text = glossary.fill(Topic::Diagnosis(Diagnosis::FdsUnreadable), &fill);
            writeln!(out, "{text}")?;
            return Ok(Outcome::NothingMatched);
        }
        Err(FdsError::NoProcess) => {
            let text = glossary.fill(Topic::Diagnosis(Diagnosis::NoSuchProcess), &fill);
            writeln!(out, "{text}")?;
            return Ok(Outcome::NothingMatched);
        }
    };
    let inodes: HashSet<u64> = fds
        .iter()
        .filter_map(|f| match f.link {
            Link::Socket(i) => Some(i),
            _ => None,
        })
        .collect();
    // UNIX peers (and who holds them) come along: they say what a socket talks to.
    let peers = source.unix_peers();
    let wanted: HashSet<u64> = inodes
        .iter()
        .flat_map(|i| [Some(*i), peers.get(i).copied()])
        .flatten()
        .collect();
    let snapshot = source.snapshot(&Want {
        families: vec![Family::Tcp, Family::Udp, Family::Raw, Family::Unix],
        owners: true,
        keep: &|s| s.inode.is_some_and(|i| wanted.contains(&i)),
    })?;
    let find = |inode: u64| snapshot.sockets.iter().find(|s| s.inode == Some(inode));
    let lines: Vec<FdLine> = fds
        .iter()
        .map(|f| {
            let (socket, peer) = match f.link {
                Link::Socket(i) => (find(i), peers.get(&i).and_then(|p| find(*p))),
                _ => (None, None),
            };
            let kind = match &f.link {
                Link::Socket(_) if socket.is_some() => FdKind::Socket,
                Link::Socket(_) => FdKind::OtherSocket,
                Link::Pipe(_) => FdKind::Pipe,
                Link::AnonInode(_) => FdKind::AnonInode,
                Link::Path(p) if p.starts_with("/dev/") => FdKind::Device,
                Link::Path(_) | Link::Other(_) => FdKind::File,
            };
            FdLine {
                fd: f.fd,
                raw: &f.raw,
                kind,
                socket,
                peer,
            }
        })
        .collect();
    write_fds(out, &lines, glossary, messages, style)?;
    Ok(Outcome::Found)
}

fn unix_view(
    name: &str,
    source: &Source,
    glossary: &Glossary,
    messages: &Messages,
    style: Style,
    out: &mut impl Write,
) -> Result<Outcome> {
    let keep = |s: &Socket| s.unix.as_ref().is_some_and(|u| u.path == name);
    let unix = vec![Family::Unix];
    let Some(snapshot) = show_matching(unix, &keep, source, glossary, messages, style, out)? else {
        return Ok(Outcome::Found);
    };
    let say = |d: Diagnosis, fill: &[(&str, String)]| glossary.fill(Topic::Diagnosis(d), fill);
    let path = [("path", escape(name).into_owned())];
    let mut reasons = Vec::new();
    let queued = snapshot
        .sockets
        .iter()
        .filter(|s| {
            s.inode == Some(0)
                || s.unix
                    .as_ref()
                    .is_some_and(|u| u.state == UnixState::Connecting)
        })
        .count();
    if queued > 0 {
        reasons.push(say(Diagnosis::AcceptQueue, &[("n", queued.to_string())]));
    }
    let hidden = snapshot
        .sockets
        .iter()
        .find(|s| s.inode.is_some_and(|i| i != 0) && s.owners.is_empty());
    if let Some(s) = hidden {
        let unreadable = snapshot.diagnostics.unreadable_processes;
        reasons.push(if unreadable > 0 {
            let inode = s.inode.unwrap_or(0).to_string();
            say(
                Diagnosis::NotRoot,
                &[("n", unreadable.to_string()), ("inode", inode)],
            )
        } else {
            say(Diagnosis::OwnerGone, &[])
        });
    }
    if snapshot.sockets.is_empty() {
        let stale = name.starts_with('/') && source.path_state(name) == PathState::Socket;
        reasons.push(if stale {
            say(Diagnosis::StaleSocketFile, &path)
        } else {
            say(Diagnosis::NoSuchName, &path)
        });
    }
    if !snapshot.sockets.is_empty() {
        writeln!(out)?;
    }
    let title = glossary.fill(
        Topic::Phrase(Phrase::NobodyOwns),
        &[("what", escape(name).into_owned())],
    );
    write_reasons(out, &title, &reasons, style)?;
    Ok(Outcome::NothingMatched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_targets() {
        assert_eq!(Target::parse(":8080"), Some(Target::Port(8080)));
        assert_eq!(Target::parse("8080"), Some(Target::Number(8080)));
        assert_eq!(Target::parse("4194304"), Some(Target::Pid(4_194_304)));
        assert_eq!(
            Target::parse("/run/dbus/system_bus_socket"),
            Some(Target::Path("/run/dbus/system_bus_socket".into()))
        );
        assert_eq!(
            Target::parse("@6c38d"),
            Some(Target::Abstract("@6c38d".into()))
        );
        for bad in [":", ":http", ":70000", ":0", "nginx", "", "@", "12ab", "0"] {
            assert_eq!(Target::parse(bad), None, "{bad:?}");
        }
    }
}
