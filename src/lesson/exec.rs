//! Running a `socklab` block: the lesson engine asks the program around it, through the
//! small [`Commands`] trait, to check a block's words the way the real command line would
//! and to run them in-process into writers — never a shell. `app` implements the trait
//! with the learner's global options, so this module knows nothing of clap or dispatch.

use std::io::Write;

use anyhow::Result;

use crate::Outcome;
use crate::knowledge::messages::{Message, Messages};
use crate::source::Source;

/// What the lesson engine needs from the program it runs in.
pub trait Commands {
    /// `Err` with a one-line reason when these words would not run in a lesson (bad usage,
    /// a command that writes or never ends, a global option the learner owns).
    fn check(&self, args: &[String]) -> Result<(), String>;
    /// Runs one command line (placeholders already filled) into `out` and `err`.
    fn run(&self, args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome>;
    /// Runs `socklab explain` on `text` as if it came on standard input.
    fn explain(&self, text: &str, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome>;
}

/// Which sockets labs watch, and so whether demos may open any.
#[derive(Clone, Debug)]
pub enum Tables {
    /// The running kernel: demos open real sockets, labs see them and the learner's own.
    Live,
    /// A saved tree (`--proc-root`): labs read it; demos are not opened, as their live
    /// sockets would never show in it.
    Saved(Source),
}

impl Tables {
    /// Where labs read from.
    pub fn source(&self) -> Source {
        match self {
            Tables::Live => Source::live(),
            Tables::Saved(source) => source.clone(),
        }
    }
}

/// What every block of a lesson run shares.
#[derive(Clone)]
pub struct Context<'a> {
    pub commands: &'a dyn Commands,
    /// The runner's words and the blocks' language: the learner's.
    pub messages: &'a Messages,
    pub tables: Tables,
}

impl Context<'_> {
    /// A runner message in the learner's language.
    pub fn say(&self, message: Message, fill: &[(&str, &dyn std::fmt::Display)]) -> String {
        self.messages.say(message, fill)
    }
}

/// Runs an `explain` block: a line saying what is explained, then `socklab explain`'s
/// output. Returns 1 when nothing in it was recognized: a pasted table that explain cannot
/// read is a broken lesson.
pub fn run_paste(text: &str, ctx: &Context, out: &mut impl Write) -> std::io::Result<usize> {
    writeln!(out, "{}", ctx.say(Message::PasteCommand, &[]))?;
    let (mut buf, mut ebuf) = (Vec::new(), Vec::new());
    let result = ctx.commands.explain(text, &mut buf, &mut ebuf);
    out.write_all(&buf)?;
    out.write_all(&ebuf)?;
    let failed = match result {
        Ok(Outcome::Found | Outcome::Interrupted) => 0,
        Ok(Outcome::NothingMatched) => 1,
        Err(e) => {
            writeln!(out, "socklab: {e:#}")?;
            1
        }
    };
    writeln!(out)?;
    Ok(failed)
}

/// Runs every command of a `socklab` block, writing `$ socklab …` and its output (stderr
/// too, in place) to `out`. Returns how many failed (exit 2); "nothing matched" is an answer.
pub fn run_block(
    commands: &[super::Command],
    values: &[(&'static str, String)],
    ctx: &Context,
    out: &mut impl Write,
) -> std::io::Result<usize> {
    let mut failed = 0;
    for c in commands {
        let args = super::parse::fill(&c.args, values);
        let shown = super::Command {
            args: args.clone(),
            line: c.line,
        };
        writeln!(
            out,
            "$ {}",
            crate::render::sanitize::escape(&shown.display())
        )?;
        let mut buf = Vec::new();
        let mut ebuf = Vec::new();
        let result = ctx.commands.run(&args, &mut buf, &mut ebuf);
        out.write_all(&buf)?;
        out.write_all(&ebuf)?;
        match result {
            // Blocks are read-only commands, which never ask the learner anything.
            Ok(Outcome::Found | Outcome::Interrupted) => {}
            Ok(Outcome::NothingMatched) => {
                writeln!(out, "{}", ctx.say(Message::NothingMatched, &[]))?
            }
            Err(e) => {
                failed += 1;
                writeln!(out, "socklab: {e:#}")?;
            }
        }
        writeln!(out)?;
    }
    Ok(failed)
}
