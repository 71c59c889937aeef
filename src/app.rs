//! Dispatch: from a parsed command line to a command run, with the style, language and
//! source decided once. `main` only maps the result to an exit status.

use std::io::{IsTerminal, Write};

use anyhow::Result;

use crate::cli::{Cli, ColorWhen, Command};
use crate::commands::{Outcome, capture, check_lessons, explain, learn, lessons, loadgen, sockets};
use crate::knowledge::messages::Messages;
use crate::knowledge::{Glossary, Lang};
use crate::render::Style;
use crate::source::Source;

pub fn run(cli: Cli, out: &mut impl Write, err: &mut impl Write) -> Result<Outcome> {
    let style = style(cli.color);
    let lang = cli.lang.map_or_else(Lang::from_env, Lang::from);
    let source = match &cli.proc_root {
        Some(dir) => Source::at(dir)?,
        None => Source::live(),
    };
    let glossary = Glossary::for_lang(lang);
    let messages = Messages::for_lang(lang);
    match cli.command {
        Some(Command::Sockets(args)) => {
            let config = args.into_config();
            sockets::run(&config, &source, &glossary, &messages, style, out, err)
        }
        Some(Command::Capture(args)) => {
            capture::run(&source, &args.dir, args.with_cmdline, &messages, out)
        }
        Some(Command::Explain(args)) => {
            explain::run(&args.into_config(), &glossary, &messages, style, out, err)
        }
        Some(Command::Loadgen(args)) => loadgen::run(args.connections, args.worker, out),
        Some(Command::Who(args)) => {
            crate::commands::who::run(&args.target, &source, &glossary, &messages, style, out)
        }
        Some(Command::Unix(args)) => {
            let view = match (args.json, args.explain) {
                (true, _) => crate::commands::unix::View::Json,
                (false, explain) => crate::commands::unix::View::Groups { explain },
            };
            crate::commands::unix::run(view, &source, &glossary, &messages, style, out, err)
        }
        Some(Command::Watch(args)) => {
            let mut config = args.into_config();
            config.live = !config.json && std::io::stdout().is_terminal();
            crate::commands::watch::run(&config, &source, &glossary, &messages, style, out, err)
        }
        Some(Command::Glossary(args)) => {
            crate::commands::glossary::run(args.term.as_deref(), &glossary, &messages, style, out)
        }
        Some(Command::Completions(args)) => {
            use clap::CommandFactory;
            crate::commands::generate::completions(args.shell(), Cli::command(), out)
        }
        Some(Command::Man) => {
            use clap::CommandFactory;
            crate::commands::generate::man(Cli::command(), out)
        }
        Some(Command::Learn(args)) => {
            let mut config = args.into_config(cli.lessons_dir, cli.proc_root);
            config.lang = lang;
            learn::run(&config, style, out, err)
        }
        Some(Command::Lessons(args)) => {
            let dir = cli.lessons_dir.as_deref();
            lessons::run(dir, args.json, &messages, style, out, err)
        }
        Some(Command::CheckLessons(args)) => check_lessons::run(&args.dir, &messages, out),
        // On a terminal, the lesson menu; otherwise help.
        None if learn::interactive_terminal() => {
            let config = learn::LearnConfig {
                lessons_dir: cli.lessons_dir,
                proc_root: cli.proc_root,
                lang,
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

/// Colors and width, from the flag, `NO_COLOR`, `COLUMNS` and whether stdout is a tty.
fn style(color: ColorWhen) -> Style {
    let tty = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
    let tty_width = || {
        tty.then(terminal_size::terminal_size)
            .flatten()
            .map(|(w, _)| w.0 as usize)
    };
    Style {
        color: match color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => tty && !no_color,
        },
        width: columns.or_else(tty_width),
    }
}
