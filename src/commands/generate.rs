//! `socklab completions SHELL` and `socklab man`: generated from the CLI definition, so
//! they never drift from the real flags.

use std::io::Write;

use anyhow::Result;

use crate::Outcome;

pub fn completions(
    shell: clap_complete::Shell,
    mut command: clap::Command,
    out: &mut impl Write,
) -> Result<Outcome> {
    clap_complete::generate(shell, &mut command, "socklab", out);
    Ok(Outcome::Found)
}

pub fn man(command: clap::Command, out: &mut impl Write) -> Result<Outcome> {
    clap_mangen::Man::new(command).render(out)?;
    Ok(Outcome::Found)
}
