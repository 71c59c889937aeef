//! `socklab watch`: re-read the tables every `--interval` and report what changed —
//! sockets that appeared, disappeared or changed state — with the time, the owner and a
//! one-line narration. Only the previous snapshot is kept (keyed by each socket's
//! identity), so memory follows the number of live sockets, not the run time.

use std::collections::VecDeque;
use std::io::Write;
use std::time::{Duration, Instant, SystemTime};

use anyhow::Result;

use super::Env;
use super::sockets::SocketsConfig;
use crate::Outcome;
use crate::knowledge::events::{Event, Tracker};
use crate::knowledge::messages::Message;
use crate::model::Socket;
use crate::render::diagnostics::write_diagnostics;
use crate::render::watch::{write_event, write_event_json, write_live};
use crate::source::Want;

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

pub fn run<W2: Write>(
    config: &WatchConfig,
    env: &Env,
    out: &mut impl Write,
    err: &mut W2,
) -> Result<Outcome> {
    let mut warned = false;
    let mut read = |err: &mut W2| -> Result<Vec<Socket>> {
        let snapshot = env.source.snapshot(&Want {
            families: config.filter.families.clone(),
            owners: true,
            keep: &|s| config.filter.keeps(s),
        })?;
        // Once: the same sockets stay hidden at every refresh.
        if !warned {
            write_diagnostics(err, &snapshot.diagnostics, &env.messages, env.style)?;
            warned = true;
        }
        Ok(snapshot.sockets)
    };
    let started = Instant::now();
    let mut tracker = Tracker::new(read(err)?);
    let mut screen = Screen::new(config, env);
    screen.start(&tracker, out, err)?;
    let mut refreshes = 0u64;
    while let Some(pause) = next_pause(config, refreshes, started.elapsed()) {
        std::thread::sleep(pause);
        refreshes += 1;
        let events = tracker.update(read(err)?, SystemTime::now());
        screen.show(events, &tracker, out)?;
        out.flush()?;
    }
    Ok(Outcome::Found)
}

/// How long to wait before the next read, or `None` when `--count` or `--duration` is
/// used up.
fn next_pause(config: &WatchConfig, refreshes: u64, elapsed: Duration) -> Option<Duration> {
    if config.count.is_some_and(|n| refreshes >= n) {
        return None;
    }
    match config.duration {
        Some(limit) => {
            let left = limit.saturating_sub(elapsed);
            (!left.is_zero()).then(|| config.interval.min(left))
        }
        None => Some(config.interval),
    }
}

/// Where events go: a redrawn terminal view, JSON Lines, or one line each.
struct Screen<'a> {
    config: &'a WatchConfig,
    env: &'a Env,
    recent: VecDeque<Event>,
}

impl<'a> Screen<'a> {
    fn new(config: &'a WatchConfig, env: &'a Env) -> Screen<'a> {
        Screen {
            config,
            env,
            recent: VecDeque::new(),
        }
    }

    fn header(&self, tracker: &Tracker) -> String {
        let interval = humantime::format_duration(self.config.interval).to_string();
        let n = tracker.len();
        self.env
            .messages
            .say(Message::Watching, args!(n = n, interval = interval))
    }

    /// The first screen, or (not live) the header on stderr.
    fn start(&self, tracker: &Tracker, out: &mut impl Write, err: &mut impl Write) -> Result<()> {
        let header = self.header(tracker);
        if self.config.live {
            write_live(
                out,
                &header,
                &self.recent,
                &self.env.messages,
                self.env.style,
            )?;
        } else {
            writeln!(err, "socklab: {header}")?;
            err.flush()?;
        }
        Ok(())
    }

    fn show(&mut self, events: Vec<Event>, tracker: &Tracker, out: &mut impl Write) -> Result<()> {
        let (glossary, messages, style) = (&self.env.glossary, &self.env.messages, self.env.style);
        if self.config.live {
            for event in events {
                if self.recent.len() == LIVE_EVENTS {
                    self.recent.pop_front();
                }
                self.recent.push_back(event);
            }
            let header = self.header(tracker);
            write_live(out, &header, &self.recent, messages, style)?;
            return Ok(());
        }
        for event in &events {
            if self.config.json {
                write_event_json(out, event, glossary, messages)?;
            } else {
                write_event(out, event, messages, style)?;
            }
        }
        Ok(())
    }
}
