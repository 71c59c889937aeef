//! Dispatch: from a parsed command line to a command run, with the style and source
//! decided once. `main` only maps the result to an exit status.

use std::io::{IsTerminal, Write};

use anyhow::Result;

use crate::cli::{Cli, ColorWhen, Command};
use crate::commands::{Outcome, capture, check_lessons, learn, lessons, loadgen, sockets};
use crate::knowledge::Glossary;
use crate::render::Style;
use crate::source::Source;

pub fn run(cli: Cli, out: &mut impl Write, err: &mut impl Write) -> Result<Outcome> {
    let style = Style {
        color: match cli.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        },
    };
    let source = match &cli.proc_root {
        Some(dir) => Source::at(dir)?,
        None => Source::live(),
    };
    let glossary = Glossary::english();
    match cli.command {
        Some(Command::Sockets(args)) => {
            sockets::run(&args.into_config(), &source, &glossary, style, out, err)
        }
        Some(Command::Capture(args)) => capture::run(&source, &args.dir, args.with_cmdline, out),
        Some(Command::Loadgen(args)) => loadgen::run(args.connections, args.worker, out),
        Some(Command::Learn(args)) => {
            let config = args.into_config(cli.lessons_dir, cli.proc_root);
            learn::run(&config, style, out, err)
        }
        Some(Command::Lessons(args)) => {
            lessons::run(cli.lessons_dir.as_deref(), args.json, style, out, err)
        }
        Some(Command::CheckLessons(args)) => check_lessons::run(&args.dir, out),
        // On a terminal, the lesson menu; otherwise help.
        None if learn::interactive_terminal() => {
            let config = learn::LearnConfig {
                lessons_dir: cli.lessons_dir,
                proc_root: cli.proc_root,
                ..Default::default()
            };
            learn::run(&config, style, out, err)
        }
        None => {
            use clap::CommandFactory;
            write!(out, "{}", Cli::command().render_help())?;
            Ok(Outcome::Found)
        }
    }
}
