//! A lab waiting in the interactive runner: the live tables polled every [`lab::POLL`]
//! with a spinner and the status line, keys read in raw mode meanwhile (h: hint, s: skip,
//! q or Esc: quit, Ctrl-C: interrupt). Raw mode ends however the wait ends.

use std::time::{Duration, Instant};

use anyhow::Result;
use termimad::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use termimad::crossterm::terminal;

use super::screen::{line_width, status_line};
use super::{End, Session};
use crate::knowledge::messages::Message;
use crate::lesson::{Lab, lab};
use crate::render::sanitize::escape;

/// How a lab wait ended.
pub enum LabEnd {
    Passed,
    Skipped,
    TimedOut,
    Left(End),
}

/// A key that means something during the wait.
enum LabKey {
    Hint,
    Done(LabEnd),
}

/// Restores cooked mode however the lab wait ends.
struct RawMode;

impl RawMode {
    fn on() -> Result<RawMode> {
        terminal::enable_raw_mode()?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// The first key that means something before `deadline`, if any.
fn next_key(deadline: Instant) -> Result<Option<LabKey>> {
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        if !event::poll(left)? {
            break;
        }
        let Event::Key(key) = event::read()? else {
            continue;
        };
        if key.kind != KeyEventKind::Press {
            continue;
        }
        let meant = match key.code {
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                LabKey::Done(LabEnd::Left(End::Interrupted))
            }
            KeyCode::Char('q') | KeyCode::Esc => LabKey::Done(LabEnd::Left(End::Quit)),
            KeyCode::Char('s') => LabKey::Done(LabEnd::Skipped),
            KeyCode::Char('h') => LabKey::Hint,
            _ => continue,
        };
        return Ok(Some(meant));
    }
    Ok(None)
}

/// Polls the lab's condition until it holds, times out, or the learner stops waiting.
pub fn wait(s: &mut Session, spec: &Lab) -> Result<LabEnd> {
    let source = s.ctx.tables.source();
    s.line(&s.ctx.say(Message::LabWatching, &[]), false)?;
    s.ready()?;
    let spinner = ['|', '/', '-', '\\'];
    let started = Instant::now();
    let timeout = Duration::from_secs(spec.timeout);
    let raw = RawMode::on()?;
    let mut tick = 0usize;
    let end = 'wait: loop {
        let status = lab::check(spec, &source, s.ctx.messages)?;
        let line = status_line(spinner[tick % 4], &status.line, line_width(s.style));
        write!(s.out, "\r\x1b[2K{line}")?;
        s.out.flush()?;
        tick += 1;
        if status.met {
            break LabEnd::Passed;
        }
        if started.elapsed() > timeout {
            break LabEnd::TimedOut;
        }
        let deadline = Instant::now() + lab::POLL;
        while let Some(key) = next_key(deadline)? {
            match key {
                LabKey::Done(end) => break 'wait end,
                LabKey::Hint => {
                    let hint = s
                        .ctx
                        .say(Message::LabHint, &[("hint", &escape(&spec.hint))]);
                    write!(s.out, "\r\x1b[2K{hint}\r\n")?;
                    s.out.flush()?;
                }
            }
        }
    };
    drop(raw);
    writeln!(s.out)?;
    Ok(end)
}
