//! The TOML bodies of `lab`, `quiz` and `demo` blocks: their schema, checked when a lesson
//! is parsed so that a bad lesson fails in `check-lessons`, not in front of a learner.

use serde::Deserialize;

/// What a lab waits for.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LabExpect {
    /// A listening socket (TCP LISTEN, or a bound UDP socket) on `port`.
    Listening,
    /// An established connection with `port` at either end.
    Connected,
    /// A TIME_WAIT with `port` at either end.
    TimeWait,
    /// A UNIX socket bound at filesystem `path`.
    UnixPath,
    /// A UNIX socket with abstract name `path` (with or without the leading `@`).
    UnixAbstract,
}

/// Which table a lab looks in.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LabProto {
    Tcp,
    Udp,
}

/// A ```` ```lab ```` block.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Lab {
    pub expect: LabExpect,
    pub port: Option<u16>,
    pub proto: Option<LabProto>,
    pub path: Option<String>,
    /// Program name (netstat's, the basename of `argv[0]`) or kernel comm of an owner.
    pub owner: Option<String>,
    pub hint: String,
    pub success: String,
    /// Seconds to wait in the interactive runner before offering to skip.
    #[serde(default = "default_timeout")]
    pub timeout: u64,
}

fn default_timeout() -> u64 {
    300
}

/// The longest a lab may wait in one step: a lesson folder is untrusted data, and a step
/// should not hold a learner's terminal for hours.
pub const MAX_LAB_SECONDS: u64 = 1800;

/// The most sockets one step's demo may open (`tcp_lifecycle` counts as one).
pub const MAX_DEMO_SOCKETS: usize = 8;

impl Lab {
    /// Schema rules serde cannot say: which fields each condition needs.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self.expect {
            LabExpect::Listening | LabExpect::Connected | LabExpect::TimeWait => {
                if self.port.is_none() {
                    out.push("this lab needs `port`".to_string());
                }
                if self.path.is_some() {
                    out.push("`path` is only for unix_path and unix_abstract labs".into());
                }
                if self.expect != LabExpect::Listening && self.proto == Some(LabProto::Udp) {
                    out.push("connected and time_wait labs are TCP only: drop `proto`".into());
                }
                if self.expect == LabExpect::TimeWait && self.owner.is_some() {
                    out.push("a TIME_WAIT has no owner (no process holds it): drop `owner`".into());
                }
            }
            LabExpect::UnixPath | LabExpect::UnixAbstract => {
                match &self.path {
                    None => out.push("this lab needs `path`".into()),
                    Some(p) if self.expect == LabExpect::UnixPath && !p.starts_with('/') => {
                        out.push("a unix_path lab needs an absolute `path`".into())
                    }
                    Some(_) => {}
                }
                if self.port.is_some() || self.proto.is_some() {
                    out.push("`port` and `proto` are only for Internet labs".into());
                }
            }
        }
        if self.port == Some(0) {
            out.push("`port` 0 cannot be waited for".into());
        }
        if self.timeout == 0 {
            out.push("`timeout` must be at least 1 second".into());
        }
        if self.timeout > MAX_LAB_SECONDS {
            out.push(format!(
                "`timeout` is {} seconds; a lab waits at most {MAX_LAB_SECONDS}",
                self.timeout
            ));
        }
        out
    }
}

/// A ```` ```quiz ```` block. `answer` is the 1-based number of the right choice.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    pub question: String,
    pub choices: Vec<String>,
    pub answer: usize,
    pub explain: String,
}

impl Quiz {
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.choices.len() < 2 {
            out.push("a quiz needs at least 2 choices".to_string());
        }
        if self.answer == 0 || self.answer > self.choices.len() {
            out.push(format!(
                "`answer` is the number of the right choice, 1 to {}",
                self.choices.len()
            ));
        }
        out
    }

    pub fn right_choice(&self) -> &str {
        self.choices
            .get(self.answer.wrapping_sub(1))
            .map_or("", String::as_str)
    }
}

/// Sockets a demo opens for its step (loopback or UNIX only).
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DemoKind {
    /// A TCP listener on 127.0.0.1, ephemeral port: `{port}`.
    Listener,
    /// A client connected to a listener, accepted: two ESTABLISHED rows, `{port}`.
    ConnectedPair,
    /// A connection closed by the client first: a TIME_WAIT on `{port}`.
    TimeWait,
    /// A UNIX stream listener at a path with a space in a temp dir: `{path}`.
    UnixPath,
    /// A UNIX stream listener with an abstract name: `{abstract}`.
    UnixAbstract,
    /// An unnamed connected pair of UNIX stream sockets.
    Socketpair,
    /// One connection walked through its states, a table at each stage, `{port}`.
    TcpLifecycle,
}

impl DemoKind {
    /// The placeholders this kind fills in `socklab` blocks of the same step.
    pub fn placeholders(self) -> &'static [&'static str] {
        match self {
            DemoKind::Listener
            | DemoKind::ConnectedPair
            | DemoKind::TimeWait
            | DemoKind::TcpLifecycle => &["port"],
            DemoKind::UnixPath => &["path"],
            DemoKind::UnixAbstract => &["abstract"],
            DemoKind::Socketpair => &[],
        }
    }
}

/// A ```` ```demo ```` block.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Demo {
    pub open: Vec<DemoKind>,
    /// Captions for the stages of `tcp_lifecycle`, one per stage.
    #[serde(default)]
    pub stages: Vec<String>,
}

impl Demo {
    /// Schema rules serde cannot say: stage captions exactly for `tcp_lifecycle`, and
    /// something, but not too much, to open.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let lifecycle = self.open.contains(&DemoKind::TcpLifecycle);
        let n = super::demo::LIFECYCLE_STAGES;
        if lifecycle && self.stages.len() != n {
            out.push(format!("tcp_lifecycle needs `stages`, {n} captions"));
        }
        if !lifecycle && !self.stages.is_empty() {
            out.push("`stages` is only for tcp_lifecycle".to_string());
        }
        if self.open.is_empty() {
            out.push("`open` lists nothing".to_string());
        }
        if self.open.len() > MAX_DEMO_SOCKETS {
            out.push(format!(
                "`open` lists {} sockets; a step opens at most {MAX_DEMO_SOCKETS}",
                self.open.len()
            ));
        }
        out
    }
}
