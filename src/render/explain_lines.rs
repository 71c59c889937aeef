//! Notes for the kinds of line issue 11 added — command lines, pasted noise, wrapped
//! rows, kernel table rows decoded field by field, `ss -s` — and for facts a row did not
//! print (its protocol inferred, what ss's `*` means). Text from the glossary's
//! `explain_line` section; kept apart from `explain_notes` so the row notes can change
//! without touching these.

use crate::explain::kernel::{Fields, InetFields};
use crate::explain::{Command, Line, Other, ProtoFrom, Row, Star};
use crate::knowledge::{Args, ExplainLine, ExplainTopic, Glossary, Topic};
use crate::model::{Family, TcpState};

fn say(g: &Glossary, n: ExplainLine, args: Args) -> String {
    g.fill(Topic::Explain(ExplainTopic::Line(n)), args)
}

/// A command line: what printed the lines below, and what its pipes did to them.
pub fn command_notes(c: &Command<'_>, g: &Glossary) -> Vec<String> {
    let mut command = c.program.to_string();
    for a in &c.args {
        command.push(' ');
        command.push_str(a);
    }
    let mut notes = vec![say(g, ExplainLine::Command, args!(program = command))];
    let context = c.context();
    if context.counted {
        notes.push(say(g, ExplainLine::CommandCount, args!()));
    } else if context.filtered {
        let filter = c.pipes.join(" | ");
        notes.push(say(g, ExplainLine::CommandFiltered, args!(filter = filter)));
    }
    notes
}

pub fn other_note(o: Other, g: &Glossary) -> String {
    let n = match o {
        Other::Fence => ExplainLine::Fence,
        Other::Html => ExplainLine::Html,
        Other::Ellipsis => ExplainLine::Ellipsis,
        Other::SudoPrompt => ExplainLine::SudoPrompt,
        Other::Count => ExplainLine::Count,
        Other::Warning => ExplainLine::Warning,
    };
    say(g, n, args!())
}

pub fn wrapped_note(g: &Glossary) -> String {
    say(g, ExplainLine::Wrapped, args!())
}

/// The topic a kernel table or `ss -s` heading is described by.
pub fn table_line(table: crate::explain::Table) -> Option<ExplainLine> {
    use crate::explain::Table;
    match table {
        Table::ProcInet => Some(ExplainLine::ProcTable),
        Table::ProcUnix => Some(ExplainLine::ProcUnixTable),
        Table::SsSummary => Some(ExplainLine::SsSummary),
        _ => None,
    }
}

pub fn table_topic(table: crate::explain::Table) -> Option<Topic> {
    table_line(table).map(|n| Topic::Explain(ExplainTopic::Line(n)))
}

/// What a row did not print but was inferred: its protocol, ss's `*`.
pub fn inferred_notes(row: &Row<'_>, g: &Glossary) -> Vec<String> {
    let mut notes = Vec::new();
    let Some(socket) = &row.socket else {
        return notes;
    };
    let proto = socket.proto().name();
    match row.proto_from {
        ProtoFrom::Command => notes.push(say(g, ExplainLine::ProtoCommand, args!(proto = proto))),
        ProtoFrom::State if socket.family() == Family::Udp => {
            notes.push(say(g, ExplainLine::ProtoUnconn, args!()))
        }
        ProtoFrom::State => {
            let state = row.state_text.unwrap_or("");
            notes.push(say(g, ExplainLine::ProtoTcpState, args!(state = state)));
        }
        ProtoFrom::Printed | ProtoFrom::Table => {}
    }
    match row.star {
        Some(Star::Ipv4Any) => notes.push(say(g, ExplainLine::StarIpv4, args!())),
        Some(Star::Unknown) => notes.push(say(g, ExplainLine::StarUnknown, args!())),
        Some(Star::DualStack) | None => {}
    }
    notes
}

/// A kernel table row decoded: addresses, state number, queues, timer.
pub fn kernel_notes(row: &Row<'_>, g: &Glossary) -> Vec<String> {
    let (Some(Fields::Inet(f)), Some(socket)) = (row.kernel.as_deref(), &row.socket) else {
        return Vec::new();
    };
    let end = |e: Option<crate::model::Endpoint>| {
        e.map_or_else(String::new, |e| match e.addr {
            std::net::IpAddr::V6(a) => format!("[{a}]:{}", e.port.unwrap_or(0)),
            a => format!("{a}:{}", e.port.unwrap_or(0)),
        })
    };
    let (local, remote) = (end(socket.local()), end(socket.remote()));
    let mut notes = vec![say(
        g,
        ExplainLine::ProcAddress,
        args!(
            local_hex = f.local,
            local = local,
            remote_hex = f.remote,
            remote = remote
        ),
    )];
    let state = TcpState::from_kernel(f.st);
    notes.push(say(
        g,
        ExplainLine::ProcState,
        args!(st = format!("{:02X}", f.st), n = f.st, state = state),
    ));
    let (tx, rx) = (format!("{:08X}", f.tx_queue), format!("{:08X}", f.rx_queue));
    notes.push(say(
        g,
        ExplainLine::ProcQueues,
        args!(tx = tx, rx = rx, send_q = f.tx_queue, recv_q = f.rx_queue),
    ));
    notes.extend(timer_note(f, g));
    notes
}

fn timer_note(f: &InetFields<'_>, g: &Glossary) -> Option<String> {
    let kind = match f.timer_active {
        1 => ExplainLine::TimerRetransmit,
        2 => ExplainLine::TimerKeepalive,
        3 => ExplainLine::TimerTimewait,
        4 => ExplainLine::TimerProbe,
        _ => return None,
    };
    let timer = g.short(Topic::Explain(ExplainTopic::Line(kind)));
    let seconds = format!("{:.2}", f.timer_ticks as f64 / 100.0);
    let when = format!("{:08X}", f.timer_ticks);
    Some(say(
        g,
        ExplainLine::ProcTimer,
        args!(
            tr = f.timer_active,
            timer = timer,
            seconds = seconds,
            when = when
        ),
    ))
}

/// The notes of lines only issue 11's kinds have, or `None` for other lines.
pub fn line_kind_notes(line: &Line<'_>, g: &Glossary) -> Option<Vec<String>> {
    use crate::explain::{Continued, Kind};
    Some(match &line.kind {
        Kind::Command(c) => command_notes(c, g),
        Kind::Other(o) => vec![other_note(*o, g)],
        Kind::Continuation {
            of: Continued::Wrapped,
            ..
        } => vec![wrapped_note(g)],
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::super::explain_notes::line_notes;
    use crate::explain::{Explainer, stream};
    use crate::knowledge::{Glossary, Note, Topic};
    use crate::model::Family;

    /// Every file under `dir` (recursively), but jc's expected parses and READMEs.
    fn files(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_none_or(|x| x != "json" && x != "md") {
                    out.push(p);
                }
            }
        }
        out
    }

    #[test]
    fn no_tcp_row_gets_the_raw_socket_note() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut inputs = files(&root.join("fixtures/outputs"));
        let corpus = root.join("../shared/corpus");
        if corpus.is_dir() {
            inputs.extend(files(&corpus));
        } else {
            eprintln!("SKIPPED: ../shared/corpus is absent; only the fixtures were checked");
        }
        let g = Glossary::english();
        let raw = g.short(Topic::Note(Note::Raw)).to_string();
        let mut tcp_rows = 0;
        for path in inputs {
            let bytes = std::fs::read(&path).unwrap();
            let mut explainer = Explainer::new(None);
            stream::each_line(&bytes[..], &mut explainer, |line| {
                let tcp = line
                    .row()
                    .and_then(|r| r.socket.as_ref())
                    .is_some_and(|s| s.family() == Family::Tcp);
                if tcp {
                    tcp_rows += 1;
                    let notes = line_notes(line, &g);
                    assert!(!notes.contains(&raw), "{}: {}", path.display(), line.text);
                }
                Ok(())
            })
            .unwrap();
        }
        assert!(tcp_rows > 500, "only {tcp_rows} TCP rows checked");
    }

    #[test]
    fn new_kinds_have_notes_in_english_and_korean() {
        use crate::knowledge::Lang;
        // A pasted session (fixtures/outputs/pasted/session-prompts.txt's first lines)
        // and pasted noise: every command, noise line and kernel row says something.
        let input = b"$ ss --udp -l -p\nState  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\nUNCONN 0      0          127.0.0.1:47002      0.0.0.0:*    users:((\"python3\",pid=29528,fd=13))\n```\n# cat /proc/net/tcp\n  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 0100007F:B799 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 859943 1 0000000000000000 100 0 0 10 0\n";
        for lang in Lang::ALL {
            let g = Glossary::for_lang(lang);
            let mut explainer = Explainer::new(None);
            let mut all = Vec::new();
            stream::each_line(&input[..], &mut explainer, |line| {
                all.push((line.text.to_string(), line_notes(line, &g)));
                Ok(())
            })
            .unwrap();
            for (text, notes) in &all {
                assert!(!notes.is_empty(), "{lang}: no note for {text}");
                assert!(
                    notes.iter().all(|n| !n.contains('{')),
                    "{lang}: unfilled {notes:?}"
                );
            }
            let kernel_row = &all[6].1;
            assert!(
                kernel_row.iter().any(|n| n.contains("127.0.0.1:47001")),
                "{kernel_row:?}"
            );
        }
    }
}
