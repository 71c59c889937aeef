//! The legend `explain` writes under a section's first heading: the family, then each
//! column the heading shows (in the words of its tool and language, asked of the explain
//! vocabulary), and the glossary topic of each table and of ss's detail fields.

use crate::explain::vocab::{Heading, vocab};
use crate::explain::{Format, Line, Table};
use crate::knowledge::{
    Column, ExplainTopic, FormatTopic, MoreColumn, Section, SsField, TableTopic, Topic,
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
    }
}

/// The columns a heading shows, as topics.
pub fn legend(line: &Line) -> Vec<Topic> {
    let text = line.text;
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
