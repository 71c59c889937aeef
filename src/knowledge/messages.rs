//! What socklab says in its own voice (warnings, summaries), as a small catalogue in data:
//! `lessons/messages/<lang>.toml`. A key missing in a language falls back to English.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Lang;

const EN: &str = include_str!("../../lessons/messages/en.toml");
const KO: &str = include_str!("../../lessons/messages/ko.toml");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message {
    OwnersHidden,
    MalformedLines,
    Captured,
    ByProcessUnowned,
    // The lesson runner (learn, lessons, check-lessons).
    StepHeading,
    StepHeadingDone,
    QuizLabel,
    QuizSpoiler,
    QuizAnswer,
    QuizRight,
    QuizWrong,
    LabLabel,
    LabHint,
    LabWatching,
    LabSkipped,
    LabTimedOut,
    LabFound,
    LabNotYet,
    LabNotOwned,
    LabOnPort,
    LabNoProcess,
    LabNoListener,
    LabNoConnection,
    LabNoTimeWait,
    LabNoUnixPath,
    LabNoAbstract,
    DemoNotOpened,
    DemoStage,
    BlockNotRun,
    NothingMatched,
    MenuNext,
    MenuFinish,
    MenuBack,
    MenuRunAgain,
    MenuHint,
    MenuQuit,
    WhatNext,
    WhichLesson,
    LessonComplete,
    ProgressSaved,
    ProgressReset,
    NoSuchLesson,
    NameALesson,
    StepOutOfRange,
    CommandsFailed,
    LessonsSteps,
    LessonsDone,
    LessonsStart,
    CheckOk,
    CheckProblems,
    CheckNoTranslation,
    CheckOrphanTranslation,
    CheckMissingGlossary,
    CheckMissingMessage,
    CheckIdDiffers,
    CheckStepCount,
    CheckDirectives,
    CheckBlockDiffers,
    LessonsDirBroken,
    // explain, who, unix, watch, glossary.
    ExplainSummary,
    ExplainSockets,
    ExplainByState,
    ExplainByProgram,
    ExplainOthers,
    ExplainNoState,
    ExplainCannotOpen,
    ExplainNothingRecognized,
    WhoOwner,
    WhoProcess,
    PeerSocket,
    Unnamed,
    UnixFiles,
    UnixAbstractChosen,
    UnixAutobind,
    UnixUnnamed,
    UnixDirectory,
    UnixFilePresent,
    UnixFileMissing,
    UnixFileNotSocket,
    WatchWasOwner,
    WatchWasState,
    GlossaryAlso,
}

impl Message {
    pub const ALL: [Message; 82] = [
        Message::OwnersHidden,
        Message::MalformedLines,
        Message::Captured,
        Message::ByProcessUnowned,
        Message::StepHeading,
        Message::StepHeadingDone,
        Message::QuizLabel,
        Message::QuizSpoiler,
        Message::QuizAnswer,
        Message::QuizRight,
        Message::QuizWrong,
        Message::LabLabel,
        Message::LabHint,
        Message::LabWatching,
        Message::LabSkipped,
        Message::LabTimedOut,
        Message::LabFound,
        Message::LabNotYet,
        Message::LabNotOwned,
        Message::LabOnPort,
        Message::LabNoProcess,
        Message::LabNoListener,
        Message::LabNoConnection,
        Message::LabNoTimeWait,
        Message::LabNoUnixPath,
        Message::LabNoAbstract,
        Message::DemoNotOpened,
        Message::DemoStage,
        Message::BlockNotRun,
        Message::NothingMatched,
        Message::MenuNext,
        Message::MenuFinish,
        Message::MenuBack,
        Message::MenuRunAgain,
        Message::MenuHint,
        Message::MenuQuit,
        Message::WhatNext,
        Message::WhichLesson,
        Message::LessonComplete,
        Message::ProgressSaved,
        Message::ProgressReset,
        Message::NoSuchLesson,
        Message::NameALesson,
        Message::StepOutOfRange,
        Message::CommandsFailed,
        Message::LessonsSteps,
        Message::LessonsDone,
        Message::LessonsStart,
        Message::CheckOk,
        Message::CheckProblems,
        Message::CheckNoTranslation,
        Message::CheckOrphanTranslation,
        Message::CheckMissingGlossary,
        Message::CheckMissingMessage,
        Message::CheckIdDiffers,
        Message::CheckStepCount,
        Message::CheckDirectives,
        Message::CheckBlockDiffers,
        Message::LessonsDirBroken,
        Message::ExplainSummary,
        Message::ExplainSockets,
        Message::ExplainByState,
        Message::ExplainByProgram,
        Message::ExplainOthers,
        Message::ExplainNoState,
        Message::ExplainCannotOpen,
        Message::ExplainNothingRecognized,
        Message::WhoOwner,
        Message::WhoProcess,
        Message::PeerSocket,
        Message::Unnamed,
        Message::UnixFiles,
        Message::UnixAbstractChosen,
        Message::UnixAutobind,
        Message::UnixUnnamed,
        Message::UnixDirectory,
        Message::UnixFilePresent,
        Message::UnixFileMissing,
        Message::UnixFileNotSocket,
        Message::WatchWasOwner,
        Message::WatchWasState,
        Message::GlossaryAlso,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Message::OwnersHidden => "owners_hidden",
            Message::MalformedLines => "malformed_lines",
            Message::Captured => "captured",
            Message::ByProcessUnowned => "by_process_unowned",
            Message::StepHeading => "step_heading",
            Message::StepHeadingDone => "step_heading_done",
            Message::QuizLabel => "quiz_label",
            Message::QuizSpoiler => "quiz_spoiler",
            Message::QuizAnswer => "quiz_answer",
            Message::QuizRight => "quiz_right",
            Message::QuizWrong => "quiz_wrong",
            Message::LabLabel => "lab_label",
            Message::LabHint => "lab_hint",
            Message::LabWatching => "lab_watching",
            Message::LabSkipped => "lab_skipped",
            Message::LabTimedOut => "lab_timed_out",
            Message::LabFound => "lab_found",
            Message::LabNotYet => "lab_not_yet",
            Message::LabNotOwned => "lab_not_owned",
            Message::LabOnPort => "lab_on_port",
            Message::LabNoProcess => "lab_no_process",
            Message::LabNoListener => "lab_no_listener",
            Message::LabNoConnection => "lab_no_connection",
            Message::LabNoTimeWait => "lab_no_time_wait",
            Message::LabNoUnixPath => "lab_no_unix_path",
            Message::LabNoAbstract => "lab_no_abstract",
            Message::DemoNotOpened => "demo_not_opened",
            Message::DemoStage => "demo_stage",
            Message::BlockNotRun => "block_not_run",
            Message::NothingMatched => "nothing_matched",
            Message::MenuNext => "menu_next",
            Message::MenuFinish => "menu_finish",
            Message::MenuBack => "menu_back",
            Message::MenuRunAgain => "menu_run_again",
            Message::MenuHint => "menu_hint",
            Message::MenuQuit => "menu_quit",
            Message::WhatNext => "what_next",
            Message::WhichLesson => "which_lesson",
            Message::LessonComplete => "lesson_complete",
            Message::ProgressSaved => "progress_saved",
            Message::ProgressReset => "progress_reset",
            Message::NoSuchLesson => "no_such_lesson",
            Message::NameALesson => "name_a_lesson",
            Message::StepOutOfRange => "step_out_of_range",
            Message::CommandsFailed => "commands_failed",
            Message::LessonsSteps => "lessons_steps",
            Message::LessonsDone => "lessons_done",
            Message::LessonsStart => "lessons_start",
            Message::CheckOk => "check_ok",
            Message::CheckProblems => "check_problems",
            Message::CheckNoTranslation => "check_no_translation",
            Message::CheckOrphanTranslation => "check_orphan_translation",
            Message::CheckMissingGlossary => "check_missing_glossary",
            Message::CheckMissingMessage => "check_missing_message",
            Message::CheckIdDiffers => "check_id_differs",
            Message::CheckStepCount => "check_step_count",
            Message::CheckDirectives => "check_directives",
            Message::CheckBlockDiffers => "check_block_differs",
            Message::LessonsDirBroken => "lessons_dir_broken",
            Message::ExplainSummary => "explain_summary",
            Message::ExplainSockets => "explain_sockets",
            Message::ExplainByState => "explain_by_state",
            Message::ExplainByProgram => "explain_by_program",
            Message::ExplainOthers => "explain_others",
            Message::ExplainNoState => "explain_no_state",
            Message::ExplainCannotOpen => "explain_cannot_open",
            Message::ExplainNothingRecognized => "explain_nothing_recognized",
            Message::WhoOwner => "who_owner",
            Message::WhoProcess => "who_process",
            Message::PeerSocket => "peer_socket",
            Message::Unnamed => "unnamed",
            Message::UnixFiles => "unix_files",
            Message::UnixAbstractChosen => "unix_abstract_chosen",
            Message::UnixAutobind => "unix_autobind",
            Message::UnixUnnamed => "unix_unnamed",
            Message::UnixDirectory => "unix_directory",
            Message::UnixFilePresent => "unix_file_present",
            Message::UnixFileMissing => "unix_file_missing",
            Message::UnixFileNotSocket => "unix_file_not_socket",
            Message::WatchWasOwner => "watch_was_owner",
            Message::WatchWasState => "watch_was_state",
            Message::GlossaryAlso => "glossary_also",
        }
    }
}

#[derive(Debug, Deserialize)]
struct File {
    message: BTreeMap<String, String>,
}

#[derive(Clone, Debug)]
pub struct Messages {
    lang: Lang,
    chosen: BTreeMap<String, String>,
    english: BTreeMap<String, String>,
}

impl Default for Messages {
    fn default() -> Messages {
        Messages::for_lang(Lang::En)
    }
}

impl Messages {
    pub fn for_lang(lang: Lang) -> Messages {
        let parse = |text: &str| -> BTreeMap<String, String> {
            toml::from_str::<File>(text)
                .map(|f| f.message)
                .expect("embedded messages are checked by tests")
        };
        let english = parse(EN);
        let chosen = match lang {
            Lang::En => BTreeMap::new(),
            Lang::Ko => parse(KO),
        };
        Messages {
            lang,
            chosen,
            english,
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message with `{name}` placeholders filled.
    pub fn say(&self, message: Message, fill: &[(&str, &dyn std::fmt::Display)]) -> String {
        let key = message.key();
        let mut text = self
            .chosen
            .get(key)
            .or_else(|| self.english.get(key))
            .cloned()
            .unwrap_or_else(|| key.to_string());
        for (name, value) in fill {
            text = text.replace(&format!("{{{name}}}"), &value.to_string());
        }
        text
    }

    /// Keys of `Message` this language lacks (falls back to English for them).
    pub fn missing(lang: Lang) -> Vec<&'static str> {
        let text = match lang {
            Lang::En => EN,
            Lang::Ko => KO,
        };
        let have: BTreeMap<String, String> = toml::from_str::<File>(text)
            .map(|f| f.message)
            .unwrap_or_default();
        Message::ALL
            .iter()
            .map(|m| m.key())
            .filter(|k| !have.contains_key(*k))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_exists_in_every_language() {
        for lang in Lang::ALL {
            assert!(
                Messages::missing(lang).is_empty(),
                "{lang} lacks {:?}",
                Messages::missing(lang)
            );
        }
        let ko = Messages::for_lang(Lang::Ko);
        assert!(
            ko.say(Message::OwnersHidden, &[("n", &3)])
                .contains("프로세스 3개")
        );
    }
}
