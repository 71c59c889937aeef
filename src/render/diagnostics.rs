//! Problems met while reading that did not stop it, said once each on stderr, the same way
//! by every command that reads the tables (`sockets`, `unix`, `who`, `watch`): malformed
//! table lines, and owners that could not be read — with what is true for this user (as
//! root, a container or security module hides them; otherwise root would show them).

use std::io::{self, Write};

use super::Style;
use crate::knowledge::messages::{Message, Messages};
use crate::model::Diagnostics;

pub fn write_diagnostics(
    err: &mut impl Write,
    diagnostics: &Diagnostics,
    messages: &Messages,
    style: Style,
) -> io::Result<()> {
    for (table, n) in &diagnostics.malformed {
        let text = messages.say(Message::MalformedLines, args!(n = n, table = table));
        writeln!(err, "{}", style.warn(&text))?;
    }
    let hidden = diagnostics.unreadable_processes;
    if diagnostics.owners_scanned && hidden > 0 {
        let key = if diagnostics.as_root {
            Message::OwnersHiddenRoot
        } else {
            Message::OwnersHidden
        };
        writeln!(err, "{}", style.warn(&messages.say(key, args!(n = hidden))))?;
    }
    Ok(())
}
