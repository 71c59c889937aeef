//! Rows: of the current section (each family's parser, with what the section and the
//! command above know), continuation lines (ss details, Windows `-b` owners, a wrapped
//! row's tail), and rows recognized by their own shape when no heading says.

use super::{Classified, Explainer, Section, loose_row};
use crate::explain::context::Program;
use crate::explain::lex::first_word;
use crate::explain::line::{Continued, Kind, Row};
use crate::explain::ss::Hints;
use crate::explain::vocab::{Tool, exact_state, vocab};
use crate::explain::{Format, Table, bsd, detect, kernel, lsof, netstat, ss, windows};

impl Explainer {
    /// A row of `s`, or a continuation of the row above.
    pub(super) fn section_row<'a>(
        &mut self,
        s: Section,
        text: &'a str,
        next: Option<&'a str>,
    ) -> Option<Classified<'a>> {
        let label = Some(self.label(s.format));
        let heading = Some(&self.heading).filter(|h| !h.is_empty());
        let row = match (s.format, s.table) {
            (Format::LinuxNetstat | Format::Busybox, Table::Inet) => {
                self.netstat_row(s, text, next)
            }
            (Format::LinuxNetstat | Format::Busybox, Table::Unix) => {
                netstat::unix_row(text, s.layout)
            }
            (Format::Ss, Table::Ss) => return self.ss_line(s, text),
            (Format::Ss, Table::SsSummary) => {
                ss::summary_line(text).or_else(|| ss::summary_row(text))
            }
            (Format::Bsd, Table::Inet) => bsd::inet_row(text, heading),
            (Format::Solaris, Table::Inet) => bsd::solaris_row(text),
            (Format::Windows, Table::Inet) => return self.windows_line(s, text),
            // Any line fits lsof's loose columns: not the title or heading of the next
            // table (`lsof -i; ss -tln` pasted together).
            (Format::Lsof, Table::Lsof) => lsof::row(text, heading).or_else(|| {
                let next_table =
                    detect::title(text).is_some() || detect::header(text, None).is_some();
                (!next_table).then(|| loose_row(text, s.table, &self.loose_columns))
            }),
            (Format::Proc, Table::ProcInet) => {
                let (family, from) = s.proc.unwrap_or_else(|| self.proc_family(None, text));
                kernel::inet_row(text, family, from)
            }
            (Format::Proc, Table::ProcUnix) => kernel::unix_row(text),
            (_, table) if table.is_loose() => Some(loose_row(text, table, &self.loose_columns)),
            _ => None,
        }?;
        Some((
            Kind::Row {
                table: s.table,
                row,
            },
            label,
        ))
    }

    /// A net-tools row; a TCP row whose state is on the next line is read with it.
    fn netstat_row<'a>(
        &mut self,
        s: Section,
        text: &'a str,
        next: Option<&'a str>,
    ) -> Option<Row<'a>> {
        let mut row = netstat::inet_row(text, s.layout)?;
        if let Some(next) = next {
            if netstat::join_wrapped(&mut row, next, s.layout) {
                self.wrapped = Some((self.label(s.format), s.table));
            }
        }
        Some(row)
    }

    /// An ss row, or a detail line under the row above.
    fn ss_line<'a>(&mut self, s: Section, text: &'a str) -> Option<Classified<'a>> {
        let label = Some(self.label(s.format));
        if self.after_row == label && ss::is_continuation(text) {
            let of = Continued::Detail;
            return Some((Kind::Continuation { table: s.table, of }, label));
        }
        let family = self
            .context
            .filter(|c| c.program == Program::Ss)
            .and_then(|c| c.family);
        let hints = Hints {
            netid: s.netid,
            family,
            star: self.star,
        };
        let row = ss::row(text, hints)?;
        if let Some(evidence) = ss::star_evidence(&row) {
            self.star = Some(evidence);
        }
        Some((
            Kind::Row {
                table: s.table,
                row,
            },
            label,
        ))
    }

    /// A Windows row, or a `-b` line about a row's owner.
    fn windows_line<'a>(&mut self, s: Section, text: &'a str) -> Option<Classified<'a>> {
        let label = Some(self.label(s.format));
        if let Some(row) = windows::row(text) {
            return Some((
                Kind::Row {
                    table: s.table,
                    row,
                },
                label,
            ));
        }
        let heading = vocab().header(text).is_some() || detect::header(text, None).is_some();
        if heading || !windows::is_owner_line(text) {
            return None;
        }
        let of = Continued::Owner;
        Some((Kind::Continuation { table: s.table, of }, label))
    }

    /// No section knows the line: a row recognized by its shape. Inside a table whose
    /// heading was seen the section stays as it is (a stray line switches nothing).
    pub(super) fn by_shape<'a>(
        &mut self,
        text: &'a str,
        next: Option<&'a str>,
    ) -> Option<Classified<'a>> {
        for s in self.shapes(text) {
            if !self.allowed(s.format) {
                continue;
            }
            if let Some(found) = self.section_row(s, text, next) {
                let in_table = self
                    .section
                    .is_some_and(|c| c.header_seen && !c.table.is_loose());
                if !in_table {
                    self.section = Some(s);
                }
                return Some(found);
            }
        }
        None
    }

    /// The sections a line's shape may belong to, most likely first.
    fn shapes(&self, text: &str) -> Vec<Section> {
        let sec = |format, table| Section {
            format,
            table,
            header_seen: false,
            netid: false,
            proc: None,
            layout: self.layout(),
        };
        let program = self.context.map(|c| c.program);
        let first = first_word(text);
        let ss_netid = Section {
            netid: true,
            ..sec(Format::Ss, Table::Ss)
        };
        match first {
            "unix" => vec![sec(Format::LinuxNetstat, Table::Unix)],
            "tcp" | "tcp6" | "udp" | "udp6" | "raw" | "raw6" | "udpl" => {
                let netstat = sec(Format::LinuxNetstat, Table::Inet);
                let bsd = sec(Format::Bsd, Table::Inet);
                match program {
                    Some(Program::Ss) => vec![ss_netid, netstat, bsd],
                    _ => vec![netstat, ss_netid, bsd],
                }
            }
            "TCP" | "UDP" | ">" => vec![sec(Format::Windows, Table::Inet)],
            "tcp4" | "tcp46" | "udp4" | "udp46" | "icm4" | "icm6" => {
                vec![sec(Format::Bsd, Table::Inet)]
            }
            "Total:" | "TCP:" => vec![sec(Format::Ss, Table::SsSummary)],
            w if ss::has_netid(w) => vec![ss_netid],
            w if exact_state(Tool::Ss, w).is_some() => vec![sec(Format::Ss, Table::Ss)],
            _ if kernel::looks_inet(text) => {
                let proc = Some(self.proc_family(None, text));
                vec![Section {
                    proc,
                    ..sec(Format::Proc, Table::ProcInet)
                }]
            }
            _ if kernel::looks_unix(text) => vec![sec(Format::Proc, Table::ProcUnix)],
            _ if lsof::looks_like_row(text) || program == Some(Program::Lsof) => {
                vec![sec(Format::Lsof, Table::Lsof)]
            }
            // Old `ss -l` printed neither Netid nor State: `0  128  *:22  *:*`.
            _ if program == Some(Program::Ss) => vec![sec(Format::Ss, Table::Ss)],
            _ => vec![sec(Format::Bsd, Table::Inet)],
        }
    }
}
