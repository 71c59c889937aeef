//! Signals during an interactive run. SIGTERM, SIGHUP and SIGINT (from `kill`, or Ctrl-C
//! while no prompt has the terminal raw) would end the process with the terminal still
//! raw and a progress save possibly half done. Instead a watcher thread waits for the save
//! in flight (it takes the progress lock; every change is saved as it happens, so that is
//! all there is to save), puts back the terminal modes the run started with, removes the
//! demos' files, and exits 128+signal, the status the default action would give.

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

use anyhow::Result;
use rustix::termios::{OptionalActions, Termios, tcgetattr, tcsetattr};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::lesson::demo;
use crate::lesson::progress::Store;

/// The signals that end a run.
pub const ENDING: [i32; 3] = [SIGTERM, SIGHUP, SIGINT];

static WATCHING: OnceLock<()> = OnceLock::new();

/// Starts the watcher (once per process) for a run saving to `store`. The terminal modes
/// are those of now: call it before any prompt.
pub fn watch(store: &Store) -> Result<()> {
    if WATCHING.get().is_some() {
        return Ok(());
    }
    let modes = tcgetattr(std::io::stdin()).ok();
    let mut signals = Signals::new(ENDING)?;
    let store = store.clone();
    std::thread::Builder::new()
        .name("socklab-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                end(signal, &store, modes.as_ref());
            }
        })?;
    let _ = WATCHING.set(());
    Ok(())
}

fn end(signal: i32, store: &Store, modes: Option<&Termios>) -> ! {
    // Held until the process is gone: no save starts after this one.
    let _lock = store.lock();
    if let Some(modes) = modes {
        let _ = tcsetattr(std::io::stdin(), OptionalActions::Now, modes);
    }
    let mut err = std::io::stderr();
    if err.is_terminal() {
        // The cursor back (a prompt may have hidden it), on a line of its own.
        let _ = err.write_all(b"\x1b[?25h\r\n");
    }
    demo::remove_leftovers();
    std::process::exit(128 + signal)
}
