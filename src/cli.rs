//! The command line, as clap derive types and nothing else: `app` turns these values into
//! the plain configurations the commands take, so clap stops here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "socklab",
    version,
    about = "Learn to read netstat by exploring the sockets on your own machine",
    propagate_version = true,
    args_override_self = true
)]
pub struct Cli {
    /// When to use colors (NO_COLOR is respected with auto).
    #[arg(long, global = true, help_heading = "Global options", value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Language of explanations and messages (default: from LC_ALL / LC_MESSAGES / LANG).
    #[arg(long, global = true, help_heading = "Global options", value_enum)]
    pub lang: Option<LangArg>,
    /// Read a fixture tree of /proc's shape (made by `socklab capture`) instead of /proc.
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "DIR"
    )]
    pub proc_root: Option<PathBuf>,
    /// Read lessons (*.md) from this directory instead of the built-in ones.
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "DIR"
    )]
    pub lessons_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Ko,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The live socket table, with netstat's flags and columns.
    Sockets(SocketsArgs),
    /// Write the part of /proc socklab reads as a fixture tree.
    Capture(CaptureArgs),
    /// Who owns :PORT, PORT, PID, a socket path or @name; and why nothing does.
    Who(WhoArgs),
    /// UNIX sockets grouped by where they live: path (and its filesystem), @abstract, unnamed.
    Unix(UnixArgs),
    /// Sockets appearing, disappearing and changing state, live.
    Watch(WatchArgs),
    /// One column, state, flag or address form explained; without TERM, the list.
    Glossary(GlossaryArgs),
    /// The TCP state machine drawn, with how many sockets are in each state now.
    States(StatesArgs),
    /// Shell completions for bash, zsh or fish, on stdout.
    Completions(CompletionsArgs),
    /// The man page (roff), on stdout.
    Man,
    /// Annotate netstat or ss output (from any OS) line by line.
    Explain(ExplainArgs),
    /// Hold N established loopback connections open (for scripts/bench.sh).
    #[command(hide = true)]
    Loadgen(LoadgenArgs),
    /// Walk a lesson step by step (a menu of lessons without LESSON).
    Learn(LearnArgs),
    /// List lessons with your progress.
    Lessons(LessonsArgs),
    /// Validate lesson files (for lesson authors): every problem with file:line.
    CheckLessons(CheckLessonsArgs),
}

/// netstat's table selectors, shared by `sockets` and `watch`; none given means all.
#[derive(Clone, Copy, Debug, Default, Args)]
pub struct FamilyArgs {
    /// TCP sockets.
    #[arg(short = 't', long)]
    pub tcp: bool,
    /// UDP sockets.
    #[arg(short = 'u', long)]
    pub udp: bool,
    /// Raw sockets.
    #[arg(short = 'w', long)]
    pub raw: bool,
    /// UNIX domain sockets.
    #[arg(short = 'x', long)]
    pub unix: bool,
}

#[derive(Debug, Args)]
pub struct SocketsArgs {
    #[command(flatten)]
    pub families: FamilyArgs,
    /// Only listening sockets ("servers").
    #[arg(short = 'l', long)]
    pub listening: bool,
    /// Listening and non-listening sockets.
    #[arg(short = 'a', long)]
    pub all: bool,
    /// Numeric addresses and ports (the default; accepted for netstat habits).
    #[arg(short = 'n', long)]
    pub numeric: bool,
    /// Names as netstat prints them without -n: ports from /etc/services, hosts from
    /// /etc/hosts; nothing leaves the machine. --names=dns: then reverse DNS as netstat
    /// does, which waits 1 s at most in all (addresses not named by then stay numbers).
    /// A --proc-root tree's own hosts, services and protocols files are read first.
    #[arg(
        long,
        value_enum,
        value_name = "HOW",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "files",
        conflicts_with_all = ["numeric", "json", "by_process"]
    )]
    pub names: Option<NamesArg>,
    /// Cut each address to netstat's 23 columns, as netstat does without -W: the host is
    /// cut and the port kept (ams16s29-in-f3.1e100.net:https becomes ams16s29-in-f3.1e:https).
    #[arg(long, conflicts_with_all = ["json", "by_process"])]
    pub netstat_width: bool,
    /// Show the PID/Program name of every process holding each socket.
    #[arg(short = 'p', long)]
    pub program: bool,
    /// Show User and Inode.
    #[arg(short = 'e', long)]
    pub extend: bool,
    /// Only sockets in this state (TCP: LISTEN, ESTABLISHED, TIME_WAIT…; UNIX: LISTENING, CONNECTED…). Implies -a.
    #[arg(long, value_name = "STATE")]
    pub state: Option<String>,
    /// Only sockets with this local or remote port.
    #[arg(long, value_name = "PORT")]
    pub port: Option<u16>,
    /// Group by owning process: one line per process with its socket counts. Implies -a.
    #[arg(long)]
    pub by_process: bool,
    /// JSON Lines, one socket per line.
    #[arg(long, conflicts_with = "by_process")]
    pub json: bool,
    /// Explain every column shown and annotate every row.
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// File holding the output; standard input when absent or `-`.
    pub file: Option<PathBuf>,
    /// Parse as this family instead of detecting it per section.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// JSON Lines: one object per input line.
    #[arg(long)]
    pub json: bool,
    /// Notes beside each line instead of below it, where the terminal is wide enough.
    #[arg(long, conflicts_with = "json")]
    pub side: bool,
}

/// How far `sockets --names` looks: the files unless DNS is asked for by name, so no
/// query leaves the machine by surprise (DESIGN: traffic only on loopback).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NamesArg {
    /// The hosts and services files only (the default).
    Files,
    /// The files, then reverse DNS (what netstat does).
    Dns,
}

/// Output families `--format` takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    #[value(name = "linux-netstat")]
    LinuxNetstat,
    Busybox,
    Ss,
    Bsd,
    Windows,
    Solaris,
    Lsof,
}

#[derive(Debug, Args)]
pub struct CaptureArgs {
    /// Directory to create (must be new or empty).
    pub dir: PathBuf,
    /// Also copy each process's command line (may contain secrets).
    #[arg(long)]
    pub with_cmdline: bool,
}

#[derive(Debug, Args)]
pub struct LoadgenArgs {
    /// Established connections to hold (each is two sockets: client and accepted server).
    #[arg(short = 'n', long, default_value_t = 1000)]
    pub connections: usize,
    /// UNIX stream connections to a socket file under the temp dir instead of TCP.
    #[arg(long)]
    pub unix: bool,
    /// Internal: run as worker number K holding `connections` connections.
    #[arg(long, hide = true)]
    pub worker: Option<u8>,
}

#[derive(Debug, Args)]
pub struct WhoArgs {
    /// :PORT or PORT (a port), PID (a process), /path/to/socket, or @name (abstract).
    pub target: String,
}

#[derive(Debug, Args)]
pub struct UnixArgs {
    /// A note on each group: what it is, where it lives, why.
    #[arg(long)]
    pub explain: bool,
    /// JSON Lines, one socket per line, with its group.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub families: FamilyArgs,
    /// Only listening sockets (otherwise all).
    #[arg(short = 'l', long)]
    pub listening: bool,
    /// Only sockets in this state.
    #[arg(long, value_name = "STATE")]
    pub state: Option<String>,
    /// Only sockets with this local or remote port.
    #[arg(long, value_name = "PORT")]
    pub port: Option<u16>,
    /// Time between refreshes (500ms, 2s, 1m).
    #[arg(long, default_value = "1s")]
    pub interval: String,
    /// Stop after N refreshes.
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
    /// Stop after this long (10s, 1m).
    #[arg(long)]
    pub duration: Option<String>,
    /// JSON Lines, one event per line.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct GlossaryArgs {
    /// A column, state, flag or address form, in any tool's spelling (Recv-Q, time-wait, ESTAB).
    pub term: Option<String>,
}

#[derive(Debug, Args)]
pub struct StatesArgs {
    /// A TCP state to mark in the picture (LISTEN, TIME_WAIT, close-wait…).
    pub state: Option<String>,
    /// Plain ASCII instead of box drawing (the default when the locale is not UTF-8,
    /// e.g. LANG=C).
    #[arg(long)]
    pub ascii: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    pub shell: ShellName,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ShellName {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Args)]
pub struct LearnArgs {
    /// Lesson id (see `socklab lessons`) or its number.
    pub lesson: Option<String>,
    /// Start at step N (1-based).
    #[arg(long, value_name = "N")]
    pub step: Option<usize>,
    /// No prompts: print every step, run its commands, check labs once (automatic when
    /// stdin or stdout is not a terminal).
    #[arg(long)]
    pub plain: bool,
    /// Forget this lesson's progress and start over.
    #[arg(long)]
    pub reset: bool,
}

#[derive(Debug, Args)]
pub struct LessonsArgs {
    /// JSON Lines, one lesson per line, with progress (for teachers collecting results).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CheckLessonsArgs {
    /// Directory of lesson files (*.md).
    pub dir: PathBuf,
}
