//! The closing summary of `explain`: the same findings as a live table's (counts, servers,
//! groups, piles, what the title and the pasted command hid, next commands), fed line by
//! line, remembering counts only, so memory does not grow with the input.

use std::io::{self, Write};

use super::Style;
use super::summary::write_summary;
use crate::explain::{Command, Kind, Line, Table};
use crate::knowledge::messages::Messages;
use crate::knowledge::summary::{Hidden, Tally};

/// What the summary needs, and nothing that grows with the input.
#[derive(Default)]
pub struct Summary {
    tally: Tally,
    hidden: Hidden,
    pub recognized: usize,
    pub unrecognized: usize,
    /// Lines are only counted (`--json` prints no summary).
    counts_only: bool,
}

impl Summary {
    /// A summary that only counts lines: for output that has no summary.
    pub fn counts_only() -> Summary {
        Summary {
            counts_only: true,
            ..Summary::default()
        }
    }

    /// The closing summary.
    pub fn write(&self, w: &mut impl Write, m: &Messages, style: Style) -> io::Result<()> {
        if !self.tally.is_empty() {
            writeln!(w)?;
            write_summary(w, &self.tally.findings(&self.hidden), m, style)?;
        }
        Ok(())
    }

    /// Counts one line.
    pub fn count(&mut self, line: &Line) {
        match &line.kind {
            Kind::Blank => {}
            Kind::Unrecognized => self.unrecognized += 1,
            _ => self.recognized += 1,
        }
        if self.counts_only {
            return;
        }
        match &line.kind {
            Kind::Title { table: Table::Inet } => {
                self.hidden.listeners |= line.text.contains("w/o servers");
            }
            Kind::Command(command) => read_command(&mut self.hidden, command),
            _ => {}
        }
        let Some(row) = line.row() else { return };
        let Some(socket) = &row.socket else { return };
        self.tally.add(socket, row.owner_text == Some("-"));
    }
}

/// What a pasted command line leaves out of the output below it: rows a `| grep` dropped,
/// and the UNIX section when only Internet tables were asked for (`-t`, `-u`, `-w`).
fn read_command(hidden: &mut Hidden, command: &Command) {
    hidden.grep = command.pipes.iter().find_map(|pipe| {
        let mut words = pipe.split_whitespace();
        (words.next() == Some("grep")).then(|| {
            words
                .last()
                .unwrap_or("")
                .trim_matches(['\'', '"'])
                .to_string()
        })
    });
    let tool = matches!(command.program, "netstat" | "ss");
    let short: String = command
        .args
        .iter()
        .filter(|a| a.starts_with('-') && !a.starts_with("--"))
        .flat_map(|a| a.chars().skip(1))
        .collect();
    let long = |name: &str| command.args.contains(&name);
    let inet = short.contains(['t', 'u', 'w']) || long("--tcp") || long("--udp") || long("--raw");
    let unix = short.contains('x') || long("--unix");
    hidden.unix = tool && inet && !unix;
}
