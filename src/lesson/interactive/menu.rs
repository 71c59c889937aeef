//! The lesson menu (`socklab` alone on a terminal): one line per lesson with the learner's
//! progress, picked with the arrow keys. Each line fits the terminal: a long summary is
//! cut after a whole word (by display width, so Hangul counts two), and the steps done
//! always show.

use std::ops::ControlFlow;

use anyhow::Result;
use inquire::Select;
use inquire::error::InquireError;
use unicode_width::UnicodeWidthStr;

use super::End;
use super::screen::line_width;
use crate::knowledge::messages::{Message, Messages};
use crate::lesson::Library;
use crate::lesson::progress::Progress;
use crate::render::Style;
use crate::render::sanitize::escape;
use crate::render::width;

/// What inquire puts before each option (`> ` or two spaces).
const OPTION_PREFIX: usize = 2;

/// `text` within `columns` display columns, cut after the last whole word that fits, with
/// `…`; a first word longer than the line is cut inside (at a character boundary).
fn cut_at_word(text: &str, columns: usize) -> String {
    if text.width() <= columns {
        return text.to_string();
    }
    let mut kept = String::new();
    for word in text.split(' ') {
        let longer = if kept.is_empty() {
            word.to_string()
        } else {
            format!("{kept} {word}")
        };
        // One column stays for the ellipsis.
        if longer.width() + 1 > columns {
            break;
        }
        kept = longer;
    }
    let kept = kept.trim_end_matches([' ', '—']);
    if kept.is_empty() {
        return width::truncate(text, columns);
    }
    format!("{kept}…")
}

/// One menu line, within `columns`: number, title, summary, and steps done.
fn item(n: usize, library: &Library, progress: &Progress, columns: Option<usize>) -> String {
    let lesson = &library.lessons[n];
    let p = progress.lesson(&lesson.meta.id);
    let head = format!(
        "{}. {} — {}",
        n + 1,
        escape(&lesson.meta.title),
        escape(&lesson.meta.summary)
    );
    let tail = format!("  [{}/{}]", p.completed_steps.len(), lesson.steps.len());
    match columns {
        Some(c) => {
            let room = c.saturating_sub(OPTION_PREFIX + tail.width()).max(8);
            format!("{}{tail}", cut_at_word(&head, room))
        }
        None => format!("{head}{tail}"),
    }
}

/// The chosen lesson's id, or how the learner left the menu.
pub fn menu(
    library: &Library,
    progress: &Progress,
    m: &Messages,
    style: Style,
) -> Result<ControlFlow<End, String>> {
    let columns = style.width.map(|_| line_width(style));
    let items: Vec<String> = (0..library.lessons.len())
        .map(|n| item(n, library, progress, columns))
        .collect();
    let help = m.say(Message::SelectHelp, &[]);
    match Select::new(&m.say(Message::WhichLesson, &[]), items)
        .with_help_message(&help)
        .with_page_size(10)
        .raw_prompt()
    {
        Ok(choice) => Ok(ControlFlow::Continue(
            library.lessons[choice.index].meta.id.clone(),
        )),
        Err(InquireError::OperationCanceled) => Ok(ControlFlow::Break(End::Quit)),
        Err(InquireError::OperationInterrupted) => Ok(ControlFlow::Break(End::Interrupted)),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Lang;

    #[test]
    fn menu_lines_fit_and_cut_only_between_words() {
        for lang in [Lang::En, Lang::Ko] {
            let library = Library::embedded_in(lang).unwrap();
            let progress = Progress::default();
            for columns in [40, 60, 100] {
                for n in 0..library.lessons.len() {
                    let line = item(n, &library, &progress, Some(columns));
                    let whole = item(n, &library, &progress, None);
                    assert!(line.width() + OPTION_PREFIX <= columns, "{columns}: {line}");
                    let steps = format!("  [0/{}]", library.lessons[n].steps.len());
                    assert!(line.ends_with(&steps), "{line}");
                    let head = line.strip_suffix(&steps).unwrap();
                    match head.strip_suffix('…') {
                        // Cut: what is kept is the start of the line, ending at a word.
                        Some(kept) => {
                            let rest = &whole[kept.len()..];
                            assert!(rest.starts_with([' ', '—']), "mid-word: {line}");
                        }
                        None => assert_eq!(line, whole),
                    }
                }
            }
        }
        assert_eq!(cut_at_word("supercalifragilistic", 8), "superca…");
    }
}
