//! `socklab explain [FILE|-]`: annotate pasted netstat/ss output line by line, streaming
//! (one line read, understood and written at a time). Exit 1 when nothing in the input
//! was recognized, with one line on stderr naming the families tried.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::sync::mpsc::{SyncSender, sync_channel};

use anyhow::{Context, Result};

use super::Env;
use crate::Outcome;
use crate::explain::{Explainer, Format, Line};
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

/// Line-buffered stdout would make one write per line; buffer, flush at the end.
fn buffered<W: Write>(out: W) -> std::io::BufWriter<W> {
    std::io::BufWriter::with_capacity(64 * 1024, out)
}

/// Lines travel from the parsing thread to the writing thread in batches of this many.
const BATCH: usize = 512;

/// The loop over any reader: what tests call in-process. Two stages on two threads —
/// reading and understanding lines, then annotating and writing them — joined by a
/// bounded channel, so memory stays flat and order is kept.
pub fn explain(
    input: impl BufRead + Send,
    config: &ExplainConfig,
    env: &Env,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    let mut out = buffered(out);
    let out = &mut out;
    let messages = &env.messages;
    let mut annotator = Annotator::new(&env.glossary, messages, env.style, config.json);
    if config.side {
        annotator.side_by_side(env.style.width.unwrap_or(120));
    }
    let (tx, rx) = sync_channel::<Vec<Line>>(8);
    let format = config.format;
    let (read, written) = std::thread::scope(|scope| {
        let reader = scope.spawn(move || read_lines(input, format, tx));
        let written = rx
            .into_iter()
            .flatten()
            .try_for_each(|line| annotator.write_line(out, &line));
        // On a write error the receiver is gone, and the reader stops at its next send.
        (reader.join(), written)
    });
    written?;
    let tried = read.map_err(|_| anyhow::anyhow!("the reading thread panicked"))??;
    annotator.finish(out)?;
    out.flush()?;
    if annotator.recognized() == 0 {
        let tried = tried.join(", ");
        let text = messages.say(Message::ExplainNothingRecognized, args!(tried = tried));
        writeln!(err, "{text}")?;
        return Ok(Outcome::NothingMatched);
    }
    Ok(Outcome::Found)
}

/// The first stage: every input line, understood, sent on in order. Returns the families
/// tried (for the "nothing recognized" message).
fn read_lines(
    mut input: impl BufRead,
    format: Option<Format>,
    tx: SyncSender<Vec<Line>>,
) -> Result<Vec<&'static str>> {
    let mut explainer = Explainer::new(format);
    let mut buf = Vec::with_capacity(256);
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        buf.clear();
        let n = input.read_until(b'\n', &mut buf).context("reading input")?;
        if n > 0 {
            let raw = buf.strip_suffix(b"\n").unwrap_or(&buf);
            batch.push(explainer.line(raw));
        }
        let full = n == 0 || batch.len() == BATCH;
        // A closed channel means the writer stopped (broken pipe): nothing more to do.
        if full
            && !batch.is_empty()
            && tx
                .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                .is_err()
        {
            break;
        }
        if n == 0 {
            break;
        }
    }
    Ok(explainer.tried())
}
