//! The set of lessons: the built-in ones (embedded at build time from `lessons/en/`, and
//! their translations from `lessons/<lang>/`) or a directory given with `--lessons-dir`. Checks that span files (unique ids and orders)
//! live here; everything about one file is in `parse`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};

use super::Lesson;
use super::exec::Commands;
use super::parse::{Problem, parse_checked};
use crate::knowledge::Lang;
use crate::knowledge::messages::{Message, Messages};
use crate::knowledge::said::io_text;

/// The built-in lessons: file name and text. A test checks this list against the folder.
pub const EMBEDDED: [(&str, &str); 7] = [
    (
        "netstat-basics.md",
        include_str!("../../lessons/en/netstat-basics.md"),
    ),
    (
        "inet-vs-unix.md",
        include_str!("../../lessons/en/inet-vs-unix.md"),
    ),
    (
        "who-owns-a-port.md",
        include_str!("../../lessons/en/who-owns-a-port.md"),
    ),
    (
        "run-vs-abstract.md",
        include_str!("../../lessons/en/run-vs-abstract.md"),
    ),
    (
        "tcp-states.md",
        include_str!("../../lessons/en/tcp-states.md"),
    ),
    (
        "reading-names.md",
        include_str!("../../lessons/en/reading-names.md"),
    ),
    (
        "busy-server.md",
        include_str!("../../lessons/en/busy-server.md"),
    ),
];

/// The built-in Korean translations, by the English file name. A lesson missing here is
/// shown in English; `check-lessons lessons/en` warns about it.
pub const EMBEDDED_KO: [(&str, &str); 7] = [
    (
        "netstat-basics.md",
        include_str!("../../lessons/ko/netstat-basics.md"),
    ),
    (
        "inet-vs-unix.md",
        include_str!("../../lessons/ko/inet-vs-unix.md"),
    ),
    (
        "who-owns-a-port.md",
        include_str!("../../lessons/ko/who-owns-a-port.md"),
    ),
    (
        "run-vs-abstract.md",
        include_str!("../../lessons/ko/run-vs-abstract.md"),
    ),
    (
        "tcp-states.md",
        include_str!("../../lessons/ko/tcp-states.md"),
    ),
    (
        "reading-names.md",
        include_str!("../../lessons/ko/reading-names.md"),
    ),
    (
        "busy-server.md",
        include_str!("../../lessons/ko/busy-server.md"),
    ),
];

/// The embedded translations of a language (none for English, the original).
pub fn embedded_translations(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::En => &[],
        Lang::Ko => &EMBEDDED_KO,
    }
}

/// For each English lesson, its translation when there is one, else the English text,
/// with the path it is known by (`lessons/ko/NAME.md` or `lessons/en/NAME.md`).
fn pick<'a>(
    lang: Lang,
    english: &[(&str, &'a str)],
    translations: &[(&str, &'a str)],
) -> Vec<(PathBuf, &'a str)> {
    english
        .iter()
        .map(|(name, text)| {
            let (dir, text) = match translations.iter().find(|(n, _)| n == name) {
                Some((_, t)) => (lang.code(), *t),
                None => ("en", *text),
            };
            (Path::new("lessons").join(dir).join(name), text)
        })
        .collect()
}

/// Lessons in their `order`.
#[derive(Clone, Debug)]
pub struct Library {
    pub lessons: Vec<Lesson>,
}

impl Library {
    pub fn embedded() -> Result<Library> {
        Library::embedded_in(Lang::En)
    }

    /// The built-in lessons in `lang`, each falling back to English when untranslated.
    pub fn embedded_in(lang: Lang) -> Result<Library> {
        let files = pick(lang, &EMBEDDED, embedded_translations(lang))
            .into_iter()
            .map(|(path, text)| (path, Ok(text.to_string())))
            .collect();
        Library::build(files, None, &Messages::for_lang(lang))
            .map_err(|ps| anyhow!("built-in lessons are broken: {}", ps[0]))
    }

    /// Every `*.md` in `dir`, their `socklab` blocks checked with `commands` when given;
    /// `Err` carries every problem in every file, said in the language of `messages` (the
    /// learner's, or the lesson author's in `check-lessons`).
    pub fn load_dir(
        dir: &Path,
        commands: Option<&dyn Commands>,
        messages: &Messages,
    ) -> Result<Library, Vec<Problem>> {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                let error = io_text(&e, messages);
                return Err(vec![Problem {
                    file: dir.to_path_buf(),
                    line: 0,
                    message: messages.say(Message::LessonsDirUnreadable, args!(error = error)),
                }]);
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md") && p.is_file())
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(vec![Problem {
                file: dir.to_path_buf(),
                line: 0,
                message: messages.say(Message::LessonsDirEmpty, args!()),
            }]);
        }
        let files = paths
            .into_iter()
            .map(|p| {
                let text = std::fs::read(&p)
                    .map_err(|e| io_text(&e, messages))
                    .and_then(|b| {
                        String::from_utf8(b)
                            .map_err(|_| messages.say(Message::LessonNotUtf8, args!()))
                    });
                (p, text)
            })
            .collect();
        Library::build(files, commands, messages)
    }

    fn build(
        files: Vec<(PathBuf, Result<String, String>)>,
        commands: Option<&dyn Commands>,
        messages: &Messages,
    ) -> Result<Library, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut lessons = Vec::new();
        let mut metas: Vec<(super::Meta, PathBuf)> = Vec::new();
        for (path, text) in files {
            if let Some(meta) = text.as_ref().ok().and_then(|t| super::parse::meta(t)) {
                metas.push((meta, path.clone()));
            }
            match text {
                Ok(text) => match parse_checked(&path, &text, commands, messages) {
                    Ok(lesson) => lessons.push(lesson),
                    Err(ps) => problems.extend(ps),
                },
                Err(e) => problems.push(Problem {
                    file: path,
                    line: 1,
                    message: messages.say(Message::LessonCannotRead, args!(error = e)),
                }),
            }
        }
        let mut ids: HashMap<&str, &Path> = HashMap::new();
        let mut orders: HashMap<u32, &Path> = HashMap::new();
        for (meta, file) in &metas {
            if let Some(first) = ids.insert(&meta.id, file) {
                let fill = args!(id = meta.id, file = first.display());
                let message = messages.say(Message::LessonIdReused, fill);
                problems.push(Problem {
                    file: file.clone(),
                    line: 2,
                    message,
                });
            }
            if let Some(first) = orders.insert(meta.order, file) {
                let fill = args!(order = meta.order, file = first.display());
                let message = messages.say(Message::LessonOrderReused, fill);
                problems.push(Problem {
                    file: file.clone(),
                    line: 2,
                    message,
                });
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        lessons.sort_by_key(|l| l.meta.order);
        Ok(Library { lessons })
    }

    /// A lesson by id, or by its 1-based position in the list.
    pub fn find(&self, key: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.meta.id == key).or_else(|| {
            let n: usize = key.parse().ok()?;
            self.lessons.get(n.checked_sub(1)?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `*.md` of `folder` is in `embedded`, and nothing else is.
    fn assert_embedded_is_folder(folder: &str, embedded: &[(&str, &str)]) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = embedded.iter().map(|(n, _)| n.to_string()).collect();
        listed.sort();
        assert_eq!(on_disk, listed, "every {folder}/*.md must be embedded");
    }

    #[test]
    fn embedded_list_is_the_lesson_folder() {
        assert_embedded_is_folder("lessons/en", &EMBEDDED);
        let library = Library::embedded().unwrap();
        assert_eq!(library.lessons.len(), 7);
        assert_eq!(library.find("4").unwrap().meta.id, "who-owns-a-port");
    }

    #[test]
    fn embedded_korean_list_is_the_korean_folder() {
        assert_embedded_is_folder("lessons/ko", &EMBEDDED_KO);
        let library = Library::embedded_in(Lang::Ko).unwrap();
        let first = &library.lessons[0];
        assert_eq!(first.meta.id, "netstat-basics");
        assert_eq!(first.file, Path::new("lessons/ko/netstat-basics.md"));
        assert!(first.meta.title.contains("기초"));
    }

    #[test]
    fn an_untranslated_lesson_falls_back_to_english() {
        let english = [("a.md", "A in English"), ("b.md", "B in English")];
        let korean = [("b.md", "B 한국어")];
        let picked = pick(Lang::Ko, &english, &korean);
        assert_eq!(
            picked,
            vec![
                (PathBuf::from("lessons/en/a.md"), "A in English"),
                (PathBuf::from("lessons/ko/b.md"), "B 한국어"),
            ]
        );
    }
}
