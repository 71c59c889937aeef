//! `socklab who`: each socket found as a netstat row, every owning process under it
//! (pid, user, comm, fd, command line), the row's notes; a process's descriptors the way
//! `ls -l /proc/PID/fd` shows them, each socket joined to its row; and the reasons why
//! nothing owns a target.

use std::io::{self, Write};

use super::Style;
use super::notes::{NoteWriter, TableNotes};
use super::sanitize::escape;
use super::table::{Selection, TableOptions, endpoint_text, inet_row, owners_text, unix_row};
use crate::knowledge::diagnose::Reason;
use crate::knowledge::messages::{Diagnosis, Message, Messages};
use crate::knowledge::{FdKind, Glossary, Topic};
use crate::model::{Process, Socket};

const ROW: TableOptions = TableOptions {
    selection: Selection::All,
    inet: true,
    unix: true,
    extend: true,
    programs: false,
    explain: true,
    netstat_width: false,
};

/// Each socket: its row, its owners, its notes (each said in full once).
pub fn write_sockets(
    w: &mut impl Write,
    sockets: &[Socket],
    notes: &TableNotes,
    messages: &Messages,
    style: Style,
) -> io::Result<()> {
    let mut line = String::with_capacity(160);
    let mut said = NoteWriter::new(messages, style, "      ↳ ");
    for (i, socket) in sockets.iter().enumerate() {
        line.clear();
        if socket.as_unix().is_some() {
            unix_row(&mut line, socket, &ROW);
        } else {
            inet_row(&mut line, socket, &ROW);
        }
        said.end_run(w)?;
        writeln!(w, "{}", style.heading(line.trim_end()))?;
        for owner in &socket.owners {
            let p = &owner.process;
            let user = user_text(p);
            let (comm, user, cmdline) = (escape(&p.comm), escape(&user), escape(&p.cmdline));
            let fd = owner
                .fd
                .map_or_else(|| "?".to_string(), |fd| fd.to_string());
            let text = messages.say(
                Message::WhoOwner,
                args!(
                    pid = p.pid,
                    comm = comm,
                    user = user,
                    fd = fd,
                    cmdline = cmdline
                ),
            );
            writeln!(w, "    {text}")?;
        }
        said.row(w, &notes.of(i), |_| Ok(()))?;
    }
    said.end_run(w)
}

/// "No process owns WHAT. Why, checked in order:", then each reason as a bullet.
pub fn write_reasons(
    w: &mut impl Write,
    what: &str,
    reasons: &[Reason],
    port: Option<u16>,
    messages: &Messages,
    style: Style,
) -> io::Result<()> {
    let title = messages.say(Message::NobodyOwns, args!(what = what));
    writeln!(w, "{}", style.heading(&title))?;
    for reason in reasons {
        writeln!(w, "  - {}", reason_text(reason, what, port, messages))?;
    }
    Ok(())
}

/// One reason's sentence. `what` is the path for the reasons about names.
fn reason_text(reason: &Reason, what: &str, port: Option<u16>, m: &Messages) -> String {
    let port = port.unwrap_or(0);
    match reason {
        Reason::TimeWait { n } => m.say(Diagnosis::TimeWait, args!(n = n)),
        Reason::Orphan { n, states } => m.say(Diagnosis::Orphan, args!(n = n, states = states)),
        Reason::AcceptQueue { n } => m.say(Diagnosis::AcceptQueue, args!(n = n)),
        Reason::Request { n } => m.say(Diagnosis::Request, args!(n = n)),
        Reason::Hidden {
            processes,
            inode,
            as_root,
        } => {
            let key = match as_root {
                true => Diagnosis::HiddenAsRoot,
                false => Diagnosis::NotRoot,
            };
            m.say(key, args!(n = processes, inode = inode))
        }
        Reason::OwnerGone => m.say(Diagnosis::OwnerGone, args!()),
        Reason::NothingHere => m.say(Diagnosis::NothingHere, args!(port = port)),
        Reason::BoundNotListening => m.say(Diagnosis::BoundNotListening, args!()),
        Reason::PathWithoutRow => m.say(Diagnosis::PathWithoutRow, args!(path = what)),
        Reason::NoSuchName => m.say(Diagnosis::NoSuchName, args!(path = what)),
    }
}

/// The process a PID names.
pub fn write_process(
    w: &mut impl Write,
    process: &Process,
    messages: &Messages,
    style: Style,
) -> io::Result<()> {
    let user = user_text(process);
    let (comm, user) = (escape(&process.comm), escape(&user));
    let fill: [(&str, &dyn std::fmt::Display); 3] =
        [("pid", &process.pid), ("comm", &comm), ("user", &user)];
    let head = messages.say(Message::WhoProcess, &fill);
    writeln!(w, "{}", style.heading(&head))?;
    if !process.cmdline.is_empty() {
        writeln!(w, "  {}", escape(&process.cmdline))?;
    }
    Ok(())
}

/// The user's name, else the uid, else `?`.
fn user_text(p: &Process) -> String {
    match (p.user.as_deref(), p.uid) {
        (Some(name), _) => name.to_string(),
        (None, Some(uid)) => uid.to_string(),
        (None, None) => "?".into(),
    }
}

/// One descriptor with what it is.
pub struct FdLine<'a> {
    pub fd: u32,
    pub raw: &'a str,
    pub kind: FdKind,
    pub socket: Option<&'a Socket>,
    /// The UNIX socket at the other end, when the kernel says.
    pub peer: Option<&'a Socket>,
}

/// `N -> target` per descriptor, sockets joined to their rows, then what each kind is.
pub fn write_fds(
    w: &mut impl Write,
    lines: &[FdLine],
    glossary: &Glossary,
    messages: &Messages,
    style: Style,
) -> io::Result<()> {
    let width = lines
        .iter()
        .map(|l| escape(l.raw).chars().count())
        .max()
        .unwrap_or(0);
    let mut kinds: Vec<FdKind> = Vec::new();
    for line in lines {
        if !kinds.contains(&line.kind) {
            kinds.push(line.kind);
        }
        let label = match line.socket {
            Some(s) => socket_summary(s, messages) + &peer_text(line.peer, messages),
            None => glossary
                .get(Topic::FdKind(line.kind))
                .map_or_else(|| line.kind.key().to_string(), |e| e.term.clone()),
        };
        let target = escape(line.raw);
        writeln!(
            w,
            "{:>5} -> {target:<width$}  {}",
            line.fd,
            style.term(&label)
        )?;
    }
    writeln!(w)?;
    for kind in kinds {
        let term = glossary
            .get(Topic::FdKind(kind))
            .map_or(kind.key(), |e| e.term.as_str());
        writeln!(
            w,
            "  {} {}",
            style.term(&super::width::pad(term, 22)),
            style.note(glossary.short(Topic::FdKind(kind)))
        )?;
    }
    Ok(())
}

/// ` ↔ peer socket:[N] pid/program` for a connected UNIX socket whose peer is known.
pub fn peer_text(peer: Option<&Socket>, messages: &Messages) -> String {
    match peer {
        Some(p) => {
            let (inode, owners) = (p.inode.unwrap_or(0), owners_text(p));
            let fill: [(&str, &dyn std::fmt::Display); 2] =
                [("inode", &inode), ("owners", &owners)];
            format!(" {}", messages.say(Message::PeerSocket, &fill))
        }
        None => String::new(),
    }
}

/// A socket in one line: proto, ends, state; or UNIX type, state, name.
pub fn socket_summary(s: &Socket, messages: &Messages) -> String {
    match &s.as_unix() {
        Some(u) => {
            let name = if u.path.is_empty() {
                messages.say(Message::Unnamed, &[])
            } else {
                escape(&u.path).into_owned()
            };
            let state = u.state.column_text();
            let state = if state.is_empty() {
                "UNCONNECTED"
            } else {
                state
            };
            format!("unix {} {state} {name}", u.kind.name())
        }
        None => {
            let state = s.state_text();
            format!(
                "{} {} {} {}",
                s.proto().name(),
                endpoint_text(s.local().as_ref()),
                endpoint_text(s.remote().as_ref()),
                state
            )
            .trim_end()
            .to_string()
        }
    }
}
