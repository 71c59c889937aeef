//! The command line (clap derive). clap types stop here: [`Cli::into_config`] turns them
//! into plain values the engine takes.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::commands::explain::ExplainConfig;
use crate::commands::sockets::{SocketsConfig, StateFilter};
use crate::explain::Format;
use crate::model::{Family, TcpState, UnixState};
use crate::render::table::Selection;

#[derive(Debug, Parser)]
#[command(
    name = "socklab",
    version,
    about = "Learn to read netstat by exploring the sockets on your own machine",
    propagate_version = true
)]
pub struct Cli {
    /// When to use colors (NO_COLOR is respected with auto).
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Read a fixture tree of /proc's shape (made by `socklab capture`) instead of /proc.
    #[arg(long, global = true, value_name = "DIR")]
    pub proc_root: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
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
    /// Annotate netstat or ss output (from any OS) line by line.
    Explain(ExplainArgs),
    /// Hold N established loopback connections open (for scripts/bench.sh).
    #[command(hide = true)]
    Loadgen(LoadgenArgs),
}

#[derive(Debug, Args)]
pub struct SocketsArgs {
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
    /// Only listening sockets ("servers").
    #[arg(short = 'l', long)]
    pub listening: bool,
    /// Listening and non-listening sockets.
    #[arg(short = 'a', long)]
    pub all: bool,
    /// Numeric addresses and ports (always the case; accepted for netstat habits).
    #[arg(short = 'n', long)]
    pub numeric: bool,
    /// Show the PID/Program name of every process holding each socket.
    #[arg(short = 'p', long)]
    pub program: bool,
    /// Show User and Inode.
    #[arg(short = 'e', long)]
    pub extend: bool,
    /// Only sockets in this state (TCP: LISTEN, ESTABLISHED, TIME_WAIT…; UNIX: LISTENING, CONNECTED…). Implies -a.
    #[arg(long, value_name = "STATE", value_parser = parse_state)]
    pub state: Option<StateFilter>,
    /// Only sockets with this local or remote port.
    #[arg(long, value_name = "PORT")]
    pub port: Option<u16>,
    /// Group by owning process: one line per process with its socket counts.
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

impl ExplainArgs {
    pub fn into_config(self) -> ExplainConfig {
        let format = self.format.map(|f| match f {
            FormatArg::LinuxNetstat => Format::LinuxNetstat,
            FormatArg::Busybox => Format::Busybox,
            FormatArg::Ss => Format::Ss,
            FormatArg::Bsd => Format::Bsd,
            FormatArg::Windows => Format::Windows,
            FormatArg::Solaris => Format::Solaris,
            FormatArg::Lsof => Format::Lsof,
        });
        ExplainConfig {
            input: self.file,
            format,
            json: self.json,
            side: self.side,
        }
    }
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
    /// Internal: run as worker number K holding `connections` connections.
    #[arg(long, hide = true)]
    pub worker: Option<u8>,
}

fn parse_state(text: &str) -> Result<StateFilter, String> {
    if let Some(state) = TcpState::parse(text) {
        return Ok(StateFilter::Tcp(state));
    }
    let upper = text.trim().to_ascii_uppercase();
    if let Some(state) = UnixState::ALL.into_iter().find(|s| s.key() == upper) {
        return Ok(StateFilter::Unix(state));
    }
    let tcp: Vec<_> = TcpState::NAMED.iter().map(|s| s.name()).collect();
    let unix: Vec<_> = UnixState::ALL.iter().map(|s| s.key()).collect();
    Err(format!(
        "valid TCP states: {}; UNIX states: {}",
        tcp.join(" "),
        unix.join(" ")
    ))
}

impl SocketsArgs {
    pub fn into_config(self) -> SocketsConfig {
        let mut families: Vec<Family> = [
            (self.tcp, Family::Tcp),
            (self.udp, Family::Udp),
            (self.raw, Family::Raw),
            (self.unix, Family::Unix),
        ]
        .into_iter()
        .filter_map(|(on, f)| on.then_some(f))
        .collect();
        if families.is_empty() {
            families = vec![Family::Tcp, Family::Udp, Family::Raw, Family::Unix];
        }
        let selection = match (self.all || self.state.is_some(), self.listening) {
            (true, _) => Selection::All,
            (false, true) => Selection::Listening,
            (false, false) => Selection::Connected,
        };
        SocketsConfig {
            families,
            selection,
            extend: self.extend,
            programs: self.program,
            state: self.state,
            port: self.port,
            by_process: self.by_process,
            json: self.json,
            explain: self.explain,
        }
    }
}
