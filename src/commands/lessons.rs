//! `socklab lessons`: every lesson with the learner's progress; `--json` gives one JSON
//! object per lesson, for teachers collecting results.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use serde_json::json;

use crate::render::sanitize::write_json_line;

use super::Env;
use super::learn::{library, unreadable_warning};
use crate::Outcome;
use crate::knowledge::messages::Message;
use crate::lesson::Lesson;
use crate::lesson::exec::Commands;
use crate::lesson::progress::{LessonProgress, Store};
use crate::render::sanitize::escape;
use crate::render::width::pad;

pub fn run(
    lessons_dir: Option<&Path>,
    commands: &dyn Commands,
    json: bool,
    env: &Env,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    let messages = &env.messages;
    let library = library(lessons_dir, commands, messages)?;
    // Read only: an unreadable file is reported and left where it is.
    let store = Store::default_location()?;
    let loaded = store.load()?;
    if let Some(error) = &loaded.unreadable {
        writeln!(err, "{}", unreadable_warning(&store, error, messages))?;
    }
    let progress = loaded.progress;
    for (n, lesson) in library.lessons.iter().enumerate() {
        let p = progress.lesson(&lesson.meta.id);
        if json {
            write_json_line(out, &record(lesson, &p))?;
        } else {
            write_lesson(out, n + 1, lesson, &p, env)?;
        }
    }
    if !json {
        writeln!(out, "\n{}", messages.say(Message::LessonsStart, &[]))?;
    }
    Ok(Outcome::Found)
}

/// One lesson as a JSON object, for teachers collecting results.
fn record(lesson: &Lesson, p: &LessonProgress) -> serde_json::Value {
    let steps = lesson.steps.len();
    let quizzes: usize = lesson.steps.iter().map(|s| s.quizzes().count()).sum();
    let labs = lesson.steps.iter().filter(|s| s.lab().is_some()).count();
    json!({
        "id": lesson.meta.id,
        "title": lesson.meta.title,
        "order": lesson.meta.order,
        "steps": steps,
        "completed_steps": p.completed_steps,
        "current_step": p.current_step,
        "quizzes": quizzes,
        "quizzes_answered": p.quizzes.len(),
        "quizzes_correct": p.quizzes_correct(),
        "labs": labs,
        "labs_passed": p.labs_passed,
        "done": p.completed_steps.len() >= steps,
    })
}

/// One lesson as two lines: number, id, title and steps done; the summary below.
fn write_lesson(
    out: &mut impl Write,
    n: usize,
    lesson: &Lesson,
    p: &LessonProgress,
    env: &Env,
) -> Result<()> {
    let (messages, style) = (&env.messages, env.style);
    let steps = lesson.steps.len();
    let mark = if p.completed_steps.len() >= steps {
        format!("  {}", messages.say(Message::LessonsDone, &[]))
    } else {
        String::new()
    };
    let count = messages.say(
        Message::LessonsSteps,
        args!(done = p.completed_steps.len(), total = steps),
    );
    writeln!(
        out,
        "{n:>2}. {} {}  {count}{mark}",
        // Padded (by display width) before coloring: escape codes would count.
        style.term(&pad(&escape(&lesson.meta.id), 18)),
        escape(&lesson.meta.title),
    )?;
    writeln!(out, "    {}", style.note(&escape(&lesson.meta.summary)))?;
    Ok(())
}
