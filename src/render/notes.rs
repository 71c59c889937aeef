//! Notes as people read them: each note in full the first time it applies, then only its
//! short tag (`as above: LISTEN · loopback`), and a run of rows whose notes are all the
//! same folds into one line after the run. JSON always carries every note in full, with
//! its stable id and, for a note about another row, that row.

use std::collections::HashSet;
use std::io::{self, Write};

use std::sync::Arc;

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::Style;
use super::sanitize::escape;
use crate::knowledge::messages::{Message, Messages};
use crate::knowledge::{Glossary, NoteRef, Topic, With};
use crate::model::Socket;

/// A note with its words: the full sentence, the short tag, and what it points at.
#[derive(Clone, Debug)]
pub struct NoteText {
    pub topic: Topic,
    /// Shared: the same note on many rows is one allocation.
    pub text: Arc<str>,
    pub tag: Arc<str>,
    pub with: Option<Value>,
    /// Its JSON object, made once when the same note is written many times (explain).
    pub json: Option<Arc<RawValue>>,
}

/// A note in JSON: made now, or made once and written again.
pub enum NoteJson<'a> {
    Made(&'a RawValue),
    Record(NoteRecord<'a>),
}

impl Serialize for NoteJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            NoteJson::Made(raw) => raw.serialize(s),
            NoteJson::Record(record) => record.serialize(s),
        }
    }
}

/// JSON's `{"id", "text"[, "with"]}`.
#[derive(Serialize)]
pub struct NoteRecord<'a> {
    pub id: String,
    pub text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with: Option<&'a Value>,
}

impl NoteText {
    pub fn record(&self) -> NoteRecord<'_> {
        NoteRecord {
            id: self.topic.id(),
            text: &self.text,
            with: self.with.as_ref(),
        }
    }

    /// The JSON of this note, made once and kept for the next time it is written.
    pub fn with_json(mut self) -> NoteText {
        let mut bytes = Vec::new();
        let made = super::sanitize::write_json_line(&mut bytes, &self.record());
        let raw = made.ok().and_then(|()| {
            let text = String::from_utf8(bytes).ok()?;
            RawValue::from_string(text.trim_end().to_string()).ok()
        });
        self.json = raw.map(Arc::from);
        self
    }

    pub fn json(&self) -> NoteJson<'_> {
        match &self.json {
            Some(raw) => NoteJson::Made(raw),
            None => NoteJson::Record(self.record()),
        }
    }
}

/// How a note names the row it points at: a short text for sentences, fields for JSON.
pub trait RowNamer {
    fn text(&self, row: usize) -> String;
    fn fields(&self, row: usize) -> Value;
}

/// Rows of a live table, named by their addresses (or inode) and state.
pub struct TableRows<'a>(pub &'a [&'a Socket]);

impl RowNamer for TableRows<'_> {
    fn text(&self, row: usize) -> String {
        self.0.get(row).map_or_else(String::new, |s| describe(s))
    }

    fn fields(&self, row: usize) -> Value {
        self.0.get(row).map_or(Value::Null, |s| row_fields(s))
    }
}

/// A socket in a few words: `127.0.0.1:41560 → 127.0.0.1:8080 ESTABLISHED`, or a UNIX
/// socket's name (inode) and state.
pub fn describe(s: &Socket) -> String {
    match s.as_unix() {
        Some(u) => {
            let inode = s.inode.map_or("-".into(), |i| i.to_string());
            let text = format!(
                "{} socket:[{inode}] {}",
                escape(&u.path),
                u.state.column_text()
            );
            text.trim().to_string()
        }
        None => {
            let end = |e: Option<crate::model::Endpoint>| super::table::endpoint_text(e.as_ref());
            let text = match s.remote_port() {
                Some(_) => format!(
                    "{} → {} {}",
                    end(s.local()),
                    end(s.remote()),
                    s.state_text()
                ),
                None => format!("{} {}", end(s.local()), s.state_text()),
            };
            text.trim_end().to_string()
        }
    }
}

/// The fields `with` carries for another row (DESIGN.md, Contracts).
pub fn row_fields(s: &Socket) -> Value {
    let mut m = Map::new();
    if s.as_unix().is_some() {
        m.insert("inode".into(), s.inode.into());
        return Value::Object(m);
    }
    m.insert(
        "local_address".into(),
        s.local().map(|e| e.addr.to_string()).into(),
    );
    m.insert("local_port".into(), s.local_port().into());
    m.insert(
        "foreign_address".into(),
        s.remote().map(|e| e.addr.to_string()).into(),
    );
    m.insert("foreign_port".into(), s.remote_port().into());
    m.insert("state".into(), s.state_name().into());
    Value::Object(m)
}

/// The words of decided notes, in the glossary's language; their short tags too when
/// `tags` (text output says a note in full once, then by its tag; JSON has no tags).
pub fn words(
    notes: &[NoteRef],
    rows: &dyn RowNamer,
    glossary: &Glossary,
    tags: bool,
) -> Vec<NoteText> {
    notes
        .iter()
        .map(|n| {
            let with_text = match &n.with {
                Some(With::Row(r)) => rows.text(*r),
                _ => String::new(),
            };
            let mut args: Vec<(&str, &dyn std::fmt::Display)> = n
                .values
                .iter()
                .map(|(k, v)| (*k, v as &dyn std::fmt::Display))
                .collect();
            args.push(("with", &with_text));
            NoteText {
                topic: n.topic,
                text: glossary.fill(n.topic, &args).into(),
                tag: match tags {
                    true => glossary.tag(n.topic, &args).into(),
                    false => "".into(),
                },
                with: n.with.as_ref().map(|w| match w {
                    With::Row(r) => rows.fields(*r),
                    With::Pids(pids) => serde_json::json!({ "pids": pids }),
                }),
                json: None,
            }
        })
        .collect()
}

/// Writes notes under rows, saying each in full once.
pub struct NoteWriter<'a> {
    messages: &'a Messages,
    style: Style,
    /// The indent and mark before each note line (`      ↳ `, or `    · ` in explain),
    /// and before the lines a long note wraps onto.
    prefix: &'static str,
    rest: &'static str,
    said: HashSet<Topic>,
    /// The tags of the last row whose notes were all said before, and how many rows
    /// after it had the very same tags (written as one line when the run ends).
    run: Option<(Vec<Arc<str>>, usize)>,
}

impl<'a> NoteWriter<'a> {
    /// Notes under a live table's rows: `↳` marks a note, wrapped lines are indented.
    pub fn new(messages: &'a Messages, style: Style, prefix: &'static str) -> NoteWriter<'a> {
        NoteWriter::marked(messages, style, prefix, "        ")
    }

    /// Notes whose every line, wrapped ones too, starts with the same marks (`explain`:
    /// a note line is one that starts with `    · `, so the input lines stand out).
    pub fn marked(
        messages: &'a Messages,
        style: Style,
        prefix: &'static str,
        rest: &'static str,
    ) -> NoteWriter<'a> {
        NoteWriter {
            messages,
            style,
            prefix,
            rest,
            said: HashSet::new(),
            run: None,
        }
    }

    /// A row (written by `write_row`) and its notes. A row whose notes are all said and
    /// the same as the row before joins a run: the run's one line comes before the next
    /// row that differs.
    pub fn row<W: Write>(
        &mut self,
        w: &mut W,
        notes: &[NoteText],
        write_row: impl FnOnce(&mut W) -> io::Result<()>,
    ) -> io::Result<()> {
        let tags: Vec<Arc<str>> = notes.iter().map(|n| Arc::clone(&n.tag)).collect();
        let all_said = notes.iter().all(|n| self.said.contains(&n.topic));
        if let Some((last, count)) = &mut self.run {
            if all_said && !notes.is_empty() && *last == tags {
                *count += 1;
                return write_row(w);
            }
        }
        self.end_run(w)?;
        write_row(w)?;
        for text in self.texts(notes) {
            self.line(w, &text)?;
        }
        self.run = (!notes.is_empty()).then_some((tags, 0));
        Ok(())
    }

    /// What to say of a row's notes: each not said before in full, the rest as one line
    /// of tags. Marks them said.
    pub fn texts(&mut self, notes: &[NoteText]) -> Vec<String> {
        let mut out = Vec::new();
        let mut brief = Vec::new();
        for note in notes {
            if self.said.insert(note.topic) {
                out.push(note.text.to_string());
            } else {
                brief.push(escape(&note.tag).into_owned());
            }
        }
        if !brief.is_empty() {
            let tags = brief.join(" · ");
            out.push(self.messages.say(Message::NotesAsAbove, args!(tags = tags)));
        }
        out
    }

    /// Notes said in full whatever was said before (a title's, a legend's), after any run.
    pub fn all(&mut self, w: &mut impl Write, notes: &[NoteText]) -> io::Result<()> {
        self.end_run(w)?;
        for note in notes {
            self.line(w, &note.text)?;
        }
        Ok(())
    }

    /// Closes a run of rows with the same notes: one line for all of them.
    pub fn end_run(&mut self, w: &mut impl Write) -> io::Result<()> {
        if let Some((_, n)) = self.run.take().filter(|(_, n)| *n > 0) {
            let text = self.messages.say(Message::NotesRun, args!(n = n));
            self.line(w, &text)?;
        }
        Ok(())
    }

    fn line(&self, w: &mut impl Write, text: &str) -> io::Result<()> {
        for line in self.style.wrap(&escape(text), self.prefix, self.rest) {
            writeln!(w, "{}", self.style.note(&line))?;
        }
        Ok(())
    }
}

/// The rows of one table read together: relations are worked out once, and each row's
/// notes are put into words only when that row is written (memory stays that of the rows).
pub struct TableNotes<'a> {
    rows: &'a [&'a Socket],
    relations: Vec<Vec<crate::knowledge::Relation>>,
    view: crate::knowledge::View,
    glossary: &'a Glossary,
}

impl<'a> TableNotes<'a> {
    pub fn new(
        rows: &'a [&'a Socket],
        peers: &std::collections::HashMap<u64, u64>,
        view: crate::knowledge::View,
        glossary: &'a Glossary,
    ) -> TableNotes<'a> {
        TableNotes {
            rows,
            relations: crate::knowledge::relations(rows, peers),
            view,
            glossary,
        }
    }

    /// The notes of row `i`.
    pub fn of(&self, i: usize) -> Vec<NoteText> {
        let row = crate::knowledge::Row {
            socket: self.rows[i],
            dash: false,
            relations: &self.relations[i],
        };
        let decided = crate::knowledge::decide(row, &self.view);
        words(&decided, &TableRows(self.rows), self.glossary, true)
    }
}

/// The notes of one socket read alone (no other rows to relate it to).
pub fn alone_notes(
    socket: &Socket,
    view: &crate::knowledge::View,
    glossary: &Glossary,
) -> Vec<NoteText> {
    let row = crate::knowledge::Row::alone(socket);
    words(
        &crate::knowledge::decide(row, view),
        &TableRows(&[socket]),
        glossary,
        true,
    )
}
