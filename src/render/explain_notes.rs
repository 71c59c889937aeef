//! What `explain` says about each line: a legend of the columns under a section's first
//! heading, the meaning of each row (the shared `row_notes` plus what pasted text adds:
//! translated states, resolved names and providers, service names, cut addresses, ss and
//! Windows specifics), and remarks on tool messages and unrecognized lines. Text comes
//! from the glossary only.

use crate::explain::hostname::decode;
use crate::explain::{Format, HostPort, Kind, Line, Message, Row, Table};
use crate::knowledge::{
    Args, Column, ExplainNote, ExplainTopic, FormatTopic, Glossary, MoreColumn, OwnerView, Section,
    SsField, TableTopic, Topic, View,
};
use crate::model::TcpState;

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
    let note = |n: ExplainNote, args: Args| g.fill(Topic::Explain(ExplainTopic::Note(n)), args);
    let mut notes = Vec::new();
    let Some(socket) = &row.socket else {
        return notes;
    };
    let dash = row.owner_text.as_deref() == Some("-");
    let view = View {
        owners: match row.owner_text {
            Some(_) => OwnerView::Pasted { not_root: false },
            None => OwnerView::NotAsked,
        },
        ss_queues: format == Some(Format::Ss),
        ..View::default()
    };
    let decided = crate::knowledge::decide(
        crate::knowledge::Row {
            socket,
            dash,
            relations: &[],
        },
        &view,
    );
    let names = super::notes::TableRows(&[socket]);
    notes.extend(
        super::notes::words(&decided, &names, g)
            .into_iter()
            .map(|n| n.text),
    );
    if let (Some(word), Some(lang)) = (row.state_word, row.state_word.and_then(|w| w.lang)) {
        let state = match (&socket.as_unix(), word.tcp) {
            (Some(u), _) => u.state.key().to_string(),
            (None, Some(t)) => t.name().to_string(),
            (None, None) => String::new(),
        };
        notes.push(note(
            ExplainNote::Localized,
            args!(text = word.text, lang = lang, state = state),
        ));
    }
    if socket.as_unix().is_none() {
        for end in [&row.local, &row.remote].into_iter().flatten() {
            notes.extend(address_notes(end, format, g));
        }
    }
    if row.owner_text.as_deref() == Some("-") {
        notes.push(note(ExplainNote::DashOwner, args!()));
    }
    if format == Some(Format::Ss) {
        if socket.tcp_state() == Some(TcpState::Listen)
            && socket.send_q > 0
            && socket.as_unix().is_none()
        {
            notes.push(note(ExplainNote::SsListenSendQ, args!(n = socket.send_q)));
        }
        if row.local.as_ref().is_some_and(|l| l.host == "*") && socket.as_unix().is_none() {
            notes.push(note(ExplainNote::SsStar, args!()));
        }
    }
    notes
}

fn address_notes(end: &HostPort, format: Option<Format>, g: &Glossary) -> Vec<String> {
    let note = |n: ExplainNote, args: Args| g.fill(Topic::Explain(ExplainTopic::Note(n)), args);
    let mut notes = Vec::new();
    let is_name = end.is_name();
    if is_name {
        match decode(&end.host, g) {
            Some(d) => {
                let provider = g.short(Topic::Explain(ExplainTopic::Provider(d.provider)));
                notes.push(note(
                    ExplainNote::Provider,
                    args!(host = end.host, provider = provider),
                ));
                if let Some(site) = d.site {
                    let city = g.short(Topic::Explain(ExplainTopic::Site(site)));
                    notes.push(note(
                        ExplainNote::Site,
                        args!(code = site.key(), site = city),
                    ));
                }
            }
            None => notes.push(note(ExplainNote::ResolvedName, args!(host = end.host))),
        }
    }
    if let (Some(name), Some(port)) = (end.port_name(), end.port_number()) {
        notes.push(note(ExplainNote::Service, args!(name = name, port = port)));
    }
    let printed = end.host.len() + end.port.as_ref().map_or(0, |p| p.len() + 1);
    let cuttable = is_name || end.host.contains(':');
    if matches!(format, Some(Format::LinuxNetstat | Format::Busybox)) && printed == 23 && cuttable {
        notes.push(note(ExplainNote::Truncated, args!()));
    }
    notes
}
