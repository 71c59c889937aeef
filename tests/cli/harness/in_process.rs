//! Every call these tests make into the socklab library, and nothing else: the library's
//! API is free to change shape, and when it does this file is the one to mend. What the
//! tests get back are plain values defined here, never the library's own types.
//!
//! Kept to what the built binary cannot show: explain run thousands of times by the
//! property and corpus tests, the escaping of one line, the parsed shape of a lesson, the
//! translation gaps, two pure rendering functions of the interactive runner, and demo
//! sockets, which must be opened by the process that then looks for them; and a table
//! named through a resolver that never answers, which no binary can be given.

use std::path::Path;

use socklab::Outcome;
use socklab::commands::Env;
use socklab::commands::explain::{ExplainConfig, explain};
use socklab::knowledge::messages::Messages;
use socklab::knowledge::{Glossary, Lang};
use socklab::lesson::{DemoKind, Part, demo, interactive};
use socklab::render::Style;

/// What `socklab explain` made of an input.
pub struct Explained {
    /// Exit 0: some line was recognized (`Outcome::Found`).
    pub found: bool,
    pub text: String,
}

/// `socklab explain` run in-process on `input`: format detected, English, no colors.
pub fn explain_in_process(input: &[u8], json: bool) -> Explained {
    explain_in_process_with(input, json, false)
}

/// The same, with notes `side` by side with their lines when asked.
pub fn explain_in_process_with(input: &[u8], json: bool, side: bool) -> Explained {
    let config = ExplainConfig {
        input: None,
        format: None,
        json,
        side,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    // Loaded once: parsing the catalogues would cost more than most inputs (fuzzing).
    static ENV: std::sync::OnceLock<Env> = std::sync::OnceLock::new();
    let env =
        ENV.get_or_init(|| Env::new(socklab::source::Source::live(), Lang::En, Style::plain()));
    let outcome =
        explain(input, &config, env, &mut out, &mut err).expect("explain never fails on input");
    Explained {
        found: outcome == Outcome::Found,
        text: String::from_utf8(out).expect("output is UTF-8"),
    }
}

/// `text` as socklab shows untrusted text: control characters escaped.
pub fn escape(text: &str) -> String {
    socklab::render::sanitize::escape(text).into_owned()
}

/// A lesson file as the parser reads it, reduced to what the tests compare.
pub struct LessonOutline {
    pub id: String,
    pub order: u32,
    pub title: String,
    pub summary: String,
    pub intro: String,
    /// Each step's parts, in file order.
    pub steps: Vec<Vec<PartOutline>>,
}

/// One part of a step. `shape` is what must not change in translation (text fields left
/// out); the strings beside it are the translated texts.
pub enum PartOutline {
    Prose(String),
    /// A `socklab` or `demo` block.
    Block {
        shape: String,
    },
    Lab {
        shape: String,
        hint: String,
        success: String,
    },
    Quiz {
        shape: String,
        question: String,
        explain: String,
        choices: Vec<String>,
        /// 1-based.
        answer: usize,
        /// One reason per choice, or none.
        why: Vec<String>,
        /// The lines of tool output shown with the question.
        excerpt: Option<String>,
    },
    /// An `explain` block: the pasted text.
    Paste(String),
}

impl PartOutline {
    pub fn shape(&self) -> Option<&str> {
        match self {
            PartOutline::Prose(_) => None,
            PartOutline::Block { shape }
            | PartOutline::Lab { shape, .. }
            | PartOutline::Quiz { shape, .. } => Some(shape),
            // Pasted output is the same in every language, byte for byte.
            PartOutline::Paste(text) => Some(text),
        }
    }
}

/// The lesson file at `path`, parsed by socklab's lesson parser (which must accept it).
pub fn lesson_outline(path: &Path) -> LessonOutline {
    let text = std::fs::read_to_string(path).unwrap();
    let lesson = socklab::lesson::parse::parse(path, &text).unwrap_or_else(|ps| panic!("{ps:?}"));
    let part = |part: &Part| match part {
        Part::Prose(t) => PartOutline::Prose(t.clone()),
        Part::Socklab(cmds) => {
            let lines: Vec<String> = cmds.iter().map(|c| c.args.join(" ")).collect();
            PartOutline::Block {
                shape: format!("socklab {lines:?}"),
            }
        }
        Part::Demo(d) => PartOutline::Block {
            shape: format!("demo {:?} stages={}", d.open, d.stages.len()),
        },
        Part::Paste(text) => PartOutline::Paste(text.clone()),
        Part::Lab(l) => PartOutline::Lab {
            shape: format!(
                "lab {:?} {:?} {:?} {:?} {:?} {:?} {}",
                l.expect, l.port, l.proto, l.path, l.owner, l.count, l.timeout
            ),
            hint: l.hint.clone(),
            success: l.success.clone(),
        },
        Part::Quiz(q) => PartOutline::Quiz {
            shape: format!(
                "quiz answer={} choices={} why={} excerpt={:?}",
                q.answer,
                q.choices.len(),
                q.why.len(),
                q.excerpt
            ),
            question: q.question.clone(),
            explain: q.explain.clone(),
            choices: q.choices.clone(),
            answer: q.answer,
            why: q.why.clone(),
            excerpt: q.excerpt.clone(),
        },
    };
    LessonOutline {
        id: lesson.meta.id,
        order: lesson.meta.order,
        title: lesson.meta.title,
        summary: lesson.meta.summary,
        intro: lesson.intro,
        steps: lesson
            .steps
            .iter()
            .map(|s| s.parts.iter().map(part).collect())
            .collect(),
    }
}

/// The message keys and glossary entries socklab's Korean texts lack (by its own check).
pub fn missing_korean() -> Vec<String> {
    let messages = Messages::missing(Lang::Ko)
        .into_iter()
        .map(|k| format!("message {k}"));
    let glossary = Glossary::missing(Lang::Ko)
        .into_iter()
        .map(|k| format!("glossary {k}"));
    messages.chain(glossary).collect()
}

/// Lesson markdown as the interactive runner fits it to `columns`, without colors.
pub fn render_markdown(text: &str, columns: usize) -> String {
    interactive::render_markdown(Style::plain(), text, columns)
}

/// The interactive runner's lab status line after its spinner, cut to `columns`.
pub fn status_line(spinner: char, status: &str, columns: usize) -> String {
    interactive::status_line(spinner, status, columns)
}

/// Demo sockets of every kind a lesson can open, in this process; closed when dropped.
pub struct Demos(demo::Opened);

/// Opens the demos a lesson's `open = [...]` would name (`"close_wait"`, `"orphan"`…), in
/// this process; closed when dropped, as at the end of a step.
pub fn open_demos(names: &[&str]) -> Demos {
    let kinds: Vec<DemoKind> = names
        .iter()
        .map(|n| serde_json::from_value(serde_json::Value::String(n.to_string())).unwrap())
        .collect();
    Demos(demo::open(&kinds, &mut |_, _| {}).unwrap())
}

/// Opens one demo socket of each kind: listener, connected pair, path and abstract UNIX
/// sockets, socketpair, TIME_WAIT.
pub fn open_every_demo() -> Demos {
    let kinds = [
        DemoKind::Listener,
        DemoKind::ConnectedPair,
        DemoKind::UnixPath,
        DemoKind::UnixAbstract,
        DemoKind::Socketpair,
        DemoKind::TimeWait,
    ];
    Demos(demo::open(&kinds, &mut |_, _| {}).unwrap())
}

impl Demos {
    /// The value a lesson's `{key}` placeholder gets (`port`, `path`, `abstract`).
    pub fn value(&self, key: &str) -> String {
        self.0
            .values
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no {key}"))
    }
}

/// A nameserver that never answers: every lookup blocks for good.
struct DeadNameserver;

impl socklab::source::names::Reverse for DeadNameserver {
    fn name_of(&self, _: std::net::IpAddr) -> Option<String> {
        loop {
            std::thread::park();
        }
    }
}

/// `sockets -tuwa --names` run in-process on the fixture tree `root`, with a resolver
/// that never answers in place of the system's, waiting at most `budget`: what it printed
/// and how long the whole command took.
pub fn sockets_names_with_a_dead_nameserver(
    root: &Path,
    budget: std::time::Duration,
) -> (String, std::time::Duration) {
    use socklab::commands::sockets::{SocketsConfig, run};
    use socklab::model::Family;
    use socklab::render::table::Selection;
    use socklab::source::names::{Lookup, Resolver};
    let mut env = Env::new(
        socklab::source::Source::at(root).unwrap(),
        Lang::En,
        Style::plain(),
    );
    env.resolver = Resolver::new(DeadNameserver, budget);
    let config = SocketsConfig {
        families: vec![Family::Tcp, Family::Udp, Family::Raw],
        selection: Selection::All,
        extend: false,
        programs: false,
        state: None,
        port: None,
        by_process: false,
        json: false,
        explain: false,
        names: Some(Lookup::Dns),
        netstat_width: false,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let start = std::time::Instant::now();
    run(&config, &env, &mut out, &mut err).expect("sockets runs on a fixture tree");
    let took = start.elapsed();
    (String::from_utf8(out).expect("output is UTF-8"), took)
}
