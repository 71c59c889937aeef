//! `socklab check-lessons DIR`: validate a folder of lesson files for their author. Every
//! problem is printed as `file:line: message`; any problem makes the exit status 2.
//!
//! Translations: when DIR is a language folder named `en` (like `lessons/en`), each sibling
//! folder named after another language (`lessons/ko`) is checked too. A translated lesson
//! that parses badly or drifts from its English lesson (id, order, steps, directives) is a
//! problem: progress is kept by step, so it would break. A lesson not translated yet, and
//! a glossary entry or message the built-in translation lacks, are warnings: learners get
//! the English text there, which works. Warnings never change the exit status.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};

use super::Env;
use crate::Outcome;
use crate::knowledge::messages::{Local, Message, Messages};
use crate::knowledge::{Glossary, Lang};
use crate::lesson::exec::Commands;
use crate::lesson::parse::Problem;
use crate::lesson::{Library, Part, translation};

pub fn run(
    dir: &Path,
    commands: &dyn Commands,
    env: &Env,
    out: &mut impl Write,
) -> Result<Outcome> {
    let messages = &env.messages;
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let library = match Library::load_dir(dir, Some(commands), messages) {
        Ok(library) => Some(library),
        Err(ps) => {
            problems.extend(ps);
            None
        }
    };
    if let Some(english) = &library {
        check_translations(
            dir,
            english,
            commands,
            messages,
            &mut problems,
            &mut warnings,
        );
    }
    warnings.extend(missing_texts(messages));
    let escape = |t: &str| crate::render::sanitize::escape(t).into_owned();
    match library {
        Some(library) if problems.is_empty() => {
            writeln!(out, "{}", summary(&library, messages))?;
            for w in &warnings {
                writeln!(out, "{}", escape(w))?;
            }
            Ok(Outcome::Found)
        }
        _ => {
            for p in &problems {
                writeln!(out, "{}", escape(&p.to_string()))?;
            }
            for w in &warnings {
                writeln!(out, "{}", escape(w))?;
            }
            out.flush()?;
            let fill: [(&str, &dyn std::fmt::Display); 2] =
                [("n", &problems.len()), ("dir", &dir.display())];
            bail!(messages.say(Message::CheckProblems, &fill))
        }
    }
}

/// A warning for every glossary entry and message a translation lacks.
fn missing_texts(messages: &Messages) -> Vec<String> {
    let mut warnings = Vec::new();
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        let name = messages.name(Local::Locale, lang.code());
        for key in Glossary::missing(lang) {
            let fill = args!(lang = name, key = key);
            warnings.push(messages.say(Message::CheckMissingGlossary, fill));
        }
        for key in Messages::missing(lang) {
            let fill = args!(lang = name, key = key);
            warnings.push(messages.say(Message::CheckMissingMessage, fill));
        }
    }
    warnings
}

fn summary(library: &Library, messages: &Messages) -> String {
    let steps: usize = library.lessons.iter().map(|l| l.steps.len()).sum();
    let count = |f: &dyn Fn(&Part) -> bool| -> usize {
        library
            .lessons
            .iter()
            .flat_map(|l| &l.steps)
            .flat_map(|s| &s.parts)
            .filter(|p| f(p))
            .count()
    };
    let fill: [(&str, &dyn std::fmt::Display); 8] = [
        ("lessons", &library.lessons.len()),
        ("steps", &steps),
        ("socklab", &count(&|p| matches!(p, Part::Socklab(_)))),
        ("labs", &count(&|p| matches!(p, Part::Lab(_)))),
        ("quizzes", &count(&|p| matches!(p, Part::Quiz(_)))),
        ("demos", &count(&|p| matches!(p, Part::Demo(_)))),
        (
            "excerpts",
            &count(&|p| matches!(p, Part::Quiz(q) if q.excerpt.is_some())),
        ),
        ("pastes", &count(&|p| matches!(p, Part::Paste(_)))),
    ];
    messages.say(Message::CheckOk, &fill)
}

/// The sibling language folders of an `en` folder, lesson by lesson (paired by file name).
fn check_translations(
    dir: &Path,
    english: &Library,
    commands: &dyn Commands,
    messages: &Messages,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<String>,
) {
    if dir.file_name().is_none_or(|n| n != "en") {
        return;
    }
    let Some(parent) = dir.parent() else {
        return;
    };
    let name = |p: &Path| p.file_name().map(|n| n.to_os_string());
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        let other = parent.join(lang.code());
        if !other.is_dir() {
            continue;
        }
        let translated = match Library::load_dir(&other, Some(commands), messages) {
            Ok(library) => library.lessons,
            Err(ps) => {
                problems.extend(ps);
                continue;
            }
        };
        for lesson in &english.lessons {
            match translated
                .iter()
                .find(|t| name(&t.file) == name(&lesson.file))
            {
                Some(t) => problems.extend(translation::differences(lesson, t, messages)),
                None => {
                    let want = other.join(lesson.file.file_name().unwrap_or_default());
                    let fill: [(&str, &dyn std::fmt::Display); 3] = [
                        ("file", &lesson.file.display()),
                        ("lang", &messages.name(Local::Locale, lang.code())),
                        ("want", &want.display()),
                    ];
                    warnings.push(messages.say(Message::CheckNoTranslation, &fill));
                }
            }
        }
        for t in &translated {
            if !english
                .lessons
                .iter()
                .any(|l| name(&l.file) == name(&t.file))
            {
                let fill: [(&str, &dyn std::fmt::Display); 2] =
                    [("file", &t.file.display()), ("dir", &dir.display())];
                warnings.push(messages.say(Message::CheckOrphanTranslation, &fill));
            }
        }
    }
}
