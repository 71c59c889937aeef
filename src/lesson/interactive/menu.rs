//! The lesson menu (`socklab` alone on a terminal): one line per lesson with the learner's
//! progress, picked with the arrow keys.

use std::ops::ControlFlow;

use anyhow::Result;
use inquire::Select;
use inquire::error::InquireError;

use super::End;
use crate::knowledge::messages::{Message, Messages};
use crate::lesson::Library;
use crate::lesson::progress::Progress;
use crate::render::sanitize::escape;

/// One menu line: number, title, summary and steps done.
fn item(n: usize, library: &Library, progress: &Progress) -> String {
    let lesson = &library.lessons[n];
    let p = progress.lesson(&lesson.meta.id);
    format!(
        "{}. {} — {}  [{}/{}]",
        n + 1,
        escape(&lesson.meta.title),
        escape(&lesson.meta.summary),
        p.completed_steps.len(),
        lesson.steps.len()
    )
}

/// The chosen lesson's id, or how the learner left the menu.
pub fn menu(
    library: &Library,
    progress: &Progress,
    m: &Messages,
) -> Result<ControlFlow<End, String>> {
    let items: Vec<String> = (0..library.lessons.len())
        .map(|n| item(n, library, progress))
        .collect();
    match Select::new(&m.say(Message::WhichLesson, &[]), items)
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
