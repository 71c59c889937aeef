//! `socklab sockets`: the live table with netstat's flags, plus owners for every sharing
//! process, `--by-process`, `--explain` and `--json`.

use std::io::Write;

use anyhow::Result;

use super::Outcome;
use crate::knowledge::Glossary;
use crate::knowledge::messages::{Message, Messages};
use crate::model::{Diagnostics, Family, Socket, TcpState, UnixState};
use crate::render::table::{Selection, TableOptions, TableWriter, write_by_process, write_table};
use crate::render::{Style, json};
use crate::source::{Source, Want};

/// `--state`: a TCP (or UDP) state, or a UNIX one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateFilter {
    Tcp(TcpState),
    Unix(UnixState),
}

/// Plain configuration, made from the command line by `cli`.
#[derive(Clone, Debug)]
pub struct SocketsConfig {
    pub families: Vec<Family>,
    pub selection: Selection,
    pub extend: bool,
    pub programs: bool,
    pub state: Option<StateFilter>,
    pub port: Option<u16>,
    pub by_process: bool,
    pub json: bool,
    pub explain: bool,
}

impl SocketsConfig {
    /// Whether a row belongs in the output (decided while the table is read, before owners).
    pub fn keeps(&self, s: &Socket) -> bool {
        let selected = match self.selection {
            Selection::All => true,
            Selection::Listening => s.is_listening(),
            Selection::Connected => !s.is_listening(),
        };
        let state_ok = match self.state {
            None => true,
            Some(StateFilter::Tcp(want)) => s.unix.is_none() && s.state == Some(want),
            Some(StateFilter::Unix(want)) => s.unix.as_ref().is_some_and(|u| u.state == want),
        };
        let port_ok = self
            .port
            .is_none_or(|p| s.local_port() == Some(p) || s.remote_port() == Some(p));
        selected && state_ok && port_ok
    }

    fn filtered(&self) -> bool {
        self.state.is_some() || self.port.is_some()
    }
}

pub fn run(
    config: &SocketsConfig,
    source: &Source,
    glossary: &Glossary,
    messages: &Messages,
    style: Style,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    let owners = config.programs || config.by_process;
    let want = Want {
        families: config.families.clone(),
        owners,
        keep: &|s| config.keeps(s),
    };
    let has = |f: Family| config.families.contains(&f);
    let opts = TableOptions {
        selection: config.selection,
        inet: has(Family::Tcp) || has(Family::Udp) || has(Family::Raw),
        unix: has(Family::Unix),
        extend: config.extend,
        programs: config.programs,
        explain: config.explain,
    };
    let mut rows = 0usize;
    let diagnostics = if owners {
        // Owners are joined on the whole set of inodes: read everything, then print.
        let snapshot = source.snapshot(&want)?;
        rows = snapshot.sockets.len();
        if config.json {
            for socket in &snapshot.sockets {
                json::write_socket(out, socket, glossary, true)?;
            }
        } else if config.by_process {
            let unowned = messages.say(Message::ByProcessUnowned, &[]);
            write_by_process(out, &snapshot.sockets, &unowned, style)?;
        } else {
            write_table(out, &snapshot.sockets, &opts, glossary, style)?;
        }
        snapshot.diagnostics
    } else if config.json {
        // Without owners every row is printed as it is parsed: flat memory at any size.
        source.each(&want, |s| {
            rows += 1;
            json::write_socket(out, &s, glossary, false)
        })?
    } else {
        let mut table = TableWriter::new(out, opts, glossary, style);
        let diagnostics = source.each(&want, |s| {
            rows += 1;
            table.row(&s)
        })?;
        table.finish()?;
        diagnostics
    };
    out.flush()?;
    report_diagnostics(&diagnostics, messages, style, err)?;
    Ok(if config.filtered() && rows == 0 {
        Outcome::NothingMatched
    } else {
        Outcome::Found
    })
}

/// Problems that did not stop the read, once each, on stderr.
pub fn report_diagnostics(
    diagnostics: &Diagnostics,
    messages: &Messages,
    style: Style,
    err: &mut impl Write,
) -> Result<()> {
    for (table, n) in &diagnostics.malformed {
        let text = messages.say(Message::MalformedLines, &[("n", n), ("table", table)]);
        writeln!(err, "{}", style.warn(&text))?;
    }
    let hidden = diagnostics.unreadable_processes;
    if diagnostics.owners_scanned && hidden > 0 {
        let text = messages.say(Message::OwnersHidden, &[("n", &hidden)]);
        writeln!(err, "{}", style.warn(&text))?;
    }
    Ok(())
}
