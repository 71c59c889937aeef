//! The glossary: what a learner can look up — sections, columns, states, flags, address
//! forms, and every note shown under a row — loaded from `lessons/glossary/<lang>.toml`
//! with English as the fallback entry by entry.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use anyhow::{Context, Result};
use serde::Deserialize;

use super::explain_topics::PROVIDER_SECTION;
use super::hosts;
use super::topic::Topic;
use super::{Args, Lang, fill};

const EN: &str = include_str!("../../lessons/glossary/en.toml");
const KO: &str = include_str!("../../lessons/glossary/ko.toml");

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
    /// Where the fact comes from (`facts §1 Inode`, a man page, a kernel file), for
    /// reviewers; every English entry has one.
    #[serde(default)]
    pub source: Option<String>,
    /// A short label for a note already said in full (`{n} bytes unread`); the term
    /// when absent.
    #[serde(default)]
    pub tag: Option<String>,
    /// The English term and aliases of a translated entry: a learner may type them, but
    /// the entry lists only its own language's names.
    #[serde(skip)]
    pub english_names: Vec<String>,
}

type Sections = BTreeMap<String, BTreeMap<String, Entry>>;

/// The glossary of one language. An embedded one is parsed at its first lookup: a
/// command that explains nothing (`sockets` without notes) never pays for it.
#[derive(Debug)]
pub struct Glossary {
    lang: Lang,
    sections: OnceLock<Sections>,
}

impl Glossary {
    /// The embedded English glossary.
    pub fn english() -> Glossary {
        Glossary::for_lang(Lang::En)
    }

    fn sections(&self) -> &Sections {
        self.sections.get_or_init(|| load(self.lang))
    }

    /// The glossary of `lang`, falling back to English entry by entry.
    pub fn for_lang(lang: Lang) -> Glossary {
        Glossary {
            lang,
            sections: OnceLock::new(),
        }
    }

    /// `section.key` of every English entry `lang` lacks (shown in English instead).
    pub fn missing(lang: Lang) -> Vec<String> {
        let english = Glossary::english();
        let Ok(local) = Glossary::parse(glossary_source(lang)) else {
            return vec!["(the whole file: it does not parse)".into()];
        };
        english
            .entries()
            .filter(|(s, k, _)| local.sections().get(*s).is_none_or(|m| !m.contains_key(*k)))
            .map(|(s, k, _)| format!("{s}.{k}"))
            .collect()
    }

    /// A glossary file as it is, with no fallback (for the checks of each language).
    pub fn parse(text: &str) -> Result<Glossary> {
        let sections: Sections = toml::from_str(text).context("glossary file")?;
        Ok(Glossary {
            lang: Lang::En,
            sections: OnceLock::from(sections),
        })
    }

    pub fn get(&self, topic: Topic) -> Option<&Entry> {
        let (section, key) = topic.key();
        self.sections().get(section)?.get(key)
    }

    /// The one-line text of a topic (its key when the entry is missing, so a gap shows).
    pub fn short(&self, topic: Topic) -> &str {
        self.get(topic).map_or(topic.key().1, |e| e.short.as_str())
    }

    /// A topic's short text with `{name}` placeholders filled in.
    pub fn fill(&self, topic: Topic, args: Args) -> String {
        fill(self.short(topic), args)
    }

    /// A topic's brief label (its `tag`, else its term), filled in: what a row shows for
    /// a note already said in full.
    pub fn tag(&self, topic: Topic, args: Args) -> String {
        let label = self
            .get(topic)
            .map_or(topic.key().1, |e| e.tag.as_deref().unwrap_or(&e.term));
        fill(label, args)
    }

    /// Every entry, as (section, key, entry).
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str, &Entry)> {
        self.sections()
            .iter()
            .flat_map(|(s, m)| m.iter().map(move |(k, e)| (s.as_str(), k.as_str(), e)))
    }
}

/// The embedded glossary of `lang`, each entry it lacks taken from English.
fn load(lang: Lang) -> Sections {
    let parse = |lang| {
        toml::from_str::<Sections>(glossary_source(lang))
            .expect("embedded glossaries are checked by tests")
    };
    let mut sections = with_host_domains(parse(Lang::En));
    if lang != Lang::En {
        for (section, entries) in parse(lang) {
            let merged = sections.entry(section).or_default();
            for (key, mut entry) in entries {
                if let Some(english) = merged.get(&key) {
                    // Learners type the English spellings too: keep them findable.
                    let names = std::iter::once(&english.term).chain(&english.aliases);
                    for name in names {
                        if *name != entry.term && !entry.aliases.contains(name) {
                            entry.english_names.push(name.clone());
                        }
                    }
                }
                merged.insert(key, entry);
            }
        }
    }
    sections
}

/// Learners look providers up by their domains (`1e100.net`): the domains of
/// `hosts.toml` answer for each provider's entry in every language.
fn with_host_domains(mut sections: Sections) -> Sections {
    let Some(section) = sections.get_mut(PROVIDER_SECTION) else {
        return sections;
    };
    for provider in &hosts::hosts().provider {
        if let Some(entry) = section.get_mut(&provider.key) {
            for domain in &provider.domains {
                if !entry.aliases.contains(domain) {
                    entry.aliases.push(domain.clone());
                }
            }
        }
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::topic::Column;

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
        assert!(recv.aliases.iter().any(|a| a == "수신 큐"));
        assert!(
            !recv.aliases.iter().any(|a| a == "recvq"),
            "shown: Korean only"
        );
        assert!(recv.english_names.iter().any(|a| a == "recvq"));
        let private = ko.lookup("private address");
        assert!(
            private.iter().any(|f| f.entry.term == "사설 주소"),
            "English term"
        );
        assert!(ko.lookup("recvq").iter().any(|f| f.key == "recv_q"));
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

    #[test]
    fn english_entries_name_their_source_and_translations_do_not() {
        // [host_provider.*] and [site_code.*] have no source: they are name tables on
        // their way to a data file of their own (another branch), so they are exempt.
        const EXEMPT: [&str; 2] = ["host_provider", "site_code"];
        let unsourced: Vec<String> = Glossary::english()
            .entries()
            .filter(|(s, _, e)| {
                !EXEMPT.contains(s) && e.source.as_deref().is_none_or(|t| t.trim().is_empty())
            })
            .map(|(s, k, _)| format!("{s}.{k}"))
            .collect();
        assert!(
            unsourced.is_empty(),
            "English entries without a source: {unsourced:?}"
        );
        for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
            let local = Glossary::parse(glossary_source(lang)).unwrap();
            let sourced: Vec<String> = local
                .entries()
                .filter(|(_, _, e)| e.source.is_some())
                .map(|(s, k, _)| format!("{s}.{k}"))
                .collect();
            assert!(
                sourced.is_empty(),
                "{lang} entries with a source (sources are said once, in English): {sourced:?}"
            );
        }
    }
}
