//! `socklab unix`: the groups (socket files by directory with their filesystem and
//! whether each file is there, chosen abstract names, autobind names, unnamed), with a
//! note on each group under `--explain`; or JSON Lines with each socket's group.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use super::Style;
use super::json::SocketRecord;
use super::notes::{NoteText, NoteWriter, TableNotes};
use super::sanitize::{escape, write_json_line};
use super::table::owners_text;
use super::who::peer_text;
use crate::knowledge::messages::{Message, Messages};
use crate::knowledge::{Glossary, Topic, UnixGroup};
use crate::model::Socket;
use crate::source::fds::PathState;

/// Socket files under one directory.
pub struct PathGroup<'a> {
    pub dir: String,
    pub fs_type: Option<String>,
    pub sockets: Vec<(&'a Socket, PathState)>,
}

#[derive(Default)]
pub struct Groups<'a> {
    pub dirs: Vec<PathGroup<'a>>,
    pub chosen: Vec<&'a Socket>,
    pub autobind: Vec<&'a Socket>,
    pub unnamed: Vec<&'a Socket>,
    /// inode → the socket at the other end (live kernel only).
    pub peers: HashMap<u64, &'a Socket>,
    /// The notes of the whole table (with `--explain` or `--json`), and where each
    /// socket is in it, by the socket's address.
    pub notes: Option<(TableNotes<'a>, HashMap<usize, usize>)>,
}

impl Groups<'_> {
    /// The notes of one of the grouped sockets (none when notes were not asked for).
    pub fn notes_of(&self, socket: &Socket) -> Vec<NoteText> {
        let key = std::ptr::from_ref(socket) as usize;
        match &self.notes {
            Some((notes, index)) => index.get(&key).map_or_else(Vec::new, |&i| notes.of(i)),
            None => Vec::new(),
        }
    }
}

fn heading(
    w: &mut impl Write,
    group: UnixGroup,
    count: usize,
    explain: bool,
    glossary: &Glossary,
    messages: &Messages,
    style: Style,
) -> io::Result<()> {
    let message = match group {
        UnixGroup::AbstractChosen => Message::UnixAbstractChosen,
        UnixGroup::AbstractAutobind => Message::UnixAutobind,
        UnixGroup::Unnamed => Message::UnixUnnamed,
        // The file states label rows, never a heading; they belong to the socket files.
        UnixGroup::Filesystem
        | UnixGroup::FileExists
        | UnixGroup::FileMissing
        | UnixGroup::FileNotSocket => Message::UnixFiles,
    };
    let title = messages.say(message, &[("n", &count)]);
    writeln!(w, "{}", style.heading(&title))?;
    if explain {
        let text = glossary.short(Topic::UnixGroup(group));
        writeln!(w, "  {}", style.note(&format!("↳ {text}")))?;
    }
    Ok(())
}

fn row(
    w: &mut impl Write,
    indent: &str,
    socket: &Socket,
    extra: &str,
    peers: &HashMap<u64, &Socket>,
    messages: &Messages,
) -> io::Result<()> {
    let Some(unix) = &socket.as_unix() else {
        return Ok(());
    };
    let name = if unix.path.is_empty() {
        messages.say(Message::Unnamed, &[])
    } else {
        escape(&unix.path).into_owned()
    };
    let state = unix.state.column_text();
    let inode = socket.inode.map_or("-".into(), |i| i.to_string());
    let state = if state.is_empty() {
        "UNCONNECTED"
    } else {
        state
    };
    let peer = socket.inode.and_then(|i| peers.get(&i)).copied();
    let inode = messages.say(Message::UnixInode, args!(inode = inode));
    let line = format!(
        "{indent}{name}  {} {state} {inode}  {}{}{extra}",
        unix.kind.name(),
        owners_text(socket),
        peer_text(peer, messages),
    );
    writeln!(w, "{}", line.trim_end())
}

pub fn write_groups(
    w: &mut impl Write,
    groups: &Groups,
    explain: bool,
    glossary: &Glossary,
    messages: &Messages,
    style: Style,
) -> io::Result<()> {
    let mut out = GroupWriter {
        groups,
        explain,
        glossary,
        messages,
        style,
        said: NoteWriter::new(messages, style, "      ↳ "),
    };
    out.files(w)?;
    for (group, sockets) in [
        (UnixGroup::AbstractChosen, &groups.chosen),
        (UnixGroup::AbstractAutobind, &groups.autobind),
        (UnixGroup::Unnamed, &groups.unnamed),
    ] {
        writeln!(w)?;
        heading(w, group, sockets.len(), explain, glossary, messages, style)?;
        for socket in sockets.iter() {
            out.socket(w, socket, "")?;
        }
        out.said.end_run(w)?;
    }
    Ok(())
}

/// The groups in text, with each socket's notes said in full once under `--explain`.
struct GroupWriter<'a> {
    groups: &'a Groups<'a>,
    explain: bool,
    glossary: &'a Glossary,
    messages: &'a Messages,
    style: Style,
    said: NoteWriter<'a>,
}

impl GroupWriter<'_> {
    /// Socket files, by directory with its filesystem, each with whether its file is there.
    fn files(&mut self, w: &mut impl Write) -> io::Result<()> {
        let (glossary, messages, style) = (self.glossary, self.messages, self.style);
        let files: usize = self.groups.dirs.iter().map(|d| d.sockets.len()).sum();
        heading(
            w,
            UnixGroup::Filesystem,
            files,
            self.explain,
            glossary,
            messages,
            style,
        )?;
        for dir in &self.groups.dirs {
            self.said.end_run(w)?;
            let fs = dir.fs_type.as_deref().unwrap_or("?");
            let (name, n) = (escape(&dir.dir), dir.sockets.len());
            let title = messages.say(Message::UnixDirectory, args!(dir = name, fs = fs, n = n));
            writeln!(w, "{}", style.heading(&format!("  {title}")))?;
            for (socket, state) in &dir.sockets {
                let extra = file_label(*state)
                    .map(|m| format!("  {}", messages.say(m, args!())))
                    .unwrap_or_default();
                self.socket(w, socket, &extra)?;
                let gone = *state != PathState::Socket && *state != PathState::Unknown;
                if let Some(t) = file_topic(*state).filter(|_| self.explain && gone) {
                    let text = glossary.short(Topic::UnixGroup(t));
                    writeln!(w, "      {}", style.note(&format!("↳ {text}")))?;
                }
            }
        }
        Ok(())
    }

    fn socket(&mut self, w: &mut impl Write, socket: &Socket, extra: &str) -> io::Result<()> {
        let (peers, messages) = (&self.groups.peers, self.messages);
        let write = |w: &mut _| row(w, "    ", socket, extra, peers, messages);
        match self.explain {
            true => self.said.row(w, &self.groups.notes_of(socket), write),
            false => write(w),
        }
    }
}

#[derive(Serialize)]
struct Record<'a> {
    #[serde(flatten)]
    socket: SocketRecord<'a>,
    group: &'static str,
    directory: Option<&'a str>,
    fs_type: Option<&'a str>,
    /// `present`, `missing`, `not_socket`, or null when not known (a fixture tree).
    file: Option<&'static str>,
    /// The inode of the socket at the other end, when the kernel says.
    peer: Option<u64>,
}

pub fn write_json(w: &mut impl Write, groups: &Groups) -> io::Result<()> {
    let mut emit = |socket: &Socket,
                    group: UnixGroup,
                    dir: Option<&PathGroup>,
                    state: PathState|
     -> io::Result<()> {
        let notes = groups.notes_of(socket);
        let record = Record {
            socket: SocketRecord::new(socket, &notes),
            group: group.key(),
            directory: dir.map(|d| d.dir.as_str()),
            fs_type: dir.and_then(|d| d.fs_type.as_deref()),
            file: match state {
                PathState::Socket => Some("present"),
                PathState::Missing => Some("missing"),
                PathState::NotSocket => Some("not_socket"),
                PathState::Unknown => None,
            },
            peer: socket
                .inode
                .and_then(|i| groups.peers.get(&i))
                .and_then(|p| p.inode),
        };
        write_json_line(w, &record)
    };
    for dir in &groups.dirs {
        for (socket, state) in &dir.sockets {
            emit(socket, UnixGroup::Filesystem, Some(dir), *state)?;
        }
    }
    for (group, sockets) in [
        (UnixGroup::AbstractChosen, &groups.chosen),
        (UnixGroup::AbstractAutobind, &groups.autobind),
        (UnixGroup::Unnamed, &groups.unnamed),
    ] {
        for socket in sockets.iter() {
            emit(socket, group, None, PathState::Unknown)?;
        }
    }
    Ok(())
}

/// The label after a socket file's row (nothing when unknown).
fn file_label(state: PathState) -> Option<Message> {
    match state {
        PathState::Socket => Some(Message::UnixFilePresent),
        PathState::Missing => Some(Message::UnixFileMissing),
        PathState::NotSocket => Some(Message::UnixFileNotSocket),
        PathState::Unknown => None,
    }
}

/// What a path's state is called in the glossary (nothing when unknown).
pub fn file_topic(state: PathState) -> Option<UnixGroup> {
    match state {
        PathState::Socket => Some(UnixGroup::FileExists),
        PathState::Missing => Some(UnixGroup::FileMissing),
        PathState::NotSocket => Some(UnixGroup::FileNotSocket),
        PathState::Unknown => None,
    }
}
