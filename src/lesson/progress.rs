//! Progress: completed steps, quiz answers and labs passed per lesson, kept as JSON in the
//! XDG state directory (`$XDG_STATE_HOME/socklab/progress.json`). The runners change a
//! [`Progress`] value and save it after every change, so Ctrl-C loses nothing. A file that
//! does not parse is kept as `.bak`, a warning is printed, and a fresh one is started.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use serde::{Deserialize, Serialize};

/// Everything saved.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonProgress>,
}

/// One lesson's progress. Steps are 1-based.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LessonProgress {
    #[serde(default)]
    pub completed_steps: BTreeSet<usize>,
    /// Keyed `"STEP.N"` (N-th quiz of the step, 1-based).
    #[serde(default)]
    pub quizzes: BTreeMap<String, QuizResult>,
    #[serde(default)]
    pub labs_passed: BTreeSet<usize>,
    /// Where `learn` resumes.
    #[serde(default)]
    pub current_step: usize,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct QuizResult {
    pub chosen: usize,
    pub correct: bool,
}

impl LessonProgress {
    pub fn quiz_key(step: usize, n: usize) -> String {
        format!("{step}.{n}")
    }

    pub fn quizzes_correct(&self) -> usize {
        self.quizzes.values().filter(|q| q.correct).count()
    }
}

impl Progress {
    pub fn lesson(&self, id: &str) -> LessonProgress {
        self.lessons.get(id).cloned().unwrap_or_default()
    }

    pub fn lesson_mut(&mut self, id: &str) -> &mut LessonProgress {
        self.lessons.entry(id.to_string()).or_default()
    }
}

/// Where progress lives.
#[derive(Clone, Debug)]
pub struct Store {
    path: PathBuf,
}

impl Store {
    /// `$XDG_STATE_HOME/socklab/progress.json` (or the platform's equivalent).
    pub fn default_location() -> Result<Store> {
        let dirs = directories::ProjectDirs::from("", "", "socklab").ok_or_else(|| {
            anyhow!("no home directory to keep progress in; set HOME or XDG_STATE_HOME")
        })?;
        let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
        Ok(Store::at(&dir.join("progress.json")))
    }

    pub fn at(path: &Path) -> Store {
        Store {
            path: path.to_path_buf(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads progress; a corrupt file is moved to `.bak` with a warning on `warn`.
    pub fn load(&self, warn: &mut impl Write) -> Result<Progress> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Progress::default()),
            Err(e) => return Err(e).with_context(|| format!("reading {}", self.path.display())),
        };
        match serde_json::from_slice::<Progress>(&bytes) {
            Ok(p) => Ok(p),
            Err(e) => {
                let bak = self.path.with_extension("json.bak");
                std::fs::rename(&self.path, &bak).with_context(|| {
                    format!("moving the unreadable {} aside", self.path.display())
                })?;
                writeln!(
                    warn,
                    "socklab: warning: progress file {} could not be read ({e}); kept it as {} and started fresh",
                    self.path.display(),
                    bak.display()
                )?;
                Ok(Progress::default())
            }
        }
    }

    /// Writes atomically (a temp file renamed over the old one).
    pub fn save(&self, progress: &Progress) -> Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let tmp = self.path.with_extension("json.tmp");
        let text = serde_json::to_string_pretty(progress)?;
        std::fs::write(&tmp, text).with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, &self.path)
            .with_context(|| format!("writing {}", self.path.display()))?;
        Ok(())
    }
}
