//! `socklab explain [FILE|-]`: annotate pasted netstat/ss output line by line, streaming
//! (lines read on one thread, understood and written on another). Exit 1 when nothing in the input
//! was recognized, with one line on stderr naming the families tried.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::Env;
use crate::Outcome;
use crate::explain::{Explainer, Format, stream};
use crate::knowledge::messages::Message;
use crate::render::annotate::Annotator;

/// Plain configuration, made from the command line by `app`.
#[derive(Clone, Debug)]
pub struct ExplainConfig {
    /// `None` or `-`: standard input.
    pub input: Option<PathBuf>,
    pub format: Option<Format>,
    pub json: bool,
    /// `--side`: notes beside the lines (the style's width, else 120 columns).
    pub side: bool,
}

pub fn run(
    config: &ExplainConfig,
    env: &Env,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    match config.input.as_deref() {
        Some(path) if path.as_os_str() != "-" => {
            let file = File::open(path).with_context(|| {
                env.messages
                    .say(Message::ExplainCannotOpen, args!(path = path.display()))
            })?;
            explain(BufReader::new(file), config, env, out, err)
        }
        _ => {
            // Not the stdin lock: the reading stage runs on its own thread.
            let input = BufReader::with_capacity(64 * 1024, std::io::stdin());
            explain(input, config, env, out, err)
        }
    }
}

/// The loop over any reader: what tests call in-process. Lines are read on one thread
/// and understood, annotated and written on this one (`explain::stream`), so memory
/// stays flat and order is kept.
pub fn explain(
    input: impl BufRead + Send,
    config: &ExplainConfig,
    env: &Env,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    // `out` is buffered by the caller (main's stdout is); a second buffer would only copy.
    let messages = &env.messages;
    let mut annotator = Annotator::new(&env.glossary, messages, env.style, config.json);
    if config.side {
        annotator.side_by_side(env.style.width.unwrap_or(120));
    }
    let mut explainer = Explainer::new(config.format);
    if let Some(path) = config.input.as_deref().filter(|p| p.as_os_str() != "-") {
        explainer = explainer.reading(&path.to_string_lossy());
    }
    stream::each_line(input, &mut explainer, |event| {
        annotator.write_event(out, event)
    })?;
    annotator.finish(out)?;
    out.flush()?;
    if annotator.recognized() == 0 {
        let tried = explainer.tried().join(", ");
        let text = messages.say(Message::ExplainNothingRecognized, args!(tried = tried));
        writeln!(err, "{text}")?;
        return Ok(Outcome::NothingMatched);
    }
    Ok(Outcome::Found)
}
