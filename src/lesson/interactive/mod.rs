//! The interactive runner: a step's prose (markdown through termimad, fitted to the
//! terminal width), its live output, quizzes as a Select, labs polling with a spinner, then
//! a prompt (Next, Back, Run again, Hint, Quit). Everything socklab prints goes through the
//! session's writer (inquire and crossterm talk to the terminal only for prompts and raw
//! mode). Progress is saved after every change. The run decides how it ended and returns
//! it as an [`End`]; the command maps that to an exit status.

mod lab_wait;
mod menu;
mod screen;
pub mod signals;

use std::io::Write;
use std::ops::ControlFlow::{self, Break, Continue};

use anyhow::Result;
use inquire::Select;
use inquire::error::InquireError;

use super::demo::Opened;
use super::exec::Context;
use super::plain::{open_demo, run_or_skip};
use super::progress::{LessonProgress, Progress, QuizResult, Store};
use super::{Command, Demo, Lab, Lesson, Part, Quiz};
use crate::knowledge::messages::{Message, Messages};
use crate::render::Style;
use crate::render::sanitize::escape;
use lab_wait::LabEnd;

pub use menu::menu;
pub use screen::{render_markdown, status_line};

/// How a lesson run (or the menu) ended.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// The last step was done.
    Finished,
    /// The learner chose Quit (or pressed Esc, or q in a lab).
    Quit,
    /// Ctrl-C.
    Interrupted,
}

/// Everything a run changes, where it is kept, and where it is shown.
pub struct Session<'a> {
    pub ctx: &'a Context<'a>,
    pub style: Style,
    pub store: &'a Store,
    pub progress: &'a mut Progress,
    pub out: &'a mut dyn Write,
}

impl Session<'_> {
    /// Saves a change to lesson `id` (merged, under the store's lock, with what other
    /// socklab processes saved meanwhile) and takes the progress as saved.
    fn update(&mut self, id: &str, change: impl FnOnce(&mut LessonProgress)) -> Result<()> {
        let saved = self.store.update(|p| change(p.lesson_mut(id)))?;
        if let Some(aside) = &saved.set_aside {
            let (path, bak) = (self.store.path().display(), aside.bak.display());
            let fill = args!(path = path, error = aside.error, bak = bak);
            let warning = self.ctx.say(Message::ProgressSetAside, fill);
            self.line(&warning, false)?;
        }
        *self.progress = saved.progress;
        Ok(())
    }
}

/// How an inquire prompt ended without an answer.
fn left(e: InquireError) -> Result<End> {
    match e {
        InquireError::OperationInterrupted => Ok(End::Interrupted),
        InquireError::OperationCanceled => Ok(End::Quit),
        other => Err(other.into()),
    }
}

/// Where a quiz sits in its lesson, for the progress key.
struct QuizAt<'a> {
    id: &'a str,
    step: usize,
    n: usize,
}

impl Session<'_> {
    fn heading(&mut self, lesson: &Lesson, i: usize) -> Result<()> {
        let done = self.progress.lesson(&lesson.meta.id).completed_steps.len();
        let title = self.ctx.say(
            Message::StepHeadingDone,
            args!(
                n = i + 1,
                total = lesson.steps.len(),
                title = escape(&lesson.steps[i].title),
                done = done
            ),
        );
        writeln!(self.out)?;
        self.line(&title, true)?;
        writeln!(self.out)?;
        Ok(())
    }

    fn block(&mut self, commands: &[Command], opened: Option<&Opened>) -> Result<()> {
        let values = opened.map(|o| o.values.clone()).unwrap_or_default();
        run_or_skip(commands, &values, self.ctx, &mut self.out)?;
        Ok(())
    }

    fn demo(&mut self, demo: &Demo) -> Result<Option<Opened>> {
        let mut failed = 0;
        open_demo(demo, self.ctx, self.style, &mut self.out, &mut failed)
    }

    fn quiz(&mut self, quiz: &Quiz, at: QuizAt) -> Result<ControlFlow<End>> {
        super::plain::write_excerpt(&mut self.out, quiz)?;
        self.ready()?;
        let choices: Vec<String> = quiz
            .choices
            .iter()
            .map(|c| escape(c).into_owned())
            .collect();
        let help = self.ctx.say(Message::SelectHelp, &[]);
        let question = escape(&quiz.question);
        let select = Select::new(&question, choices).with_help_message(&help);
        let picked = match select.raw_prompt() {
            Ok(p) => p,
            Err(e) => return Ok(Break(left(e)?)),
        };
        let chosen = picked.index + 1;
        let result = QuizResult::new(chosen, chosen == quiz.answer);
        let verdict = if result.correct {
            self.ctx.say(Message::QuizRight, &[])
        } else {
            let choice = escape(quiz.right_choice());
            self.ctx
                .say(Message::QuizWrong, args!(n = quiz.answer, choice = choice))
        };
        self.line(&verdict, true)?;
        if let Some(why) = quiz.why_not(chosen) {
            let text = self
                .ctx
                .say(Message::QuizWhyNot, args!(n = chosen, why = why));
            self.line(&escape(&text), false)?;
        }
        self.markdown(&quiz.explain)?;
        let key = LessonProgress::quiz_key(at.step, at.n);
        self.update(at.id, |p| {
            p.quizzes.insert(key, result);
        })?;
        Ok(Continue(()))
    }

    fn lab(&mut self, lab: &Lab, id: &str, step: usize) -> Result<ControlFlow<End>> {
        match lab_wait::wait(self, lab)? {
            LabEnd::Passed => {
                self.markdown(&lab.success)?;
                self.update(id, |p| {
                    p.labs_passed.insert(step);
                })?;
            }
            LabEnd::Skipped => self.line(&self.ctx.say(Message::LabSkipped, &[]), false)?,
            LabEnd::TimedOut => {
                let text = self
                    .ctx
                    .say(Message::LabTimedOut, args!(seconds = lab.timeout));
                self.line(&text, false)?
            }
            LabEnd::Left(end) => return Ok(Break(end)),
        }
        Ok(Continue(()))
    }

    /// Shows step `i` and runs its live parts; the demo sockets stay open until the
    /// returned value is dropped.
    fn show_step(&mut self, lesson: &Lesson, i: usize) -> Result<ControlFlow<End, Option<Opened>>> {
        self.heading(lesson, i)?;
        let id = lesson.meta.id.as_str();
        let mut opened: Option<Opened> = None;
        let mut quizzes = 0;
        for part in &lesson.steps[i].parts {
            let flow = match part {
                Part::Prose(text) => self.markdown(text).map(Continue)?,
                Part::Socklab(commands) => self.block(commands, opened.as_ref()).map(Continue)?,
                Part::Demo(d) => {
                    opened = self.demo(d)?;
                    Continue(())
                }
                Part::Quiz(q) => {
                    quizzes += 1;
                    let at = QuizAt {
                        id,
                        step: i + 1,
                        n: quizzes,
                    };
                    self.quiz(q, at)?
                }
                Part::Lab(l) => self.lab(l, id, i + 1)?,
                Part::Paste(text) => {
                    super::exec::run_paste(text, self.ctx, &mut self.out)?;
                    Continue(())
                }
            };
            if let Break(end) = flow {
                return Ok(Break(end));
            }
        }
        Ok(Continue(opened))
    }

    /// The prompt after step `i`: where to go next, or how the learner left.
    fn after_step(&mut self, lesson: &Lesson, i: usize) -> Result<ControlFlow<End, usize>> {
        let step = &lesson.steps[i];
        let last = i + 1 == lesson.steps.len();
        loop {
            self.ready()?;
            let options = Action::offered(last, step.lab().is_some(), self.ctx.messages);
            let prompt = self.ctx.say(Message::WhatNext, &[]);
            let help = self.ctx.say(Message::SelectHelp, &[]);
            let action = match Select::new(&prompt, options)
                .with_help_message(&help)
                .prompt()
            {
                Ok(c) => c.action,
                Err(e) => return Ok(Break(left(e)?)),
            };
            match action {
                Action::Hint => {
                    if let Some(l) = step.lab() {
                        let text = self
                            .ctx
                            .say(Message::LabHint, args!(hint = escape(&l.hint)));
                        self.line(&text, false)?;
                    }
                }
                Action::Quit => return Ok(Break(End::Quit)),
                Action::Back => return Ok(Continue(i.saturating_sub(1))),
                Action::RunAgain => return Ok(Continue(i)),
                Action::Next | Action::Finish => {
                    self.update(&lesson.meta.id, |p| {
                        p.completed_steps.insert(i + 1);
                    })?;
                    return Ok(if last {
                        Break(End::Finished)
                    } else {
                        Continue(i + 1)
                    });
                }
            }
        }
    }

    /// The last words of a run: where it was left, or that it is complete.
    fn goodbye(&mut self, end: End, id: &str) -> Result<End> {
        writeln!(self.out)?;
        let text = match end {
            End::Finished => self.ctx.say(Message::LessonComplete, &[]),
            End::Quit | End::Interrupted => self.ctx.say(Message::ProgressSaved, args!(id = id)),
        };
        self.line(&text, false)?;
        self.ready()?;
        Ok(end)
    }
}

/// Walks `lesson` from step index `start`.
pub fn run(s: &mut Session, lesson: &Lesson, start: usize) -> Result<End> {
    let id = lesson.meta.id.as_str();
    let mut i = start.min(lesson.steps.len().saturating_sub(1));
    if i == 0 && !lesson.intro.is_empty() {
        s.line(&escape(&lesson.meta.title), true)?;
        writeln!(s.out)?;
        s.markdown(&lesson.intro)?;
    }
    loop {
        s.update(id, |p| p.current_step = i + 1)?;
        let opened = match s.show_step(lesson, i)? {
            Continue(opened) => opened,
            Break(end) => return s.goodbye(end, id),
        };
        let next = s.after_step(lesson, i)?;
        drop(opened);
        match next {
            Continue(n) => i = n,
            Break(end) => return s.goodbye(end, id),
        }
    }
}

/// What the learner can do after a step; shown in their language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Next,
    Finish,
    Back,
    RunAgain,
    Hint,
    Quit,
}

impl Action {
    /// The menu after a step: Next (Finish on the last), Back, Run again, Hint when the
    /// step has a lab, Quit.
    fn offered(last: bool, lab: bool, m: &Messages) -> Vec<Choice> {
        let next = if last { Action::Finish } else { Action::Next };
        let mut actions = vec![next, Action::Back, Action::RunAgain];
        if lab {
            actions.push(Action::Hint);
        }
        actions.push(Action::Quit);
        actions.into_iter().map(|a| Choice::new(a, m)).collect()
    }
}

/// A menu item: the action and its label.
struct Choice {
    action: Action,
    label: String,
}

impl Choice {
    fn new(action: Action, m: &Messages) -> Choice {
        let message = match action {
            Action::Next => Message::MenuNext,
            Action::Finish => Message::MenuFinish,
            Action::Back => Message::MenuBack,
            Action::RunAgain => Message::MenuRunAgain,
            Action::Hint => Message::MenuHint,
            Action::Quit => Message::MenuQuit,
        };
        Choice {
            action,
            label: m.say(message, &[]),
        }
    }
}

impl std::fmt::Display for Choice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Outcome;
    use crate::lesson::exec::{Commands, Tables};

    struct NoCommands;

    impl Commands for NoCommands {
        fn check(&self, _: &[String]) -> Result<(), String> {
            Ok(())
        }
        fn run(&self, _: &[String], _: &mut dyn Write, _: &mut dyn Write) -> Result<Outcome> {
            Ok(Outcome::Found)
        }
        fn explain(&self, _: &str, _: &mut dyn Write, _: &mut dyn Write) -> Result<Outcome> {
            Ok(Outcome::Found)
        }
    }

    /// What `show` writes through a session into a buffer, at `width` columns.
    fn written(width: usize, show: impl FnOnce(&mut Session) -> Result<()>) -> String {
        let messages = Messages::default();
        let ctx = Context {
            commands: &NoCommands,
            messages: &messages,
            tables: Tables::Live,
        };
        let store = Store::at(std::path::Path::new("/nonexistent/socklab/progress.json"));
        let mut progress = Progress::default();
        let mut out = Vec::new();
        let mut session = Session {
            ctx: &ctx,
            style: Style {
                color: false,
                width: Some(width),
            },
            store: &store,
            progress: &mut progress,
            out: &mut out,
        };
        show(&mut session).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_runner_writes_through_its_writer_at_the_style_width() {
        let text = written(40, |s| {
            s.markdown("A paragraph long enough to wrap at forty columns, twice or more.")?;
            s.goodbye(End::Quit, "netstat-basics").map(|_| ())
        });
        assert!(text.lines().all(|l| l.len() <= 40), "{text}");
        assert!(text.contains("paragraph"), "{text}");
        assert!(
            text.contains("Progress saved. Resume with: socklab\nlearn netstat-basics"),
            "{text}"
        );
        // Prose never narrower than 30 columns, nor wider than 100, whatever the terminal.
        let narrow = written(10, |s| s.markdown("one two three four five six"));
        assert_eq!(narrow.trim_end(), "one two three four five six");
        let wide = written(500, |s| s.markdown(&"word ".repeat(40)));
        assert!(wide.lines().all(|l| l.len() <= 100), "{wide}");
    }
}
