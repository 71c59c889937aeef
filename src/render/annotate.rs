//! `socklab explain` output: every input line verbatim (control characters escaped),
//! then its notes indented below — a legend once per section heading, meanings per row —
//! and a closing summary; or, with `--json`, one object per input line. Notes come from
//! the glossary through the same `row_notes` the live table uses.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::Style;
use super::explain_json::LineRecord;

/// How many distinct programs and ports the summary remembers: memory must not grow
/// with the input, whatever it holds.
const KEEP: usize = 256;
use super::sanitize::escape;
use crate::explain::hostname::decode;
use crate::explain::{Format, HostPort, Kind, Line, Message, Row, Table};
use crate::knowledge::{
    Column, ExplainNote, ExplainTopic, FormatTopic, Glossary, MoreColumn, Section, SsField,
    TableTopic, Topic, row_notes,
};
use crate::model::{Family, TcpState};

/// Writes lines as they come and remembers only counts for the summary.
pub struct Annotator<'g> {
    glossary: &'g Glossary,
    style: Style,
    json: bool,
    /// `--side`: the terminal width.
    side: Option<usize>,
    summary: Summary,
}

#[derive(Default)]
struct Summary {
    sockets: usize,
    by_proto: BTreeMap<&'static str, usize>,
    by_state: BTreeMap<String, usize>,
    by_program: BTreeMap<String, usize>,
    time_wait: usize,
    close_wait: usize,
    /// Distinct `proto/port` of listeners on every interface (at most [`KEEP`]).
    open_ports: std::collections::BTreeSet<String>,
    open_more: bool,
    dash_owners: usize,
    recognized: usize,
    unrecognized: usize,
}

impl<'g> Annotator<'g> {
    pub fn new(glossary: &'g Glossary, style: Style, json: bool) -> Annotator<'g> {
        Annotator {
            glossary,
            style,
            json,
            side: None,
            summary: Summary::default(),
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

    pub fn write_line(&mut self, w: &mut impl Write, line: &Line) -> io::Result<()> {
        self.count(line);
        let notes = line_notes(line, self.glossary);
        if self.json {
            serde_json::to_writer(&mut *w, &LineRecord::new(line, &notes))?;
            return w.write_all(b"\n");
        }
        let shown = verbatim(&line.text);
        if let Some(width) = self.side {
            // Leave the notes 50 columns (or half a narrow terminal).
            let column = (width / 2).max(width.saturating_sub(50));
            let used = shown.chars().count();
            if !notes.is_empty()
                && !shown.contains('\t')
                && used + 2 <= column
                && width - column >= 30
            {
                // "│ " and, on wrapped lines, two more spaces of indent.
                let room = width - column - 4;
                let mut left = shown.as_str();
                for note in &notes {
                    for (i, part) in wrap(&escape(note), room).into_iter().enumerate() {
                        let bar = if i == 0 { "│ " } else { "│   " };
                        let pad = column - left.chars().count();
                        writeln!(
                            w,
                            "{left}{:pad$}{}",
                            "",
                            self.style.note(&format!("{bar}{part}"))
                        )?;
                        left = "";
                    }
                }
                return Ok(());
            }
        }
        writeln!(w, "{shown}")?;
        for note in &notes {
            writeln!(w, "{}", self.style.note(&format!("    · {}", escape(note))))?;
        }
        Ok(())
    }

    /// The closing summary (text mode only: JSON is one object per input line).
    pub fn finish(&mut self, w: &mut impl Write) -> io::Result<()> {
        let s = &self.summary;
        if self.json || s.sockets == 0 {
            return Ok(());
        }
        let g = self.glossary;
        writeln!(w)?;
        writeln!(w, "{}", self.style.heading("── summary ──"))?;
        let join = |m: &BTreeMap<String, usize>| -> String {
            let mut v: Vec<_> = m.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            v.iter()
                .map(|(k, n)| format!("{} ({n})", escape(k)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let protos: BTreeMap<String, usize> = s
            .by_proto
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect();
        writeln!(w, "sockets: {}: {}", s.sockets, join(&protos))?;
        if !s.by_state.is_empty() {
            writeln!(w, "by state: {}", join(&s.by_state))?;
        }
        if !s.by_program.is_empty() {
            writeln!(w, "by program: {}", join(&s.by_program))?;
        }
        let say = |note: ExplainNote, fill: &[(&str, String)]| {
            fill_in(g.short(Topic::Explain(ExplainTopic::Note(note))), fill)
        };
        let mut stand_out = Vec::new();
        if s.time_wait >= 10 {
            stand_out.push(say(
                ExplainNote::SummaryTimeWait,
                &[("n", s.time_wait.to_string())],
            ));
        }
        if s.close_wait > 0 {
            stand_out.push(say(
                ExplainNote::SummaryCloseWait,
                &[("n", s.close_wait.to_string())],
            ));
        }
        if !s.open_ports.is_empty() {
            let n = s.open_ports.len();
            let mut ports: Vec<String> = s.open_ports.iter().take(12).cloned().collect();
            if n > 12 || s.open_more {
                ports.push("…".into());
            }
            let n = if s.open_more {
                format!("{n}+")
            } else {
                n.to_string()
            };
            stand_out.push(say(
                ExplainNote::SummaryAllInterfaces,
                &[("n", n), ("ports", ports.join(" "))],
            ));
        }
        if s.dash_owners > 0 {
            stand_out.push(say(
                ExplainNote::SummaryOwnersMissing,
                &[("n", s.dash_owners.to_string())],
            ));
        }
        for text in stand_out {
            writeln!(w, "{}", self.style.warn(&format!("! {}", escape(&text))))?;
        }
        Ok(())
    }

    fn count(&mut self, line: &Line) {
        let s = &mut self.summary;
        match line.kind {
            Kind::Blank => {}
            Kind::Unrecognized => s.unrecognized += 1,
            _ => s.recognized += 1,
        }
        let Some(row) = &line.row else { return };
        if row.owner_text.as_deref() == Some("-") {
            s.dash_owners += 1;
        }
        let Some(socket) = &row.socket else { return };
        s.sockets += 1;
        *s.by_proto.entry(socket.proto.name()).or_default() += 1;
        // Counted without allocating on the common path: most rows repeat a state and program.
        let state: std::borrow::Cow<str> = match (&socket.unix, socket.proto.family(), socket.state)
        {
            (Some(u), _, _) => u.state.key().into(),
            (None, Family::Tcp, Some(t)) if !matches!(t, TcpState::Unknown(_)) => t.name().into(),
            _ => socket
                .state_name()
                .unwrap_or_else(|| "(none)".into())
                .into(),
        };
        bump(&mut s.by_state, &state, usize::MAX);
        if let Some(o) = socket.owners.first() {
            let name = o.process.program_name();
            if name.is_empty() {
                bump(&mut s.by_program, &format!("pid {}", o.process.pid), KEEP);
            } else {
                bump(&mut s.by_program, name, KEEP);
            }
        }
        match socket.state {
            Some(TcpState::TimeWait) => s.time_wait += 1,
            Some(TcpState::CloseWait) => s.close_wait += 1,
            _ => {}
        }
        let open = match socket.proto.family() {
            Family::Tcp => socket.state == Some(TcpState::Listen),
            Family::Udp => socket.state != Some(TcpState::Established),
            _ => false,
        };
        if open && socket.local.is_some_and(|l| l.is_unspecified()) {
            if let Some(port) = socket.local_port() {
                let key = format!("{}/{port}", socket.proto.name());
                if s.open_ports.len() < KEEP || s.open_ports.contains(&key) {
                    s.open_ports.insert(key);
                } else {
                    s.open_more = true;
                }
            }
        }
    }
}

/// Counts `key`, lumping new keys beyond `keep` distinct ones into "(others)".
fn bump(map: &mut BTreeMap<String, usize>, key: &str, keep: usize) {
    if let Some(n) = map.get_mut(key) {
        *n += 1;
    } else if map.len() < keep {
        map.insert(key.to_string(), 1);
    } else {
        *map.entry("(others)".to_string()).or_default() += 1;
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

fn fill_in(text: &str, fill: &[(&str, String)]) -> String {
    let mut text = text.to_string();
    for (name, value) in fill {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// The notes of one line, in reading order, without repeats.
pub fn line_notes(line: &Line, g: &Glossary) -> Vec<String> {
    let note = |n: ExplainNote| Topic::Explain(ExplainTopic::Note(n));
    let mut notes: Vec<String> = Vec::new();
    if line.lossy {
        notes.push(g.short(note(ExplainNote::Lossy)).to_string());
    }
    match line.kind {
        Kind::Title => notes.extend(
            line.table
                .map(|t| g.short(table_topic(t, line.format)).to_string()),
        ),
        Kind::Header if line.first_header => {
            notes.extend(legend(line).into_iter().map(|t| match t {
                // A family's description names itself.
                Topic::Explain(ExplainTopic::Format(_)) => g.short(t).to_string(),
                _ => {
                    let term = g.get(t).map_or(t.key().1, |e| e.term.as_str());
                    format!("{term}: {}", g.short(t))
                }
            }));
        }
        Kind::Row => {
            if let Some(row) = &line.row {
                notes.extend(row_explanations(row, line.format, g));
            }
        }
        Kind::Continuation => {
            let t = line.text.trim();
            let n = match line.format {
                Some(Format::Windows) if t == "Can not obtain ownership information" => {
                    ExplainNote::WindowsNoOwner
                }
                Some(Format::Windows) if t.starts_with('[') => ExplainNote::WindowsOwner,
                Some(Format::Windows) => ExplainNote::WindowsService,
                _ => ExplainNote::SsDetail,
            };
            notes.push(g.short(note(n)).to_string());
            if n == ExplainNote::SsDetail {
                for field in ss_fields(t) {
                    let topic = Topic::Explain(ExplainTopic::SsField(field));
                    notes.push(format!("{}: {}", field_term(g, topic), g.short(topic)));
                }
            }
        }
        Kind::Summary => match line.message {
            Some(Message::NotRoot) => notes.push(g.short(note(ExplainNote::NotRoot)).to_string()),
            None => {}
        },
        Kind::Unrecognized => notes.push(g.short(note(ExplainNote::Unrecognized)).to_string()),
        Kind::Header | Kind::Blank => {}
    }
    let mut unique: Vec<String> = Vec::with_capacity(notes.len());
    for n in notes {
        if !unique.contains(&n) {
            unique.push(n);
        }
    }
    unique
}

fn field_term(g: &Glossary, topic: Topic) -> &str {
    g.get(topic).map_or(topic.key().1, |e| e.term.as_str())
}

/// The ss detail fields a line holds, in order (`rtt:0.03/0.01` → rtt; `bbr` → cc).
fn ss_fields(text: &str) -> Vec<SsField> {
    let mut found = Vec::new();
    for word in text.split_whitespace() {
        let name = word.split([':', '(']).next().unwrap_or(word);
        let field = match name {
            "cubic" | "bbr" | "reno" | "dctcp" | "westwood" => Some(SsField::Cc),
            _ => SsField::ALL.iter().copied().find(|f| f.key() == name),
        };
        if let Some(f) = field.filter(|f| !found.contains(f)) {
            found.push(f);
        }
    }
    found
}

fn table_topic(table: Table, format: Option<Format>) -> Topic {
    let t = |t: TableTopic| Topic::Explain(ExplainTopic::Table(t));
    match table {
        Table::Inet => match format {
            Some(Format::Windows) => t(TableTopic::Windows),
            Some(Format::Solaris) => t(TableTopic::SolarisBlock),
            _ => Topic::Section(Section::Inet),
        },
        Table::Unix => Topic::Section(Section::Unix),
        Table::Ss => t(TableTopic::Ss),
        Table::BsdUnix => t(TableTopic::BsdUnix),
        Table::Route => t(TableTopic::Route),
        Table::Interface => t(TableTopic::Interface),
        Table::Stats => t(TableTopic::Stats),
        Table::Groups => t(TableTopic::Groups),
        Table::Bluetooth => t(TableTopic::Bluetooth),
        Table::Kernel => t(TableTopic::Kernel),
        Table::Lsof => t(TableTopic::Lsof),
        Table::LsofFields => t(TableTopic::LsofFields),
    }
}

/// The columns a heading shows, as topics.
fn legend(line: &Line) -> Vec<Topic> {
    let text = line.text.as_str();
    let has = |any: &[&str]| any.iter().any(|w| text.contains(w));
    let c = Topic::Column;
    let m = |x: MoreColumn| Topic::Explain(ExplainTopic::Column(x));
    let mut topics = Vec::new();
    if let Some(f) = line.format {
        let ft = match f {
            Format::LinuxNetstat => FormatTopic::LinuxNetstat,
            Format::Busybox => FormatTopic::Busybox,
            Format::Ss => FormatTopic::Ss,
            Format::Bsd => FormatTopic::Bsd,
            Format::Windows => FormatTopic::Windows,
            Format::Solaris => FormatTopic::Solaris,
            Format::Lsof => FormatTopic::Lsof,
        };
        topics.push(Topic::Explain(ExplainTopic::Format(ft)));
    }
    let owner = has(&["PID/", "PID"]);
    match (line.format, line.table) {
        (Some(Format::LinuxNetstat | Format::Busybox), Some(Table::Inet)) => {
            topics.extend([
                c(Column::Proto),
                c(Column::RecvQ),
                c(Column::SendQ),
                c(Column::LocalAddress),
                c(Column::ForeignAddress),
                c(Column::State),
            ]);
            if has(&[
                "User",
                "Benutzer",
                "Utilisatr",
                "Kasutaja",
                "Usuário",
                "Användare",
                "მომხმარებელი",
                "Inode",
            ]) {
                topics.extend([c(Column::User), c(Column::Inode)]);
            }
            if owner {
                topics.push(c(Column::PidProgram));
            }
            if has(&["Timer", "Taimer", "Temporizador", "ტაიმერი"]) {
                topics.push(m(MoreColumn::Timer));
            }
        }
        (_, Some(Table::Unix)) => {
            topics.extend([
                c(Column::Proto),
                c(Column::RefCnt),
                c(Column::Flags),
                c(Column::Type),
                c(Column::UnixState),
                c(Column::INode),
            ]);
            if owner {
                topics.push(c(Column::PidProgram));
            }
            topics.push(c(Column::Path));
        }
        (_, Some(Table::Ss)) => {
            if text.trim_start().starts_with("Netid") {
                topics.push(m(MoreColumn::Netid));
            }
            topics.extend([
                c(Column::State),
                c(Column::RecvQ),
                c(Column::SendQ),
                c(Column::LocalAddress),
                m(MoreColumn::PeerAddress),
            ]);
            if has(&["Process"]) {
                topics.push(m(MoreColumn::Process));
            }
        }
        (Some(Format::Bsd), Some(Table::Inet)) => {
            if !text.trim_start().starts_with("Proto") {
                topics.push(m(MoreColumn::Pcb));
            }
            if has(&["Flowhash"]) {
                topics.push(m(MoreColumn::Flowhash));
            }
            topics.push(c(Column::Proto));
            if has(&["Rexmit"]) {
                topics.push(m(MoreColumn::Counters));
            } else {
                topics.extend([c(Column::RecvQ), c(Column::SendQ)]);
            }
            topics.extend([c(Column::LocalAddress), c(Column::ForeignAddress)]);
            if has(&["(state)"]) {
                topics.push(m(MoreColumn::BsdState));
            }
            if has(&["rxbytes"]) {
                topics.push(m(MoreColumn::Bytes));
            }
        }
        (Some(Format::Windows), _) => {
            topics.extend([
                c(Column::Proto),
                c(Column::LocalAddress),
                c(Column::ForeignAddress),
                c(Column::State),
            ]);
            if owner {
                topics.push(m(MoreColumn::Pid));
            }
        }
        (Some(Format::Solaris), Some(Table::Inet)) => {
            topics.extend([c(Column::LocalAddress), c(Column::ForeignAddress)]);
            if has(&["Swind"]) {
                topics.extend([m(MoreColumn::Windows), c(Column::SendQ), c(Column::RecvQ)]);
            }
            topics.push(c(Column::State));
        }
        (f, Some(t)) => topics.push(table_topic(t, f)),
        (_, None) => {}
    }
    topics
}

fn row_explanations(row: &Row, format: Option<Format>, g: &Glossary) -> Vec<String> {
    let note = |n: ExplainNote, fill: &[(&str, String)]| {
        fill_in(g.short(Topic::Explain(ExplainTopic::Note(n))), fill)
    };
    let mut notes = Vec::new();
    let Some(socket) = &row.socket else {
        return notes;
    };
    notes.extend(row_notes(socket, g, false));
    if let (Some(word), Some(lang)) = (row.state_word, row.state_word.and_then(|w| w.lang)) {
        let state = match (&socket.unix, word.tcp) {
            (Some(u), _) => u.state.key().to_string(),
            (None, Some(t)) => t.name().to_string(),
            (None, None) => String::new(),
        };
        notes.push(note(
            ExplainNote::Localized,
            &[
                ("text", word.text.into()),
                ("lang", lang.into()),
                ("state", state),
            ],
        ));
    }
    if socket.unix.is_none() {
        for end in [&row.local, &row.remote].into_iter().flatten() {
            notes.extend(address_notes(end, format, g));
        }
    }
    if row.owner_text.as_deref() == Some("-") {
        notes.push(note(ExplainNote::DashOwner, &[]));
    }
    if format == Some(Format::Ss) {
        if socket.state == Some(TcpState::Listen) && socket.send_q > 0 && socket.unix.is_none() {
            notes.push(note(
                ExplainNote::SsListenSendQ,
                &[("n", socket.send_q.to_string())],
            ));
        }
        if row.local.as_ref().is_some_and(|l| l.host == "*") && socket.unix.is_none() {
            notes.push(note(ExplainNote::SsStar, &[]));
        }
    }
    notes
}

fn address_notes(end: &HostPort, format: Option<Format>, g: &Glossary) -> Vec<String> {
    let note = |n: ExplainNote, fill: &[(&str, String)]| {
        fill_in(g.short(Topic::Explain(ExplainTopic::Note(n))), fill)
    };
    let mut notes = Vec::new();
    let is_name = end.is_name();
    if is_name {
        match decode(&end.host, g) {
            Some(d) => {
                let provider = g.short(Topic::Explain(ExplainTopic::Provider(d.provider)));
                notes.push(note(
                    ExplainNote::Provider,
                    &[("host", end.host.clone()), ("provider", provider.into())],
                ));
                if let Some(site) = d.site {
                    let city = g.short(Topic::Explain(ExplainTopic::Site(site)));
                    notes.push(note(
                        ExplainNote::Site,
                        &[("code", site.key().into()), ("site", city.into())],
                    ));
                }
            }
            None => notes.push(note(
                ExplainNote::ResolvedName,
                &[("host", end.host.clone())],
            )),
        }
    }
    if let (Some(name), Some(port)) = (end.port_name(), end.port_number()) {
        notes.push(note(
            ExplainNote::Service,
            &[("name", name.into()), ("port", port.to_string())],
        ));
    }
    let printed = end.host.len() + end.port.as_ref().map_or(0, |p| p.len() + 1);
    let cuttable = is_name || end.host.contains(':');
    if matches!(format, Some(Format::LinuxNetstat | Format::Busybox)) && printed == 23 && cuttable {
        notes.push(note(ExplainNote::Truncated, &[]));
    }
    notes
}
