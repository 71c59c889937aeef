//! The legend `explain` writes under a section's first heading: the family, then each
//! column the heading shows (in the words of its tool and language, asked of the explain
//! vocabulary), and the glossary topic of each table and of ss's detail fields.

use crate::explain::vocab::{Heading, vocab};
use crate::explain::{Format, Line, Table};
use crate::knowledge::{
    Column, ExplainLine, ExplainTopic, FormatTopic, MoreColumn, Section, SsField, TableTopic, Topic,
};

/// The ss detail fields a line holds, in order (`rtt:0.03/0.01` → rtt; `bbr` → cc).
pub fn ss_fields(text: &str) -> Vec<SsField> {
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

pub fn table_topic(table: Table, format: Option<Format>) -> Topic {
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
        Table::SsSummary | Table::ProcInet | Table::ProcUnix => {
            super::explain_lines::table_topic(table).expect("described by explain_line")
        }
    }
}

/// The columns a heading shows, as topics: the family first, then its columns in order.
pub fn legend(line: &Line) -> Vec<Topic> {
    let text = line.text;
    // A kernel table is described by its own topic, not a family's.
    let mut topics: Vec<Topic> = line
        .format
        .filter(|f| *f != Format::Proc)
        .map(family)
        .into_iter()
        .collect();
    topics.extend(match (line.format, line.table()) {
        (Some(Format::LinuxNetstat | Format::Busybox), Some(Table::Inet)) => netstat_inet(text),
        (_, Some(Table::Unix)) => netstat_unix(text),
        (_, Some(Table::Ss)) => ss(text),
        (Some(Format::Bsd), Some(Table::Inet)) => bsd(text),
        (Some(Format::Windows), _) => windows(text),
        (Some(Format::Solaris), Some(Table::Inet)) => solaris(text),
        (f, Some(t)) => vec![table_topic(t, f)],
        (_, None) => Vec::new(),
    });
    topics
}

fn family(f: Format) -> Topic {
    Topic::Explain(ExplainTopic::Format(match f {
        Format::LinuxNetstat => FormatTopic::LinuxNetstat,
        Format::Busybox => FormatTopic::Busybox,
        Format::Ss => FormatTopic::Ss,
        Format::Bsd => FormatTopic::Bsd,
        Format::Windows => FormatTopic::Windows,
        Format::Solaris => FormatTopic::Solaris,
        Format::Lsof => FormatTopic::Lsof,
        Format::Proc => return Topic::Explain(ExplainTopic::Line(ExplainLine::ProcTable)),
    }))
}

const fn c(column: Column) -> Topic {
    Topic::Column(column)
}

const fn m(column: MoreColumn) -> Topic {
    Topic::Explain(ExplainTopic::Column(column))
}

fn owner_column(text: &str) -> bool {
    text.contains("PID")
}

/// net-tools' Internet heading, in any of its languages (the words are asked of vocab).
fn netstat_inet(text: &str) -> Vec<Topic> {
    use Column::*;
    let mut topics = vec![
        c(Proto),
        c(RecvQ),
        c(SendQ),
        c(LocalAddress),
        c(ForeignAddress),
    ];
    topics.push(c(State));
    let words = vocab();
    if words.heading_in(Heading::User, text) || words.heading_in(Heading::Inode, text) {
        topics.extend([c(User), c(Inode)]);
    }
    if owner_column(text) {
        topics.push(c(PidProgram));
    }
    if words.heading_in(Heading::Timer, text) {
        topics.push(m(MoreColumn::Timer));
    }
    topics
}

fn netstat_unix(text: &str) -> Vec<Topic> {
    use Column::*;
    let mut topics = vec![
        c(Proto),
        c(RefCnt),
        c(Flags),
        c(Type),
        c(UnixState),
        c(INode),
    ];
    if owner_column(text) {
        topics.push(c(PidProgram));
    }
    topics.push(c(Path));
    topics
}

fn ss(text: &str) -> Vec<Topic> {
    let mut topics = Vec::new();
    if text.trim_start().starts_with("Netid") {
        topics.push(m(MoreColumn::Netid));
    }
    topics.extend([c(Column::State), c(Column::RecvQ), c(Column::SendQ)]);
    topics.extend([c(Column::LocalAddress), m(MoreColumn::PeerAddress)]);
    if text.contains("Process") {
        topics.push(m(MoreColumn::Process));
    }
    topics
}

/// BSD and macOS: PCB columns before Proto (-A), counters instead of queues (-T),
/// `(state)`, and macOS's byte counts (-b, -v).
fn bsd(text: &str) -> Vec<Topic> {
    let mut topics = Vec::new();
    if !text.trim_start().starts_with("Proto") {
        topics.push(m(MoreColumn::Pcb));
    }
    if text.contains("Flowhash") {
        topics.push(m(MoreColumn::Flowhash));
    }
    topics.push(c(Column::Proto));
    match text.contains("Rexmit") {
        true => topics.push(m(MoreColumn::Counters)),
        false => topics.extend([c(Column::RecvQ), c(Column::SendQ)]),
    }
    topics.extend([c(Column::LocalAddress), c(Column::ForeignAddress)]);
    if text.contains("(state)") {
        topics.push(m(MoreColumn::BsdState));
    }
    if text.contains("rxbytes") {
        topics.push(m(MoreColumn::Bytes));
    }
    topics
}

fn windows(text: &str) -> Vec<Topic> {
    use Column::*;
    let mut topics = vec![c(Proto), c(LocalAddress), c(ForeignAddress), c(State)];
    if owner_column(text) {
        topics.push(m(MoreColumn::Pid));
    }
    topics
}

fn solaris(text: &str) -> Vec<Topic> {
    let mut topics = vec![c(Column::LocalAddress), c(Column::ForeignAddress)];
    if text.contains("Swind") {
        topics.extend([m(MoreColumn::Windows), c(Column::SendQ), c(Column::RecvQ)]);
    }
    topics.push(c(Column::State));
    topics
}
