//! `socklab learn [LESSON]` (and `socklab` alone on a terminal): pick a lesson, resume or
//! reset its progress, and walk it with the interactive or the plain runner.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Result, bail};

use super::Env;
use crate::Outcome;
use crate::knowledge::messages::{Message, Messages};
use crate::lesson::exec::{Commands, Context};
use crate::lesson::interactive::{self, Session};
use crate::lesson::progress::Store;
use crate::lesson::{Library, plain};

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

pub fn run(
    config: &LearnConfig,
    env: &Env,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    let style = env.style;
    let ctx = Context::new(
        Arc::clone(&config.commands),
        config.proc_root.clone(),
        style.color,
        env.lang(),
    );
    let library = library(
        config.lessons_dir.as_deref(),
        &*config.commands,
        &env.messages,
    )?;
    let plain = config.plain || !interactive_terminal();
    let ids = || {
        library
            .lessons
            .iter()
            .map(|l| l.meta.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Plain runs keep no progress, so they work without a home directory.
    let keeps_progress = !plain || config.reset;
    let store = if keeps_progress {
        Some(Store::default_location()?)
    } else {
        None
    };
    let mut progress = match &store {
        Some(store) => store.load(err)?,
        None => Default::default(),
    };
    let id = match &config.lesson {
        Some(key) => match library.find(key) {
            Some(l) => l.meta.id.clone(),
            None => bail!(ctx.say(Message::NoSuchLesson, &[("key", key), ("ids", &ids())])),
        },
        None if plain => {
            bail!(ctx.say(Message::NameALesson, &[("id", &library.lessons[0].meta.id)]))
        }
        None => match interactive::menu(&library, &progress, &ctx.messages)? {
            Some(id) => id,
            None => return Ok(Outcome::Found),
        },
    };
    let lesson = library.find(&id).expect("id from the library");
    if let (true, Some(store)) = (config.reset, &store) {
        progress.lessons.remove(&id);
        store.save(&progress)?;
        writeln!(err, "{}", ctx.say(Message::ProgressReset, &[("id", &id)]))?;
    }
    let total = lesson.steps.len();
    if let Some(n) = config.step
        && (n == 0 || n > total)
    {
        bail!(ctx.say(
            Message::StepOutOfRange,
            &[("n", &n), ("id", &id), ("total", &total)]
        ));
    }
    if plain {
        let failed = plain::run(lesson, config.step.unwrap_or(1), &ctx, style, out)?;
        if failed > 0 {
            bail!(ctx.say(Message::CommandsFailed, &[("failed", &failed), ("id", &id)]));
        }
        return Ok(Outcome::Found);
    }
    let store = match store {
        Some(store) => store,
        None => Store::default_location()?,
    };
    let resume = progress.lesson(&id).current_step.max(1);
    let start = config.step.unwrap_or(resume) - 1;
    let mut session = Session {
        ctx: &ctx,
        style,
        store: &store,
        progress: &mut progress,
    };
    interactive::run(&mut session, lesson, start)?;
    Ok(Outcome::Found)
}
