//! Lessons: markdown files with TOML front matter, split into steps at `## ` headings,
//! with directive blocks (`socklab`, `lab`, `quiz`, `demo`) that read the live machine,
//! and `explain` blocks that annotate a table pasted into the lesson.
//! The engine (parsing, directives, labs, demos) is separate from the state (progress),
//! and from the two runners (plain text for handouts and CI, interactive for a terminal).

pub mod demo;
pub mod directive;
pub mod exec;
pub mod interactive;
pub mod lab;
pub mod library;
pub mod parse;
pub mod plain;
pub mod progress;
pub mod translation;

use std::path::PathBuf;

pub use directive::{Demo, DemoKind, Lab, LabExpect, Quiz};
pub use library::Library;

/// The front matter of a lesson file.
#[derive(Clone, Debug, serde::Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub order: u32,
}

/// One parsed lesson.
#[derive(Clone, Debug)]
pub struct Lesson {
    pub meta: Meta,
    /// Where it came from (`lessons/en/NAME.md` for embedded ones), for messages.
    pub file: PathBuf,
    /// Markdown before the first step.
    pub intro: String,
    pub steps: Vec<Step>,
}

/// One `## ` section.
#[derive(Clone, Debug)]
pub struct Step {
    pub title: String,
    /// 1-based line of the heading in the file.
    pub line: usize,
    pub parts: Vec<Part>,
}

impl Step {
    pub fn lab(&self) -> Option<&Lab> {
        self.parts.iter().find_map(|p| match p {
            Part::Lab(lab) => Some(lab),
            _ => None,
        })
    }

    pub fn demo(&self) -> Option<&Demo> {
        self.parts.iter().find_map(|p| match p {
            Part::Demo(demo) => Some(demo),
            _ => None,
        })
    }

    pub fn quizzes(&self) -> impl Iterator<Item = &Quiz> {
        self.parts.iter().filter_map(|p| match p {
            Part::Quiz(q) => Some(q),
            _ => None,
        })
    }
}

/// A piece of a step, in file order.
#[derive(Clone, Debug)]
pub enum Part {
    /// Markdown shown as it is, including fenced blocks that are not directives (`sh`):
    /// those are for the learner to type elsewhere and are never executed.
    Prose(String),
    /// One socklab command line per entry, run in-process.
    Socklab(Vec<Command>),
    Lab(Lab),
    Quiz(Quiz),
    Demo(Demo),
    /// Text pasted from a terminal (an `explain` block), annotated as `socklab explain`
    /// annotates standard input. Never a file: a lesson reads nothing but itself.
    Paste(String),
}

/// A socklab command line from a `socklab` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    /// The arguments after `socklab`, placeholders (`{port}`) not yet filled.
    pub args: Vec<String>,
    pub line: usize,
}

impl Command {
    /// As the learner would type it.
    pub fn display(&self) -> String {
        let words: Vec<String> = self
            .args
            .iter()
            .map(|a| {
                if a.is_empty() || a.contains(char::is_whitespace) {
                    format!("'{a}'")
                } else {
                    a.clone()
                }
            })
            .collect();
        format!("socklab {}", words.join(" "))
    }
}

#[cfg(test)]
mod tests {
    /// The lesson engine prints only through the writer and style it is given: no direct
    /// stdout, and no terminal size of its own (app decides the width once).
    #[test]
    fn nothing_in_lesson_writes_to_stdout_or_measures_the_terminal() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lesson");
        let mut files = vec![dir.clone()];
        let mut offenders = Vec::new();
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let this_test = text.contains("fn nothing_in_lesson_writes_to_stdout");
            for word in ["println!", "print!(", "stdout()", "terminal_size"] {
                if text.contains(word) && !this_test {
                    offenders.push(format!("{}: {word}", path.display()));
                }
            }
        }
        assert!(offenders.is_empty(), "{offenders:?}");
    }
}
