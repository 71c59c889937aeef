//! socklab's entry point: run, then map the result to an exit status (0 found, 1 nothing
//! matched, 2 error or bad usage, with one line on stderr). Broken pipe is success.

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use socklab::Outcome;

fn main() -> ExitCode {
    // One write per 64 KiB, not per line (stdout is line-buffered); commands that print
    // live (watch, learn) flush when they mean to.
    let mut stdout = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let result = socklab::app::run(std::env::args_os(), &mut stdout, &mut std::io::stderr())
        .and_then(|outcome| Ok(stdout.flush().map(|()| outcome)?));
    match result {
        Ok(Outcome::Found) => ExitCode::SUCCESS,
        Ok(Outcome::NothingMatched) => ExitCode::from(1),
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("socklab: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == ErrorKind::BrokenPipe)
}
