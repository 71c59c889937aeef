//! What the interactive runner writes: lesson markdown through termimad, its own lines
//! (headings, verdicts, notices) wrapped by display width, and the lab's one-line status.
//! Everything goes to the session's writer; the width is the one [`Style`] was given
//! (app decides it once), clamped here to what reads well.

use anyhow::Result;
use termimad::MadSkin;

use super::Session;
use crate::render::Style;
use crate::render::sanitize::escape;
use crate::render::width;

/// Columns assumed when the width is unknown (output is not a terminal).
const DEFAULT_WIDTH: usize = 80;

/// Prose reads badly in very narrow or very wide columns: 30 to 100.
pub fn prose_width(style: Style) -> usize {
    style.width.unwrap_or(DEFAULT_WIDTH).clamp(30, 100)
}

/// A status line must fit the terminal as it is, however narrow.
pub fn line_width(style: Style) -> usize {
    style.width.unwrap_or(DEFAULT_WIDTH)
}

fn skin(style: Style) -> MadSkin {
    let mut skin = if style.color {
        MadSkin::default()
    } else {
        MadSkin::no_style()
    };
    // Commands for the other terminal stand apart from the prose, with or without color.
    skin.code_block.left_margin = 4;
    skin
}

/// Lesson markdown fitted to `columns`: termimad measures display width, so a line of
/// Hangul wraps at a character boundary within the width.
pub fn render_markdown(style: Style, text: &str, columns: usize) -> String {
    let escaped: Vec<String> = text.lines().map(|l| escape(l).into_owned()).collect();
    skin(style)
        .text(&termimad_fences(&escaped), Some(columns))
        .to_string()
}

/// termimad knows one fence only: three backticks at the very start of a line. Every fence
/// the lesson parser knows (```` ``` ```` or `~~~`, three or more, indented or not) is
/// rewritten to it, and a code line that termimad would take for a fence moves right by a
/// space, so a block shows the same however its author fenced it.
fn termimad_fences(lines: &[String]) -> String {
    let mut out = String::new();
    let mut open: Option<(char, usize)> = None;
    for line in lines {
        let t = line.trim_start();
        let run = |ch: char| t.chars().take_while(|c| *c == ch).count();
        match open {
            None if t.starts_with("```") || t.starts_with("~~~") => {
                let ch = if t.starts_with('`') { '`' } else { '~' };
                let len = run(ch);
                open = Some((ch, len));
                out.push_str("```");
                out.push_str(t[len..].trim());
            }
            Some((ch, len)) if run(ch) >= len && t.trim_end().chars().all(|c| c == ch) => {
                open = None;
                out.push_str("```");
            }
            Some(_) if line.starts_with("```") => {
                out.push(' ');
                out.push_str(line);
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out.pop();
    out
}

/// The lab's status line after its spinner, cut by display width so it stays on one
/// terminal line (and never inside a character).
pub fn status_line(spinner: char, status: &str, columns: usize) -> String {
    width::truncate(&format!("{spinner} {status}"), columns.saturating_sub(1))
}

impl Session<'_> {
    /// Lesson markdown, fitted to the prose width.
    pub(super) fn markdown(&mut self, text: &str) -> Result<()> {
        let shown = render_markdown(self.style, text, prose_width(self.style));
        writeln!(self.out, "{shown}")?;
        Ok(())
    }

    /// A line of the runner's own (heading, verdict, notice), wrapped by display width, so
    /// a Korean heading does not run past a narrow terminal.
    pub(super) fn line(&mut self, text: &str, heading: bool) -> Result<()> {
        let fitted = Style {
            width: Some(prose_width(self.style)),
            ..self.style
        };
        for line in fitted.wrap(text, "", "") {
            if heading {
                writeln!(self.out, "{}", self.style.heading(&line))?;
            } else {
                writeln!(self.out, "{line}")?;
            }
        }
        Ok(())
    }

    /// Everything written so far on the screen, before a prompt or raw mode takes over.
    pub(super) fn ready(&mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tilde_and_long_fences_render_like_backtick_fences() {
        let columns = 60;
        let backticks = "Type this:\n```sh\nss -tlnp | grep ':8000 '\n```\nthen look.";
        let want = render_markdown(Style::plain(), backticks, columns);
        assert!(want.contains("    ss -tlnp"), "{want}");
        for other in [
            "Type this:\n~~~sh\nss -tlnp | grep ':8000 '\n~~~\nthen look.",
            "Type this:\n~~~~\nss -tlnp | grep ':8000 '\n~~~~~\nthen look.",
            "Type this:\n  ````sh\nss -tlnp | grep ':8000 '\n  ````\nthen look.",
        ] {
            assert_eq!(
                render_markdown(Style::plain(), other, columns),
                want,
                "{other}"
            );
        }
        // A backtick line inside a longer fence stays code, and the prose after stays prose.
        let nested = "````md\n```sh\nls\n```\n````\nafter";
        let shown = render_markdown(Style::plain(), nested, columns);
        assert!(shown.contains("     ```sh"), "{shown}");
        assert!(
            shown.lines().last().unwrap().starts_with("after"),
            "{shown}"
        );
    }
}
