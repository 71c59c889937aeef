//! `socklab learn [LESSON]` (and `socklab` alone on a terminal): pick a lesson, resume or
//! reset its progress, and walk it with the interactive or the plain runner. The runners
//! say how the walk ended; this maps it to an exit status.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow::{Break, Continue};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Result, bail};

use super::Env;
use crate::Outcome;
use crate::knowledge::messages::{Message, Messages};
use crate::lesson::exec::{Commands, Context, Tables};
use crate::lesson::interactive::{self, End, Session};
use crate::lesson::progress::{Progress, Store};
use crate::lesson::{Lesson, Library, plain};

/// Plain configuration, made from the command line by `app`.
pub struct LearnConfig {
    pub lesson: Option<String>,
    pub step: Option<usize>,
    pub plain: bool,
    pub reset: bool,
    pub lessons_dir: Option<PathBuf>,
    /// `--proc-root`: labs read it, and demos (live sockets) are not opened.
    pub proc_root: Option<PathBuf>,
    /// How `socklab` blocks are checked and run.
    pub commands: Arc<dyn Commands>,
}

/// The built-in lessons in the learner's language (English where untranslated), or those
/// of `--lessons-dir` as they are, every block checked (the first problem, in one line).
pub fn library(
    dir: Option<&std::path::Path>,
    commands: &dyn Commands,
    messages: &Messages,
) -> Result<Library> {
    let Some(dir) = dir else {
        return Library::embedded_in(messages.lang());
    };
    Library::load_dir(dir, Some(commands)).map_err(|ps| {
        let text = messages.say(
            Message::LessonsDirBroken,
            args!(problem = ps[0], more = ps.len() - 1, dir = dir.display()),
        );
        anyhow::anyhow!(text)
    })
}

/// Whether prompts can be shown: both ends must be a terminal.
pub fn interactive_terminal() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// The exit status of an interactive walk.
fn outcome(end: End) -> Outcome {
    match end {
        End::Finished | End::Quit | End::Interrupted => Outcome::Found,
    }
}

pub fn run(
    config: &LearnConfig,
    env: &Env,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    let tables = match config.proc_root {
        Some(_) => Tables::Saved(env.source.clone()),
        None => Tables::Live,
    };
    let ctx = Context {
        commands: &*config.commands,
        messages: &env.messages,
        tables,
    };
    let library = library(config.lessons_dir.as_deref(), ctx.commands, ctx.messages)?;
    let plain = config.plain || !interactive_terminal();
    // Plain runs keep no progress, so they work without a home directory.
    let store = (!plain || config.reset)
        .then(Store::default_location)
        .transpose()?;
    let mut progress = match &store {
        Some(store) => store.load(err)?,
        None => Progress::default(),
    };
    let id = match &config.lesson {
        Some(key) => find(&library, key, &ctx)?,
        None if plain => {
            bail!(ctx.say(Message::NameALesson, args!(id = library.lessons[0].meta.id)))
        }
        None => match interactive::menu(&library, &progress, ctx.messages)? {
            Continue(id) => id,
            Break(end) => return Ok(outcome(end)),
        },
    };
    let lesson = library.find(&id).expect("id from the library");
    if let (true, Some(store)) = (config.reset, &store) {
        progress.lessons.remove(&id);
        store.save(&progress)?;
        writeln!(err, "{}", ctx.say(Message::ProgressReset, args!(id = id)))?;
    }
    check_step(config.step, lesson, &ctx)?;
    if plain {
        return run_plain(lesson, config.step, &ctx, env, out);
    }
    let store = match store {
        Some(store) => store,
        None => Store::default_location()?,
    };
    let resume = progress.lesson(&id).current_step.max(1);
    let start = config.step.unwrap_or(resume) - 1;
    let mut session = Session {
        ctx: &ctx,
        style: env.style,
        store: &store,
        progress: &mut progress,
        out,
    };
    Ok(outcome(interactive::run(&mut session, lesson, start)?))
}

/// The id of the lesson `key` names (an id or a number), else a usage error listing them.
fn find(library: &Library, key: &str, ctx: &Context) -> Result<String> {
    match library.find(key) {
        Some(l) => Ok(l.meta.id.clone()),
        None => {
            let ids: Vec<&str> = library.lessons.iter().map(|l| l.meta.id.as_str()).collect();
            bail!(ctx.say(
                Message::NoSuchLesson,
                args!(key = key, ids = ids.join(", "))
            ))
        }
    }
}

fn check_step(step: Option<usize>, lesson: &Lesson, ctx: &Context) -> Result<()> {
    let total = lesson.steps.len();
    match step {
        Some(n) if n == 0 || n > total => bail!(ctx.say(
            Message::StepOutOfRange,
            args!(n = n, id = lesson.meta.id, total = total)
        )),
        _ => Ok(()),
    }
}

fn run_plain(
    lesson: &Lesson,
    step: Option<usize>,
    ctx: &Context,
    env: &Env,
    out: &mut impl Write,
) -> Result<Outcome> {
    let failed = plain::run(lesson, step.unwrap_or(1), ctx, env.style, out)?;
    if failed > 0 {
        let id = &lesson.meta.id;
        bail!(ctx.say(Message::CommandsFailed, args!(failed = failed, id = id)));
    }
    Ok(Outcome::Found)
}
