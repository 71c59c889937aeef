//! The only place that writes for people: netstat-shaped tables, annotations, JSON Lines,
//! colors, and escaping of untrusted text. Every printer takes `&mut impl Write` and an
//! explicit [`Style`], so tests render into a `Vec<u8>`.

pub mod glossary;
pub mod states;
pub mod unix;
pub mod watch;
pub mod who;

pub mod annotate;
pub mod diagnostics;
pub mod explain_json;
mod explain_json_facts;
mod explain_json_write;
pub mod explain_legend;
pub mod explain_lines;
pub mod explain_notes;
pub mod explain_summary;
pub mod json;
pub mod notes;
pub mod sanitize;
pub mod summary;
pub mod table;
pub mod width;

use owo_colors::OwoColorize;

/// How output looks: decided once from `--color`, `NO_COLOR` and whether stdout is a tty.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub color: bool,
    /// Terminal width in columns for wrapping prose (`COLUMNS`, else the tty's); `None`
    /// when writing to a pipe, where lines are left whole.
    pub width: Option<usize>,
}

impl Style {
    /// The widest width socklab lays text out for, whatever `COLUMNS` says.
    pub const MAX_WIDTH: usize = 1000;

    pub fn plain() -> Style {
        Style::default()
    }

    /// `text` wrapped to the width with `first`/`rest` indents, measured in display
    /// columns (Hangul and other wide characters count two), never split inside a character.
    pub fn wrap(&self, text: &str, first: &str, rest: &str) -> Vec<String> {
        match self.width {
            Some(width) => textwrap::wrap(
                text,
                textwrap::Options::new(width.max(20))
                    // Break at spaces (Korean 띄어쓰기 too), not between any two syllables.
                    .word_separator(textwrap::WordSeparator::AsciiSpace)
                    .initial_indent(first)
                    .subsequent_indent(rest),
            )
            .into_iter()
            .map(|l| l.into_owned())
            .collect(),
            None => vec![format!("{first}{text}")],
        }
    }

    /// Annotation text: dimmed on a color terminal.
    pub fn note(&self, text: &str) -> String {
        if self.color {
            text.dimmed().to_string()
        } else {
            text.to_string()
        }
    }

    /// Titles and headings.
    pub fn heading(&self, text: &str) -> String {
        if self.color {
            text.bold().to_string()
        } else {
            text.to_string()
        }
    }

    /// A term being defined in a legend.
    pub fn term(&self, text: &str) -> String {
        if self.color {
            text.cyan().to_string()
        } else {
            text.to_string()
        }
    }

    /// Warnings on stderr.
    pub fn warn(&self, text: &str) -> String {
        if self.color {
            text.yellow().to_string()
        } else {
            text.to_string()
        }
    }
}
