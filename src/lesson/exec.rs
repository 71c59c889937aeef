//! Running a `socklab` block in-process: the words are parsed by the real clap definition
//! (so `check-lessons` rejects what the CLI would), then dispatched through `app::run` with
//! the learner's `--proc-root` and color choice. Never a shell. Only read-only commands
//! may appear in a lesson: a lesson file is data, safe to share.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Result, bail};
use clap::Parser;

use crate::cli::{Cli, ColorWhen, Command, LangArg};
use crate::commands::Outcome;
use crate::knowledge::Lang;
use crate::knowledge::messages::{Message, Messages};

/// What every block of a lesson run shares.
#[derive(Clone, Debug, Default)]
pub struct Context {
    pub proc_root: Option<PathBuf>,
    pub color: bool,
    /// The learner's language: blocks explain in it, and the runner speaks it.
    pub lang: Lang,
    pub messages: Arc<Messages>,
}

impl Context {
    pub fn new(proc_root: Option<PathBuf>, color: bool, lang: Lang) -> Context {
        Context {
            proc_root,
            color,
            lang,
            messages: Arc::new(Messages::for_lang(lang)),
        }
    }

    /// A runner message in the learner's language.
    pub fn say(&self, message: Message, fill: &[(&str, &dyn std::fmt::Display)]) -> String {
        self.messages.say(message, fill)
    }
}

/// Whether a subcommand may run from a lesson (reads only; no files written, no loops).
fn allowed(command: &Command) -> bool {
    match command {
        Command::Sockets(_) | Command::Who(_) | Command::Unix(_) | Command::Glossary(_) => true,
        // watch never ends by itself; the rest write files or generate text for shells.
        Command::Watch(_) | Command::Completions(_) | Command::Man => false,
        // explain reads stdin when given no file, which would hang a lesson step.
        Command::Explain(_) => false,
        Command::Capture(_) | Command::Loadgen(_) => false,
        Command::Learn(_) | Command::Lessons(_) | Command::CheckLessons(_) => false,
    }
}

fn parse(args: &[String]) -> Result<Cli, String> {
    let placeholder_free = super::parse::fill(
        args,
        &[
            ("port", "1".to_string()),
            ("path", "/tmp/x".to_string()),
            ("abstract", "@x".to_string()),
        ],
    );
    let cli = Cli::try_parse_from(std::iter::once("socklab".to_string()).chain(placeholder_free))
        .map_err(|e| {
        let text = e.to_string();
        let first = text
            .lines()
            .next()
            .unwrap_or("bad usage")
            .trim_start_matches("error: ");
        format!("socklab block: {first}")
    })?;
    match &cli.command {
        None => return Err("socklab block: give a subcommand, e.g. `sockets -tan`".into()),
        Some(c) if !allowed(c) => {
            return Err(format!(
                "socklab block: `{}` cannot run inside a lesson (lessons only read; use an `sh` block to show it)",
                args.first().map_or("", String::as_str)
            ));
        }
        Some(_) => {}
    }
    if cli.proc_root.is_some()
        || cli.lessons_dir.is_some()
        || cli.color != ColorWhen::Auto
        || cli.lang.is_some()
    {
        return Err("socklab block: global options (--proc-root, --color, --lang, --lessons-dir) come from the learner, not the lesson".into());
    }
    Ok(cli)
}

/// Checks a block's words the way `run` would parse them.
pub fn check(args: &[String]) -> Result<(), String> {
    parse(args).map(|_| ())
}

/// Runs one command line (placeholders already filled).
pub fn run(
    args: &[String],
    ctx: &Context,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    let mut cli = match parse(args) {
        Ok(cli) => cli,
        Err(e) => bail!(e),
    };
    cli.proc_root = ctx.proc_root.clone();
    cli.color = if ctx.color {
        ColorWhen::Always
    } else {
        ColorWhen::Never
    };
    cli.lang = Some(match ctx.lang {
        Lang::En => LangArg::En,
        Lang::Ko => LangArg::Ko,
    });
    crate::app::run(cli, out, err)
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
        let result = run(&args, ctx, &mut buf, &mut ebuf);
        out.write_all(&buf)?;
        out.write_all(&ebuf)?;
        match result {
            Ok(Outcome::Found) => {}
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
