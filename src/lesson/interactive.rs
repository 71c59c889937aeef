//! The interactive runner: a step's prose (markdown through termimad, fitted to the
//! terminal width), its live output, quizzes as a Select, labs polling with a spinner, then
//! a prompt (Next, Back, Run again, Hint, Quit). Progress is saved after every change;
//! Ctrl-C anywhere returns through here, so the terminal is left as it was found.

use std::io::{Write, stdout};
use std::time::{Duration, Instant};

use anyhow::Result;
use inquire::error::InquireError;
use inquire::{Select, list_option::ListOption};
use termimad::MadSkin;
use termimad::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use termimad::crossterm::terminal;

use super::demo::Opened;
use super::exec::Context;
use super::plain::{lab_source, open_demo, run_or_skip};
use super::progress::{LessonProgress, Progress, QuizResult, Store};
use super::{Lab, Lesson, Library, Part, Quiz, Step, lab};
use crate::knowledge::messages::{Message, Messages};
use crate::render::Style;
use crate::render::sanitize::escape;
use crate::render::width;

/// How a lesson run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    Finished,
    Quit,
    Interrupted,
}

/// Everything a run changes and where it is kept.
pub struct Session<'a> {
    pub ctx: &'a Context,
    pub style: Style,
    pub store: &'a Store,
    pub progress: &'a mut Progress,
}

impl Session<'_> {
    fn update(&mut self, id: &str, change: impl FnOnce(&mut LessonProgress)) -> Result<()> {
        change(self.progress.lesson_mut(id));
        self.store.save(self.progress)
    }
}

enum Stop {
    Quit,
    Interrupted,
}

fn stop_of(e: InquireError) -> Result<Stop> {
    match e {
        InquireError::OperationInterrupted => Ok(Stop::Interrupted),
        InquireError::OperationCanceled => Ok(Stop::Quit),
        other => Err(other.into()),
    }
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

fn width() -> usize {
    let (w, _) = termimad::terminal_size();
    usize::from(w).clamp(30, 100)
}

/// Lesson markdown fitted to `columns`: termimad measures display width, so a line of
/// Hangul wraps at a character boundary within the width.
pub fn render_markdown(style: Style, text: &str, columns: usize) -> String {
    let escaped: Vec<String> = text.lines().map(|l| escape(l).into_owned()).collect();
    skin(style)
        .text(&escaped.join("\n"), Some(columns))
        .to_string()
}

fn print_markdown(style: Style, text: &str) -> Result<()> {
    let mut out = stdout();
    write!(out, "{}", render_markdown(style, text, width()))?;
    writeln!(out)?;
    Ok(())
}

/// A line of the runner's own (heading, verdict, notice), wrapped to the terminal by
/// display width, so a Korean heading does not run past a narrow terminal.
fn print_line(style: Style, text: &str, heading: bool) -> Result<()> {
    let fitted = Style {
        width: Some(width()),
        ..style
    };
    let mut out = stdout();
    for line in fitted.wrap(text, "", "") {
        if heading {
            writeln!(out, "{}", style.heading(&line))?;
        } else {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// The lab's status line after its spinner, cut by display width so it stays on one
/// terminal line (and never inside a character).
pub fn status_line(spinner: char, status: &str, columns: usize) -> String {
    width::truncate(&format!("{spinner} {status}"), columns.saturating_sub(1))
}

/// Restores cooked mode however the lab wait ends.
struct RawMode;

impl RawMode {
    fn on() -> Result<RawMode> {
        terminal::enable_raw_mode()?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

enum LabEnd {
    Passed,
    Skipped,
    TimedOut,
    Stop(Stop),
}

fn wait_lab(spec: &Lab, ctx: &Context) -> Result<LabEnd> {
    let source = lab_source(ctx)?;
    let mut out = stdout();
    print_line(Style::plain(), &ctx.say(Message::LabWatching, &[]), false)?;
    let spinner = ['|', '/', '-', '\\'];
    let started = Instant::now();
    let raw = RawMode::on()?;
    let mut tick = 0usize;
    let end = loop {
        let status = lab::check(spec, &source, &ctx.messages)?;
        let line = status_line(spinner[tick % 4], &status.line, width());
        write!(out, "\r\x1b[2K{line}")?;
        out.flush()?;
        tick += 1;
        if status.met {
            break LabEnd::Passed;
        }
        if started.elapsed() > Duration::from_secs(spec.timeout) {
            break LabEnd::TimedOut;
        }
        let deadline = Instant::now() + lab::POLL;
        let mut stop = None;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            if !event::poll(left)? {
                break;
            }
            let Event::Key(key) = event::read()? else {
                continue;
            };
            if key.kind != KeyEventKind::Press {
                continue;
            }
            match key.code {
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    stop = Some(LabEnd::Stop(Stop::Interrupted))
                }
                KeyCode::Char('q') | KeyCode::Esc => stop = Some(LabEnd::Stop(Stop::Quit)),
                KeyCode::Char('s') => stop = Some(LabEnd::Skipped),
                KeyCode::Char('h') => {
                    let hint = ctx.say(Message::LabHint, &[("hint", &escape(&spec.hint))]);
                    write!(out, "\r\x1b[2K{hint}\r\n")?
                }
                _ => {}
            }
            if stop.is_some() {
                break;
            }
        }
        if let Some(s) = stop {
            break s;
        }
    };
    drop(raw);
    writeln!(out)?;
    Ok(end)
}

fn ask_quiz(quiz: &Quiz) -> Result<Result<QuizResult, Stop>> {
    let choices: Vec<String> = quiz
        .choices
        .iter()
        .map(|c| escape(c).into_owned())
        .collect();
    let picked: ListOption<String> =
        match Select::new(&escape(&quiz.question), choices).raw_prompt() {
            Ok(p) => p,
            Err(e) => return Ok(Err(stop_of(e)?)),
        };
    let chosen = picked.index + 1;
    Ok(Ok(QuizResult {
        chosen,
        correct: chosen == quiz.answer,
    }))
}

/// Shows one step and runs its live parts; `Err(Stop)` when the learner left.
fn show_step(
    s: &mut Session,
    lesson: &Lesson,
    i: usize,
    step: &Step,
) -> Result<Result<Option<Opened>, Stop>> {
    let total = lesson.steps.len();
    let mut out = stdout();
    let done = s.progress.lesson(&lesson.meta.id).completed_steps.len();
    let title = s.ctx.say(
        Message::StepHeadingDone,
        &[
            ("n", &(i + 1)),
            ("total", &total),
            ("title", &escape(&step.title)),
            ("done", &done),
        ],
    );
    writeln!(out)?;
    print_line(s.style, &title, true)?;
    writeln!(out)?;
    let mut opened: Option<Opened> = None;
    let mut quiz_n = 0;
    for part in &step.parts {
        match part {
            Part::Prose(text) => print_markdown(s.style, text)?,
            Part::Socklab(commands) => {
                let values = opened
                    .as_ref()
                    .map(|o| o.values.clone())
                    .unwrap_or_default();
                let mut buf = Vec::new();
                run_or_skip(commands, &values, s.ctx, &mut buf)?;
                out.write_all(&buf)?;
            }
            Part::Demo(d) => {
                let mut failed = 0;
                let mut buf = Vec::new();
                opened = open_demo(d, s.ctx, s.style, &mut buf, &mut failed)?;
                out.write_all(&buf)?;
            }
            Part::Quiz(q) => {
                quiz_n += 1;
                let result = match ask_quiz(q)? {
                    Ok(r) => r,
                    Err(stop) => return Ok(Err(stop)),
                };
                let verdict = if result.correct {
                    s.ctx.say(Message::QuizRight, &[])
                } else {
                    s.ctx.say(
                        Message::QuizWrong,
                        &[("n", &q.answer), ("choice", &escape(q.right_choice()))],
                    )
                };
                print_line(s.style, &verdict, true)?;
                print_markdown(s.style, &q.explain)?;
                let key = LessonProgress::quiz_key(i + 1, quiz_n);
                s.update(&lesson.meta.id, |p| {
                    p.quizzes.insert(key, result);
                })?;
            }
            Part::Lab(l) => match wait_lab(l, s.ctx)? {
                LabEnd::Passed => {
                    print_markdown(s.style, &l.success)?;
                    s.update(&lesson.meta.id, |p| {
                        p.labs_passed.insert(i + 1);
                    })?;
                }
                LabEnd::Skipped => {
                    print_line(s.style, &s.ctx.say(Message::LabSkipped, &[]), false)?
                }
                LabEnd::TimedOut => print_line(
                    s.style,
                    &s.ctx.say(Message::LabTimedOut, &[("seconds", &l.timeout)]),
                    false,
                )?,
                LabEnd::Stop(stop) => return Ok(Err(stop)),
            },
        }
    }
    Ok(Ok(opened))
}

/// Walks `lesson` from step index `start`.
pub fn run(s: &mut Session, lesson: &Lesson, start: usize) -> Result<End> {
    let id = lesson.meta.id.clone();
    let total = lesson.steps.len();
    let mut i = start.min(total.saturating_sub(1));
    let mut out = stdout();
    if i == 0 && !lesson.intro.is_empty() {
        print_line(s.style, &escape(&lesson.meta.title), true)?;
        writeln!(out)?;
        print_markdown(s.style, &lesson.intro)?;
    }
    loop {
        s.update(&id, |p| p.current_step = i + 1)?;
        let step = &lesson.steps[i];
        let opened = match show_step(s, lesson, i, step)? {
            Ok(o) => o,
            Err(stop) => return stopped(stop, &id, &s.ctx.messages),
        };
        loop {
            let next = if i + 1 == total {
                Action::Finish
            } else {
                Action::Next
            };
            let mut actions = vec![next, Action::Back, Action::RunAgain];
            if step.lab().is_some() {
                actions.push(Action::Hint);
            }
            actions.push(Action::Quit);
            let options: Vec<Choice> = actions
                .into_iter()
                .map(|action| Choice::new(action, &s.ctx.messages))
                .collect();
            let prompt = s.ctx.say(Message::WhatNext, &[]);
            let choice = match Select::new(&prompt, options).prompt() {
                Ok(c) => c.action,
                Err(e) => return stopped(stop_of(e)?, &id, &s.ctx.messages),
            };
            match choice {
                Action::Hint => {
                    if let Some(l) = step.lab() {
                        let hint = escape(&l.hint);
                        print_line(
                            s.style,
                            &s.ctx.say(Message::LabHint, &[("hint", &hint)]),
                            false,
                        )?;
                    }
                    continue;
                }
                Action::Quit => return stopped(Stop::Quit, &id, &s.ctx.messages),
                Action::Back => i = i.saturating_sub(1),
                Action::RunAgain => {}
                Action::Next | Action::Finish => {
                    s.update(&id, |p| {
                        p.completed_steps.insert(i + 1);
                    })?;
                    if i + 1 == total {
                        writeln!(out)?;
                        print_line(s.style, &s.ctx.say(Message::LessonComplete, &[]), false)?;
                        return Ok(End::Finished);
                    }
                    i += 1;
                }
            }
            break;
        }
        drop(opened);
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

fn stopped(stop: Stop, id: &str, m: &Messages) -> Result<End> {
    println!();
    print_line(
        Style::plain(),
        &m.say(Message::ProgressSaved, &[("id", &id)]),
        false,
    )?;
    Ok(match stop {
        Stop::Quit => End::Quit,
        Stop::Interrupted => End::Interrupted,
    })
}

/// The lesson menu (`socklab` on a terminal): returns the chosen lesson id.
pub fn menu(library: &Library, progress: &Progress, m: &Messages) -> Result<Option<String>> {
    let items: Vec<String> = library
        .lessons
        .iter()
        .enumerate()
        .map(|(n, l)| {
            let p = progress.lesson(&l.meta.id);
            format!(
                "{}. {} — {}  [{}/{}]",
                n + 1,
                escape(&l.meta.title),
                escape(&l.meta.summary),
                p.completed_steps.len(),
                l.steps.len()
            )
        })
        .collect();
    match Select::new(&m.say(Message::WhichLesson, &[]), items)
        .with_page_size(10)
        .raw_prompt()
    {
        Ok(choice) => Ok(Some(library.lessons[choice.index].meta.id.clone())),
        Err(InquireError::OperationCanceled | InquireError::OperationInterrupted) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
