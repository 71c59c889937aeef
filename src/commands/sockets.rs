//! `socklab sockets`: the live table with netstat's flags, plus owners for every sharing
//! process, `--by-process`, `--explain` and `--json`.

use std::io::Write;

use anyhow::Result;

use super::Env;
use crate::Outcome;
use crate::knowledge::messages::Message;
use crate::model::{AnyState, Family, Socket};
use crate::render::diagnostics::write_diagnostics;
use crate::render::json;
use crate::render::table::{Selection, TableOptions, TableWriter, write_by_process, write_table};
use crate::source::Want;

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
    let (source, glossary, style) = (&env.source, &env.glossary, env.style);
    let owners = config.programs || config.by_process;
    let want = Want {
        families: config.families.clone(),
        owners,
        keep: &|s| config.keeps(s),
    };
    let opts = config.table_options();
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
            let unowned = env.messages.say(Message::ByProcessUnowned, args!());
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
    write_diagnostics(err, &diagnostics, &env.messages, style)?;
    Ok(if config.filtered() && rows == 0 {
        Outcome::NothingMatched
    } else {
        Outcome::Found
    })
}
