//! What `explain` says about each pasted line, decided by the same engine as the live
//! table: a row's notes come from `knowledge::decide` with what the paste has shown so far
//! (an owner column, the tool's not-root warning, a User column, ss's queues) and the rows
//! before it (`Lookback`: the other end of a connection, a stalled transfer, the listener
//! a connection came through), plus what only pasted text has: translated states,
//! resolved names and providers, service names, addresses cut by netstat. Titles, legends,
//! detail lines and tool messages get their notes too. Text comes from the glossary only.

use rustc_hash::FxHashMap;
use serde_json::{Map, Value};

use super::explain_legend::{legend, ss_fields, table_topic};
use super::explain_lines::{inferred_refs, kernel_refs, line_refs, windows_localized};
use super::notes::{NoteText, RowNamer, words};
use crate::explain::hostname::decode;
use crate::explain::vocab::vocab;
use crate::explain::{Continued, Format, HostPort, Kind, Line, Message, Row, Star};
use crate::knowledge::messages::{Local, Message as Said, Messages};
use crate::knowledge::relations::{Lookback, Seen};
use crate::knowledge::{
    ExplainLine, ExplainNote, ExplainTopic, Glossary, NoteRef, OwnerView, Topic, View, decide,
};
use crate::model::TcpState;

/// What the paste has shown so far: read line by line, reset at each new table.
#[derive(Default)]
pub struct Paste {
    /// Text output wants each note's short tag too (JSON does not).
    pub tags: bool,
    lookback: Lookback,
    /// The heading had an owner column (`PID/Program name`, ss's `Process`).
    owner_column: bool,
    /// The tool said it was not root (net-tools, BusyBox).
    not_root: bool,
    /// The heading had netstat -e's User column.
    user_column: bool,
    /// The words of notes said before: a paste repeats the same few notes on row after
    /// row, and each is put into words (and JSON) once.
    said: FxHashMap<NoteRef, NoteText>,
    /// The same for notes with no values, by topic alone (most of them; a cheaper key).
    said_plain: FxHashMap<Topic, NoteText>,
}

/// Notes remembered in words at most (a paste has a few dozen distinct ones).
const REMEMBERED: usize = 4096;

impl Paste {
    /// A paste read for text (`tags`: notes said once, then by their short tag) or JSON.
    pub fn new(tags: bool) -> Paste {
        Paste {
            tags,
            ..Paste::default()
        }
    }

    /// The notes of one line, in reading order, without repeats.
    pub fn notes(&mut self, line: &Line, g: &Glossary, m: &Messages) -> Vec<NoteText> {
        let note = |n: ExplainNote| NoteRef::of(Topic::Explain(ExplainTopic::Note(n)));
        let mut refs: Vec<NoteRef> = Vec::new();
        if line.lossy {
            refs.push(note(ExplainNote::Lossy));
        }
        if let Some(more) = line_refs(line) {
            if matches!(line.kind, Kind::Command(_)) {
                self.start_table();
            }
            refs.extend(more);
            return self.say(&refs, g, m);
        }
        match &line.kind {
            Kind::Title { table } => {
                self.start_table();
                refs.push(NoteRef::of(table_topic(*table, line.format)));
            }
            Kind::Header { first, .. } => return self.header(line, *first, g),
            Kind::Row { row, .. } => return self.row(line, row, refs, g, m),
            Kind::Continuation { .. } => {
                refs.push(continuation(line));
                let mut notes = self.say(&refs, g, m);
                let fields = ss_fields(line.text.trim()).into_iter();
                let fields = fields.filter(|_| refs.last().is_some_and(|r| r.topic == ss_detail()));
                notes.extend(
                    fields.map(|f| legend_note(Topic::Explain(ExplainTopic::SsField(f)), g)),
                );
                return notes;
            }
            Kind::Summary {
                message: Message::NotRoot,
            } => {
                self.not_root = true;
                refs.push(note(ExplainNote::NotRoot));
            }
            Kind::Unrecognized => refs.push(note(ExplainNote::Unrecognized)),
            Kind::Blank | Kind::Command(_) | Kind::Other(_) => {}
        }
        self.say(&refs, g, m)
    }

    /// The note under a line too long to read (`explain::stream::MAX_LINE`).
    pub fn too_long(&mut self, bytes: usize, g: &Glossary, m: &Messages) -> Vec<NoteText> {
        let topic = Topic::Explain(ExplainTopic::Line(ExplainLine::TooLong));
        self.say(&[NoteRef::of(topic).value("bytes", bytes)], g, m)
    }

    /// The words of `refs`; a note about no other row is made once and reused.
    fn say(&mut self, refs: &[NoteRef], g: &Glossary, m: &Messages) -> Vec<NoteText> {
        let mut out = Vec::with_capacity(refs.len());
        for r in refs {
            let plain = r.values.is_empty() && r.with.is_none();
            let known = match plain {
                true => self.said_plain.get(&r.topic),
                false => self.said.get(r),
            };
            if let Some(known) = known {
                out.push(known.clone());
                continue;
            }
            let names = Lines(&self.lookback, m);
            let Some(text) = words(std::slice::from_ref(r), &names, g, self.tags).pop() else {
                continue;
            };
            let text = if self.tags { text } else { text.with_json() };
            if r.with.is_none() && self.said.len() + self.said_plain.len() < REMEMBERED {
                match plain {
                    true => self.said_plain.insert(r.topic, text.clone()),
                    false => self.said.insert(r.clone(), text.clone()),
                };
            }
            out.push(text);
        }
        out
    }

    fn start_table(&mut self) {
        self.lookback.clear();
        self.owner_column = false;
        self.user_column = false;
    }

    /// A heading: the legend under the first one of a section.
    fn header(&mut self, line: &Line, first: bool, g: &Glossary) -> Vec<NoteText> {
        if !first {
            return Vec::new();
        }
        self.start_table();
        let topics = legend(line);
        self.owner_column = topics.iter().any(|t| {
            matches!(t, Topic::Column(crate::knowledge::Column::PidProgram))
                || matches!(t, Topic::Explain(ExplainTopic::Column(c)) if c.key() == "process" || c.key() == "pid")
        });
        self.user_column = topics.contains(&Topic::Column(crate::knowledge::Column::User));
        topics.into_iter().map(|t| legend_note(t, g)).collect()
    }

    fn row(
        &mut self,
        line: &Line,
        row: &Row,
        mut refs: Vec<NoteRef>,
        g: &Glossary,
        m: &Messages,
    ) -> Vec<NoteText> {
        if let Some(socket) = &row.socket {
            let peer = row.column("peer_inode").and_then(|p| p.parse().ok());
            let relations = self.lookback.relate(socket, line.number as usize, peer);
            let view = View {
                owners: match self.owner_column || row.owner_text.is_some() {
                    true => OwnerView::Pasted {
                        not_root: self.not_root,
                    },
                    false => OwnerView::NotAsked,
                },
                ss_queues: line.format == Some(Format::Ss),
                user_shown: self.user_column,
                kernel: None,
            };
            let dash = row.owner_text == Some("-");
            let decided = decide(
                crate::knowledge::Row {
                    socket,
                    dash,
                    relations: &relations,
                },
                &view,
            );
            // Usually the row's first notes: taken as they are, not copied.
            match refs.is_empty() {
                true => refs = decided,
                false => refs.extend(decided),
            }
            refs.extend(kernel_refs(row, g));
            refs.extend(inferred_refs(row));
            refs.extend(pasted_notes(row, line.format, g, m));
        }
        self.say(&refs, g, m)
    }
}

/// A legend entry: the family describes itself; a column reads `Term: meaning`.
fn legend_note(topic: Topic, g: &Glossary) -> NoteText {
    let short = g.short(topic);
    let term = g.get(topic).map_or(topic.key().1, |e| e.term.as_str());
    let text = match topic {
        Topic::Explain(ExplainTopic::Format(_)) => short.to_string(),
        _ => format!("{term}: {short}"),
    };
    NoteText {
        topic,
        text: text.into(),
        tag: term.into(),
        with: None,
        json: None,
    }
}

fn ss_detail() -> Topic {
    Topic::Explain(ExplainTopic::Note(ExplainNote::SsDetail))
}

/// The note of a line that belongs to the row above.
fn continuation(line: &Line) -> NoteRef {
    let t = line.text.trim();
    let n = match &line.kind {
        // `netstat -b`'s "no owner" line, in any language (XP: `-- unknown component(s) --`).
        Kind::Continuation {
            of: Continued::Owner,
            ..
        } if vocab().no_owner(t) => ExplainNote::WindowsNoOwner,
        Kind::Continuation {
            of: Continued::Owner,
            ..
        } if t.starts_with('[') => ExplainNote::WindowsOwner,
        Kind::Continuation {
            of: Continued::Owner,
            ..
        } => ExplainNote::WindowsService,
        _ => ExplainNote::SsDetail,
    };
    NoteRef::of(Topic::Explain(ExplainTopic::Note(n)))
}

/// What only pasted text has to explain: a translated state, names for hosts and ports,
/// an address cut by netstat, ss's `*`.
fn pasted_notes(row: &Row, format: Option<Format>, g: &Glossary, m: &Messages) -> Vec<NoteRef> {
    let note = |n: ExplainNote| NoteRef::of(Topic::Explain(ExplainTopic::Note(n)));
    let mut notes = Vec::new();
    let Some(socket) = &row.socket else {
        return notes;
    };
    if let (Some(word), Some(lang)) = (row.state_word, row.state_word.and_then(|w| w.lang())) {
        let state = match (socket.as_unix(), word.tcp) {
            (Some(u), _) => u.state.key(),
            (None, Some(t)) => t.name(),
            (None, None) => "",
        };
        // The language by name where the learner's language has one: 독일어, not de.
        let lang = m.name(Local::Locale, lang);
        notes.push(match format {
            // Windows' own translation, not net-tools'.
            Some(Format::Windows) => windows_localized(&word.text, lang, state),
            _ => {
                let localized = note(ExplainNote::Localized).value("text", &*word.text);
                localized.value("lang", lang).value("state", state)
            }
        });
    }
    if socket.as_unix().is_none() {
        let ends = [(&row.local, socket.local()), (&row.remote, socket.remote())];
        for (end, read) in ends {
            if let Some(end) = end {
                notes.extend(address_notes(end, read.is_some(), format, g));
            }
        }
        // `*` is dual-stack only where the table says so: old ss printed 0.0.0.0 so
        // (explain_lines says which, or that nothing tells).
        let dual = row.star == Some(Star::DualStack);
        if format == Some(Format::Ss) && dual && socket.tcp_state() != Some(TcpState::Close) {
            notes.push(note(ExplainNote::SsStar));
        }
    }
    notes
}

/// The notes of one end; `read` when it was read as an address (then it is no name: the
/// common case, known without looking at the text again).
fn address_notes(
    end: &HostPort<'_>,
    read: bool,
    format: Option<Format>,
    g: &Glossary,
) -> Vec<NoteRef> {
    let note = |n: ExplainNote| NoteRef::of(Topic::Explain(ExplainTopic::Note(n)));
    let mut notes = Vec::new();
    let is_name = !read && end.is_name();
    if is_name {
        let decoded = end.name.or_else(|| decode(end.host, end.cut));
        match decoded.and_then(|d| Some((d, d.provider()?))) {
            Some((d, provider)) => {
                let provider = g.short(Topic::Explain(ExplainTopic::Provider(provider)));
                let named = note(ExplainNote::Provider).value("host", end.host);
                notes.push(named.value("provider", provider));
                if let Some(site) = d.site() {
                    let city = g.short(Topic::Explain(ExplainTopic::Site(site)));
                    notes.push(
                        note(ExplainNote::Site)
                            .value("code", site)
                            .value("site", city),
                    );
                }
            }
            None => notes.push(note(ExplainNote::ResolvedName).value("host", end.host)),
        }
    }
    if let (Some(port), Some(name)) = end.port_parts() {
        notes.push(
            note(ExplainNote::Service)
                .value("name", name)
                .value("port", port),
        );
    }
    // The parser knows whether netstat cut the column (not with -W, 23 columns or a
    // visibly cut name).
    if matches!(format, Some(Format::LinuxNetstat | Format::Busybox)) && end.cut {
        notes.push(note(ExplainNote::Truncated));
    }
    notes
}

/// Earlier rows of a paste, named by their line: `line 12`.
struct Lines<'a>(&'a Lookback, &'a Messages);

impl RowNamer for Lines<'_> {
    fn text(&self, row: usize) -> String {
        self.1.say(Said::LineRef, args!(n = row))
    }

    fn fields(&self, row: usize) -> Value {
        let mut m = Map::new();
        m.insert("line".into(), row.into());
        if let Some(seen) = self.0.seen(row) {
            seen_fields(seen, &mut m);
        }
        Value::Object(m)
    }
}

fn seen_fields(seen: &Seen, m: &mut Map<String, Value>) {
    match seen.inet {
        Some(inet) => {
            let addr = |e: Option<crate::model::Endpoint>| e.map(|e| e.addr.to_string());
            m.insert("local_address".into(), addr(inet.local).into());
            m.insert("local_port".into(), inet.local.and_then(|e| e.port).into());
            m.insert("foreign_address".into(), addr(inet.remote).into());
            m.insert(
                "foreign_port".into(),
                inet.remote.and_then(|e| e.port).into(),
            );
            m.insert("state".into(), inet.state.map(|s| s.name()).into());
        }
        None => {
            m.insert("inode".into(), seen.inode.into());
        }
    }
}
