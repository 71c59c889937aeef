//! The words tools print — state names in every dialect (net-tools and its translations,
//! ss, BSD, Windows, Solaris) mapped back to the model's canonical states, the section
//! titles, and the heading words that tell which columns a table has. The words are data
//! (`lessons/explain/words.toml`, one block per tool and language with its source),
//! loaded once; this module only looks them up.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::model::{TcpState, UnixState};

const DATA: &str = include_str!("../../lessons/explain/words.toml");

/// A tool whose words are listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tool {
    /// net-tools (and BusyBox) netstat on Linux.
    Netstat,
    Ss,
    /// BSD, macOS, AIX, HP-UX and Solaris netstat.
    Bsd,
    Windows,
}

impl Tool {
    const ALL: [Tool; 4] = [Tool::Netstat, Tool::Ss, Tool::Bsd, Tool::Windows];

    fn index(self) -> usize {
        self as usize
    }

    fn id(self) -> &'static str {
        match self {
            Tool::Netstat => "netstat",
            Tool::Ss => "ss",
            Tool::Bsd => "bsd",
            Tool::Windows => "windows",
        }
    }
}

/// A heading word that says which columns a table has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Heading {
    /// The first word of an Internet or UNIX heading.
    Proto,
    /// The second word of a UNIX heading.
    RefCnt,
    User,
    Inode,
    Timer,
}

impl Heading {
    fn key(self) -> &'static str {
        match self {
            Heading::Proto => "proto",
            Heading::RefCnt => "refcnt",
            Heading::User => "user",
            Heading::Inode => "inode",
            Heading::Timer => "timer",
        }
    }
}

/// A state as printed, and what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateWord {
    pub text: Box<str>,
    pub tcp: Option<TcpState>,
    pub unix: Option<UnixState>,
    /// The language when this is a translation (`de`, `cs`…), for the note.
    pub lang: Option<Box<str>>,
}

impl StateWord {
    pub fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }
}

/// A section title and who prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Title {
    pub text: Box<str>,
    pub tool: Tool,
    pub unix: bool,
    pub lang: Box<str>,
}

/// The words of one tool, indexed for lookup (this runs once per row).
#[derive(Debug, Default)]
struct StateTable {
    words: Vec<StateWord>,
    /// The index of each word's first entry (the first language that has it).
    by_text: rustc_hash::FxHashMap<Box<str>, usize>,
    /// Indices of words with a space inside (`POSLEDNÍ ACK`).
    spaced: Vec<usize>,
    /// Per word: whether a spaced word starts with it and a space (`POSLEDNÍ`), so a
    /// longer match must be looked for.
    opens_spaced: Vec<bool>,
}

impl StateTable {
    fn push(&mut self, word: StateWord) {
        self.by_text
            .entry(word.text.as_ref().into())
            .or_insert(self.words.len());
        if word.text.contains(' ') {
            self.spaced.push(self.words.len());
        }
        self.words.push(word);
        self.opens_spaced = self
            .words
            .iter()
            .map(|w| {
                self.spaced.iter().any(|&i| {
                    let long = &self.words[i].text;
                    long.strip_prefix(&*w.text)
                        .is_some_and(|r| r.starts_with(' '))
                })
            })
            .collect();
    }

    fn index(&self, text: &str) -> Option<usize> {
        self.by_text.get(text).copied()
    }

    fn exact(&self, text: &str) -> Option<&StateWord> {
        self.index(text).map(|i| &self.words[i])
    }

    fn leading(&self, text: &str) -> Option<&StateWord> {
        let end = text
            .bytes()
            .position(|b| b == b' ' || b == b'\t')
            .unwrap_or(text.len());
        let one = self.index(&text[..end]);
        // A longer spaced word can only start with a word that opens one, and only when
        // the text goes on after a space.
        if one.is_some_and(|i| !self.opens_spaced[i]) || end == text.len() {
            return one.map(|i| &self.words[i]);
        }
        let one = one.map(|i| &self.words[i]);
        let spaced = self
            .spaced
            .iter()
            .map(|&i| &self.words[i])
            .filter(|w| {
                // Its first word is the text's (a byte compare rules out nearly all).
                w.text.as_bytes().get(end) == Some(&b' ')
                    && text
                        .strip_prefix(&*w.text)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
            })
            .max_by_key(|w| w.text.len());
        match (one, spaced) {
            (Some(a), Some(b)) if b.text.len() > a.text.len() => Some(b),
            (Some(a), _) => Some(a),
            (None, b) => b,
        }
    }
}

/// Every word, loaded once.
#[derive(Debug, Default)]
pub struct Vocab {
    /// Indexed by [`Tool::index`].
    states: [StateTable; 4],
    titles: Vec<Title>,
    headings: Vec<(&'static str, Box<str>)>,
    /// Whole headings, single-spaced, and whose they are.
    headers: Vec<(Tool, Box<str>)>,
    not_root: Vec<(Tool, Box<str>)>,
    no_owner: Vec<Box<str>>,
}

static VOCAB: LazyLock<Vocab> =
    LazyLock::new(|| Vocab::parse(DATA).expect("the embedded word list is checked by tests"));

/// The embedded word list.
pub fn vocab() -> &'static Vocab {
    &VOCAB
}

/// A value that is one word or several.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    words: Vec<Block>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Block {
    tool: String,
    lang: String,
    #[allow(dead_code)]
    source: String,
    #[serde(default)]
    inet_title: Vec<String>,
    #[serde(default)]
    unix_title: Vec<String>,
    #[serde(default)]
    tcp: BTreeMap<String, OneOrMany>,
    #[serde(default)]
    unix: BTreeMap<String, OneOrMany>,
    #[serde(default)]
    heading: BTreeMap<String, OneOrMany>,
    #[serde(default)]
    header: Vec<String>,
    #[serde(default)]
    not_root: Vec<String>,
    #[serde(default)]
    no_owner: Vec<String>,
}

fn tcp_state(name: &str) -> Option<TcpState> {
    match name {
        "UNKNOWN" => Some(TcpState::Unknown(0)),
        _ => TcpState::NAMED.into_iter().find(|s| s.name() == name),
    }
}

fn unix_state(name: &str) -> Option<UnixState> {
    UnixState::ALL.into_iter().find(|s| s.key() == name)
}

/// Words merged across blocks: one entry per tool and printed word.
type Merged = BTreeMap<(usize, String), StateWord>;

const HEADINGS: [Heading; 5] = [
    Heading::Proto,
    Heading::RefCnt,
    Heading::User,
    Heading::Inode,
    Heading::Timer,
];

impl Vocab {
    pub fn parse(text: &str) -> anyhow::Result<Vocab> {
        let file: File = toml::from_str(text)?;
        let mut vocab = Vocab::default();
        let mut merged = Merged::new();
        for block in file.words {
            vocab.add(block, &mut merged)?;
        }
        for ((tool, _), word) in merged {
            vocab.states[tool].push(word);
        }
        Ok(vocab)
    }

    fn add(&mut self, block: Block, merged: &mut Merged) -> anyhow::Result<()> {
        let Some(tool) = Tool::ALL.into_iter().find(|t| t.id() == block.tool) else {
            anyhow::bail!("unknown tool {:?}", block.tool);
        };
        let lang: Option<Box<str>> = (block.lang != "en").then(|| block.lang.as_str().into());
        for (unix, map) in [(false, block.tcp), (true, block.unix)] {
            for (state, texts) in map {
                let (tcp, ux) = if unix {
                    (None, unix_state(&state))
                } else {
                    (tcp_state(&state), None)
                };
                anyhow::ensure!(
                    tcp.or(ux.map(|_| TcpState::Close)).is_some(),
                    "unknown state {state}"
                );
                for text in texts.into_vec() {
                    let word = merged
                        .entry((tool.index(), text.clone()))
                        .or_insert_with(|| StateWord {
                            text: text.as_str().into(),
                            tcp: None,
                            unix: None,
                            lang: lang.clone(),
                        });
                    word.tcp = word.tcp.or(tcp);
                    word.unix = word.unix.or(ux);
                }
            }
        }
        for (unix, titles) in [(false, block.inet_title), (true, block.unix_title)] {
            self.titles.extend(titles.into_iter().map(|t| Title {
                text: t.into(),
                tool,
                unix,
                lang: block.lang.as_str().into(),
            }));
        }
        self.headers
            .extend(block.header.into_iter().map(|h| (tool, h.into())));
        self.not_root
            .extend(block.not_root.into_iter().map(|h| (tool, h.into())));
        self.no_owner
            .extend(block.no_owner.into_iter().map(String::into_boxed_str));
        for (key, words) in block.heading {
            let Some(key) = HEADINGS.into_iter().map(Heading::key).find(|k| *k == key) else {
                anyhow::bail!(
                    "unknown heading word kind {key:?} in {}/{}",
                    block.tool,
                    block.lang
                )
            };
            self.headings
                .extend(words.into_vec().into_iter().map(|w| (key, w.into())));
        }
        Ok(())
    }

    /// The state `text` is, exactly, in `tool`'s words.
    pub fn exact(&self, tool: Tool, text: &str) -> Option<&StateWord> {
        self.states[tool.index()].exact(text)
    }

    /// The longest state word `text` starts with (followed by the end or a blank), so
    /// `POSLEDNÍ ACK` wins over a shorter prefix.
    pub fn leading(&self, tool: Tool, text: &str) -> Option<&StateWord> {
        self.states[tool.index()].leading(text)
    }

    /// Every section title.
    pub fn titles(&self) -> &[Title] {
        &self.titles
    }

    /// The tool whose heading `text` is (words compared single-spaced, in any language).
    pub fn header(&self, text: &str) -> Option<Tool> {
        let words = text.split_whitespace();
        self.headers
            .iter()
            .find(|(_, h)| {
                let mut w = words.clone();
                h.split(' ').all(|hw| w.next() == Some(hw))
            })
            .map(|(tool, _)| *tool)
    }

    /// The tool whose "not root" message line `text` is, in any language.
    pub fn not_root(&self, text: &str) -> Option<Tool> {
        let t = text.trim_start();
        self.not_root
            .iter()
            .find(|(_, m)| t.starts_with(&**m))
            .map(|(tool, _)| *tool)
    }

    /// Whether `text` is what `netstat -b` prints for a row with no known owner.
    pub fn no_owner(&self, text: &str) -> bool {
        let t = text.trim();
        self.no_owner.iter().any(|m| &**m == t)
    }

    /// Whether `word` is a heading word of kind `kind` in any language.
    pub fn is_heading(&self, kind: Heading, word: &str) -> bool {
        self.headings
            .iter()
            .any(|(k, w)| *k == kind.key() && &**w == word)
    }

    /// Whether `text` contains a heading word of kind `kind` in any language.
    pub fn heading_in(&self, kind: Heading, text: &str) -> bool {
        self.headings
            .iter()
            .any(|(k, w)| *k == kind.key() && text.contains(&**w))
    }
}

/// The state `text` is in `tool`'s words (shorthand over the embedded list).
pub fn exact_state(tool: Tool, text: &str) -> Option<&'static StateWord> {
    vocab().exact(tool, text)
}

/// The longest state word `text` starts with, in `tool`'s words.
pub fn leading_state(tool: Tool, text: &str) -> Option<&'static StateWord> {
    vocab().leading(tool, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_list_loads() {
        let v = Vocab::parse(DATA).unwrap();
        assert!(v.titles().iter().any(|t| &*t.text == "Active Connections"));
        // de po: one word for a TCP and a UNIX state.
        let w = v.exact(Tool::Netstat, "VERBUNDEN").unwrap();
        assert_eq!(
            (w.tcp, w.unix, w.lang()),
            (
                Some(TcpState::Established),
                Some(UnixState::Connected),
                Some("de")
            )
        );
        assert!(
            v.exact(Tool::Netstat, "ESTABLISHED")
                .unwrap()
                .lang
                .is_none()
        );
        assert_eq!(
            v.exact(Tool::Ss, "NEW-SYN-RECV").unwrap().tcp,
            Some(TcpState::SynRecv)
        );
        assert!(v.is_heading(Heading::RefCnt, "RefZäh"));
        assert!(v.heading_in(Heading::Timer, "Proto … Temporizador"));
    }

    #[test]
    fn longest_state_wins() {
        // cs po: LAST_ACK → "POSLEDNÍ ACK" (a space inside the state).
        let s = leading_state(Tool::Netstat, "POSLEDNÍ ACK 1000 12/x").unwrap();
        assert_eq!(s.tcp, Some(TcpState::LastAck));
        assert_eq!(s.lang(), Some("cs"));
        assert!(leading_state(Tool::Netstat, "LISTENER").is_none());
        assert_eq!(
            leading_state(Tool::Netstat, "LISTEN      1/x").unwrap().tcp,
            Some(TcpState::Listen)
        );
        // sv po: "KOPPLAR FRÅN" (DISCONNECTING).
        let s = leading_state(Tool::Netstat, "KOPPLAR FRÅN  1234").unwrap();
        assert_eq!(s.unix, Some(UnixState::Disconnecting));
    }

    #[test]
    fn bad_data_is_refused() {
        let bad =
            "[[words]]\ntool = \"netstat\"\nlang = \"xx\"\nsource = \"\"\ntcp = { NOPE = \"X\" }\n";
        assert!(Vocab::parse(bad).is_err());
        let bad = "[[words]]\ntool = \"nope\"\nlang = \"xx\"\nsource = \"\"\n";
        assert!(Vocab::parse(bad).is_err());
    }
}
