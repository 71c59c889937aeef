//! The plain runner: every step printed in order with its live output, labs checked once,
//! quizzes printed with the answer after a spoiler line. No prompts, no progress written —
//! for handouts, CI, and whenever stdin or stdout is not a terminal.

use std::io::Write;

use anyhow::Result;

use super::demo::{self, Opened};
use super::exec::{self, Context, Tables};
use super::{Lab, Lesson, Part, Quiz, Step, lab};
use crate::knowledge::messages::Message;
use crate::render::Style;
use crate::render::sanitize::escape;

/// Lesson text, escaped line by line (a lesson from `--lessons-dir` is untrusted too).
pub fn write_prose(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    for line in text.lines() {
        writeln!(out, "{}", escape(line))?;
    }
    writeln!(out)
}

/// A quiz's excerpt of tool output, line by line as the tool printed it (escaped, never
/// wrapped or reflowed: a table must keep its columns), indented like a code block.
pub fn write_excerpt(out: &mut (impl Write + ?Sized), quiz: &Quiz) -> std::io::Result<()> {
    let lines = quiz.excerpt_lines();
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    for line in lines {
        writeln!(out, "    {}", escape(line.trim_end()))?;
    }
    writeln!(out)
}

pub fn write_quiz(
    out: &mut impl Write,
    quiz: &Quiz,
    ctx: &Context,
    style: Style,
) -> std::io::Result<()> {
    let label = ctx.say(Message::QuizLabel, &[]);
    writeln!(out, "{} {}", style.heading(&label), escape(&quiz.question))?;
    write_excerpt(out, quiz)?;
    for (i, c) in quiz.choices.iter().enumerate() {
        writeln!(out, "  {}) {}", i + 1, escape(c))?;
    }
    writeln!(out, "{}", ctx.say(Message::QuizSpoiler, &[]))?;
    let answer = ctx.say(
        Message::QuizAnswer,
        &[
            ("n", &quiz.answer),
            ("choice", &escape(quiz.right_choice())),
        ],
    );
    writeln!(out, "{answer}")?;
    write_prose(out, &quiz.explain)?;
    let others: Vec<(usize, &str)> = (1..=quiz.choices.len())
        .filter_map(|n| quiz.why_not(n).map(|why| (n, why)))
        .collect();
    if others.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}", ctx.say(Message::QuizWhyOthers, &[]))?;
    for (n, why) in others {
        writeln!(out, "  {n}) {}", escape(why))?;
    }
    writeln!(out)
}

fn write_lab(out: &mut impl Write, lab_spec: &Lab, ctx: &Context, style: Style) -> Result<()> {
    let status = lab::check(lab_spec, &ctx.tables.source(), ctx.messages)?;
    let label = ctx.say(Message::LabLabel, &[]);
    writeln!(out, "{} {}", style.heading(&label), status.line)?;
    if status.met {
        write_prose(out, &lab_spec.success)?;
    } else {
        let hint = escape(&lab_spec.hint);
        writeln!(out, "{}", ctx.say(Message::LabHint, &[("hint", &hint)]))?;
        writeln!(out)?;
    }
    Ok(())
}

/// Opens a step's demo sockets, printing the tables of a lifecycle demo as it goes.
pub fn open_demo(
    spec: &super::Demo,
    ctx: &Context,
    style: Style,
    out: &mut impl Write,
    failed: &mut usize,
) -> Result<Option<Opened>> {
    if let Tables::Saved(_) = ctx.tables {
        writeln!(out, "{}\n", ctx.say(Message::DemoNotOpened, &[]))?;
        return Ok(None);
    }
    let mut io_result = Ok(());
    let opened = demo::open(&spec.open, &mut |n, values| {
        let caption = spec.stages.get(n - 1).map_or("", String::as_str);
        let port = values
            .iter()
            .find(|(k, _)| *k == "port")
            .map(|(_, v)| v.clone());
        let step = (|| -> std::io::Result<()> {
            writeln!(
                out,
                "{}",
                style.heading(&ctx.say(
                    Message::DemoStage,
                    &[("n", &n), ("caption", &escape(caption))]
                ))
            )?;
            if let Some(port) = port {
                let cmd = super::Command {
                    args: vec!["sockets".into(), "-tan".into(), "--port".into(), port],
                    line: 0,
                };
                *failed += exec::run_block(&[cmd], values, ctx, out)?;
            }
            Ok(())
        })();
        if io_result.is_ok() {
            io_result = step;
        }
    })?;
    io_result?;
    Ok(Some(opened))
}

/// Runs a block, or says why not when it names a demo socket that was not opened.
pub fn run_or_skip(
    commands: &[super::Command],
    values: &[(&'static str, String)],
    ctx: &Context,
    out: &mut impl Write,
) -> std::io::Result<usize> {
    let needs_demo = commands
        .iter()
        .any(|c| !super::parse::placeholders(&c.args).is_empty());
    if needs_demo && values.is_empty() {
        for c in commands {
            writeln!(out, "$ {}", escape(&c.display()))?;
        }
        writeln!(out, "{}\n", ctx.say(Message::BlockNotRun, &[]))?;
        return Ok(0);
    }
    exec::run_block(commands, values, ctx, out)
}

/// Prints one step; returns how many socklab commands failed.
pub fn write_step(
    out: &mut impl Write,
    step: &Step,
    number: usize,
    total: usize,
    ctx: &Context,
    style: Style,
) -> Result<usize> {
    writeln!(
        out,
        "{}\n",
        style.heading(&ctx.say(
            Message::StepHeading,
            &[
                ("n", &number),
                ("total", &total),
                ("title", &escape(&step.title))
            ]
        ))
    )?;
    let mut failed = 0;
    let mut opened: Option<Opened> = None;
    for part in &step.parts {
        match part {
            Part::Prose(text) => write_prose(out, text)?,
            Part::Socklab(commands) => {
                let values = opened
                    .as_ref()
                    .map(|o| o.values.clone())
                    .unwrap_or_default();
                failed += run_or_skip(commands, &values, ctx, out)?;
            }
            Part::Lab(l) => write_lab(out, l, ctx, style)?,
            Part::Quiz(q) => write_quiz(out, q, ctx, style)?,
            Part::Demo(d) => opened = open_demo(d, ctx, style, out, &mut failed)?,
            Part::Paste(text) => failed += exec::run_paste(text, ctx, out)?,
        }
    }
    drop(opened);
    Ok(failed)
}

/// The whole lesson from step `start` (1-based); returns how many commands failed.
pub fn run(
    lesson: &Lesson,
    start: usize,
    ctx: &Context,
    style: Style,
    out: &mut impl Write,
) -> Result<usize> {
    writeln!(
        out,
        "{}",
        style.heading(&format!("# {}", escape(&lesson.meta.title)))
    )?;
    writeln!(out, "{}\n", escape(&lesson.meta.summary))?;
    if start <= 1 && !lesson.intro.is_empty() {
        write_prose(out, &lesson.intro)?;
    }
    let total = lesson.steps.len();
    let mut failed = 0;
    for (i, step) in lesson
        .steps
        .iter()
        .enumerate()
        .skip(start.saturating_sub(1))
    {
        failed += write_step(out, step, i + 1, total, ctx, style)?;
    }
    out.flush()?;
    Ok(failed)
}
