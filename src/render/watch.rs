//! `socklab watch` output: one line per event (`+` appeared, `-` disappeared, `~` changed
//! state) with the UTC time, the socket, its owner and a narration; JSON Lines events; or,
//! on a terminal, a screen redrawn at each refresh with the latest events.

use std::collections::VecDeque;
use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

use super::Style;
use super::json::SocketRecord;
use super::notes::alone_notes;
use super::sanitize::write_json_line;
use super::table::{endpoint_text, owners_text};
use super::who::socket_summary;
use crate::knowledge::events::{Change, Event};
use crate::knowledge::messages::{Message, Messages};
use crate::knowledge::{Glossary, OwnerView, View};

/// The mark and JSON name of an event, and who owned it.
trait Shown {
    fn mark(&self) -> char;
    fn kind(&self) -> &'static str;
    fn owner_text(&self, messages: &Messages) -> String;
}

impl Shown for Event {
    fn mark(&self) -> char {
        match self.change {
            Change::Appeared => '+',
            Change::Disappeared => '-',
            Change::StateChanged { .. } => '~',
        }
    }

    fn kind(&self) -> &'static str {
        match self.change {
            Change::Appeared => "appeared",
            Change::Disappeared => "disappeared",
            Change::StateChanged { .. } => "state_changed",
        }
    }

    /// Current owners, else who held it before (a TIME_WAIT socket has none).
    fn owner_text(&self, messages: &Messages) -> String {
        match (&self.was, self.socket.owners.is_empty()) {
            (Some(was), true) if !was.owners.is_empty() => {
                messages.say(Message::WatchWasOwner, &[("owners", &owners_text(was))])
            }
            _ => owners_text(&self.socket),
        }
    }
}

/// `HH:MM:SS.mmm` in UTC.
pub fn clock(time: SystemTime) -> String {
    let ms = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    let day_ms = ms % 86_400_000;
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        day_ms / 3_600_000,
        day_ms / 60_000 % 60,
        day_ms / 1000 % 60,
        day_ms % 1000
    )
}

fn describe(event: &Event, messages: &Messages) -> String {
    let s = &event.socket;
    match (&event.change, &s.as_unix()) {
        (Change::StateChanged { from }, None) => format!(
            "{} {} {} {} → {}",
            s.proto().name(),
            endpoint_text(s.local().as_ref()),
            endpoint_text(s.remote().as_ref()),
            from.as_deref().unwrap_or("-"),
            s.state_name().as_deref().unwrap_or("-"),
        ),
        (Change::StateChanged { from }, Some(_)) => {
            let socket = socket_summary(s, messages);
            let from = from.as_deref().unwrap_or("UNCONNECTED");
            let fill: [(&str, &dyn std::fmt::Display); 2] = [("socket", &socket), ("from", &from)];
            messages.say(Message::WatchWasState, &fill)
        }
        _ => socket_summary(s, messages),
    }
}

pub fn write_event(
    w: &mut impl Write,
    event: &Event,
    messages: &Messages,
    style: Style,
) -> io::Result<()> {
    let narration = messages.template(event.narration());
    writeln!(
        w,
        "{} {} {}  {}  {}",
        clock(event.time),
        event.mark(),
        describe(event, messages),
        event.owner_text(messages),
        style.note(&format!("— {narration}"))
    )
}

#[derive(Serialize)]
struct EventRecord<'a> {
    time: String,
    event: &'static str,
    from: Option<&'a str>,
    to: Option<String>,
    narration: &'a str,
    #[serde(flatten)]
    socket: SocketRecord<'a>,
}

pub fn write_event_json(
    w: &mut impl Write,
    event: &Event,
    glossary: &Glossary,
    messages: &Messages,
) -> io::Result<()> {
    let from = match &event.change {
        Change::StateChanged { from } => from.as_deref(),
        _ => None,
    };
    // The owners were read at each refresh; what stayed hidden was reported once.
    let view = View {
        owners: OwnerView::Scanned {
            hidden: 0,
            as_root: false,
        },
        ..View::default()
    };
    let notes = alone_notes(&event.socket, &view, glossary);
    let record = EventRecord {
        time: clock(event.time),
        event: event.kind(),
        from,
        to: match event.change {
            Change::Disappeared => None,
            _ => event.socket.state_name(),
        },
        narration: messages.template(event.narration()),
        socket: SocketRecord::new(&event.socket, &notes),
    };
    write_json_line(w, &record)
}

/// The terminal view: clear, the header, the latest events.
pub fn write_live(
    w: &mut impl Write,
    header: &str,
    events: &VecDeque<Event>,
    messages: &Messages,
    style: Style,
) -> io::Result<()> {
    write!(w, "\x1b[H\x1b[2J")?;
    writeln!(w, "{}", style.heading(&format!("socklab watch — {header}")))?;
    writeln!(w)?;
    for event in events {
        write_event(w, event, messages, style)?;
    }
    Ok(())
}
