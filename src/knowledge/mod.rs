//! What things mean: the glossary API. The text lives in `lessons/glossary/<lang>.toml`
//! (embedded at build time); this module only names the topics — closed enums — and picks
//! which ones apply to a socket. One annotator for live and pasted sockets alike.

mod explain_topics;
mod lang;
pub mod messages;
mod notes;

pub mod concordance;
mod investigate;
mod lookup;

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::model::{PathKind, TcpState, UnixFlag, UnixState, UnixType};

pub use explain_topics::{
    ExplainNote, ExplainTopic, FormatTopic, MoreColumn, Provider, SiteCode, SsField, TableTopic,
};
pub use lang::Lang;
pub use notes::row_notes;

pub use investigate::{Diagnosis, FdKind, Narration, Phrase, UnixGroup};
pub use lookup::Found;
pub use notes::is_autobind;

const EN: &str = include_str!("../../lessons/glossary/en.toml");
const KO: &str = include_str!("../../lessons/glossary/ko.toml");

/// `template` with every `{name}` replaced by its value: the one way socklab fills in
/// glossary texts, messages' siblings and lesson arguments.
pub fn fill_placeholders(template: &str, fill: &[(&str, String)]) -> String {
    let mut text = template.to_string();
    for (name, value) in fill {
        let placeholder = format!("{{{name}}}");
        if text.contains(&placeholder) {
            text = text.replace(&placeholder, value);
        }
    }
    text
}

/// The embedded glossary file of a language.
pub fn glossary_source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => EN,
        Lang::Ko => KO,
    }
}

/// One glossary entry.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub term: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub short: String,
    #[serde(default)]
    pub long: Option<String>,
}

/// The two sections netstat prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Inet,
    Unix,
}

/// Every column netstat can print in its socket sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Proto,
    RecvQ,
    SendQ,
    LocalAddress,
    ForeignAddress,
    State,
    User,
    Inode,
    PidProgram,
    RefCnt,
    Flags,
    Type,
    UnixState,
    INode,
    Path,
}

impl Column {
    pub const ALL: [Column; 15] = [
        Column::Proto,
        Column::RecvQ,
        Column::SendQ,
        Column::LocalAddress,
        Column::ForeignAddress,
        Column::State,
        Column::User,
        Column::Inode,
        Column::PidProgram,
        Column::RefCnt,
        Column::Flags,
        Column::Type,
        Column::UnixState,
        Column::INode,
        Column::Path,
    ];

    fn key(self) -> &'static str {
        match self {
            Column::Proto => "proto",
            Column::RecvQ => "recv_q",
            Column::SendQ => "send_q",
            Column::LocalAddress => "local_address",
            Column::ForeignAddress => "foreign_address",
            Column::State => "state",
            Column::User => "user",
            Column::Inode => "inode",
            Column::PidProgram => "pid_program",
            Column::RefCnt => "refcnt",
            Column::Flags => "flags",
            Column::Type => "type",
            Column::UnixState => "unix_state",
            Column::INode => "i_node",
            Column::Path => "path",
        }
    }
}

/// Address forms worth a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressForm {
    AnyV4,
    AnyV6,
    LoopbackV4,
    LoopbackV6,
    WildcardPort,
    Mapped,
    LinkLocal,
    Private,
}

impl AddressForm {
    pub const ALL: [AddressForm; 8] = [
        AddressForm::AnyV4,
        AddressForm::AnyV6,
        AddressForm::LoopbackV4,
        AddressForm::LoopbackV6,
        AddressForm::WildcardPort,
        AddressForm::Mapped,
        AddressForm::LinkLocal,
        AddressForm::Private,
    ];

    fn key(self) -> &'static str {
        match self {
            AddressForm::AnyV4 => "any_v4",
            AddressForm::AnyV6 => "any_v6",
            AddressForm::LoopbackV4 => "loopback_v4",
            AddressForm::LoopbackV6 => "loopback_v6",
            AddressForm::WildcardPort => "wildcard_port",
            AddressForm::Mapped => "mapped",
            AddressForm::LinkLocal => "link_local",
            AddressForm::Private => "private",
        }
    }
}

/// Per-row remarks that are not a column, state or address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Note {
    ListenBacklog,
    ListenSendQ,
    Unread,
    Unacked,
    KernelHeld,
    NotAccepted,
    OwnerUnknown,
    Shared,
    UdpUnconnected,
    UdpConnected,
    Raw,
    TmpfsPath,
    DiskPath,
    Autobind,
    Mapped,
    NoOwnerColumn,
}

impl Note {
    pub const ALL: [Note; 16] = [
        Note::ListenBacklog,
        Note::ListenSendQ,
        Note::Unread,
        Note::Unacked,
        Note::KernelHeld,
        Note::NotAccepted,
        Note::OwnerUnknown,
        Note::Shared,
        Note::UdpUnconnected,
        Note::UdpConnected,
        Note::Raw,
        Note::TmpfsPath,
        Note::DiskPath,
        Note::Autobind,
        Note::Mapped,
        Note::NoOwnerColumn,
    ];

    fn key(self) -> &'static str {
        match self {
            Note::ListenBacklog => "listen_backlog",
            Note::ListenSendQ => "listen_send_q",
            Note::Unread => "unread",
            Note::Unacked => "unacked",
            Note::KernelHeld => "kernel_held",
            Note::NotAccepted => "not_accepted",
            Note::OwnerUnknown => "owner_unknown",
            Note::Shared => "shared",
            Note::UdpUnconnected => "udp_unconnected",
            Note::UdpConnected => "udp_connected",
            Note::Raw => "raw",
            Note::TmpfsPath => "tmpfs_path",
            Note::DiskPath => "disk_path",
            Note::Autobind => "autobind",
            Note::Mapped => "mapped",
            Note::NoOwnerColumn => "no_owner_column",
        }
    }
}

/// Anything the glossary explains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    Section(Section),
    Column(Column),
    TcpState(TcpState),
    UnixState(UnixState),
    UnixType(UnixType),
    UnixFlag(UnixFlag),
    PathKind(PathKind),
    Address(AddressForm),
    Note(Note),
    Diagnosis(Diagnosis),
    FdKind(FdKind),
    UnixGroup(UnixGroup),
    Narration(Narration),
    Phrase(Phrase),
    Explain(ExplainTopic),
}

impl Topic {
    /// `section.key` in the glossary file.
    pub fn key(self) -> (&'static str, &'static str) {
        match self {
            Topic::Section(Section::Inet) => ("section", "inet"),
            Topic::Section(Section::Unix) => ("section", "unix"),
            Topic::Column(c) => ("column", c.key()),
            Topic::TcpState(s) => ("tcp_state", s.name()),
            Topic::UnixState(s) => ("unix_state", s.key()),
            Topic::UnixType(t) => ("unix_type", t.name()),
            Topic::UnixFlag(f) => ("unix_flag", f.name()),
            Topic::PathKind(k) => ("path_kind", k.name()),
            Topic::Address(a) => ("address", a.key()),
            Topic::Note(n) => ("note", n.key()),
            Topic::Diagnosis(d) => ("diagnosis", d.key()),
            Topic::FdKind(k) => ("fd_kind", k.key()),
            Topic::UnixGroup(g) => ("unix_group", g.key()),
            Topic::Narration(n) => ("narration", n.key()),
            Topic::Phrase(p) => ("phrase", p.key()),
            Topic::Explain(t) => t.key(),
        }
    }

    /// Every topic there is: the glossary must hold each.
    pub fn all() -> Vec<Topic> {
        let mut all = vec![Topic::Section(Section::Inet), Topic::Section(Section::Unix)];
        all.extend(Column::ALL.map(Topic::Column));
        all.extend(TcpState::NAMED.map(Topic::TcpState));
        all.push(Topic::TcpState(TcpState::Unknown(0)));
        all.extend(UnixState::ALL.map(Topic::UnixState));
        all.extend(UnixType::ALL.map(Topic::UnixType));
        all.extend(UnixFlag::ALL.map(Topic::UnixFlag));
        all.extend(PathKind::ALL.map(Topic::PathKind));
        all.extend(AddressForm::ALL.map(Topic::Address));
        all.extend(Note::ALL.map(Topic::Note));
        all.extend(Diagnosis::ALL.map(Topic::Diagnosis));
        all.extend(FdKind::ALL.map(Topic::FdKind));
        all.extend(UnixGroup::ALL.map(Topic::UnixGroup));
        all.extend(Narration::all().into_iter().map(Topic::Narration));
        all.extend(Phrase::ALL.map(Topic::Phrase));
        all.extend(ExplainTopic::all().into_iter().map(Topic::Explain));
        all
    }
}

/// The loaded glossary of one language.
#[derive(Debug)]
pub struct Glossary {
    sections: BTreeMap<String, BTreeMap<String, Entry>>,
}

impl Glossary {
    /// The embedded English glossary.
    pub fn english() -> Glossary {
        Glossary::parse(EN).expect("the embedded glossary is checked by tests")
    }

    /// The glossary of `lang`, falling back to English entry by entry.
    pub fn for_lang(lang: Lang) -> Glossary {
        let mut glossary = Glossary::english();
        if lang != Lang::En {
            let local = Glossary::parse(glossary_source(lang))
                .expect("embedded glossaries are checked by tests");
            for (section, entries) in local.sections {
                let merged = glossary.sections.entry(section).or_default();
                for (key, mut entry) in entries {
                    if let Some(english) = merged.get(&key) {
                        // Learners type the English spellings too: keep them findable.
                        for alias in &english.aliases {
                            if !entry.aliases.contains(alias) {
                                entry.aliases.push(alias.clone());
                            }
                        }
                    }
                    merged.insert(key, entry);
                }
            }
        }
        glossary
    }

    /// `section.key` of every English entry `lang` lacks (shown in English instead).
    pub fn missing(lang: Lang) -> Vec<String> {
        let english = Glossary::english();
        let Ok(local) = Glossary::parse(glossary_source(lang)) else {
            return vec!["(the whole file: it does not parse)".into()];
        };
        english
            .entries()
            .filter(|(s, k, _)| local.sections.get(*s).is_none_or(|m| !m.contains_key(*k)))
            .map(|(s, k, _)| format!("{s}.{k}"))
            .collect()
    }

    pub fn parse(text: &str) -> Result<Glossary> {
        let sections = toml::from_str(text).context("glossary file")?;
        Ok(Glossary { sections })
    }

    pub fn get(&self, topic: Topic) -> Option<&Entry> {
        let (section, key) = topic.key();
        self.sections.get(section)?.get(key)
    }

    /// The one-line text of a topic (its key when the entry is missing, so a gap shows).
    pub fn short(&self, topic: Topic) -> &str {
        self.get(topic).map_or(topic.key().1, |e| e.short.as_str())
    }

    /// A topic's short text with `{name}` placeholders filled in.
    pub fn fill(&self, topic: Topic, fill: &[(&str, String)]) -> String {
        fill_placeholders(self.short(topic), fill)
    }

    /// A topic's paragraph when it has one, else its short text (filled in).
    pub fn long_or_short(&self, topic: Topic, fill: &[(&str, String)]) -> String {
        match self.get(topic).and_then(|e| e.long.as_deref()) {
            Some(long) => fill_placeholders(long, fill),
            None => self.fill(topic, fill),
        }
    }

    /// Every entry, as (section, key, entry).
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str, &Entry)> {
        self.sections
            .iter()
            .flat_map(|(s, m)| m.iter().map(move |(k, e)| (s.as_str(), k.as_str(), e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_has_an_entry() {
        let g = Glossary::english();
        let missing: Vec<_> = Topic::all()
            .into_iter()
            .filter(|t| g.get(*t).is_none())
            .map(|t| t.key())
            .collect();
        assert!(missing.is_empty(), "glossary lacks {missing:?}");
    }

    #[test]
    fn every_language_has_every_entry() {
        for lang in Lang::ALL {
            let missing = Glossary::missing(lang);
            assert!(missing.is_empty(), "{lang} glossary lacks {missing:?}");
            let local = Glossary::parse(glossary_source(lang)).unwrap();
            for (section, key, _) in local.entries() {
                assert!(
                    Glossary::english()
                        .entries()
                        .any(|(s, k, _)| (s, k) == (section, key)),
                    "{lang} has {section}.{key}, which English does not"
                );
            }
        }
    }

    #[test]
    fn korean_falls_back_to_english_and_keeps_english_aliases() {
        let ko = Glossary::for_lang(Lang::Ko);
        let recv = ko.get(Topic::Column(Column::RecvQ)).unwrap();
        assert!(recv.short.contains("수신") || recv.short.contains("받"));
        assert!(
            recv.aliases.iter().any(|a| a == "recvq")
                && recv.aliases.iter().any(|a| a == "수신 대기열")
        );
    }

    #[test]
    fn every_entry_is_a_known_topic() {
        let g = Glossary::english();
        let known: Vec<_> = Topic::all().into_iter().map(Topic::key).collect();
        for (section, key, _) in g.entries() {
            assert!(
                known.contains(&(section, key)),
                "unknown glossary entry {section}.{key}"
            );
        }
    }
}
