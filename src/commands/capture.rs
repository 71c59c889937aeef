//! `socklab capture DIR`: write the live `/proc` subset socklab reads as a fixture tree.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use super::Outcome;
use crate::source::{Source, capture};

pub fn run(
    source: &Source,
    dir: &Path,
    with_cmdline: bool,
    out: &mut impl Write,
) -> Result<Outcome> {
    let done = capture::capture(source, dir, with_cmdline)?;
    writeln!(
        out,
        "captured {} tables and {} processes ({} socket fds) into {}; read it with --proc-root {}",
        done.tables,
        done.processes,
        done.sockets_fds,
        dir.display(),
        dir.display()
    )?;
    Ok(Outcome::Found)
}
