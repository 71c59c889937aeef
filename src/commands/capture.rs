//! `socklab capture DIR`: write the live `/proc` subset socklab reads as a fixture tree.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use super::Outcome;
use crate::knowledge::messages::{Message, Messages};
use crate::source::{Source, capture};

pub fn run(
    source: &Source,
    dir: &Path,
    with_cmdline: bool,
    messages: &Messages,
    out: &mut impl Write,
) -> Result<Outcome> {
    let done = capture::capture(source, dir, with_cmdline)?;
    let shown = dir.display();
    let fill: [(&str, &dyn std::fmt::Display); 4] = [
        ("tables", &done.tables),
        ("processes", &done.processes),
        ("fds", &done.sockets_fds),
        ("dir", &shown),
    ];
    writeln!(out, "{}", messages.say(Message::Captured, &fill))?;
    Ok(Outcome::Found)
}
