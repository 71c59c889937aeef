//! Notes for the kinds of line issue 11 added — command lines, pasted noise, wrapped
//! rows, kernel table rows decoded field by field, `ss -s` — and for facts a row did not
//! print (its protocol inferred, what ss's `*` means), as note references for the one
//! note engine (said once, JSON `{id, text}`). Words from the glossary's `explain_line`
//! section; kept apart from `explain_notes` so either can change alone.

use crate::explain::kernel::{Fields, InetFields};
use crate::explain::{Command, Continued, Kind, Line, Other, ProtoFrom, Row, Star, Table};
use crate::knowledge::{ExplainLine, ExplainTopic, Glossary, NoteRef, Topic};
use crate::model::{Family, TcpState};

fn note(n: ExplainLine) -> NoteRef {
    NoteRef::of(Topic::Explain(ExplainTopic::Line(n)))
}

/// The topic a kernel table or `ss -s` heading is described by.
pub fn table_topic(table: Table) -> Option<Topic> {
    let n = match table {
        Table::ProcInet => ExplainLine::ProcTable,
        Table::ProcUnix => ExplainLine::ProcUnixTable,
        Table::SsSummary => ExplainLine::SsSummary,
        _ => return None,
    };
    Some(Topic::Explain(ExplainTopic::Line(n)))
}

/// The notes of lines only issue 11's kinds have, or `None` for other lines.
pub fn line_refs(line: &Line<'_>) -> Option<Vec<NoteRef>> {
    Some(match &line.kind {
        Kind::Command(c) => command_refs(c),
        Kind::Other(o) => vec![other_ref(*o)],
        Kind::Continuation {
            of: Continued::Wrapped,
            ..
        } => vec![note(ExplainLine::Wrapped)],
        _ => return None,
    })
}

/// A command line: what printed the lines below, and what its pipes did to them.
fn command_refs(c: &Command<'_>) -> Vec<NoteRef> {
    let mut command = c.program.to_string();
    for a in &c.args {
        command.push(' ');
        command.push_str(a);
    }
    let mut notes = vec![note(ExplainLine::Command).value("program", command)];
    let context = c.context();
    if context.counted {
        notes.push(note(ExplainLine::CommandCount));
    } else if context.filtered {
        notes.push(note(ExplainLine::CommandFiltered).value("filter", c.pipes.join(" | ")));
    }
    notes
}

fn other_ref(o: Other) -> NoteRef {
    note(match o {
        Other::Fence => ExplainLine::Fence,
        Other::Html => ExplainLine::Html,
        Other::Ellipsis => ExplainLine::Ellipsis,
        Other::SudoPrompt => ExplainLine::SudoPrompt,
        Other::Count => ExplainLine::Count,
        Other::Warning => ExplainLine::Warning,
    })
}

/// What a row did not print but was inferred: its protocol, ss's `*`.
pub fn inferred_refs(row: &Row<'_>) -> Vec<NoteRef> {
    let mut notes = Vec::new();
    let Some(socket) = &row.socket else {
        return notes;
    };
    let proto = socket.proto().name();
    match row.proto_from {
        ProtoFrom::Command => notes.push(note(ExplainLine::ProtoCommand).value("proto", proto)),
        ProtoFrom::State if socket.family() == Family::Udp => {
            notes.push(note(ExplainLine::ProtoUnconn))
        }
        ProtoFrom::State => notes
            .push(note(ExplainLine::ProtoTcpState).value("state", row.state_text.unwrap_or(""))),
        ProtoFrom::Printed | ProtoFrom::Table => {}
    }
    match row.star {
        Some(Star::Ipv4Any) => notes.push(note(ExplainLine::StarIpv4)),
        Some(Star::Unknown) => notes.push(note(ExplainLine::StarUnknown)),
        Some(Star::DualStack) | None => {}
    }
    notes
}

/// A kernel table row decoded: addresses, state number, queues, timer.
pub fn kernel_refs(row: &Row<'_>, g: &Glossary) -> Vec<NoteRef> {
    let (Some(Fields::Inet(f)), Some(socket)) = (row.kernel.as_deref(), &row.socket) else {
        return Vec::new();
    };
    let end = |e: Option<crate::model::Endpoint>| {
        e.map_or_else(String::new, |e| match e.addr {
            std::net::IpAddr::V6(a) => format!("[{a}]:{}", e.port.unwrap_or(0)),
            a => format!("{a}:{}", e.port.unwrap_or(0)),
        })
    };
    let address = note(ExplainLine::ProcAddress)
        .value("local_hex", f.local)
        .value("local", end(socket.local()))
        .value("remote_hex", f.remote)
        .value("remote", end(socket.remote()));
    let state = note(ExplainLine::ProcState)
        .value("st", format!("{:02X}", f.st))
        .value("n", f.st)
        .value("state", TcpState::from_kernel(f.st));
    let queues = note(ExplainLine::ProcQueues)
        .value("tx", format!("{:08X}", f.tx_queue))
        .value("rx", format!("{:08X}", f.rx_queue))
        .value("send_q", f.tx_queue)
        .value("recv_q", f.rx_queue);
    let mut notes = vec![address, state, queues];
    notes.extend(timer_ref(f, g));
    notes
}

fn timer_ref(f: &InetFields<'_>, g: &Glossary) -> Option<NoteRef> {
    let kind = match f.timer_active {
        1 => ExplainLine::TimerRetransmit,
        2 => ExplainLine::TimerKeepalive,
        3 => ExplainLine::TimerTimewait,
        4 => ExplainLine::TimerProbe,
        _ => return None,
    };
    let timer = g
        .short(Topic::Explain(ExplainTopic::Line(kind)))
        .to_string();
    Some(
        note(ExplainLine::ProcTimer)
            .value("tr", f.timer_active)
            .value("timer", timer)
            .value("seconds", format!("{:.2}", f.timer_ticks as f64 / 100.0))
            .value("when", format!("{:08X}", f.timer_ticks)),
    )
}

/// Windows' own translation of a state (not net-tools'), when the row has one.
pub fn windows_localized(text: &str, lang: &str, state: &str) -> NoteRef {
    note(ExplainLine::WindowsLocalized)
        .value("text", text.to_string())
        .value("lang", lang.to_string())
        .value("state", state.to_string())
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::super::explain_notes::Paste;
    use crate::explain::{Explainer, Line, stream};
    use crate::knowledge::messages::Messages;
    use crate::knowledge::{Glossary, Lang, RawNote, Topic};
    use crate::model::Family;

    /// The words of a line's notes, as JSON carries them.
    fn texts(paste: &mut Paste, line: &Line<'_>, g: &Glossary, m: &Messages) -> Vec<String> {
        paste
            .notes(line, g, m)
            .iter()
            .map(|n| n.text.to_string())
            .collect()
    }

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
        let m = Messages::for_lang(Lang::En);
        let raw = g.short(Topic::Raw(RawNote::Socket)).to_string();
        let mut tcp_rows = 0;
        for path in inputs {
            let bytes = std::fs::read(&path).unwrap();
            let mut explainer = Explainer::new(None);
            let mut paste = Paste::new(false);
            stream::each_line(&bytes[..], &mut explainer, |event| {
                let Some(line) = event.line() else {
                    return Ok(());
                };
                let tcp = line
                    .row()
                    .and_then(|r| r.socket.as_ref())
                    .is_some_and(|s| s.family() == Family::Tcp);
                if tcp {
                    tcp_rows += 1;
                    let notes = texts(&mut paste, line, &g, &m);
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
        // A pasted session (fixtures/outputs/pasted/session-prompts.txt's first lines)
        // and pasted noise: every command, noise line and kernel row says something.
        let input = b"$ ss --udp -l -p\nState  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\nUNCONN 0      0          127.0.0.1:47002      0.0.0.0:*    users:((\"python3\",pid=29528,fd=13))\n```\n# cat /proc/net/tcp\n  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 0100007F:B799 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 859943 1 0000000000000000 100 0 0 10 0\n";
        for lang in Lang::ALL {
            let g = Glossary::for_lang(lang);
            let m = Messages::for_lang(lang);
            let mut explainer = Explainer::new(None);
            let mut paste = Paste::new(false);
            let mut all = Vec::new();
            stream::each_line(&input[..], &mut explainer, |event| {
                let Some(line) = event.line() else {
                    return Ok(());
                };
                all.push((line.text.to_string(), texts(&mut paste, line, &g, &m)));
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
