//! `socklab lessons`: every lesson with the learner's progress; `--json` gives one JSON
//! object per lesson, for teachers collecting results.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use serde_json::json;

use super::Env;
use super::learn::library;
use crate::Outcome;
use crate::knowledge::messages::Message;
use crate::lesson::exec::Commands;
use crate::lesson::progress::Store;
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
    let (messages, style) = (&env.messages, env.style);
    let library = library(lessons_dir, commands, messages)?;
    let progress = Store::default_location()?.load(err)?;
    for (n, lesson) in library.lessons.iter().enumerate() {
        let p = progress.lesson(&lesson.meta.id);
        let steps = lesson.steps.len();
        let quizzes: usize = lesson.steps.iter().map(|s| s.quizzes().count()).sum();
        let labs = lesson.steps.iter().filter(|s| s.lab().is_some()).count();
        let done = p.completed_steps.len() >= steps;
        if json {
            let record = json!({
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
                "done": done,
            });
            writeln!(out, "{record}")?;
        } else {
            let mark = if done {
                format!("  {}", messages.say(Message::LessonsDone, &[]))
            } else {
                String::new()
            };
            let count = messages.say(
                Message::LessonsSteps,
                &[("done", &p.completed_steps.len()), ("total", &steps)],
            );
            writeln!(
                out,
                "{:>2}. {} {}  {count}{mark}",
                n + 1,
                // Padded (by display width) before coloring: escape codes would count.
                style.term(&pad(&escape(&lesson.meta.id), 18)),
                escape(&lesson.meta.title),
            )?;
            writeln!(out, "    {}", style.note(&escape(&lesson.meta.summary)))?;
        }
    }
    if !json {
        writeln!(out, "\n{}", messages.say(Message::LessonsStart, &[]))?;
    }
    Ok(Outcome::Found)
}
