//! What things mean, as data: the glossary (what a learner can look up, in
//! `lessons/glossary/<lang>.toml`) and the messages (what socklab says about its own run,
//! in `lessons/messages/<lang>.toml`), both embedded at build time. This module names
//! their keys — closed enums made by `keys!` — fills placeholders the one way
//! ([`fill`]), and decides which notes apply to a socket. One annotator for live and
//! pasted sockets alike.

/// A closed set of catalogue keys under one section: an enum with `ALL`, `SECTION` and
/// `key()`, so a test can prove every key has its text in every language.
macro_rules! keys {
    ($(#[$doc:meta])* $name:ident, $section:literal, { $($var:ident => $key:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($var),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),*];
            pub const SECTION: &'static str = $section;
            pub fn key(self) -> &'static str {
                match self { $($name::$var => $key),* }
            }
        }
    };
}

mod explain_topics;
mod lang;
pub mod messages;
mod notes;

pub mod concordance;
pub mod diagnose;
pub mod events;
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

pub use investigate::{FdKind, UnixGroup};
pub use lookup::Found;
pub use notes::is_autobind;

const EN: &str = include_str!("../../lessons/glossary/en.toml");
const KO: &str = include_str!("../../lessons/glossary/ko.toml");

/// Named values for a template's `{name}` placeholders (made with `args!`).
pub type Args<'a> = &'a [(&'a str, &'a dyn std::fmt::Display)];

/// `template` with every `{name}` replaced by its value: the one way socklab fills in
/// glossary texts, messages and lesson arguments. A `{name}` with no value stays as it is.
pub fn fill(template: &str, args: Args) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, from) = rest.split_at(open);
        out.push_str(before);
        let value = from[1..]
            .find('}')
            .map(|close| &from[1..1 + close])
            .and_then(|name| Some((name, args.iter().find(|(n, _)| *n == name)?.1)));
        match value {
            Some((name, value)) => {
                use std::fmt::Write as _;
                let _ = write!(out, "{value}");
                rest = &from[name.len() + 2..];
            }
            None => {
                out.push('{');
                rest = &from[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of a template, in order of first appearance.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find('}') else { break };
        let name = &rest[..close];
        let word = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if word && !names.contains(&name) {
            names.push(name);
        }
    }
    names
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

keys!(
    /// Every column netstat can print in its socket sections.
    Column, "column", {
    Proto => "proto",
    RecvQ => "recv_q",
    SendQ => "send_q",
    LocalAddress => "local_address",
    ForeignAddress => "foreign_address",
    State => "state",
    User => "user",
    Inode => "inode",
    PidProgram => "pid_program",
    RefCnt => "refcnt",
    Flags => "flags",
    Type => "type",
    UnixState => "unix_state",
    INode => "i_node",
    Path => "path",
});

keys!(
    /// Address forms worth a word.
    AddressForm, "address", {
    AnyV4 => "any_v4",
    AnyV6 => "any_v6",
    LoopbackV4 => "loopback_v4",
    LoopbackV6 => "loopback_v6",
    WildcardPort => "wildcard_port",
    Mapped => "mapped",
    LinkLocal => "link_local",
    Private => "private",
});

keys!(
    /// Per-row remarks that are not a column, state or address.
    Note, "note", {
    ListenBacklog => "listen_backlog",
    ListenSendQ => "listen_send_q",
    Unread => "unread",
    Unacked => "unacked",
    KernelHeld => "kernel_held",
    NotAccepted => "not_accepted",
    OwnerUnknown => "owner_unknown",
    Shared => "shared",
    UdpUnconnected => "udp_unconnected",
    UdpConnected => "udp_connected",
    Raw => "raw",
    TmpfsPath => "tmpfs_path",
    DiskPath => "disk_path",
    Autobind => "autobind",
    Mapped => "mapped",
    NoOwnerColumn => "no_owner_column",
});

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
    FdKind(FdKind),
    UnixGroup(UnixGroup),
    Explain(ExplainTopic),
}

impl Topic {
    /// `section.key` in the glossary file.
    pub fn key(self) -> (&'static str, &'static str) {
        match self {
            Topic::Section(Section::Inet) => ("section", "inet"),
            Topic::Section(Section::Unix) => ("section", "unix"),
            Topic::Column(c) => (Column::SECTION, c.key()),
            Topic::TcpState(s) => ("tcp_state", s.name()),
            Topic::UnixState(s) => ("unix_state", s.key()),
            Topic::UnixType(t) => ("unix_type", t.name()),
            Topic::UnixFlag(f) => ("unix_flag", f.name()),
            Topic::PathKind(k) => ("path_kind", k.name()),
            Topic::Address(a) => (AddressForm::SECTION, a.key()),
            Topic::Note(n) => (Note::SECTION, n.key()),
            Topic::FdKind(k) => (FdKind::SECTION, k.key()),
            Topic::UnixGroup(g) => (UnixGroup::SECTION, g.key()),
            Topic::Explain(t) => t.key(),
        }
    }

    /// Every topic there is: the glossary must hold each.
    pub fn all() -> Vec<Topic> {
        let mut all = vec![Topic::Section(Section::Inet), Topic::Section(Section::Unix)];
        all.extend(Column::ALL.iter().copied().map(Topic::Column));
        all.extend(TcpState::NAMED.map(Topic::TcpState));
        all.push(Topic::TcpState(TcpState::Unknown(0)));
        all.extend(UnixState::ALL.map(Topic::UnixState));
        all.extend(UnixType::ALL.map(Topic::UnixType));
        all.extend(UnixFlag::ALL.map(Topic::UnixFlag));
        all.extend(PathKind::ALL.map(Topic::PathKind));
        all.extend(AddressForm::ALL.iter().copied().map(Topic::Address));
        all.extend(Note::ALL.iter().copied().map(Topic::Note));
        all.extend(FdKind::ALL.iter().copied().map(Topic::FdKind));
        all.extend(UnixGroup::ALL.iter().copied().map(Topic::UnixGroup));
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
    pub fn fill(&self, topic: Topic, args: Args) -> String {
        fill(self.short(topic), args)
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
