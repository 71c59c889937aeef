//! socklab in a real pseudo-terminal (expectrl), for the interactive runner: inquire reads
//! keys from the terminal, not stdin. The clean environment of every run, with
//! `TERM=xterm`, the pty's own size instead of `COLUMNS`, and a shell around socklab that
//! records the terminal modes (`stty -g`) before and after it.

use std::sync::PoisonError;
use std::time::{Duration, Instant};

use expectrl::session::OsSession as Session;
use expectrl::{Eof, Expect};

use super::{SOCKLAB, SPAWNING, TempDir, clean_env};

/// The shell around socklab: wait for the go-ahead line, note the terminal modes, run
/// socklab, print its exit status, compare the modes, print them all (`stty -a`) for the
/// checks that follow.
const WRAPPER: &str = r#"read -r go; B=$(stty -g); bin=$1; shift
"$bin" --color never "$@"; echo "EXIT=$?"; A=$(stty -g)
if [ "$A" = "$B" ]; then echo TTY=SAME; else echo "TTY=CHANGED $B -> $A"; fi; stty -a"#;

/// `socklab --color never ARGS` in a `cols`×`rows` pseudo-terminal, `LANG=locale`, with
/// `HOME` and the XDG directories inside `home` (so progress can be read afterwards).
pub fn spawn(home: &TempDir, (cols, rows): (u16, u16), locale: &str, args: &[&str]) -> Session {
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c").arg(WRAPPER).arg("sh").arg(SOCKLAB).args(args);
    clean_env(&mut cmd, "xterm", Some(home.path()));
    cmd.env("LANG", locale);
    let mut session = {
        // Alone, not shared as in `start`: expectrl's pty and the pipe it waits on for the
        // exec are not close-on-exec, so a child started meanwhile would keep that pipe
        // open, and this spawn waiting, for as long as that child lives. (Children started
        // later still inherit the pty itself: harmless, they only hold it open.)
        let _alone = SPAWNING.write().unwrap_or_else(PoisonError::into_inner);
        Session::spawn(cmd).expect("spawn in a pty")
    };
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    // expectrl sets its default 80x24 from this side after the shell has started: a size
    // the shell set itself could be overwritten while socklab reads it. So the size is
    // set here, after that, and only then is the shell told to go on.
    session
        .get_process_mut()
        .set_window_size(cols, rows)
        .expect("set the pty size");
    session.send_line("go").expect("start the shell");
    session
}

/// After socklab exits with 0, the terminal modes (`stty -g`) must be those it started
/// with, and cooked: canonical input, signals, output processing. Returns what socklab
/// printed last (since the last `expect`), without escape sequences.
pub fn assert_terminal_restored(session: &mut Session) -> String {
    assert_exit_and_terminal_restored(session, 0)
}

/// [`assert_terminal_restored`] for an exit status other than 0: 130 after Ctrl-C,
/// 128+N after signal N.
pub fn assert_exit_and_terminal_restored(session: &mut Session, code: i32) -> String {
    let last = session
        .expect(format!("EXIT={code}").as_str())
        .unwrap_or_else(|e| panic!("socklab should exit {code}: {e}"));
    let last = strip_escapes(last.before());
    let rest = session.expect(Eof).expect("stty output");
    let modes = String::from_utf8_lossy(rest.get(0).unwrap_or_default()).into_owned();
    assert!(
        modes.contains("TTY=SAME"),
        "terminal modes changed: {modes}"
    );
    let words: Vec<&str> = modes.split_whitespace().collect();
    for mode in ["icanon", "isig", "icrnl", "opost"] {
        assert!(
            words.contains(&mode),
            "terminal left without {mode}: {modes}"
        );
    }
    last
}

/// The pid of the socklab the session's shell runs, once it has started (for a test
/// that signals it the way `kill` would).
pub fn socklab_pid(session: &Session) -> i32 {
    let shell = session.get_process().pid().as_raw();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            // `pid (comm) state ppid …`; comm may hold spaces and parentheses.
            let Some((head, rest)) = stat.rsplit_once(") ") else {
                continue;
            };
            let ppid = rest.split_whitespace().nth(1).and_then(|p| p.parse().ok());
            if head.ends_with("(socklab") && ppid == Some(shell) {
                return entry.file_name().to_string_lossy().parse().unwrap();
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("no socklab under the pty's shell {shell}");
}

/// Terminal text without escape sequences (cursor moves, erase) and carriage returns; a
/// move to another row or an erase ends a line.
pub fn strip_escapes(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => {
                if chars.peek() == Some(&'[') {
                    chars.next();
                    let end = chars.by_ref().find(|d| ('@'..='~').contains(d));
                    // A move to another row or an erased line ends what was on the line:
                    // a redraw (inquire clearing its help line) must not join two lines.
                    let redraw = end.is_some_and(|d| "ABEFHJK".contains(d));
                    if redraw && !out.is_empty() && !out.ends_with('\n') {
                        out.push('\n');
                    }
                } else {
                    chars.next();
                }
            }
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}
