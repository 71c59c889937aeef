//! `socklab explain` output: every input line verbatim (control characters escaped),
//! then its notes indented below — a legend once per section heading, meanings per row —
//! and a closing summary; or, with `--json`, one object per input line. Notes come from
//! the glossary through the same `row_notes` the live table uses.

use std::io::{self, Write};

use super::Style;
use super::explain_json::{self, LineRecord};
use super::explain_notes::Paste;
use super::explain_summary::Summary;
use super::notes::{NoteText, NoteWriter};
use super::sanitize::escape;
use crate::explain::stream::Event;
use crate::explain::{Kind, Line};
use crate::knowledge::Glossary;
use crate::knowledge::messages::Messages;

/// Writes lines as they come, remembering only what the notes and the summary need.
pub struct Annotator<'g> {
    glossary: &'g Glossary,
    messages: &'g Messages,
    style: Style,
    json: bool,
    /// `--side`: the terminal width.
    side: Option<usize>,
    summary: Summary,
    paste: Paste,
    said: NoteWriter<'g>,
    /// Bytes of the long line being written (see [`Event::Long`]).
    long_bytes: usize,
}

impl<'g> Annotator<'g> {
    pub fn new(
        glossary: &'g Glossary,
        messages: &'g Messages,
        style: Style,
        json: bool,
    ) -> Annotator<'g> {
        Annotator {
            glossary,
            messages,
            style,
            json,
            side: None,
            summary: match json {
                true => Summary::counts_only(),
                false => Summary::default(),
            },
            paste: Paste::new(!json),
            said: NoteWriter::marked(messages, style, "    · ", "    ·   "),
            long_bytes: 0,
        }
    }

    /// Notes beside lines that leave room for them (at least 30 columns), below the rest.
    pub fn side_by_side(&mut self, width: usize) {
        self.side = Some(width);
    }

    /// Lines a parser understood (anything but blank and unrecognized).
    pub fn recognized(&self) -> usize {
        self.summary.recognized
    }

    pub fn unrecognized(&self) -> usize {
        self.summary.unrecognized
    }

    /// One event of the stream: a line; or a long line's start, more of it, its end.
    pub fn write_event(&mut self, w: &mut impl Write, event: Event) -> io::Result<()> {
        match event {
            Event::Line(line) => self.write_line(w, line),
            Event::Long(line) => self.start_long(w, line),
            Event::More(text) => self.more_of_long(w, text),
            Event::End => self.end_long(w),
        }
    }

    /// A long line streams out as it comes; its note (how long it was) follows it.
    fn start_long(&mut self, w: &mut impl Write, line: &Line) -> io::Result<()> {
        self.summary.count(line);
        self.long_bytes = line.text.len();
        if self.json {
            return explain_json::long_start(w, line.number, line.text);
        }
        self.said.end_run(w)?;
        write!(w, "{}", verbatim(line.text))
    }

    fn more_of_long(&mut self, w: &mut impl Write, text: &str) -> io::Result<()> {
        self.long_bytes += text.len();
        if self.json {
            return explain_json::long_more(w, text);
        }
        write!(w, "{}", verbatim(text))
    }

    fn end_long(&mut self, w: &mut impl Write) -> io::Result<()> {
        let notes = self
            .paste
            .too_long(self.long_bytes, self.glossary, self.messages);
        if self.json {
            return explain_json::long_end(w, &notes);
        }
        writeln!(w)?;
        self.said.all(w, &notes)
    }

    pub fn write_line(&mut self, w: &mut impl Write, line: &Line) -> io::Result<()> {
        self.summary.count(line);
        let notes = self.paste.notes(line, self.glossary, self.messages);
        if self.json {
            return LineRecord::new(line, &notes).write(w);
        }
        let shown = verbatim(line.text);
        let row = matches!(line.kind, Kind::Row { .. });
        if let Some(width) = self.side {
            if self.beside(w, &shown, &notes, row, width)? {
                return Ok(());
            }
        }
        if row {
            return self.said.row(w, &notes, |w| writeln!(w, "{shown}"));
        }
        self.said.end_run(w)?;
        writeln!(w, "{shown}")?;
        self.said.all(w, &notes)
    }

    /// Notes beside the line, when it leaves them 30 columns; `false` when it does not.
    fn beside(
        &mut self,
        w: &mut impl Write,
        shown: &str,
        notes: &[NoteText],
        row: bool,
        width: usize,
    ) -> io::Result<bool> {
        // Leave the notes 50 columns (or half a narrow terminal).
        let column = (width / 2).max(width.saturating_sub(50));
        let used = shown.chars().count();
        let fits = used + 2 <= column && width - column >= 30 && !shown.contains('\t');
        if notes.is_empty() || !fits {
            return Ok(false);
        }
        let texts = match row {
            true => self.said.texts(notes),
            false => notes.iter().map(|n| n.text.to_string()).collect(),
        };
        // "│ " and, on wrapped lines, two more spaces of indent.
        let room = width - column - 4;
        let mut left = shown;
        for text in &texts {
            for (i, part) in wrap(&escape(text), room).into_iter().enumerate() {
                let bar = if i == 0 { "│ " } else { "│   " };
                let pad = column - left.chars().count();
                let note = self.style.note(&format!("{bar}{part}"));
                writeln!(w, "{left}{:pad$}{note}", "")?;
                left = "";
            }
        }
        Ok(true)
    }

    /// The closing summary (text mode only: JSON is one object per input line).
    pub fn finish(&mut self, w: &mut impl Write) -> io::Result<()> {
        if self.json {
            return Ok(());
        }
        self.said.end_run(w)?;
        self.summary.write(w, self.messages, self.style)
    }
}

/// Words of `text` in lines of at most `width` characters (a longer word gets its own line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let last = lines.last_mut().expect("never empty");
        let len = last.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if len > 0 {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

/// The line as it came, with control characters escaped; tabs pass (they are layout).
fn verbatim(text: &str) -> String {
    text.split('\t')
        .map(|part| escape(part).into_owned())
        .collect::<Vec<_>>()
        .join("\t")
}
