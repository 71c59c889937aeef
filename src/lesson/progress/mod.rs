//! Progress: completed steps, quiz answers and labs passed per lesson, kept as JSON in the
//! XDG state directory (`$XDG_STATE_HOME/socklab/progress.json`). The runners save each
//! change as it happens, so Ctrl-C or a kill loses nothing; [`Store`] makes that safe
//! with several socklab processes at once (a lock around read-modify-write, atomic
//! replacement) and keeps what it cannot read. Fields a newer socklab wrote are kept.

mod store;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use store::{Loaded, Lock, Saved, SetAside, Store};

/// Fields this version does not know (a newer socklab wrote them): kept as they are.
type Unknown = BTreeMap<String, Value>;

/// Everything saved.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Progress {
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonProgress>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

/// One lesson's progress. Steps are 1-based.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
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
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct QuizResult {
    pub chosen: usize,
    pub correct: bool,
    #[serde(flatten)]
    pub unknown: Unknown,
}

impl QuizResult {
    pub fn new(chosen: usize, correct: bool) -> QuizResult {
        QuizResult {
            chosen,
            correct,
            unknown: Unknown::new(),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_versions_fields_are_read_and_kept() {
        // The shape a later socklab might write: a version, a per-lesson timestamp, a hint
        // count per quiz. None of it is known here; all of it must survive a save.
        let newer = r#"{"version": 2, "lessons": {"tcp-states": {"completed_steps": [1],
            "finished_at": "2030-01-01", "quizzes": {"1.1": {"chosen": 2, "correct": true,
            "hints": 1}}, "current_step": 2}}}"#;
        let p: Progress = serde_json::from_str(newer).unwrap();
        assert_eq!(p.lesson("tcp-states").completed_steps, BTreeSet::from([1]));
        let back: Value = serde_json::to_value(&p).unwrap();
        assert_eq!(back["version"], 2);
        assert_eq!(back["lessons"]["tcp-states"]["finished_at"], "2030-01-01");
        assert_eq!(back["lessons"]["tcp-states"]["quizzes"]["1.1"]["hints"], 1);
    }
}
