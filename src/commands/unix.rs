//! `socklab unix`: UNIX sockets grouped by where they live — socket files by directory
//! (with the directory's filesystem from the mount table and whether each file is still
//! there), abstract names chosen by programs, autobind names, and unnamed sockets.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use anyhow::Result;

use super::Env;
use crate::Outcome;
use crate::knowledge::{OwnerView, View as NoteView, is_autobind};
use crate::model::{Family, PathKind, Socket};
use crate::render::diagnostics::write_diagnostics;
use crate::render::notes::TableNotes;
use crate::render::unix::{Groups, PathGroup, write_groups, write_json};
use crate::source::fds::PathState;
use crate::source::{Source, Want};

/// What `socklab unix` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// The groups, with a note on each under `--explain`.
    Groups { explain: bool },
    /// JSON Lines, each socket with its group.
    Json,
}

pub fn run(view: View, env: &Env, out: &mut impl Write, err: &mut impl Write) -> Result<Outcome> {
    let (source, glossary, messages, style) =
        (&env.source, &env.glossary, &env.messages, env.style);
    let snapshot = source.snapshot(&Want {
        families: vec![Family::Unix],
        owners: true,
        keep: &|_| true,
    })?;
    let rows: Vec<&Socket> = snapshot.sockets.iter().collect();
    let mut groups = group(&snapshot.sockets, source);
    let peers = source.unix_peers();
    let by_inode: HashMap<u64, &Socket> = snapshot
        .sockets
        .iter()
        .filter_map(|s| Some((s.inode?, s)))
        .collect();
    groups.peers = peers
        .iter()
        .filter_map(|(me, peer)| Some((*me, *by_inode.get(peer)?)))
        .collect();
    let note_view = NoteView {
        owners: OwnerView::Scanned {
            hidden: snapshot.diagnostics.unreadable_processes,
            as_root: snapshot.diagnostics.as_root,
        },
        kernel: source.kernel(),
        ..NoteView::default()
    };
    let annotated = matches!(view, View::Json | View::Groups { explain: true });
    if annotated {
        let index = rows
            .iter()
            .enumerate()
            .map(|(i, s)| (std::ptr::from_ref(*s) as usize, i))
            .collect();
        groups.notes = Some((TableNotes::new(&rows, &peers, note_view, glossary), index));
    }
    match view {
        View::Json => write_json(out, &groups)?,
        View::Groups { explain } => {
            write_groups(out, &groups, explain, glossary, messages, style)?;
        }
    }
    out.flush()?;
    write_diagnostics(err, &snapshot.diagnostics, messages, style)?;
    Ok(if snapshot.sockets.is_empty() {
        Outcome::NothingMatched
    } else {
        Outcome::Found
    })
}

/// Sorts sockets into their groups; socket files by directory, directories by name.
pub fn group<'a>(sockets: &'a [Socket], source: &Source) -> Groups<'a> {
    let mut dirs: BTreeMap<String, PathGroup<'a>> = BTreeMap::new();
    let mut groups = Groups::default();
    let mut files: HashMap<&str, PathState> = HashMap::new();
    for socket in sockets {
        let Some(unix) = &socket.as_unix() else {
            continue;
        };
        match unix.path_kind() {
            PathKind::Filesystem => {
                let dir = match unix.path.rfind('/') {
                    Some(0) => "/".to_string(),
                    Some(i) => unix.path[..i].to_string(),
                    None => ".".to_string(),
                };
                let entry = dirs.entry(dir.clone()).or_insert_with(|| PathGroup {
                    dir,
                    fs_type: unix.fs_type.clone(),
                    sockets: Vec::new(),
                });
                // Every accepted connection shows its listener's path: look at each file once.
                let state = *files
                    .entry(unix.path.as_str())
                    .or_insert_with(|| source.path_state(&unix.path));
                entry.sockets.push((socket, state));
            }
            PathKind::Abstract if is_autobind(&unix.path) => groups.autobind.push(socket),
            PathKind::Abstract => groups.chosen.push(socket),
            PathKind::Unnamed => groups.unnamed.push(socket),
        }
    }
    groups.dirs = dirs.into_values().collect();
    groups
}
