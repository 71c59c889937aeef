//! `socklab states [STATE]`: the TCP state machine drawn in the terminal, with how many of
//! the TCP sockets read now (live, or from `--proc-root`) are in each state; STATE, if
//! given, is marked. Read-only, so lessons may run it.

use std::io::Write;

use anyhow::Result;

use super::Env;
use crate::Outcome;
use crate::model::{Family, TcpState};
use crate::render::diagnostics::write_diagnostics;
use crate::render::states::{Census, Charset, write_states};
use crate::source::Want;

/// Plain configuration, made from the command line by `app`.
#[derive(Clone, Copy, Debug)]
pub struct StatesConfig {
    pub marked: Option<TcpState>,
    pub charset: Charset,
}

pub fn run(
    config: &StatesConfig,
    env: &Env,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    let mut census = Census::default();
    let want = Want {
        families: vec![Family::Tcp],
        owners: false,
        keep: &|_| true,
    };
    let diagnostics = env.source.each(&want, |socket| {
        if let Some(state) = socket.tcp_state() {
            census.add(state);
        }
        Ok(())
    })?;
    let (messages, style) = (&env.messages, env.style);
    write_states(out, &census, config.marked, config.charset, messages, style)?;
    out.flush()?;
    write_diagnostics(err, &diagnostics, messages, style)?;
    Ok(Outcome::Found)
}
