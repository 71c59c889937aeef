//! The one place that wires socklab together (fd's `construct_config`): the command line
//! is parsed here, its clap values become the plain configurations the commands take, the
//! [`Env`] (source, glossary, messages, style) is built once, and the command runs. The
//! lesson engine reaches back into this dispatch only through [`LessonCommands`], its
//! [`Commands`] trait, so nothing below `app` names the CLI.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Result, anyhow, bail};
use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches, Parser};

use crate::Outcome;
use crate::cli::{
    Cli, ColorWhen, Command, ExplainArgs, FamilyArgs, FormatArg, LangArg, NamesArg, ShellName,
    SocketsArgs, StatesArgs, UnixArgs, WatchArgs,
};
use crate::commands::explain::ExplainConfig;
use crate::commands::learn::LearnConfig;
use crate::commands::sockets::SocketsConfig;
use crate::commands::states::StatesConfig;
use crate::commands::unix::View;
use crate::commands::watch::WatchConfig;
use crate::commands::{self, Env};
use crate::explain::Format;
use crate::knowledge::Lang;
use crate::knowledge::machine::DRAWN;
use crate::knowledge::messages::{Message, Messages};
use crate::lesson::exec::Commands;
use crate::model::{AnyState, Family, TcpState, UnixState};
use crate::render::Style;
use crate::render::states::Charset;
use crate::render::table::Selection;
use crate::source::Source;
use crate::source::names::Lookup;
use crate::usage;

/// Parses `args` (the program name first) and runs the command. Help and version are
/// written to `out`; a usage error is an `Err` of one line that says what to do.
/// Help, usage errors and the errors a user can cause are said in the run's language
/// (`usage`): the language is read from the raw arguments before clap parses them.
pub fn run(
    args: impl IntoIterator<Item = OsString>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    let args: Vec<OsString> = args.into_iter().collect();
    let messages = Messages::for_lang(usage::lang_of(&args));
    let parsed = usage::localized(Cli::command(), &messages)
        .try_get_matches_from(args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    match parsed {
        Ok(cli) => dispatch(cli, out, err).map_err(|e| usage::said(e, &messages)),
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            write!(out, "{}", e.render())?;
            Ok(Outcome::Found)
        }
        // clap's message is several lines; the contract is one line that says what to do.
        Err(e) => Err(usage::usage_error(&e, &messages)),
    }
}

/// The options every command shares, as the learner gave them.
#[derive(Clone, Debug)]
struct Globals {
    color: ColorWhen,
    lang: Lang,
    proc_root: Option<PathBuf>,
    lessons_dir: Option<PathBuf>,
}

impl Globals {
    fn of(cli: &Cli) -> Globals {
        Globals {
            color: cli.color,
            lang: cli.lang.map_or_else(Lang::from_env, lang),
            proc_root: cli.proc_root.clone(),
            lessons_dir: cli.lessons_dir.clone(),
        }
    }

    fn env(&self) -> Result<Env> {
        let source = match &self.proc_root {
            Some(dir) => Source::at(dir)?,
            None => Source::live(),
        };
        let mut env = Env::new(source, self.lang, style(self.color));
        env.charset = charset();
        Ok(env)
    }
}

fn lang(arg: LangArg) -> Lang {
    match arg {
        LangArg::En => Lang::En,
        LangArg::Ko => Lang::Ko,
    }
}

fn dispatch(cli: Cli, out: &mut impl Write, err: &mut impl Write) -> Result<Outcome> {
    let globals = Globals::of(&cli);
    let env = globals.env()?;
    match cli.command {
        Some(command) => run_command(command, &globals, &env, out, err),
        // On a terminal, the lesson menu; otherwise help.
        None if commands::learn::interactive_terminal() => {
            commands::learn::run(&learn_config(&globals, None), &env, out, err)
        }
        None => {
            let mut help = usage::localized(Cli::command(), &env.messages);
            write!(out, "{}", help.render_help())?;
            Ok(Outcome::Found)
        }
    }
}

fn run_command(
    command: Command,
    globals: &Globals,
    env: &Env,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    match command {
        Command::Sockets(args) => {
            commands::sockets::run(&sockets_config(args, &env.messages)?, env, out, err)
        }
        Command::Capture(args) => commands::capture::run(&args.dir, args.with_cmdline, env, out),
        Command::Explain(args) => commands::explain::run(&explain_config(args), env, out, err),
        Command::Loadgen(args) => {
            commands::loadgen::run(args.connections, args.worker, args.unix, out)
        }
        Command::Who(args) => commands::who::run(&args.target, env, out, err),
        Command::Unix(args) => commands::unix::run(unix_view(&args), env, out, err),
        Command::Watch(args) => {
            commands::watch::run(&watch_config(args, &env.messages)?, env, out, err)
        }
        Command::Glossary(args) => {
            let term = glossary_term(args.term.as_deref(), &env.messages)?;
            commands::glossary::run(term, env, out)
        }
        Command::States(args) => {
            commands::states::run(&states_config(&args, env, &env.messages)?, env, out, err)
        }
        Command::Completions(args) => {
            commands::generate::completions(shell(args.shell), Cli::command(), out)
        }
        Command::Man => commands::generate::man(Cli::command(), out),
        Command::Learn(args) => {
            let mut config = learn_config(globals, args.lesson);
            config.step = args.step;
            config.plain = args.plain;
            config.reset = args.reset;
            commands::learn::run(&config, env, out, err)
        }
        Command::Lessons(args) => {
            let dir = globals.lessons_dir.as_deref();
            let blocks = lesson_commands(globals);
            commands::lessons::run(dir, &*blocks, args.json, env, out, err)
        }
        Command::CheckLessons(args) => {
            commands::check_lessons::run(&args.dir, &*lesson_commands(globals), env, out)
        }
    }
}

fn explain_config(args: ExplainArgs) -> ExplainConfig {
    ExplainConfig {
        input: args.file,
        format: args.format.map(format),
        json: args.json,
        side: args.side,
    }
}

fn unix_view(args: &UnixArgs) -> View {
    match args.json {
        true => View::Json,
        false => View::Groups {
            explain: args.explain,
        },
    }
}

/// `glossary TERM`: an empty term is a usage error, not a search for everything.
fn glossary_term<'a>(term: Option<&'a str>, messages: &Messages) -> Result<Option<&'a str>> {
    if term.is_some_and(|t| t.trim().is_empty()) {
        bail!(messages.say(Message::EmptyTerm, args!()));
    }
    Ok(term)
}

fn shell(arg: ShellName) -> clap_complete::Shell {
    match arg {
        ShellName::Bash => clap_complete::Shell::Bash,
        ShellName::Zsh => clap_complete::Shell::Zsh,
        ShellName::Fish => clap_complete::Shell::Fish,
    }
}

fn format(arg: FormatArg) -> Format {
    match arg {
        FormatArg::LinuxNetstat => Format::LinuxNetstat,
        FormatArg::Busybox => Format::Busybox,
        FormatArg::Ss => Format::Ss,
        FormatArg::Bsd => Format::Bsd,
        FormatArg::Windows => Format::Windows,
        FormatArg::Solaris => Format::Solaris,
        FormatArg::Lsof => Format::Lsof,
    }
}

/// netstat's `-t -u -w -x`; none given means all four.
fn families(args: FamilyArgs) -> Vec<Family> {
    let chosen: Vec<Family> = [
        (args.tcp, Family::Tcp),
        (args.udp, Family::Udp),
        (args.raw, Family::Raw),
        (args.unix, Family::Unix),
    ]
    .into_iter()
    .filter_map(|(on, f)| on.then_some(f))
    .collect();
    if chosen.is_empty() {
        vec![Family::Tcp, Family::Udp, Family::Raw, Family::Unix]
    } else {
        chosen
    }
}

/// `--state`: a TCP or UNIX state name, else a usage error listing the valid ones.
fn state(text: Option<&str>, messages: &Messages) -> Result<Option<AnyState>> {
    let Some(text) = text else { return Ok(None) };
    if let Some(state) = AnyState::parse(text) {
        return Ok(Some(state));
    }
    let tcp: Vec<_> = TcpState::NAMED.iter().map(|s| s.name()).collect();
    let unix: Vec<_> = UnixState::ALL.iter().map(|s| s.key()).collect();
    let (tcp, unix) = (tcp.join(" "), unix.join(" "));
    let fill: [(&str, &dyn std::fmt::Display); 3] =
        [("text", &text), ("tcp", &tcp), ("unix", &unix)];
    bail!(messages.say(Message::BadState, &fill))
}

/// `500ms`, `2s`, `1.5s`, `1m`, or a bare number of seconds (humantime's forms).
fn duration(text: &str, messages: &Messages) -> Result<std::time::Duration> {
    let t = text.trim();
    let with_unit = if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        format!("{t}s")
    } else {
        t.to_string()
    };
    match humantime::parse_duration(&with_unit) {
        Ok(d) if !d.is_zero() => Ok(d),
        _ => bail!(messages.say(Message::BadDuration, &[("text", &text)])),
    }
}

/// `states [STATE] [--ascii]`: STATE must be a TCP state.
fn states_config(args: &StatesArgs, env: &Env, messages: &Messages) -> Result<StatesConfig> {
    let marked = match args.state.as_deref() {
        None => None,
        Some(text) => match TcpState::parse(text) {
            Some(state) => Some(state),
            None => {
                let states: Vec<_> = DRAWN.iter().map(|s| s.name()).collect();
                let states = states.join(" ");
                bail!(messages.say(Message::StatesNotTcp, args!(text = text, states = states)))
            }
        },
    };
    let charset = if args.ascii {
        Charset::Ascii
    } else {
        env.charset
    };
    Ok(StatesConfig { marked, charset })
}

fn sockets_config(args: SocketsArgs, messages: &Messages) -> Result<SocketsConfig> {
    let state = state(args.state.as_deref(), messages)?;
    // A per-process count means every socket the process holds, listeners included.
    let everything = args.all || state.is_some() || args.by_process;
    let selection = match (everything, args.listening) {
        (true, _) => Selection::All,
        (false, true) => Selection::Listening,
        (false, false) => Selection::Connected,
    };
    Ok(SocketsConfig {
        families: families(args.families),
        selection,
        extend: args.extend,
        programs: args.program,
        state,
        port: args.port,
        by_process: args.by_process,
        json: args.json,
        explain: args.explain,
        names: args.names.map(|how| match how {
            NamesArg::Dns => Lookup::Dns,
            NamesArg::Files => Lookup::Files,
        }),
        netstat_width: args.netstat_width,
    })
}

fn watch_config(args: WatchArgs, messages: &Messages) -> Result<WatchConfig> {
    let filter = SocketsConfig {
        families: families(args.families),
        // watch shows listeners and connections alike unless -l is given.
        selection: if args.listening {
            Selection::Listening
        } else {
            Selection::All
        },
        extend: false,
        programs: true,
        state: state(args.state.as_deref(), messages)?,
        port: args.port,
        by_process: false,
        json: args.json,
        explain: false,
        names: None,
        netstat_width: false,
    };
    let interval = duration(&args.interval, messages)?;
    if interval < MIN_INTERVAL {
        let (text, min) = (&args.interval, humantime::format_duration(MIN_INTERVAL));
        bail!(messages.say(Message::IntervalTooShort, args!(text = text, min = min)));
    }
    if args.count == Some(0) {
        bail!(messages.say(Message::CountZero, args!()));
    }
    Ok(WatchConfig {
        filter,
        interval,
        count: args.count,
        duration: args.duration.map(|d| duration(&d, messages)).transpose()?,
        json: args.json,
        live: !args.json && std::io::stdout().is_terminal(),
    })
}

/// The shortest `--interval`: a read of the tables and every fd takes milliseconds, and
/// faster refreshes would show the reads, not the sockets.
const MIN_INTERVAL: std::time::Duration = std::time::Duration::from_millis(100);

fn learn_config(globals: &Globals, lesson: Option<String>) -> LearnConfig {
    LearnConfig {
        lesson,
        step: None,
        plain: false,
        reset: false,
        lessons_dir: globals.lessons_dir.clone(),
        proc_root: globals.proc_root.clone(),
        commands: lesson_commands(globals),
    }
}

fn lesson_commands(globals: &Globals) -> Arc<LessonCommands> {
    Arc::new(LessonCommands {
        globals: globals.clone(),
        messages: Messages::for_lang(globals.lang),
    })
}

/// Box drawing when the locale's character set is UTF-8, else ASCII.
fn charset() -> Charset {
    let var = |k| std::env::var(k).ok();
    Charset::from_locale(
        var("LC_ALL").as_deref(),
        var("LC_CTYPE").as_deref(),
        var("LANG").as_deref(),
    )
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
        // 0 is no width; beyond a few hundred columns nothing is easier to read.
        width: columns
            .filter(|w| *w > 0)
            .or_else(tty_width)
            .map(|w: usize| w.min(Style::MAX_WIDTH)),
    }
}

/// The lesson engine's way back into this dispatch: a `socklab` block's words are parsed
/// by the real CLI definition (so `check-lessons` rejects what the CLI would) and run with
/// the learner's global options, in-process. Never a shell.
pub struct LessonCommands {
    globals: Globals,
    /// The run's language: a block that would not run is said in it.
    messages: Messages,
}

impl LessonCommands {
    /// Why a block would not run, in the run's language.
    fn refuse(&self, problem: String) -> String {
        let m = &self.messages;
        m.say(Message::LessonSocklabBlock, args!(problem = problem))
    }

    fn parse(&self, args: &[String]) -> Result<Cli, String> {
        let m = &self.messages;
        let words = std::iter::once("socklab".to_string()).chain(args.iter().cloned());
        let cli = Cli::try_parse_from(words).map_err(|e| self.refuse(usage::usage_line(&e, m)))?;
        match &cli.command {
            None => return Err(self.refuse(m.say(Message::LessonSocklabNoCommand, args!()))),
            Some(c) if !readonly(c) => {
                let command = args.first().map_or("", String::as_str);
                let fill = args!(command = command);
                return Err(self.refuse(m.say(Message::LessonSocklabWrites, fill)));
            }
            Some(_) => {}
        }
        if let Some(Command::Sockets(args)) = &cli.command
            && args.names == Some(NamesArg::Dns)
        {
            return Err(self.refuse(m.say(Message::LessonSocklabDns, args!())));
        }
        let global = cli.proc_root.is_some()
            || cli.lessons_dir.is_some()
            || cli.color != ColorWhen::Auto
            || cli.lang.is_some();
        if global {
            return Err(self.refuse(m.say(Message::LessonSocklabGlobals, args!())));
        }
        Ok(cli)
    }
}

/// Whether a subcommand may run from a lesson (reads only; no files written, no loops).
fn readonly(command: &Command) -> bool {
    match command {
        Command::Sockets(_) | Command::Who(_) | Command::Unix(_) | Command::Glossary(_) => true,
        Command::States(_) => true,
        // watch never ends by itself; the rest write files or generate text for shells.
        Command::Watch(_) | Command::Completions(_) | Command::Man => false,
        // explain reads stdin when given no file, which would hang a lesson step.
        Command::Explain(_) => false,
        Command::Capture(_) | Command::Loadgen(_) => false,
        Command::Learn(_) | Command::Lessons(_) | Command::CheckLessons(_) => false,
    }
}

impl Commands for LessonCommands {
    fn check(&self, args: &[String]) -> Result<(), String> {
        self.parse(args).map(|_| ())
    }

    fn run(
        &self,
        args: &[String],
        mut out: &mut dyn Write,
        mut err: &mut dyn Write,
    ) -> Result<Outcome> {
        let mut cli = self.parse(args).map_err(|e| anyhow!(e))?;
        cli.proc_root = self.globals.proc_root.clone();
        // Blocks print into a buffer: color only when the learner's terminal has it.
        cli.color = if style(self.globals.color).color {
            ColorWhen::Always
        } else {
            ColorWhen::Never
        };
        cli.lang = Some(match self.globals.lang {
            Lang::En => LangArg::En,
            Lang::Ko => LangArg::Ko,
        });
        dispatch(cli, &mut out, &mut err)
    }

    fn explain(
        &self,
        text: &str,
        mut out: &mut dyn Write,
        mut err: &mut dyn Write,
    ) -> Result<Outcome> {
        let config = ExplainConfig {
            input: None,
            format: None,
            json: false,
            side: false,
        };
        // As a block's command would: the learner's language and terminal, no source read.
        let env = Env::new(Source::live(), self.globals.lang, style(self.globals.color));
        commands::explain::explain(text.as_bytes(), &config, &env, &mut out, &mut err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(words: &str) -> Result<(), String> {
        let globals = Globals {
            color: ColorWhen::Never,
            lang: Lang::En,
            proc_root: None,
            lessons_dir: None,
        };
        let args: Vec<String> = words.split_whitespace().map(String::from).collect();
        lesson_commands(&globals).check(&args)
    }

    #[test]
    fn lesson_blocks_are_checked_by_the_real_cli() {
        assert!(check("sockets -tan").is_ok());
        assert!(check("who :22").is_ok());
        assert!(check("states TIME_WAIT").is_ok());
        assert!(check("sockets -ta --names=files --netstat-width").is_ok());
        assert!(check("sockets -ta --names").is_ok());
        assert!(
            check("sockets -ta --names=dns")
                .unwrap_err()
                .contains("off this machine")
        );
        let bad = check("sockets --no-such-flag").unwrap_err();
        assert!(bad.contains("no-such-flag"), "{bad}");
        assert!(
            check("watch")
                .unwrap_err()
                .contains("cannot run inside a lesson")
        );
        assert!(
            check("--lang ko sockets")
                .unwrap_err()
                .contains("global options")
        );
        assert!(check("").unwrap_err().contains("give a subcommand"));
    }
}
