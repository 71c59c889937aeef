//! What a table says as a whole, in words: a heading, one counts line, then one line per
//! finding (wrapped to the width), the sentences from the message catalogue. Live tables
//! print it before the table (the whole table is known); `explain` prints it at the end.

use std::io::{self, Write};

use super::Style;
use super::sanitize::escape;
use crate::knowledge::messages::{Message, Messages};
use crate::knowledge::summary::{Finding, Group};

/// The heading and the findings; nothing at all for an empty table.
pub fn write_summary(
    w: &mut impl Write,
    findings: &[Finding],
    messages: &Messages,
    style: Style,
) -> io::Result<()> {
    let empty = findings
        .iter()
        .all(|f| matches!(f, Finding::Counts { protos, .. } if protos.is_empty()));
    if empty {
        return Ok(());
    }
    writeln!(
        w,
        "{}",
        style.heading(messages.template(Message::ExplainSummary))
    )?;
    for finding in findings {
        for text in sentences(finding, messages) {
            for line in style.wrap(&escape(&text), "  ", "    ") {
                writeln!(w, "{}", style.note(&line))?;
            }
        }
    }
    writeln!(w)
}

fn list(items: &[(String, usize)]) -> String {
    let parts: Vec<String> = items.iter().map(|(k, n)| format!("{k} {n}")).collect();
    parts.join(", ")
}

/// A finding's sentences (most have one; a group may add what its queues share).
fn sentences(finding: &Finding, m: &Messages) -> Vec<String> {
    let one = |key: Message, args: crate::knowledge::Args| vec![m.say(key, args)];
    match finding {
        Finding::Counts { protos, tcp, unix } => vec![counts(protos, tcp, unix, m)],
        Finding::Programs { list: programs } => {
            one(Message::SummaryPrograms, args!(list = list(programs)))
        }
        Finding::Servers { open, local } => {
            let mut out = Vec::new();
            if !open.is_empty() {
                out.push(m.say(Message::SummaryServersOpen, args!(list = open.join(", "))));
            }
            if !local.is_empty() {
                out.push(m.say(Message::SummaryServersLocal, args!(list = local.join(", "))));
            }
            out
        }
        Finding::Clients { remotes } => {
            one(Message::SummaryClients, args!(list = remotes.join(", ")))
        }
        Finding::Group(g) => group(g, m),
        Finding::ListenersHidden => one(Message::SummaryListenersHidden, args!()),
        Finding::Filtered { pattern } => one(Message::SummaryFiltered, args!(pattern = pattern)),
        Finding::UnixHidden => one(Message::SummaryUnixHidden, args!()),
        Finding::TimeWaitChurn { n, remote } => {
            one(Message::SummaryTimeWaitChurn, args!(n = n, remote = remote))
        }
        Finding::CloseWaitUnread { n } => one(Message::SummaryCloseWaitUnread, args!(n = n)),
        Finding::CloseWaitRead { n } => one(Message::SummaryCloseWaitRead, args!(n = n)),
        Finding::SynBurst { n } => one(Message::SummarySynBurst, args!(n = n)),
        Finding::Orphans { n, bytes } => one(Message::SummaryOrphans, args!(n = n, bytes = bytes)),
        Finding::SshSession => one(Message::SummarySsh, args!()),
        Finding::OwnersHidden { n } => one(Message::SummaryOwnersHidden, args!(n = n)),
        Finding::NextFds { pid } => one(Message::SummaryNextFds, args!(pid = pid)),
        Finding::NextWatch { state } => one(Message::SummaryNextWatch, args!(state = state)),
        Finding::NextAcceptQueue => one(Message::SummaryNextAccept, args!()),
    }
}

fn counts(
    protos: &[(String, usize)],
    tcp: &[(String, usize)],
    unix: &[(String, usize)],
    m: &Messages,
) -> String {
    let n: usize = protos.iter().map(|(_, n)| n).sum();
    let counted = match n {
        1 => Message::SummarySocket,
        _ => Message::SummarySockets,
    };
    let mut parts = vec![m.say(counted, args!(n = n, list = list(protos)))];
    if !tcp.is_empty() {
        parts.push(m.say(Message::SummaryTcp, args!(list = list(tcp))));
    }
    if !unix.is_empty() {
        parts.push(m.say(Message::SummaryUnix, args!(list = list(unix))));
    }
    parts.join(" · ")
}

fn group(g: &Group, m: &Messages) -> Vec<String> {
    let ports: Vec<String> = g.ports.iter().map(u16::to_string).collect();
    let ports = ports.join("/") + if g.more_ports { "/…" } else { "" };
    let (n, state, peer) = (g.n, &g.state, &g.peer);
    let mut out = vec![match g.programs.is_empty() {
        true => m.say(
            Message::SummaryGroup,
            args!(n = n, state = state, peer = peer, ports = ports),
        ),
        false => {
            let programs = g.programs.join(", ");
            let args = args!(
                n = n,
                state = state,
                peer = peer,
                ports = ports,
                programs = programs
            );
            m.say(Message::SummaryGroupPrograms, args)
        }
    }];
    if let Some(q) = g.same_recv_q.filter(|q| *q > 0) {
        out.push(m.say(Message::SummaryGroupSameQ, args!(n = n, q = q)));
    }
    out
}
