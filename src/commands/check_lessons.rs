//! `socklab check-lessons DIR`: validate a folder of lesson files for their author. Every
//! problem is printed as `file:line: message`; any problem makes the exit status 2.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};

use super::Outcome;
use crate::lesson::{Library, Part};

pub fn run(dir: &Path, out: &mut impl Write) -> Result<Outcome> {
    match Library::load_dir(dir) {
        Ok(library) => {
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
            writeln!(
                out,
                "ok: {} lessons, {steps} steps, {} socklab blocks, {} labs, {} quizzes, {} demos",
                library.lessons.len(),
                count(&|p| matches!(p, Part::Socklab(_))),
                count(&|p| matches!(p, Part::Lab(_))),
                count(&|p| matches!(p, Part::Quiz(_))),
                count(&|p| matches!(p, Part::Demo(_))),
            )?;
            Ok(Outcome::Found)
        }
        Err(problems) => {
            for p in &problems {
                writeln!(out, "{}", crate::render::sanitize::escape(&p.to_string()))?;
            }
            out.flush()?;
            bail!("{} problem(s) in {}", problems.len(), dir.display())
        }
    }
}
