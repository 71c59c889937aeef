//! The TOML bodies of `lab`, `quiz` and `demo` blocks: their schema, checked when a lesson
//! is parsed so that a bad lesson fails in `check-lessons`, not in front of a learner.

use serde::Deserialize;

use crate::knowledge::messages::Message;
use crate::knowledge::said::SaidError;

/// A problem with a block's fields: a catalogue sentence and its values, said in the
/// author's language by whoever reports it (the parser, with the run's messages).
pub type Said = SaidError;

fn said(key: Message) -> Said {
    SaidError::new(key, args!())
}

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
    /// At least `count` TCP connections to remote `port` (ESTABLISHED or, once the server
    /// has closed, CLOSE_WAIT) held by one process: one client, many local ports.
    Clients,
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
    /// How many connections one process must hold (`clients` only).
    pub count: Option<u32>,
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

/// The most sockets one step's demo may hold open at once (see [`DemoKind::sockets`]).
pub const MAX_DEMO_SOCKETS: usize = 8;

/// The most connections a `clients` lab may ask one process for.
pub const MAX_LAB_CLIENTS: u32 = 64;

impl Lab {
    fn count_problem(&self) -> Option<Said> {
        match (self.expect, self.count) {
            (LabExpect::Clients, Some(2..=MAX_LAB_CLIENTS)) => None,
            (LabExpect::Clients, _) => Some(SaidError::new(
                Message::LessonLabCountRange,
                args!(max = MAX_LAB_CLIENTS),
            )),
            (_, Some(_)) => Some(said(Message::LessonLabCountOnlyClients)),
            (_, None) => None,
        }
    }

    /// Schema rules serde cannot say: which fields each condition needs.
    pub fn problems(&self) -> Vec<Said> {
        let mut out: Vec<Said> = self.count_problem().into_iter().collect();
        match self.expect {
            LabExpect::Listening
            | LabExpect::Connected
            | LabExpect::TimeWait
            | LabExpect::Clients => {
                if self.port.is_none() {
                    out.push(said(Message::LessonLabNeedsPort));
                }
                if self.path.is_some() {
                    out.push(said(Message::LessonLabPathOnlyUnix));
                }
                if self.expect != LabExpect::Listening && self.proto == Some(LabProto::Udp) {
                    out.push(said(Message::LessonLabTcpOnly));
                }
                if self.expect == LabExpect::TimeWait && self.owner.is_some() {
                    out.push(said(Message::LessonLabTimeWaitOwner));
                }
            }
            LabExpect::UnixPath | LabExpect::UnixAbstract => {
                match &self.path {
                    None => out.push(said(Message::LessonLabNeedsPath)),
                    Some(p) if self.expect == LabExpect::UnixPath && !p.starts_with('/') => {
                        out.push(said(Message::LessonLabPathAbsolute))
                    }
                    Some(_) => {}
                }
                if self.port.is_some() || self.proto.is_some() {
                    out.push(said(Message::LessonLabInetOnly));
                }
            }
        }
        if self.port == Some(0) {
            out.push(said(Message::LessonLabPortZero));
        }
        if self.timeout == 0 {
            out.push(said(Message::LessonLabTimeoutZero));
        }
        if self.timeout > MAX_LAB_SECONDS {
            out.push(SaidError::new(
                Message::LessonLabTimeoutLong,
                args!(got = self.timeout, max = MAX_LAB_SECONDS),
            ));
        }
        out
    }
}

/// A ```` ```quiz ```` block. `answer` is the 1-based number of the right choice.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    /// Lines of real tool output the question is about, shown as they are (in a code
    /// block) before the question. The same in every language: it is what a terminal
    /// prints.
    pub excerpt: Option<String>,
    pub question: String,
    pub choices: Vec<String>,
    pub answer: usize,
    pub explain: String,
    /// One sentence per choice, in the order of `choices`: why a learner who picked it
    /// is wrong (the right choice's entry may be empty: `explain` says why it is right).
    #[serde(default)]
    pub why: Vec<String>,
}

/// The widest excerpt line, in characters: a whole `/proc/net/tcp` line (129), or what
/// `netstat -tanpe` prints with a short program name. Wider tables are cut to the rows'
/// first columns by choosing another command, never by editing the lines.
pub const MAX_EXCERPT_WIDTH: usize = 132;

impl Quiz {
    pub fn problems(&self) -> Vec<Said> {
        let mut out = Vec::new();
        let n = self.choices.len();
        if n < 2 {
            out.push(said(Message::LessonQuizFewChoices));
        }
        if self.answer == 0 || self.answer > n {
            out.push(SaidError::new(Message::LessonQuizAnswerRange, args!(n = n)));
        }
        if !self.why.is_empty() && self.why.len() != n {
            let got = self.why.len();
            out.push(SaidError::new(
                Message::LessonQuizWhyCount,
                args!(got = got, n = n),
            ));
        }
        let blank =
            (1..=self.why.len()).filter(|&i| i != self.answer && self.why[i - 1].trim().is_empty());
        for i in blank {
            out.push(SaidError::new(Message::LessonQuizWhyEmpty, args!(i = i)));
        }
        out.extend(self.excerpt.as_deref().and_then(excerpt_problem));
        out
    }

    /// Why the wrong choice `chosen` (1-based) is wrong, when the lesson says.
    pub fn why_not(&self, chosen: usize) -> Option<&str> {
        let why = self.why.get(chosen.checked_sub(1)?)?;
        (chosen != self.answer && !why.trim().is_empty()).then_some(why.as_str())
    }

    /// The excerpt's lines, without the blank lines TOML's `"""` leaves around them.
    pub fn excerpt_lines(&self) -> Vec<&str> {
        self.excerpt
            .as_deref()
            .map(|e| e.trim_matches('\n').lines().collect())
            .unwrap_or_default()
    }

    pub fn right_choice(&self) -> &str {
        self.choices
            .get(self.answer.wrapping_sub(1))
            .map_or("", String::as_str)
    }
}

fn excerpt_problem(excerpt: &str) -> Option<Said> {
    let lines: Vec<&str> = excerpt.trim_matches('\n').lines().collect();
    if lines.iter().all(|l| l.trim().is_empty()) {
        return Some(said(Message::LessonQuizExcerptEmpty));
    }
    let wide = lines
        .iter()
        .position(|l| l.chars().count() > MAX_EXCERPT_WIDTH)?;
    Some(SaidError::new(
        Message::LessonQuizExcerptWide,
        args!(line = wide + 1, max = MAX_EXCERPT_WIDTH),
    ))
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
    /// Two connections whose client sent 5 bytes and shut down its side: the server read
    /// one to the end-of-file (CLOSE_WAIT, Recv-Q 0) and not the other (Recv-Q 6), `{port}`.
    CloseWait,
    /// A client that wrote more than the server would read, then closed: an orphan in
    /// FIN_WAIT1, inode 0, its Send-Q flushed by the kernel. `{port}` is the server's.
    Orphan,
    /// A listener with backlog 2 whose accept queue is full: three connections never
    /// accepted, a SYN_RECV whose last ACK came too late, a client left in SYN_SENT, `{port}`.
    AcceptQueueFull,
    /// A sender whose Send-Q waits on a receiver that does not read, `{port}`.
    Stalled,
    /// A server that accepted four requests and never read or closed them: four CLOSE_WAIT
    /// rows with the same Recv-Q, their clients gone, `{port}`.
    CloseWaitLeak,
}

impl DemoKind {
    /// The placeholders this kind fills in `socklab` blocks of the same step.
    pub fn placeholders(self) -> &'static [&'static str] {
        match self {
            DemoKind::UnixPath => &["path"],
            DemoKind::UnixAbstract => &["abstract"],
            DemoKind::Socketpair => &[],
            _ => &["port"],
        }
    }

    /// How many sockets this kind keeps open during the step (the kernel's own, such as
    /// a TIME_WAIT, an orphan or a connection never accepted, come and go with these).
    pub fn sockets(self) -> usize {
        match self {
            DemoKind::Listener
            | DemoKind::TimeWait
            | DemoKind::UnixPath
            | DemoKind::UnixAbstract => 1,
            DemoKind::Socketpair | DemoKind::Orphan => 2,
            DemoKind::ConnectedPair | DemoKind::TcpLifecycle | DemoKind::Stalled => 3,
            DemoKind::CloseWait | DemoKind::CloseWaitLeak => 5,
            DemoKind::AcceptQueueFull => 6,
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
    pub fn problems(&self) -> Vec<Said> {
        let mut out = Vec::new();
        let lifecycle = self.open.contains(&DemoKind::TcpLifecycle);
        let n = super::demo::LIFECYCLE_STAGES;
        if lifecycle && self.stages.len() != n {
            out.push(SaidError::new(
                Message::LessonDemoStagesNeeded,
                args!(n = n),
            ));
        }
        if !lifecycle && !self.stages.is_empty() {
            out.push(said(Message::LessonDemoStagesOnly));
        }
        if self.open.is_empty() {
            out.push(said(Message::LessonDemoOpenEmpty));
        }
        let held: usize = self.open.iter().map(|k| k.sockets()).sum();
        let max = MAX_DEMO_SOCKETS;
        if self.open.len() > max {
            let got = self.open.len();
            out.push(SaidError::new(
                Message::LessonDemoOpenMany,
                args!(got = got, max = max),
            ));
        } else if held > max {
            out.push(SaidError::new(
                Message::LessonDemoOpenHeld,
                args!(held = held, max = max),
            ));
        }
        out
    }
}
