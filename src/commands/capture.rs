//! `socklab capture DIR`: write the live `/proc` subset socklab reads as a fixture tree.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use super::Env;
use crate::Outcome;
use crate::knowledge::messages::Message;
use crate::source::capture;

pub fn run(dir: &Path, with_cmdline: bool, env: &Env, out: &mut impl Write) -> Result<Outcome> {
    let done = capture::capture(&env.source, dir, with_cmdline)?;
    let text = env.messages.say(
        Message::Captured,
        args!(
            tables = done.tables,
            processes = done.processes,
            fds = done.sockets_fds,
            dir = dir.display()
        ),
    );
    writeln!(out, "{text}")?;
    Ok(Outcome::Found)
}
