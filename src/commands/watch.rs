//! `socklab watch`: re-read the tables every `--interval` and report what changed —
//! sockets that appeared, disappeared or changed state — with the time, the owner and a
//! one-line narration. Only the previous snapshot is kept (keyed by each socket's
//! identity), so memory follows the number of live sockets, not the run time.

use std::collections::HashMap;
use std::collections::VecDeque;
use std::io::Write;
use std::net::IpAddr;
use std::time::{Duration, Instant, SystemTime};

use anyhow::Result;

use super::Outcome;
use super::sockets::SocketsConfig;
use crate::knowledge::messages::Messages;
use crate::knowledge::{Glossary, Phrase, Topic};
use crate::model::{Proto, Socket};
use crate::render::Style;
use crate::render::watch::{Change, Event, write_event, write_event_json, write_live};
use crate::source::{Source, Want};

/// Events kept on screen in the live view (older ones scroll away).
const LIVE_EVENTS: usize = 40;

#[derive(Clone, Debug)]
pub struct WatchConfig {
    /// The same filters as `sockets` (families, -l, --state, --port).
    pub filter: SocketsConfig,
    pub interval: Duration,
    /// Stop after this many refreshes.
    pub count: Option<u64>,
    /// Stop after this long.
    pub duration: Option<Duration>,
    pub json: bool,
    /// Redraw a live view (stdout is a terminal and not `--json`); decided by `app`.
    pub live: bool,
}

/// `500ms`, `2s`, `1.5s`, `1m`, or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let seconds = match (number.parse::<f64>(), unit) {
        (Ok(n), "ms") => n / 1000.0,
        (Ok(n), "s" | "") => n,
        (Ok(n), "m") => n * 60.0,
        (Ok(n), "h") => n * 3600.0,
        _ => -1.0,
    };
    if seconds > 0.0 && seconds.is_finite() && seconds < 1e9 {
        Ok(Duration::from_secs_f64(seconds))
    } else {
        Err(Glossary::english().fill(
            Topic::Phrase(Phrase::BadDuration),
            &[("text", text.to_string())],
        ))
    }
}

/// What makes a socket the same socket from one read to the next. A connection is its
/// four-tuple (its inode drops to 0 when the program closes it); a listener or an
/// unconnected socket, which may share its address (SO_REUSEPORT), adds its inode.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Inet(
        Proto,
        Option<(IpAddr, Option<u16>)>,
        Option<(IpAddr, Option<u16>)>,
        u64,
    ),
    Unix(u64),
    /// UNIX sockets without an inode (queued on a listener): their path and rank.
    UnixQueued(String, usize),
}

fn keys(sockets: Vec<Socket>) -> Vec<(Key, Socket)> {
    let mut queued: HashMap<String, usize> = HashMap::new();
    sockets
        .into_iter()
        .map(|s| {
            let key = match (&s.unix, s.inode) {
                (Some(_), Some(inode)) if inode != 0 => Key::Unix(inode),
                (Some(u), _) => {
                    let rank = queued.entry(u.path.clone()).or_default();
                    *rank += 1;
                    Key::UnixQueued(u.path.clone(), *rank)
                }
                (None, inode) => {
                    let connected = s.remote_port().is_some();
                    let end = |e: Option<crate::model::Endpoint>| e.map(|e| (e.addr, e.port));
                    let extra = if connected { 0 } else { inode.unwrap_or(0) };
                    Key::Inet(s.proto, end(s.local), end(s.remote), extra)
                }
            };
            (key, s)
        })
        .collect()
}

pub fn run(
    config: &WatchConfig,
    source: &Source,
    glossary: &Glossary,
    messages: &Messages,
    style: Style,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    let read = || -> Result<Vec<(Key, Socket)>> {
        let snapshot = source.snapshot(&Want {
            families: config.filter.families.clone(),
            owners: true,
            keep: &|s| config.filter.keeps(s),
        })?;
        Ok(keys(snapshot.sockets))
    };
    let started = Instant::now();
    let mut previous: HashMap<Key, Socket> = read()?.into_iter().collect();
    let interval_text = humantime(config.interval);
    let watching = glossary.fill(
        Topic::Phrase(Phrase::Watching),
        &[
            ("n", previous.len().to_string()),
            ("interval", interval_text.clone()),
        ],
    );
    let live = config.live;
    let mut recent: VecDeque<Event> = VecDeque::new();
    if live {
        write_live(out, &watching, &recent, glossary, messages, style)?;
    } else {
        writeln!(err, "socklab: {watching}")?;
        err.flush()?;
    }
    let mut refreshes = 0u64;
    loop {
        if config.count.is_some_and(|n| refreshes >= n) {
            break;
        }
        let mut pause = config.interval;
        if let Some(limit) = config.duration {
            let left = limit.saturating_sub(started.elapsed());
            if left.is_zero() {
                break;
            }
            pause = pause.min(left);
        }
        std::thread::sleep(pause);
        refreshes += 1;
        let now = SystemTime::now();
        let current = read()?;
        let mut events = Vec::new();
        let mut next: HashMap<Key, Socket> = HashMap::with_capacity(current.len());
        for (key, socket) in current {
            match previous.remove(&key) {
                None => events.push(Event {
                    time: now,
                    change: Change::Appeared,
                    socket: socket.clone(),
                    was: None,
                }),
                Some(old) if old.state_text() != socket.state_text() => events.push(Event {
                    time: now,
                    change: Change::StateChanged {
                        from: old.state_name(),
                    },
                    socket: socket.clone(),
                    was: Some(old),
                }),
                Some(_) => {}
            }
            next.insert(key, socket);
        }
        for (_, old) in previous.drain() {
            events.push(Event {
                time: now,
                change: Change::Disappeared,
                socket: old,
                was: None,
            });
        }
        previous = next;
        if live {
            for event in events {
                if recent.len() == LIVE_EVENTS {
                    recent.pop_front();
                }
                recent.push_back(event);
            }
            let header = glossary.fill(
                Topic::Phrase(Phrase::Watching),
                &[
                    ("n", previous.len().to_string()),
                    ("interval", interval_text.clone()),
                ],
            );
            write_live(out, &header, &recent, glossary, messages, style)?;
        } else {
            for event in &events {
                if config.json {
                    write_event_json(out, event, glossary)?;
                } else {
                    write_event(out, event, glossary, messages, style)?;
                }
            }
        }
        out.flush()?;
    }
    Ok(Outcome::Found)
}

fn humantime(d: Duration) -> String {
    let ms = d.as_millis();
    if ms % 1000 == 0 {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("1m"), Ok(Duration::from_secs(60)));
        for bad in ["", "0s", "ten", "5x", "-1s"] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
    }
}
