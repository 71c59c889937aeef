//! The only place that writes for people: netstat-shaped tables, annotations, JSON Lines,
//! colors, and escaping of untrusted text. Every printer takes `&mut impl Write` and an
//! explicit [`Style`], so tests render into a `Vec<u8>`.

pub mod annotate;
pub mod explain_json;
pub mod explain_notes;
pub mod explain_summary;
pub mod json;
pub mod sanitize;
pub mod table;

use owo_colors::OwoColorize;

/// How output looks: decided once from `--color`, `NO_COLOR` and whether stdout is a tty.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub color: bool,
}

impl Style {
    pub fn plain() -> Style {
        Style { color: false }
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
