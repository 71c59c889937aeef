//! The lesson file parser: `+++` TOML front matter, steps at `## ` headings, fenced blocks.
//! A fenced block whose info string is a directive word becomes a [`Part`]; any other fenced
//! block stays prose (shown, never run). Every problem is collected with its file and line,
//! so `check-lessons` can print them all at once.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::directive::Said;
use super::exec::Commands;
use super::{Command, Demo, Lab, Lesson, Meta, Part, Quiz, Step};
use crate::knowledge::Args;
use crate::knowledge::messages::{Message, Messages};

/// Info strings that make a fenced block a directive.
pub const DIRECTIVES: [&str; 5] = ["socklab", "lab", "quiz", "demo", "explain"];

/// One thing wrong with a lesson file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}", self.file.display(), self.message),
            n => write!(f, "{}:{n}: {}", self.file.display(), self.message),
        }
    }
}

/// A fenced block: its opening marker (```` ``` ```` or `~~~`, three or more), the first
/// word of its info string, its first line, and every line including both fences.
struct Fence {
    marker: String,
    word: String,
    line: usize,
    raw: Vec<String>,
}

impl Fence {
    /// A fence opening at `raw` (line `line`), if it is one.
    fn open(raw: &str, line: usize) -> Option<Fence> {
        let t = raw.trim_start();
        if !(t.starts_with("```") || t.starts_with("~~~")) {
            return None;
        }
        let ch = t.chars().next().unwrap_or('`');
        let len = t.chars().take_while(|c| *c == ch).count();
        let info = t[len..].trim();
        Some(Fence {
            marker: std::iter::repeat_n(ch, len).collect(),
            word: info.split_whitespace().next().unwrap_or("").to_string(),
            line,
            raw: vec![raw.to_string()],
        })
    }

    /// Whether `raw` closes this fence: the same character, at least as many, nothing else.
    fn closed_by(&self, raw: &str) -> bool {
        let t = raw.trim();
        let ch = self.marker.chars().next().unwrap_or('`');
        t.starts_with(&self.marker) && t.chars().all(|c| c == ch)
    }

    /// The lines between the fences.
    fn body(&self) -> &[String] {
        &self.raw[1..self.raw.len() - 1]
    }
}

struct Parser<'a> {
    file: &'a Path,
    /// Checks `socklab` block lines against the real CLI, when given.
    commands: Option<&'a dyn Commands>,
    /// The language problems are said in: the author's (the run's `--lang`).
    messages: &'a Messages,
    problems: Vec<Problem>,
    intro: String,
    steps: Vec<Step>,
    prose: String,
}

impl Parser<'_> {
    fn problem(&mut self, line: usize, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_path_buf(),
            line,
            message: message.into(),
        });
    }

    /// A problem said from the catalogue.
    fn say(&mut self, line: usize, key: Message, args: Args) {
        let text = self.messages.say(key, args);
        self.problem(line, text);
    }

    /// The problems of a directive's fields, each after the directive's name.
    fn block_problems(&mut self, line: usize, block: &str, problems: Vec<Said>) {
        for p in problems {
            let problem = p.say(self.messages);
            self.say(
                line,
                Message::LessonBlockProblem,
                args!(block = block, problem = problem),
            );
        }
    }

    fn flush_prose(&mut self) {
        let text = std::mem::take(&mut self.prose);
        let trimmed = text.trim_matches('\n');
        if trimmed.trim().is_empty() {
            return;
        }
        match self.steps.last_mut() {
            Some(step) => step.parts.push(Part::Prose(trimmed.to_string())),
            None => self.intro = trimmed.to_string(),
        }
    }

    fn push_part(&mut self, line: usize, part: Part) {
        self.flush_prose();
        match self.steps.last_mut() {
            Some(step) => step.parts.push(part),
            None => self.say(line, Message::LessonOutsideStep, args!()),
        }
    }

    fn toml<T: DeserializeOwned>(&mut self, fence: &Fence) -> Option<T> {
        let body = fence.body().join("\n");
        match toml::from_str::<T>(&body) {
            Ok(v) => Some(v),
            Err(e) => {
                let offset = e
                    .span()
                    .map_or(0, |s| body[..s.start.min(body.len())].matches('\n').count());
                let what = e.message().to_string();
                self.say(
                    fence.line + 1 + offset,
                    Message::LessonInvalidToml,
                    args!(block = fence.word, error = what),
                );
                None
            }
        }
    }

    /// A closed fenced block: one method per directive; any other block stays prose.
    fn close_fence(&mut self, fence: Fence) {
        match fence.word.as_str() {
            "socklab" => self.socklab_block(&fence),
            "lab" => self.lab_block(&fence),
            "quiz" => self.quiz_block(&fence),
            "demo" => self.demo_block(&fence),
            "explain" => self.explain_block(&fence),
            _ => self.other_block(&fence),
        }
    }

    /// One command line per line (`#` comments and blank lines skipped), each checked.
    fn socklab_block(&mut self, fence: &Fence) {
        let mut commands = Vec::new();
        for (i, text) in fence.body().iter().enumerate() {
            let line = fence.line + 1 + i;
            let text = text.trim();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            match split_words(text) {
                Ok(mut args) => {
                    if args.first().is_some_and(|w| w == "socklab") {
                        args.remove(0);
                    }
                    if let Some(commands) = self.commands {
                        // Placeholders get sample values, as a demo would fill them.
                        if let Err(e) = commands.check(&fill(&args, &samples())) {
                            self.problem(line, e);
                        }
                    }
                    commands.push(Command { args, line });
                }
                Err(e) => {
                    let text = e.say(self.messages);
                    self.problem(line, text);
                }
            }
        }
        if commands.is_empty() {
            self.say(fence.line, Message::LessonSocklabEmpty, args!());
        }
        self.push_part(fence.line, Part::Socklab(commands));
    }

    fn lab_block(&mut self, fence: &Fence) {
        let Some(lab) = self.toml::<Lab>(fence) else {
            return;
        };
        self.block_problems(fence.line, "lab", lab.problems());
        if self.steps.last().is_some_and(|s| s.lab().is_some()) {
            self.say(fence.line, Message::LessonOneLab, args!());
        }
        self.push_part(fence.line, Part::Lab(lab));
    }

    fn quiz_block(&mut self, fence: &Fence) {
        let Some(quiz) = self.toml::<Quiz>(fence) else {
            return;
        };
        self.block_problems(fence.line, "quiz", quiz.problems());
        self.push_part(fence.line, Part::Quiz(quiz));
    }

    fn demo_block(&mut self, fence: &Fence) {
        let Some(demo) = self.toml::<Demo>(fence) else {
            return;
        };
        self.block_problems(fence.line, "demo", demo.problems());
        if self.steps.last().is_some_and(|s| s.demo().is_some()) {
            self.say(fence.line, Message::LessonOneDemo, args!());
        }
        self.push_part(fence.line, Part::Demo(demo));
    }

    /// Pasted terminal output, kept byte for byte (trailing spaces are part of a table).
    fn explain_block(&mut self, fence: &Fence) {
        let text = fence.body().join("\n");
        if text.trim().is_empty() {
            self.say(fence.line, Message::LessonExplainEmpty, args!());
        }
        self.push_part(fence.line, Part::Paste(text + "\n"));
    }

    /// Shown as it is (never run); a near-miss of a directive word is reported.
    fn other_block(&mut self, fence: &Fence) {
        let word = fence.word.as_str();
        let lower = word.to_ascii_lowercase();
        let stem = lower.trim_end_matches(['s', 'z']);
        if let Some(d) = DIRECTIVES.iter().find(|d| **d == lower || **d == stem) {
            self.say(
                fence.line,
                Message::LessonUnknownDirective,
                args!(word = word, directive = d),
            );
        }
        for raw in &fence.raw {
            self.prose.push_str(raw);
            self.prose.push('\n');
        }
    }

    fn finish_step_checks(&mut self) {
        let Some(step) = self.steps.last() else {
            return;
        };
        // Placeholders are filled by a demo opened earlier in the same step.
        let mut filled: Vec<&str> = Vec::new();
        let mut missing = Vec::new();
        for part in &step.parts {
            match part {
                Part::Demo(d) => filled.extend(d.open.iter().flat_map(|k| k.placeholders())),
                Part::Socklab(commands) => {
                    for c in commands {
                        for name in placeholders(&c.args) {
                            if !filled.contains(&name.as_str()) {
                                missing.push((c.line, name));
                            }
                        }
                    }
                }
                Part::Prose(_) | Part::Lab(_) | Part::Quiz(_) | Part::Paste(_) => {}
            }
        }
        for (line, name) in missing {
            let placeholder = format!("{{{name}}}");
            self.say(
                line,
                Message::LessonPlaceholderNoDemo,
                args!(placeholder = placeholder),
            );
        }
    }
}

/// Sample values for placeholders when a block is checked without its demo.
fn samples() -> [(&'static str, String); 3] {
    [
        ("port", "1".to_string()),
        ("path", "/tmp/x".to_string()),
        ("abstract", "@x".to_string()),
    ]
}

/// Parses one lesson file; `Err` carries every problem found, in English.
pub fn parse(file: &Path, text: &str) -> Result<Lesson, Vec<Problem>> {
    parse_checked(file, text, None, &Messages::default())
}

/// Parses one lesson file, checking its `socklab` blocks with `commands` when given;
/// problems are said in the language of `messages`.
pub fn parse_checked(
    file: &Path,
    text: &str,
    commands: Option<&dyn Commands>,
    messages: &Messages,
) -> Result<Lesson, Vec<Problem>> {
    let mut p = Parser {
        file,
        commands,
        messages,
        problems: Vec::new(),
        intro: String::new(),
        steps: Vec::new(),
        prose: String::new(),
    };
    let lines: Vec<&str> = text.lines().collect();
    let Some((meta, close)) = p.front_matter(&lines) else {
        return Err(p.problems);
    };
    p.body(&lines, close + 1);
    if p.steps.is_empty() {
        p.say(close + 1, Message::LessonNoSteps, args!());
    }
    match meta {
        Some(meta) if p.problems.is_empty() => Ok(Lesson {
            meta,
            file: file.to_path_buf(),
            intro: p.intro,
            steps: p.steps,
        }),
        _ => Err(p.problems),
    }
}

impl Parser<'_> {
    /// The front matter (when it parses) and the index of its closing `+++` line; `None`
    /// when there is no front matter to speak of.
    fn front_matter(&mut self, lines: &[&str]) -> Option<(Option<Meta>, usize)> {
        if lines.first().map(|l| l.trim_end()) != Some("+++") {
            self.say(1, Message::LessonNoFrontMatter, args!());
            return None;
        }
        let Some(close) = lines.iter().skip(1).position(|l| l.trim_end() == "+++") else {
            self.say(1, Message::LessonFrontMatterOpen, args!());
            return None;
        };
        let close = close + 1;
        let front = lines[1..close].join("\n");
        let meta = match toml::from_str::<Meta>(&front) {
            Ok(m) => Some(m),
            Err(e) => {
                let offset = e.span().map_or(0, |s| {
                    front[..s.start.min(front.len())].matches('\n').count()
                });
                let error = e.message().to_string();
                self.say(
                    2 + offset,
                    Message::LessonFrontMatterBad,
                    args!(error = error),
                );
                None
            }
        };
        if let Some(m) = &meta {
            self.check_meta(m);
        }
        Some((meta, close))
    }

    fn check_meta(&mut self, m: &Meta) {
        let id_chars = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if m.id.is_empty() || !m.id.chars().all(id_chars) {
            self.say(2, Message::LessonBadId, args!(id = m.id));
        }
        if m.title.trim().is_empty() {
            self.say(2, Message::LessonEmptyTitle, args!());
        }
    }

    /// Everything after the front matter, from line index `from`: steps, prose, fences.
    fn body(&mut self, lines: &[&str], from: usize) {
        let mut fence: Option<Fence> = None;
        for (i, raw) in lines.iter().enumerate().skip(from) {
            let n = i + 1;
            if let Some(f) = fence.as_mut() {
                f.raw.push(raw.to_string());
                if f.closed_by(raw) {
                    let done = fence.take().expect("open fence");
                    self.close_fence(done);
                }
            } else if let Some(opened) = Fence::open(raw, n) {
                fence = Some(opened);
            } else if let Some(title) = raw.strip_prefix("## ") {
                self.start_step(title, n);
            } else {
                self.prose.push_str(raw);
                self.prose.push('\n');
            }
        }
        if let Some(f) = fence {
            self.say(f.line, Message::LessonFenceOpen, args!(word = f.word));
        }
        self.flush_prose();
        self.finish_step_checks();
    }

    fn start_step(&mut self, title: &str, line: usize) {
        self.flush_prose();
        self.finish_step_checks();
        if title.trim().is_empty() {
            self.say(line, Message::LessonStepNoTitle, args!());
        }
        self.steps.push(Step {
            title: title.trim().to_string(),
            line,
            parts: Vec::new(),
        });
    }
}

/// Just the front matter, when it parses (for checks across files of broken lessons).
pub fn meta(text: &str) -> Option<Meta> {
    let rest = text.strip_prefix("+++\n")?;
    let end = rest.find("\n+++")?;
    toml::from_str(&rest[..end]).ok()
}

/// Splits a command line into words: whitespace separates, '…' and "…" quote. No
/// expansion of any kind: this is not a shell.
pub fn split_words(text: &str) -> Result<Vec<String>, Said> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        return Err(Said::new(Message::LessonUnclosedQuote, args!()));
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// The `{name}` placeholders used in `args`.
pub fn placeholders(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for a in args {
        let mut rest = a.as_str();
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            out.push(rest[start + 1..start + len].to_string());
            rest = &rest[start + len + 1..];
        }
    }
    out
}

/// `args` with every `{name}` replaced by its value.
pub fn fill(args: &[String], values: &[(&str, String)]) -> Vec<String> {
    let named: Vec<(&str, &dyn std::fmt::Display)> = values
        .iter()
        .map(|(name, value)| (*name, value as &dyn std::fmt::Display))
        .collect();
    args.iter()
        .map(|a| crate::knowledge::fill(a, &named))
        .collect()
}

#[cfg(test)]
mod tests;
