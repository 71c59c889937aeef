//! What socklab says in its own voice about a run — warnings, summaries, prompts, why
//! nothing owns a target, what a watched event means — as a catalogue in data:
//! `lessons/messages/<lang>.toml`, one section per key set. A key missing in a language
//! falls back to English. What a learner looks up lives in the glossary instead.

use std::collections::BTreeMap;

use super::{Args, Lang, fill};
use crate::model::TcpState;

const EN: &str = include_str!("../../lessons/messages/en.toml");
const KO: &str = include_str!("../../lessons/messages/ko.toml");

keys!(
    /// Sentences of the `[message]` section.
    Message, "message", {
    OwnersHidden => "owners_hidden",
    OwnersHiddenRoot => "owners_hidden_root",
    BadState => "bad_state",
    IntervalTooShort => "interval_too_short",
    CountZero => "count_zero",
    EmptyTerm => "empty_term",
    MalformedLines => "malformed_lines",
    Captured => "captured",
    ByProcessUnowned => "by_process_unowned",
    ByProcessOwner => "by_process_owner",
    ByProcessOwnerNoUser => "by_process_owner_no_user",
    FamilyCount => "family_count",
    FamilyTcp => "family_tcp",
    FamilyUdp => "family_udp",
    FamilyRaw => "family_raw",
    FamilyUnix => "family_unix",
    UnixInode => "unix_inode",
    StepHeading => "step_heading",
    StepHeadingDone => "step_heading_done",
    QuizLabel => "quiz_label",
    QuizSpoiler => "quiz_spoiler",
    QuizAnswer => "quiz_answer",
    QuizRight => "quiz_right",
    QuizWrong => "quiz_wrong",
    QuizWhyNot => "quiz_why_not",
    QuizWhyOthers => "quiz_why_others",
    LabLabel => "lab_label",
    LabHint => "lab_hint",
    LabWatching => "lab_watching",
    LabSkipped => "lab_skipped",
    LabTimedOut => "lab_timed_out",
    LabFound => "lab_found",
    LabNotYet => "lab_not_yet",
    LabNotOwned => "lab_not_owned",
    LabOnPort => "lab_on_port",
    LabNoProcess => "lab_no_process",
    LabOwner => "lab_owner",
    LabUnixSocket => "lab_unix_socket",
    LabInetSocket => "lab_inet_socket",
    LabNoListener => "lab_no_listener",
    LabNoConnection => "lab_no_connection",
    LabNoTimeWait => "lab_no_time_wait",
    LabNoUnixPath => "lab_no_unix_path",
    LabNoAbstract => "lab_no_abstract",
    LabNoClients => "lab_no_clients",
    LabClients => "lab_clients",
    LabClientsSoFar => "lab_clients_so_far",
    DemoNotOpened => "demo_not_opened",
    DemoStage => "demo_stage",
    BlockNotRun => "block_not_run",
    PasteCommand => "paste_command",
    NothingMatched => "nothing_matched",
    MenuNext => "menu_next",
    MenuFinish => "menu_finish",
    MenuBack => "menu_back",
    MenuRunAgain => "menu_run_again",
    MenuHint => "menu_hint",
    MenuQuit => "menu_quit",
    WhatNext => "what_next",
    WhichLesson => "which_lesson",
    SelectHelp => "select_help",
    LessonComplete => "lesson_complete",
    ProgressSaved => "progress_saved",
    ProgressReset => "progress_reset",
    ProgressUnreadable => "progress_unreadable",
    ProgressSetAside => "progress_set_aside",
    NoSuchLesson => "no_such_lesson",
    NameALesson => "name_a_lesson",
    StepOutOfRange => "step_out_of_range",
    CommandsFailed => "commands_failed",
    LessonsSteps => "lessons_steps",
    LessonsDone => "lessons_done",
    LessonsStart => "lessons_start",
    CheckOk => "check_ok",
    CheckProblems => "check_problems",
    CheckNoTranslation => "check_no_translation",
    CheckOrphanTranslation => "check_orphan_translation",
    CheckMissingGlossary => "check_missing_glossary",
    CheckMissingMessage => "check_missing_message",
    CheckIdDiffers => "check_id_differs",
    CheckStepCount => "check_step_count",
    CheckDirectives => "check_directives",
    CheckBlockDiffers => "check_block_differs",
    LessonsDirBroken => "lessons_dir_broken",
    LessonsDirUnreadable => "lessons_dir_unreadable",
    LessonsDirEmpty => "lessons_dir_empty",
    LessonBlockProblem => "lesson_block_problem",
    LessonInvalidToml => "lesson_invalid_toml",
    LessonOutsideStep => "lesson_outside_step",
    LessonSocklabEmpty => "lesson_socklab_empty",
    LessonExplainEmpty => "lesson_explain_empty",
    LessonOneLab => "lesson_one_lab",
    LessonOneDemo => "lesson_one_demo",
    LessonUnknownDirective => "lesson_unknown_directive",
    LessonPlaceholderNoDemo => "lesson_placeholder_no_demo",
    LessonNoSteps => "lesson_no_steps",
    LessonNoFrontMatter => "lesson_no_front_matter",
    LessonFrontMatterOpen => "lesson_front_matter_open",
    LessonFrontMatterBad => "lesson_front_matter_bad",
    LessonBadId => "lesson_bad_id",
    LessonEmptyTitle => "lesson_empty_title",
    LessonFenceOpen => "lesson_fence_open",
    LessonStepNoTitle => "lesson_step_no_title",
    LessonUnclosedQuote => "lesson_unclosed_quote",
    LessonCannotRead => "lesson_cannot_read",
    LessonNotUtf8 => "lesson_not_utf8",
    LessonIdReused => "lesson_id_reused",
    LessonOrderReused => "lesson_order_reused",
    LessonLabCountRange => "lesson_lab_count_range",
    LessonLabCountOnlyClients => "lesson_lab_count_only_clients",
    LessonLabNeedsPort => "lesson_lab_needs_port",
    LessonLabPathOnlyUnix => "lesson_lab_path_only_unix",
    LessonLabTcpOnly => "lesson_lab_tcp_only",
    LessonLabTimeWaitOwner => "lesson_lab_time_wait_owner",
    LessonLabNeedsPath => "lesson_lab_needs_path",
    LessonLabPathAbsolute => "lesson_lab_path_absolute",
    LessonLabInetOnly => "lesson_lab_inet_only",
    LessonLabPortZero => "lesson_lab_port_zero",
    LessonLabTimeoutZero => "lesson_lab_timeout_zero",
    LessonLabTimeoutLong => "lesson_lab_timeout_long",
    LessonQuizFewChoices => "lesson_quiz_few_choices",
    LessonQuizAnswerRange => "lesson_quiz_answer_range",
    LessonQuizWhyCount => "lesson_quiz_why_count",
    LessonQuizWhyEmpty => "lesson_quiz_why_empty",
    LessonQuizExcerptEmpty => "lesson_quiz_excerpt_empty",
    LessonQuizExcerptWide => "lesson_quiz_excerpt_wide",
    LessonDemoStagesNeeded => "lesson_demo_stages_needed",
    LessonDemoStagesOnly => "lesson_demo_stages_only",
    LessonDemoOpenEmpty => "lesson_demo_open_empty",
    LessonDemoOpenMany => "lesson_demo_open_many",
    LessonDemoOpenHeld => "lesson_demo_open_held",
    LessonSocklabBlock => "lesson_socklab_block",
    LessonSocklabNoCommand => "lesson_socklab_no_command",
    LessonSocklabWrites => "lesson_socklab_writes",
    LessonSocklabDns => "lesson_socklab_dns",
    LessonSocklabGlobals => "lesson_socklab_globals",
    ExplainSummary => "explain_summary",
    ExplainCannotOpen => "explain_cannot_open",
    ExplainNothingRecognized => "explain_nothing_recognized",
    WhoOwner => "who_owner",
    WhoProcess => "who_process",
    PeerSocket => "peer_socket",
    Unnamed => "unnamed",
    UnixFiles => "unix_files",
    UnixAbstractChosen => "unix_abstract_chosen",
    UnixAutobind => "unix_autobind",
    UnixUnnamed => "unix_unnamed",
    UnixDirectory => "unix_directory",
    UnixFilePresent => "unix_file_present",
    UnixFileMissing => "unix_file_missing",
    UnixFileNotSocket => "unix_file_not_socket",
    WatchWasOwner => "watch_was_owner",
    WatchWasState => "watch_was_state",
    GlossaryAlso => "glossary_also",
    BadTarget => "bad_target",
    BareNumberIsPort => "bare_number_is_port",
    BareNumberIsPid => "bare_number_is_pid",
    UnknownTerm => "unknown_term",
    Concordance => "concordance",
    Watching => "watching",
    BadDuration => "bad_duration",
    NobodyOwns => "nobody_owns",
    Port => "port",
    SummarySocket => "summary_socket",
    SummarySockets => "summary_sockets",
    SummaryTcp => "summary_tcp",
    SummaryUnix => "summary_unix",
    SummaryPrograms => "summary_programs",
    SummaryServersOpen => "summary_servers_open",
    SummaryServersLocal => "summary_servers_local",
    SummaryClients => "summary_clients",
    SummaryGroup => "summary_group",
    SummaryGroupPrograms => "summary_group_programs",
    SummaryGroupSameQ => "summary_group_same_q",
    SummaryListenersHidden => "summary_listeners_hidden",
    SummaryFiltered => "summary_filtered",
    SummaryUnixHidden => "summary_unix_hidden",
    SummaryTimeWaitChurn => "summary_time_wait_churn",
    SummaryCloseWaitUnread => "summary_close_wait_unread",
    SummaryCloseWaitRead => "summary_close_wait_read",
    SummarySynBurst => "summary_syn_burst",
    SummaryOrphans => "summary_orphans",
    SummarySsh => "summary_ssh",
    SummaryOwnersHidden => "summary_owners_hidden",
    SummaryNextFds => "summary_next_fds",
    SummaryNextWatch => "summary_next_watch",
    SummaryNextAccept => "summary_next_accept",
    LineRef => "line_ref",
    NotesAsAbove => "notes_as_above",
    NotesRun => "notes_run",
    HelpUsageHeading => "help_usage_heading",
    HelpOptions => "help_options",
    HelpArguments => "help_arguments",
    HelpCommands => "help_commands",
    HelpCommandValue => "help_command_value",
    HelpOptionsTag => "help_options_tag",
    HelpHelp => "help_help",
    HelpVersion => "help_version",
    HelpSubcommand => "help_subcommand",
    HelpSubcommandArg => "help_subcommand_arg",
    HelpPossibleValues => "help_possible_values",
    HelpDefault => "help_default",
    UsageSeeHelp => "usage_see_help",
    UsageInvalidValue => "usage_invalid_value",
    UsagePossibleValues => "usage_possible_values",
    UsageBadValue => "usage_bad_value",
    UsageNotANumber => "usage_not_a_number",
    UsageNumberTooLarge => "usage_number_too_large",
    UsageNumberTooSmall => "usage_number_too_small",
    UsageEmptyValue => "usage_empty_value",
    UsageUnknownArgument => "usage_unknown_argument",
    UsageSimilar => "usage_similar",
    UsageUnknownCommand => "usage_unknown_command",
    UsageMissingValue => "usage_missing_value",
    UsageMissingRequired => "usage_missing_required",
    UsageConflict => "usage_conflict",
    UsageTooMany => "usage_too_many",
    UsageBad => "usage_bad",
    IoNotFound => "io_not_found",
    IoPermissionDenied => "io_permission_denied",
    IoNotADirectory => "io_not_a_directory",
    IoIsADirectory => "io_is_a_directory",
    IoAlreadyExists => "io_already_exists",
    IoDirectoryNotEmpty => "io_directory_not_empty",
    IoReadOnly => "io_read_only",
    IoStorageFull => "io_storage_full",
    IoInvalidData => "io_invalid_data",
    IoOther => "io_other",
    ProcRootMissing => "proc_root_missing",
    DirNotEmpty => "dir_not_empty",
    NoTableToCapture => "no_table_to_capture",
    NotARegularFile => "not_a_regular_file",
    FileTooLarge => "file_too_large",
    Reading => "reading",
    Writing => "writing",
    Creating => "creating",
    Replacing => "replacing",
    StatesTitle => "states_title",
    StatesCounts => "states_counts",
    StatesCountsList => "states_counts_list",
    StatesArrows => "states_arrows",
    StatesLeftOut => "states_left_out",
    StatesTimer => "states_timer",
    StatesMarked => "states_marked",
    StatesMarkedList => "states_marked_list",
    StatesNarrow => "states_narrow",
    StatesNotTcp => "states_not_tcp",
    GlossaryMachine => "glossary_machine",
});

keys!(
    /// Why `who` found no owner, in the order they are checked (`[diagnosis]`).
    Diagnosis, "diagnosis", {
    TimeWait => "time_wait",
    Orphan => "orphan",
    AcceptQueue => "accept_queue",
    Request => "request",
    NotRoot => "not_root",
    HiddenAsRoot => "hidden_as_root",
    OwnerGone => "owner_gone",
    NothingHere => "nothing_here",
    BoundNotListening => "bound_not_listening",
    PathWithoutRow => "path_without_row",
    NoSuchName => "no_such_name",
    NoSuchProcess => "no_such_process",
    FdsUnreadable => "fds_unreadable",
});

/// One line `watch` says about an event (`[narration]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Narration {
    Appeared,
    Disappeared,
    UnixChanged,
    /// A TCP socket entered this state.
    Entered(TcpState),
}

impl Narration {
    pub const SECTION: &'static str = "narration";

    pub fn all() -> Vec<Narration> {
        let mut all = vec![
            Narration::Appeared,
            Narration::Disappeared,
            Narration::UnixChanged,
        ];
        all.extend(TcpState::NAMED.map(Narration::Entered));
        all.push(Narration::Entered(TcpState::Unknown(0)));
        all
    }

    pub fn key(self) -> &'static str {
        match self {
            Narration::Appeared => "appeared",
            Narration::Disappeared => "disappeared",
            Narration::UnixChanged => "unix_changed",
            Narration::Entered(s) => s.name(),
        }
    }
}

/// A key of the catalogue: its section and its name there.
pub trait Said: Copy {
    fn path(self) -> (&'static str, &'static str);
}

impl Said for Message {
    fn path(self) -> (&'static str, &'static str) {
        (Message::SECTION, self.key())
    }
}

impl Said for Diagnosis {
    fn path(self) -> (&'static str, &'static str) {
        (Diagnosis::SECTION, self.key())
    }
}

impl Said for Narration {
    fn path(self) -> (&'static str, &'static str) {
        (Narration::SECTION, self.key())
    }
}

/// Tables only a translation has: English shows these names as they are (a glossary
/// section's key, a locale code, the concordance's `kernel`) and takes its `--help` texts
/// from the CLI definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Local {
    /// `--help` texts: `command` for a command's about, `command.arg` for an argument's.
    Help,
    /// A glossary section's name (`column_more`: "다른 옵션과 도구의 열").
    GlossarySection,
    /// A language by its locale code (`de`: "독일어").
    Locale,
    /// A concordance column that is a word (`kernel`: "커널").
    Tool,
}

impl Local {
    pub const ALL: [Local; 4] = [
        Local::Help,
        Local::GlossarySection,
        Local::Locale,
        Local::Tool,
    ];

    pub fn table(self) -> &'static str {
        match self {
            Local::Help => "help",
            Local::GlossarySection => "glossary_section",
            Local::Locale => "locale",
            Local::Tool => "tool",
        }
    }
}

/// Every key there is, as (section, key): each language must hold each.
pub fn all_keys() -> Vec<(&'static str, &'static str)> {
    let mut all: Vec<_> = Message::ALL.iter().map(|m| m.path()).collect();
    all.extend(Diagnosis::ALL.iter().map(|d| d.path()));
    all.extend(Narration::all().into_iter().map(Narration::path));
    all
}

type Catalogue = BTreeMap<String, BTreeMap<String, String>>;

fn parse(text: &str) -> Catalogue {
    toml::from_str(text).expect("embedded messages are checked by tests")
}

/// The embedded catalogue file of a language.
pub fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => EN,
        Lang::Ko => KO,
    }
}

#[derive(Clone, Debug)]
pub struct Messages {
    lang: Lang,
    chosen: Catalogue,
    english: Catalogue,
}

impl Default for Messages {
    fn default() -> Messages {
        Messages::for_lang(Lang::En)
    }
}

impl Messages {
    pub fn for_lang(lang: Lang) -> Messages {
        let chosen = match lang {
            Lang::En => Catalogue::new(),
            other => parse(source(other)),
        };
        Messages {
            lang,
            chosen,
            english: parse(EN),
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The template of a key in this language (English where it lacks one; the key
    /// itself where even English does, so a gap shows).
    pub fn template(&self, key: impl Said) -> &str {
        let (section, name) = key.path();
        [&self.chosen, &self.english]
            .into_iter()
            .find_map(|c| c.get(section).and_then(|m| m.get(name)))
            .map_or(name, String::as_str)
    }

    /// A translation's own text in one of the [`Local`] tables; `None` in English, or where
    /// the translation lacks it.
    pub fn local(&self, table: Local, key: &str) -> Option<&str> {
        let m = self.chosen.get(table.table())?;
        m.get(key).map(String::as_str)
    }

    /// A name from a [`Local`] table, or `key` itself (English, or a gap).
    pub fn name<'a>(&'a self, table: Local, key: &'a str) -> &'a str {
        self.local(table, key).unwrap_or(key)
    }

    /// The message with its `{name}` placeholders filled in.
    pub fn say(&self, key: impl Said, args: Args) -> String {
        fill(self.template(key), args)
    }

    /// `section.key` of every key this language lacks (English is shown for them).
    pub fn missing(lang: Lang) -> Vec<String> {
        let have = toml::from_str::<Catalogue>(source(lang)).unwrap_or_default();
        all_keys()
            .into_iter()
            .filter(|(s, k)| have.get(*s).is_none_or(|m| !m.contains_key(*k)))
            .map(|(s, k)| format!("{s}.{k}"))
            .collect()
    }

    /// Every (key, text) of a [`Local`] table of a language's own file, for the checks.
    pub fn local_entries(lang: Lang, table: Local) -> Vec<(String, String)> {
        let mut file = toml::from_str::<Catalogue>(source(lang)).unwrap_or_default();
        file.remove(table.table())
            .map(|m| m.into_iter().collect())
            .unwrap_or_default()
    }

    /// Every (section, key, template) of a language's own file, for the checks.
    pub fn entries(lang: Lang) -> Vec<(String, String, String)> {
        let file = toml::from_str::<Catalogue>(source(lang)).unwrap_or_default();
        file.into_iter()
            .flat_map(|(s, m)| m.into_iter().map(move |(k, t)| (s.clone(), k, t)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_exists_in_every_language_and_no_other() {
        let known = all_keys();
        for lang in Lang::ALL {
            assert!(
                Messages::missing(lang).is_empty(),
                "{lang} lacks {:?}",
                Messages::missing(lang)
            );
            let local_tables = Local::ALL.map(Local::table);
            for (section, key, _) in Messages::entries(lang) {
                if local_tables.contains(&section.as_str()) {
                    assert_ne!(lang, Lang::En, "English has no {section} table");
                    continue;
                }
                assert!(
                    known.contains(&(section.as_str(), key.as_str())),
                    "{lang} has {section}.{key}, which no code says"
                );
            }
        }
        let ko = Messages::for_lang(Lang::Ko);
        assert!(ko.say(Message::OwnersHidden, args!(n = 3)).contains("3개"));
    }

    /// The names English shows as keys have a name in every translation: every glossary
    /// section, every locale of net-tools' translated state names, the concordance's
    /// `kernel`.
    #[test]
    fn every_translation_names_what_english_shows_as_a_key() {
        let sections: std::collections::BTreeSet<String> = crate::knowledge::Glossary::english()
            .entries()
            .map(|(s, _, _)| s.to_string())
            .collect();
        let words = include_str!("../../lessons/explain/words.toml");
        let locales: std::collections::BTreeSet<String> = words
            .lines()
            .filter_map(|l| l.strip_prefix("lang = \""))
            .map(|l| l.trim_end_matches('"').to_string())
            .chain(Lang::ALL.map(|l| l.code().to_string()))
            .collect();
        assert!(
            locales.contains("de") && locales.contains("pt_BR"),
            "{locales:?}"
        );
        for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
            let m = Messages::for_lang(lang);
            for (table, wanted) in [
                (Local::GlossarySection, &sections),
                (Local::Locale, &locales),
            ] {
                let missing: Vec<_> = wanted
                    .iter()
                    .filter(|k| m.local(table, k).is_none())
                    .collect();
                assert!(missing.is_empty(), "{lang} {table:?} lacks {missing:?}");
            }
            assert!(m.local(Local::Tool, "kernel").is_some());
        }
        let en = Messages::for_lang(Lang::En);
        assert_eq!(en.name(Local::Locale, "de"), "de");
        assert_eq!(
            Messages::for_lang(Lang::Ko).name(Local::Locale, "de"),
            "독일어"
        );
    }
}
