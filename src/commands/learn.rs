//! `socklab learn [LESSON]` (and `socklab` alone on a terminal): pick a lesson, resume or
//! reset its progress, and walk it with the interactive or the plain runner. The runners
//! say how the walk ended; this maps it to an exit status.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow::{self, Break, Continue};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Result, bail};

use super::Env;
use crate::Outcome;
use crate::knowledge::messages::{Message, Messages};
use crate::lesson::exec::{Commands, Context, Tables};
use crate::lesson::interactive::{self, End, Session, signals};
use crate::lesson::progress::{Progress, SetAside, Store};
use crate::lesson::{Lesson, Library, plain};
use crate::render::Style;

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
    Library::load_dir(dir, Some(commands), messages).map_err(|ps| {
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
        End::Finished | End::Quit => Outcome::Found,
        End::Interrupted => Outcome::Interrupted,
    }
}

pub fn run(
    config: &LearnConfig,
    env: &Env,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    let ctx = Context {
        commands: &*config.commands,
        messages: &env.messages,
        tables: match config.proc_root {
            Some(_) => Tables::Saved(env.source.clone()),
            None => Tables::Live,
        },
    };
    let library = library(config.lessons_dir.as_deref(), ctx.commands, ctx.messages)?;
    let plain = config.plain || !interactive_terminal();
    // Plain runs keep no progress, so they work without a home directory.
    let store = (!plain || config.reset)
        .then(Store::default_location)
        .transpose()?;
    let mut progress = match &store {
        Some(store) => writable_progress(store, ctx.messages, err)?,
        None => Progress::default(),
    };
    if let (false, Some(store)) = (plain, &store) {
        // Before the first prompt: the terminal modes to restore are those of now.
        signals::watch(store)?;
    }
    let id = match pick(config, &library, &progress, &ctx, env.style, plain)? {
        Continue(id) => id,
        Break(end) => return Ok(outcome(end)),
    };
    let lesson = library.find(&id).expect("id from the library");
    if let (true, Some(store)) = (config.reset, &store) {
        let saved = store.update(|p| {
            p.lessons.remove(&id);
        })?;
        progress = saved.progress;
        writeln!(err, "{}", ctx.say(Message::ProgressReset, args!(id = id)))?;
    }
    check_step(config.step, lesson, &ctx)?;
    let Some(store) = store.filter(|_| !plain) else {
        return run_plain(lesson, config.step, &ctx, env, out);
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

/// The lesson to walk: named on the command line, else chosen from the menu.
fn pick(
    config: &LearnConfig,
    library: &Library,
    progress: &Progress,
    ctx: &Context,
    style: Style,
    plain: bool,
) -> Result<ControlFlow<End, String>> {
    Ok(match &config.lesson {
        Some(key) => Continue(find(library, key, ctx)?),
        None if plain => {
            bail!(ctx.say(Message::NameALesson, args!(id = library.lessons[0].meta.id)))
        }
        None => interactive::menu(library, progress, ctx.messages, style)?,
    })
}

/// Progress for a run that will save it: an unreadable file is set aside (as the next
/// free `.bak`) now, with a warning, rather than in the middle of a step.
fn writable_progress(store: &Store, m: &Messages, err: &mut impl Write) -> Result<Progress> {
    let loaded = store.load()?;
    if loaded.unreadable.is_none() {
        return Ok(loaded.progress);
    }
    let saved = store.update(|_| {})?;
    if let Some(aside) = &saved.set_aside {
        writeln!(err, "{}", set_aside_warning(store, aside, m))?;
    }
    Ok(saved.progress)
}

/// The warning for a progress file that could not be read and was left in place.
pub fn unreadable_warning(store: &Store, error: &str, m: &Messages) -> String {
    let path = store.path().display();
    m.say(
        Message::ProgressUnreadable,
        args!(path = path, error = error),
    )
}

/// The warning for a progress file that could not be read and was moved aside.
pub fn set_aside_warning(store: &Store, aside: &SetAside, m: &Messages) -> String {
    let (path, bak) = (store.path().display(), aside.bak.display());
    let fill = args!(path = path, error = aside.error, bak = bak);
    m.say(Message::ProgressSetAside, fill)
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
