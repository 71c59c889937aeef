//! Dispatch: from a parsed command line to a command run, with the style and source
//! decided once. `main` only maps the result to an exit status.

use std::io::{IsTerminal, Write};

use anyhow::Result;

use crate::cli::{Cli, ColorWhen, Command};
use crate::commands::{Outcome, capture, explain, loadgen, sockets};
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
        Some(Command::Explain(args)) => {
            explain::run(&args.into_config(), &glossary, style, out, err)
        }
        Some(Command::Capture(args)) => capture::run(&source, &args.dir, args.with_cmdline, out),
        Some(Command::Loadgen(args)) => loadgen::run(args.connections, args.worker, out),
        None => {
            use clap::CommandFactory;
            write!(out, "{}", Cli::command().render_help())?;
            Ok(Outcome::Found)
        }
    }
}
