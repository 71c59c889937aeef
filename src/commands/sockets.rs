//! `socklab sockets`: the live table with netstat's flags, plus owners for every sharing
//! process, `--by-process`, `--explain` and `--json`.

use std::collections::HashMap;
use std::io::Write;

use anyhow::Result;

use super::Env;
use crate::Outcome;
use crate::knowledge::summary::{Finding, Hidden, Tally};
use crate::knowledge::{OwnerView, View};
use crate::model::{AnyState, Diagnostics, Family, Snapshot, Socket};
use crate::render::diagnostics::write_diagnostics;
use crate::render::json;
use crate::render::notes::TableNotes;
use crate::render::summary::write_summary;
use crate::render::table::{Selection, TableOptions, TableWriter, write_by_process};
use crate::source::Want;
use crate::source::names::{Lookup, Names};

/// Plain configuration, made from the command line by `app`.
#[derive(Clone, Debug)]
pub struct SocketsConfig {
    pub families: Vec<Family>,
    pub selection: Selection,
    pub extend: bool,
    pub programs: bool,
    pub state: Option<AnyState>,
    pub port: Option<u16>,
    pub by_process: bool,
    pub json: bool,
    pub explain: bool,
    /// `--names`: names as netstat prints them without `-n`, and how far to look.
    pub names: Option<Lookup>,
    /// `--netstat-width`: addresses cut to netstat's 23 columns.
    pub netstat_width: bool,
}

impl SocketsConfig {
    /// Whether a row belongs in the output (decided while the table is read, before owners).
    pub fn keeps(&self, s: &Socket) -> bool {
        let selected = match self.selection {
            Selection::All => true,
            Selection::Listening => s.is_listening(),
            Selection::Connected => !s.is_listening(),
        };
        let state_ok = self.state.is_none_or(|want| want.matches(s));
        let port_ok = self
            .port
            .is_none_or(|p| s.local_port() == Some(p) || s.remote_port() == Some(p));
        selected && state_ok && port_ok
    }

    fn table_options(&self) -> TableOptions {
        let has = |f: Family| self.families.contains(&f);
        TableOptions {
            selection: self.selection,
            inet: has(Family::Tcp) || has(Family::Udp) || has(Family::Raw),
            unix: has(Family::Unix),
            extend: self.extend,
            programs: self.programs,
            explain: self.explain,
            netstat_width: self.netstat_width,
        }
    }

    fn filtered(&self) -> bool {
        self.state.is_some() || self.port.is_some()
    }
}

pub fn run(
    config: &SocketsConfig,
    env: &Env,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    let want = Want {
        families: config.families.clone(),
        owners: config.programs || config.by_process,
        keep: &|s| config.keeps(s),
    };
    // Names are looked up for every address at once, before the first row is printed.
    let whole = want.owners || config.json || config.explain || config.names.is_some();
    let (rows, diagnostics) = if whole {
        // Owners are joined on the whole set of inodes, and notes read rows together.
        let snapshot = env.source.snapshot(&want)?;
        write_whole(config, env, &snapshot, out)?;
        (snapshot.sockets.len(), snapshot.diagnostics)
    } else {
        // Without owners or notes every row is printed as it is parsed: flat memory.
        let mut rows = 0usize;
        let opts = config.table_options();
        let mut table = TableWriter::new(out, opts, &env.glossary, &env.messages, env.style);
        let diagnostics = env.source.each(&want, |s| {
            rows += 1;
            table.row(&s, &[])
        })?;
        table.finish()?;
        (rows, diagnostics)
    };
    out.flush()?;
    write_diagnostics(err, &diagnostics, &env.messages, env.style)?;
    Ok(if config.filtered() && rows == 0 {
        Outcome::NothingMatched
    } else {
        Outcome::Found
    })
}

/// A table read whole: per process, as JSON Lines, or as the table with its notes.
fn write_whole(
    config: &SocketsConfig,
    env: &Env,
    snapshot: &Snapshot,
    out: &mut impl Write,
) -> Result<()> {
    if config.by_process {
        write_by_process(out, &snapshot.sockets, &env.messages, env.style)?;
        return Ok(());
    }
    let rows: Vec<&Socket> = snapshot.sockets.iter().collect();
    let annotated = config.json || config.explain;
    let notes = annotated.then(|| notes_of(config, env, &rows, &snapshot.diagnostics));
    let notes_of = |i| notes.as_ref().map_or_else(Vec::new, |n| n.of(i));
    if config.json {
        for (i, socket) in rows.iter().enumerate() {
            json::write_socket(out, socket, &notes_of(i))?;
        }
        return Ok(());
    }
    if config.explain {
        let findings = summary_of(config, &rows);
        write_summary(out, &findings, &env.messages, env.style)?;
    }
    let names = config.names.map(|lookup| names_of(lookup, env, &rows));
    let opts = config.table_options();
    let mut table = TableWriter::new(out, opts, &env.glossary, &env.messages, env.style);
    if let Some(names) = &names {
        table = table.with_names(names);
    }
    for (i, socket) in rows.iter().enumerate() {
        table.row(socket, &notes_of(i))?;
    }
    table.finish()?;
    Ok(())
}

/// The names of every address and port of the table (`--names`), within the DNS budget.
fn names_of(lookup: Lookup, env: &Env, rows: &[&Socket]) -> Names {
    let ends: Vec<_> = rows
        .iter()
        .flat_map(|s| [s.local(), s.remote()])
        .flatten()
        .collect();
    let dns = (lookup == Lookup::Dns).then_some(&env.resolver);
    Names::resolve(env.source.name_files(), &ends, dns)
}

/// What the whole table says, and what the options left out of it.
fn summary_of(config: &SocketsConfig, rows: &[&Socket]) -> Vec<Finding> {
    let mut tally = Tally::default();
    for socket in rows {
        tally.add(socket, false);
    }
    let hidden = Hidden {
        listeners: config.selection == Selection::Connected,
        grep: None,
        unix: !config.families.contains(&Family::Unix),
    };
    tally.findings(&hidden)
}

/// Every row's notes, read with the whole table and what is known of its owners.
fn notes_of<'a>(
    config: &SocketsConfig,
    env: &'a Env,
    rows: &'a [&'a Socket],
    diagnostics: &Diagnostics,
) -> TableNotes<'a> {
    let view = View {
        owners: match config.programs {
            true => OwnerView::Scanned {
                hidden: diagnostics.unreadable_processes,
                as_root: diagnostics.as_root,
            },
            false => OwnerView::NotAsked,
        },
        ss_queues: false,
        user_shown: config.extend,
        kernel: env.source.kernel(),
    };
    let peers = match config.families.contains(&Family::Unix) {
        true => env.source.unix_peers(),
        false => HashMap::new(),
    };
    TableNotes::new(rows, &peers, view, &env.glossary)
}
