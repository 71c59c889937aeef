//! The closing summary of `explain`: the same findings as a live table's (counts, servers,
//! groups, piles, what the title and the pasted command hid, next commands), fed line by
//! line, remembering counts only, so memory does not grow with the input.

use std::io::{self, Write};

use super::Style;
use super::summary::write_summary;
use crate::explain::{Kind, Line, Table};
use crate::knowledge::messages::Messages;
use crate::knowledge::summary::{Hidden, Tally};

/// What the summary needs, and nothing that grows with the input.
#[derive(Default)]
pub struct Summary {
    tally: Tally,
    hidden: Hidden,
    pub recognized: usize,
    pub unrecognized: usize,
}

impl Summary {
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
        match line.kind {
            Kind::Blank => {}
            Kind::Unrecognized => self.unrecognized += 1,
            _ => self.recognized += 1,
        }
        if line.kind == Kind::Title && line.table == Some(Table::Inet) {
            self.hidden.listeners |= line.text.contains("w/o servers");
        }
        let Some(row) = &line.row else { return };
        let Some(socket) = &row.socket else { return };
        self.tally
            .add(socket, row.owner_text.as_deref() == Some("-"));
    }
}
