//! `socklab explain [FILE|-]`: annotate pasted netstat/ss output line by line, streaming
//! (one line read, understood and written at a time). Exit 1 when nothing in the input
//! was recognized, with one line on stderr naming the families tried.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::Outcome;
use crate::explain::{Explainer, Format};
use crate::knowledge::Glossary;
use crate::knowledge::messages::{Message, Messages};
use crate::render::Style;
use crate::render::annotate::Annotator;

/// Plain configuration, made from the command line by `cli`.
#[derive(Clone, Debug)]
pub struct ExplainConfig {
    /// `None` or `-`: standard input.
    pub input: Option<PathBuf>,
    pub format: Option<Format>,
    pub json: bool,
    /// `--side`: notes beside the lines (width from `COLUMNS`, else the terminal, else 120).
    pub side: bool,
}

fn side_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| terminal_size::terminal_size().map(|(w, _)| w.0 as usize))
        .unwrap_or(120)
}

pub fn run(
    config: &ExplainConfig,
    glossary: &Glossary,
    messages: &Messages,
    style: Style,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    match config.input.as_deref() {
        Some(path) if path.as_os_str() != "-" => {
            let file = File::open(path).with_context(|| {
                messages.say(Message::ExplainCannotOpen, &[("path", &path.display())])
            })?;
            let input = BufReader::new(file);
            explain(input, config, glossary, messages, style, out, err)
        }
        _ => {
            let input = std::io::stdin().lock();
            explain(input, config, glossary, messages, style, out, err)
        }
    }
}

/// Line-buffered stdout would make one write per line; buffer, flush at the end.
fn buffered<W: Write>(out: W) -> std::io::BufWriter<W> {
    std::io::BufWriter::with_capacity(64 * 1024, out)
}

/// The loop over any reader: what tests and lessons call in-process.
pub fn explain(
    mut input: impl BufRead,
    config: &ExplainConfig,
    glossary: &Glossary,
    messages: &Messages,
    style: Style,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    let mut out = buffered(out);
    let out = &mut out;
    let mut explainer = Explainer::new(config.format);
    let mut annotator = Annotator::new(glossary, messages, style, config.json);
    if config.side {
        annotator.side_by_side(side_width());
    }
    let mut buf = Vec::with_capacity(256);
    loop {
        buf.clear();
        let n = input.read_until(b'\n', &mut buf).context("reading input")?;
        if n == 0 {
            break;
        }
        let raw = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let line = explainer.line(raw);
        annotator.write_line(out, &line)?;
    }
    annotator.finish(out)?;
    out.flush()?;
    if annotator.recognized() == 0 {
        let tried = explainer.tried().join(", ");
        let text = messages.say(Message::ExplainNothingRecognized, &[("tried", &tried)]);
        writeln!(err, "{text}")?;
        return Ok(Outcome::NothingMatched);
    }
    Ok(Outcome::Found)
}
