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
mod glossary;
pub mod josa;
mod lang;
pub mod messages;
mod notes;
pub mod relations;
pub mod said;
pub mod summary;
mod topic;

pub mod concordance;
pub mod diagnose;
pub mod events;
pub mod hosts;
mod investigate;
mod lookup;
pub mod machine;

pub use explain_topics::{
    ExplainLine, ExplainNote, ExplainTopic, FormatTopic, MoreColumn, PROVIDER_SECTION,
    SITE_SECTION, SsField, TableTopic,
};
pub use glossary::{Entry, Glossary, glossary_source};
pub use lang::Lang;
pub use notes::{NoteRef, OwnerView, Row, View, With, decide};
pub use relations::{Relation, relations};
pub use topic::{
    AddressForm, Column, OwnerNote, PathNote, QueueNote, RawNote, RelationNote, Section, Topic,
    UdpNote, UnixNote,
};

pub use investigate::{FdKind, UnixGroup};
pub use lookup::Found;
pub use notes::is_autobind;

/// Named values for a template's `{name}` placeholders (made with `args!`).
pub type Args<'a> = &'a [(&'a str, &'a dyn std::fmt::Display)];

/// `template` with every `{name}` replaced by its value: the one way socklab fills in
/// glossary texts, messages and lesson arguments. For Korean, `{name:을}` adds a particle
/// in the form the value's pronunciation takes ([`josa`]: 22를, 8000을, localhost는), and
/// `{:을}` does so after a quote or bracket that follows a value (`'{term}'{:은}`). A
/// `{name}` with no value stays as it is.
pub fn fill(template: &str, args: Args) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(template.len() + 16);
    // Where in `out` the last value went, for a particle that follows it.
    let mut last = 0..0;
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, from) = rest.split_at(open);
        out.push_str(before);
        let inside = from[1..].find('}').map_or("", |close| &from[1..1 + close]);
        let (name, suffix) = match inside.split_once(':') {
            Some((name, suffix)) => (name, Some(suffix)),
            None => (inside, None),
        };
        let value = args.iter().find(|(n, _)| *n == name && !name.is_empty());
        match (value, suffix) {
            (Some((_, value)), _) => {
                let start = out.len();
                let _ = write!(out, "{value}");
                last = start..out.len();
                if let Some(written) = suffix {
                    let said = josa::particle(&out[last.clone()], written);
                    out.push_str(&said);
                }
            }
            (None, Some(written)) if name.is_empty() && !last.is_empty() => {
                let said = josa::particle(&out[last.clone()], written);
                out.push_str(&said);
            }
            (None, _) => {
                out.push('{');
                rest = &from[1..];
                continue;
            }
        }
        rest = &from[inside.len() + 2..];
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
        // `{name:suffix}` (a particle chosen by the value) names the placeholder `name`.
        let name = rest[..close].split(':').next().unwrap_or_default();
        let word = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if word && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::glossary::{Glossary, glossary_source};
    use super::messages::Messages;
    use super::*;

    fn sorted(template: &str) -> Vec<&str> {
        let mut names = placeholders(template);
        names.sort_unstable();
        names
    }

    #[test]
    fn fill_adds_the_particle_the_value_takes() {
        let text = fill(
            "{port:을} 쓰는 {pid:이} '{host}'{:은} {name:로} {n}개 {missing:을} {x}",
            args!(
                port = 22,
                pid = 1230,
                host = "localhost",
                name = "파일",
                n = 3
            ),
        );
        assert_eq!(
            text,
            "22를 쓰는 1230이 'localhost'는 파일로 3개 {missing:을} {x}"
        );
        assert_eq!(
            fill("{:을} {n}", args!(n = 1)),
            "{:을} 1",
            "no value before it"
        );
    }

    #[test]
    fn placeholders_are_names_in_braces() {
        assert_eq!(
            placeholders("{n} of {port}, {n} {x:을} {not a name} {"),
            ["n", "port", "x"]
        );
    }

    /// A translation that drops or renames a placeholder says a wrong number, or none.
    #[test]
    fn every_language_uses_the_placeholders_of_english() {
        let english = Messages::entries(Lang::En);
        let en_glossary = Glossary::english();
        let mut wrong = Vec::new();
        for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
            for (section, key, text) in Messages::entries(lang) {
                let en = english.iter().find(|(s, k, _)| (s, k) == (&section, &key));
                if let Some((_, _, en)) = en.filter(|(_, _, en)| sorted(en) != sorted(&text)) {
                    wrong.push(format!(
                        "{lang} {section}.{key}: {:?} vs {:?}",
                        sorted(&text),
                        sorted(en)
                    ));
                }
            }
            let local = Glossary::parse(glossary_source(lang)).unwrap();
            for (section, key, entry) in local.entries() {
                let Some((_, _, en)) = en_glossary
                    .entries()
                    .find(|(s, k, _)| (*s, *k) == (section, key))
                else {
                    continue;
                };
                let pairs = [
                    (Some(&entry.short), Some(&en.short)),
                    (entry.long.as_ref(), en.long.as_ref()),
                    (entry.tag.as_ref(), en.tag.as_ref()),
                ];
                for (field, (local, en)) in ["short", "long", "tag"].into_iter().zip(pairs) {
                    let (local, en) = (
                        local.map_or(vec![], |t| sorted(t)),
                        en.map_or(vec![], |t| sorted(t)),
                    );
                    if local != en {
                        wrong.push(format!(
                            "{lang} {section}.{key}.{field}: {local:?} vs {en:?}"
                        ));
                    }
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "placeholders differ from English:\n{}",
            wrong.join("\n")
        );
    }
}
