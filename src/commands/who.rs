//! `socklab who TARGET`: who owns a port, a process's descriptors, a UNIX socket path or
//! an abstract name — and when nothing does, why, checked in order with the evidence:
//! kernel-held, accept queue, not root, nothing in this network namespace (and the
//! bound-but-not-listening socket no table shows). This is the seed's empty `lsof -i`.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use anyhow::{Result, anyhow};

use super::Env;
use crate::Outcome;
use crate::knowledge::diagnose::{Asked, why_unowned};
use crate::knowledge::messages::{Diagnosis, Message};
use crate::knowledge::{FdKind, OwnerView, View};
use crate::model::{Family, Snapshot, Socket};
use crate::render::diagnostics::write_diagnostics;
use crate::render::notes::TableNotes;
use crate::render::sanitize::escape;
use crate::render::who::{FdLine, write_fds, write_process, write_reasons, write_sockets};
use crate::source::Want;
use crate::source::fds::{Fd, FdsError, Link, PathState};

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
    pub fn parse(raw: &str) -> Option<Target> {
        // A socket path may begin or end with a space: only numbers are trimmed.
        if raw.starts_with('@') && raw.len() > 1 {
            return Some(Target::Abstract(raw.to_string()));
        }
        if raw.starts_with('/') {
            return Some(Target::Path(raw.to_string()));
        }
        if raw.starts_with("./") || raw.starts_with("../") {
            let dir = std::env::current_dir().ok()?;
            return Some(Target::Path(dir.join(raw).to_string_lossy().into_owned()));
        }
        let text = raw.trim();
        if let Some(port) = text.strip_prefix(':') {
            return port.parse().ok().filter(|&p| p != 0).map(Target::Port);
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

pub fn run(target: &str, env: &Env, out: &mut impl Write, err: &mut impl Write) -> Result<Outcome> {
    let messages = &env.messages;
    let parsed = Target::parse(target)
        .ok_or_else(|| anyhow!(messages.say(Message::BadTarget, args!(target = escape(target)))))?;
    let outcome = match parsed {
        Target::Port(port) => port_view(port, env, out, err)?,
        Target::Pid(pid) => pid_view(pid, env, out, err)?,
        Target::Number(n) => {
            let is_pid = env.source.process(u32::from(n)).is_some();
            let note = match is_pid {
                true => Message::BareNumberIsPid,
                false => Message::BareNumberIsPort,
            };
            writeln!(out, "{}", env.style.note(&messages.say(note, args!(n = n))))?;
            match is_pid {
                true => pid_view(u32::from(n), env, out, err)?,
                false => port_view(n, env, out, err)?,
            }
        }
        Target::Path(path) | Target::Abstract(path) => unix_view(&path, env, out, err)?,
    };
    out.flush()?;
    Ok(outcome)
}

/// Prints the sockets `keep` selects with their owners. `None` when some process owns
/// one (the answer is found); otherwise the snapshot, for the "why nobody" diagnosis.
fn show_matching(
    families: Vec<Family>,
    keep: &dyn Fn(&Socket) -> bool,
    env: &Env,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Option<Snapshot>> {
    let snapshot = env.source.snapshot(&Want {
        families,
        owners: true,
        keep,
    })?;
    let rows: Vec<&Socket> = snapshot.sockets.iter().collect();
    let view = View {
        owners: OwnerView::Scanned {
            hidden: snapshot.diagnostics.unreadable_processes,
            as_root: snapshot.diagnostics.as_root,
        },
        kernel: env.source.kernel(),
        ..View::default()
    };
    let notes = TableNotes::new(&rows, &env.source.unix_peers(), view, &env.glossary);
    write_sockets(out, &snapshot.sockets, &notes, &env.messages, env.style)?;
    write_diagnostics(err, &snapshot.diagnostics, &env.messages, env.style)?;
    let owned = snapshot.sockets.iter().any(|s| !s.owners.is_empty());
    Ok((!owned).then_some(snapshot))
}

fn port_view(port: u16, env: &Env, out: &mut impl Write, err: &mut impl Write) -> Result<Outcome> {
    let inet = vec![Family::Tcp, Family::Udp, Family::Raw];
    let keep = |s: &Socket| s.local_port() == Some(port) || s.remote_port() == Some(port);
    let Some(snapshot) = show_matching(inet, &keep, env, out, err)? else {
        return Ok(Outcome::Found);
    };
    let reasons = why_unowned(Asked::Port(port), &snapshot);
    let what = env.messages.say(Message::Port, args!(port = port));
    if !snapshot.sockets.is_empty() {
        writeln!(out)?;
    }
    write_reasons(out, &what, &reasons, Some(port), &env.messages, env.style)?;
    Ok(Outcome::NothingMatched)
}

fn unix_view(name: &str, env: &Env, out: &mut impl Write, err: &mut impl Write) -> Result<Outcome> {
    let keep = |s: &Socket| s.as_unix().is_some_and(|u| u.path == name);
    let unix = vec![Family::Unix];
    let Some(snapshot) = show_matching(unix, &keep, env, out, err)? else {
        return Ok(Outcome::Found);
    };
    let file_is_socket = name.starts_with('/') && env.source.path_state(name) == PathState::Socket;
    let reasons = why_unowned(Asked::Name { file_is_socket }, &snapshot);
    if !snapshot.sockets.is_empty() {
        writeln!(out)?;
    }
    let what = escape(name);
    write_reasons(out, &what, &reasons, None, &env.messages, env.style)?;
    Ok(Outcome::NothingMatched)
}

fn pid_view(pid: u32, env: &Env, out: &mut impl Write, err: &mut impl Write) -> Result<Outcome> {
    let (source, messages) = (&env.source, &env.messages);
    let Some(process) = source.process(pid) else {
        writeln!(
            out,
            "{}",
            messages.say(Diagnosis::NoSuchProcess, args!(pid = pid))
        )?;
        return Ok(Outcome::NothingMatched);
    };
    write_process(out, &process, messages, env.style)?;
    let fds = match source.fds(pid) {
        Ok(fds) => fds,
        Err(e) => {
            let why = match e {
                FdsError::PermissionDenied => Diagnosis::FdsUnreadable,
                FdsError::NoProcess => Diagnosis::NoSuchProcess,
            };
            writeln!(out, "{}", messages.say(why, args!(pid = pid)))?;
            return Ok(Outcome::NothingMatched);
        }
    };
    // UNIX peers (and who holds them) come along: they say what a socket talks to.
    let peers = source.unix_peers();
    let snapshot = sockets_of(&fds, &peers, env)?;
    write_diagnostics(err, &snapshot.diagnostics, messages, env.style)?;
    let find = |inode: u64| snapshot.sockets.iter().find(|s| s.inode == Some(inode));
    let lines: Vec<FdLine> = fds
        .iter()
        .map(|f| {
            let (socket, peer) = match f.link {
                Link::Socket(i) => (find(i), peers.get(&i).and_then(|p| find(*p))),
                _ => (None, None),
            };
            FdLine {
                fd: f.fd,
                raw: &f.raw,
                kind: fd_kind(&f.link, socket.is_some()),
                socket,
                peer,
            }
        })
        .collect();
    write_fds(out, &lines, &env.glossary, messages, env.style)?;
    Ok(Outcome::Found)
}

/// The rows of the sockets behind `fds`, and of their UNIX peers, with owners.
fn sockets_of(fds: &[Fd], peers: &HashMap<u64, u64>, env: &Env) -> Result<Snapshot> {
    let wanted: HashSet<u64> = fds
        .iter()
        .filter_map(|f| match f.link {
            Link::Socket(i) => Some(i),
            _ => None,
        })
        .flat_map(|i| [Some(i), peers.get(&i).copied()])
        .flatten()
        .collect();
    env.source.snapshot(&Want {
        families: vec![Family::Tcp, Family::Udp, Family::Raw, Family::Unix],
        owners: true,
        keep: &|s| s.inode.is_some_and(|i| wanted.contains(&i)),
    })
}

/// What a descriptor points at, as `ls -l /proc/PID/fd` shows it.
fn fd_kind(link: &Link, in_a_table: bool) -> FdKind {
    match link {
        Link::Socket(_) if in_a_table => FdKind::Socket,
        Link::Socket(_) => FdKind::OtherSocket,
        Link::Pipe(_) => FdKind::Pipe,
        Link::AnonInode(_) => FdKind::AnonInode,
        Link::Path(p) if p.starts_with("/dev/") => FdKind::Device,
        Link::Path(_) | Link::Other(_) => FdKind::File,
    }
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
        assert_eq!(
            Target::parse("/tmp/a b.sock "),
            Some(Target::Path("/tmp/a b.sock ".into()))
        );
        for bad in [":", ":http", ":70000", ":0", "nginx", "", "@", "12ab", "0"] {
            assert_eq!(Target::parse(bad), None, "{bad:?}");
        }
    }
}
