//! What `explain` says about each line: a legend of the columns under a section's first
//! heading, the meaning of each row (the shared `row_notes` plus what pasted text adds:
//! translated states, resolved names and providers, service names, cut addresses, ss and
//! Windows specifics), and remarks on tool messages and unrecognized lines. Text comes
//! from the glossary only.

use super::explain_lines::{
    inferred_notes, kernel_notes, line_kind_notes, table_topic as line_table,
};
use crate::explain::hostname::decode;
use crate::explain::vocab::{Heading, vocab};
use crate::explain::{Continued, Format, HostPort, Kind, Line, Message, Row, Table};
use crate::knowledge::{
    Args, Column, ExplainNote, ExplainTopic, FormatTopic, Glossary, MoreColumn, Section, SsField,
    TableTopic, Topic, row_notes,
};
use crate::model::TcpState;

/// The notes of one line, in reading order, without repeats.
pub fn line_notes(line: &Line, g: &Glossary) -> Vec<String> {
    let note = |n: ExplainNote| Topic::Explain(ExplainTopic::Note(n));
    let mut notes: Vec<String> = Vec::new();
    if line.lossy {
        notes.push(g.short(note(ExplainNote::Lossy)).to_string());
    }
    if let Some(more) = line_kind_notes(line, g) {
        notes.extend(more);
        return notes;
    }
    match &line.kind {
        Kind::Title { table } => notes.push(g.short(table_topic(*table, line.format)).to_string()),
        Kind::Header { first: true, .. } => {
            notes.extend(legend(line).into_iter().map(|t| match t {
                // A family's description names itself.
                Topic::Explain(ExplainTopic::Format(_)) => g.short(t).to_string(),
                _ => {
                    let term = g.get(t).map_or(t.key().1, |e| e.term.as_str());
                    format!("{term}: {}", g.short(t))
                }
            }));
        }
        Kind::Row { row, .. } => notes.extend(row_explanations(row, line.format, g)),
        Kind::Continuation { of, .. } => {
            let t = line.text.trim();
            let n = match of {
                Continued::Owner if vocab().no_owner(t) => ExplainNote::WindowsNoOwner,
                Continued::Owner if t.starts_with('[') => ExplainNote::WindowsOwner,
                Continued::Owner => ExplainNote::WindowsService,
                Continued::Detail | Continued::Wrapped => ExplainNote::SsDetail,
            };
            notes.push(g.short(note(n)).to_string());
            if n == ExplainNote::SsDetail {
                for field in ss_fields(t) {
                    let topic = Topic::Explain(ExplainTopic::SsField(field));
                    notes.push(format!("{}: {}", field_term(g, topic), g.short(topic)));
                }
            }
        }
        Kind::Summary {
            message: Message::NotRoot,
        } => notes.push(g.short(note(ExplainNote::NotRoot)).to_string()),
        Kind::Unrecognized => notes.push(g.short(note(ExplainNote::Unrecognized)).to_string()),
        Kind::Header { .. } | Kind::Blank | Kind::Command(_) | Kind::Other(_) => {}
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
    if let Some(topic) = line_table(table) {
        return topic;
    }
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
        Table::SsSummary | Table::ProcInet | Table::ProcUnix => {
            unreachable!("described by explain_line")
        }
    }
}

/// The columns a heading shows, as topics.
fn legend(line: &Line) -> Vec<Topic> {
    let text = line.text;
    let has = |any: &[&str]| any.iter().any(|w| text.contains(w));
    let c = Topic::Column;
    let m = |x: MoreColumn| Topic::Explain(ExplainTopic::Column(x));
    let mut topics = Vec::new();
    if let Some(f) = line.format.filter(|f| *f != Format::Proc) {
        let ft = match f {
            Format::LinuxNetstat => FormatTopic::LinuxNetstat,
            Format::Busybox => FormatTopic::Busybox,
            Format::Ss => FormatTopic::Ss,
            Format::Bsd => FormatTopic::Bsd,
            Format::Windows => FormatTopic::Windows,
            Format::Solaris => FormatTopic::Solaris,
            Format::Lsof => FormatTopic::Lsof,
            Format::Proc => unreachable!("filtered above"),
        };
        topics.push(Topic::Explain(ExplainTopic::Format(ft)));
    }
    let owner = has(&["PID/", "PID"]);
    match (line.format, line.table()) {
        (Some(Format::LinuxNetstat | Format::Busybox), Some(Table::Inet)) => {
            topics.extend([
                c(Column::Proto),
                c(Column::RecvQ),
                c(Column::SendQ),
                c(Column::LocalAddress),
                c(Column::ForeignAddress),
                c(Column::State),
            ]);
            let words = vocab();
            if words.heading_in(Heading::User, text) || words.heading_in(Heading::Inode, text) {
                topics.extend([c(Column::User), c(Column::Inode)]);
            }
            if owner {
                topics.push(c(Column::PidProgram));
            }
            if words.heading_in(Heading::Timer, text) {
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

fn row_explanations(row: &Row<'_>, format: Option<Format>, g: &Glossary) -> Vec<String> {
    let note = |n: ExplainNote, args: Args| g.fill(Topic::Explain(ExplainTopic::Note(n)), args);
    let mut notes = Vec::new();
    let Some(socket) = &row.socket else {
        return notes;
    };
    notes.extend(row_notes(socket, g, false));
    notes.extend(kernel_notes(row, g));
    notes.extend(inferred_notes(row, g));
    if let (Some(word), Some(lang)) = (row.state_word, row.state_word.and_then(|w| w.lang())) {
        let state = match (&socket.as_unix(), word.tcp) {
            (Some(u), _) => u.state.key().to_string(),
            (None, Some(t)) => t.name().to_string(),
            (None, None) => String::new(),
        };
        let args = args!(text = &*word.text, lang = lang, state = state);
        notes.push(match format {
            // Windows' own translation, not net-tools'.
            Some(Format::Windows) => g.fill(
                Topic::Explain(ExplainTopic::Line(
                    crate::knowledge::ExplainLine::WindowsLocalized,
                )),
                args,
            ),
            _ => note(ExplainNote::Localized, args),
        });
    }
    if socket.as_unix().is_none() {
        for end in [&row.local, &row.remote].into_iter().flatten() {
            notes.extend(address_notes(end, format, g));
        }
    }
    if row.owner_text == Some("-") {
        notes.push(note(ExplainNote::DashOwner, args!()));
    }
    if format == Some(Format::Ss) {
        if socket.tcp_state() == Some(TcpState::Listen)
            && socket.send_q > 0
            && socket.as_unix().is_none()
        {
            notes.push(note(ExplainNote::SsListenSendQ, args!(n = socket.send_q)));
        }
        // `*` means dual-stack only where the table says so (old ss printed 0.0.0.0 so).
        if row.star == Some(crate::explain::Star::DualStack) {
            notes.push(note(ExplainNote::SsStar, args!()));
        }
    }
    notes
}

fn address_notes(end: &HostPort<'_>, format: Option<Format>, g: &Glossary) -> Vec<String> {
    let note = |n: ExplainNote, args: Args| g.fill(Topic::Explain(ExplainTopic::Note(n)), args);
    let mut notes = Vec::new();
    let is_name = end.is_name();
    if is_name {
        let decoded = end.name.or_else(|| decode(end.host, end.cut));
        match decoded.and_then(|d| Some((d, d.provider()?))) {
            Some((d, provider)) => {
                let provider = g.short(Topic::Explain(ExplainTopic::Provider(provider)));
                notes.push(note(
                    ExplainNote::Provider,
                    args!(host = end.host, provider = provider),
                ));
                if let Some(site) = d.site() {
                    let city = g.short(Topic::Explain(ExplainTopic::Site(site)));
                    notes.push(note(ExplainNote::Site, args!(code = site, site = city)));
                }
            }
            None => notes.push(note(ExplainNote::ResolvedName, args!(host = end.host))),
        }
    }
    if let (Some(name), Some(port)) = (end.port_name(), end.port_number()) {
        notes.push(note(ExplainNote::Service, args!(name = name, port = port)));
    }
    if matches!(format, Some(Format::LinuxNetstat | Format::Busybox)) && end.cut {
        notes.push(note(ExplainNote::Truncated, args!()));
    }
    notes
}
