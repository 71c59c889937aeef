//! The closing summary of `explain`: sockets counted by protocol, state and program, and
//! what stands out (many TIME_WAIT, CLOSE_WAIT piling up, listeners on every interface,
//! owners missing). Counts only: distinct programs and ports are capped, so memory does
//! not grow with the input.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::Style;
use super::sanitize::escape;
use crate::explain::{Kind, Line};
use crate::knowledge::messages::{Message, Messages};
use crate::model::{Family, TcpState};

/// The count keys standing for "every other program" and "no state"; shown translated.
const OTHERS: &str = "(others)";
const NO_STATE: &str = "(none)";

/// How many distinct programs and ports the summary remembers.
const KEEP: usize = 256;

/// What the summary needs, and nothing that grows with the input.
#[derive(Default)]
pub struct Summary {
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
    pub recognized: usize,
    pub unrecognized: usize,
}

impl Summary {
    /// The closing summary: counts, then what stands out.
    pub fn write(&self, w: &mut impl Write, m: &Messages, style: Style) -> io::Result<()> {
        let s = self;
        if s.sockets == 0 {
            return Ok(());
        }
        writeln!(w)?;
        writeln!(w, "{}", style.heading(&m.say(Message::ExplainSummary, &[])))?;
        // The two placeholders the counts use are words, said in the learner's language.
        let others = m.say(Message::ExplainOthers, &[]);
        let none = m.say(Message::ExplainNoState, &[]);
        let shown = |k: &str| -> String {
            match k {
                OTHERS => others.clone(),
                NO_STATE => none.clone(),
                _ => k.to_string(),
            }
        };
        let join = |counts: &BTreeMap<String, usize>| -> String {
            let mut v: Vec<_> = counts.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            v.iter()
                .map(|(k, n)| format!("{} ({n})", escape(&shown(k))))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let protos: BTreeMap<String, usize> = s
            .by_proto
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect();
        let list = join(&protos);
        let fill: [(&str, &dyn std::fmt::Display); 2] = [("n", &s.sockets), ("list", &list)];
        writeln!(w, "{}", m.say(Message::ExplainSockets, &fill))?;
        if !s.by_state.is_empty() {
            let list = join(&s.by_state);
            writeln!(w, "{}", m.say(Message::ExplainByState, &[("list", &list)]))?;
        }
        if !s.by_program.is_empty() {
            let list = join(&s.by_program);
            writeln!(
                w,
                "{}",
                m.say(Message::ExplainByProgram, &[("list", &list)])
            )?;
        }
        let mut stand_out = Vec::new();
        if s.time_wait >= 10 {
            stand_out.push(m.say(Message::SummaryTimeWait, args!(n = s.time_wait)));
        }
        if s.close_wait > 0 {
            stand_out.push(m.say(Message::SummaryCloseWait, args!(n = s.close_wait)));
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
            let ports = ports.join(" ");
            stand_out.push(m.say(Message::SummaryAllInterfaces, args!(n = n, ports = ports)));
        }
        if s.dash_owners > 0 {
            stand_out.push(m.say(Message::SummaryOwnersMissing, args!(n = s.dash_owners)));
        }
        for text in stand_out {
            writeln!(w, "{}", style.warn(&format!("! {}", escape(&text))))?;
        }
        Ok(())
    }

    /// Counts one line.
    pub fn count(&mut self, line: &Line) {
        let s = self;
        match line.kind {
            Kind::Blank => {}
            Kind::Unrecognized => s.unrecognized += 1,
            _ => s.recognized += 1,
        }
        let Some(row) = line.row() else { return };
        if row.owner_text == Some("-") {
            s.dash_owners += 1;
        }
        let Some(socket) = &row.socket else { return };
        s.sockets += 1;
        *s.by_proto.entry(socket.proto().name()).or_default() += 1;
        // Counted without allocating on the common path: most rows repeat a state and program.
        let state: std::borrow::Cow<str> =
            match (&socket.as_unix(), socket.family(), socket.tcp_state()) {
                (Some(u), _, _) => u.state.key().into(),
                (None, Family::Tcp, Some(t)) if !matches!(t, TcpState::Unknown(_)) => {
                    t.name().into()
                }
                _ => socket
                    .state_name()
                    .unwrap_or_else(|| NO_STATE.into())
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
        match socket.tcp_state() {
            Some(TcpState::TimeWait) => s.time_wait += 1,
            Some(TcpState::CloseWait) => s.close_wait += 1,
            _ => {}
        }
        let open = match socket.family() {
            Family::Tcp => socket.tcp_state() == Some(TcpState::Listen),
            Family::Udp => socket.tcp_state() != Some(TcpState::Established),
            _ => false,
        };
        if open && socket.local().is_some_and(|l| l.is_unspecified()) {
            if let Some(port) = socket.local_port() {
                let key = format!("{}/{port}", socket.proto().name());
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
        *map.entry(OTHERS.to_string()).or_default() += 1;
    }
}
