//! socklab's entry point: parse arguments, run, map the result to an exit status
//! (0 found, 1 nothing matched, 2 error or bad usage). Broken pipe is success.

use std::io::ErrorKind;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind as ClapKind;
use socklab::cli::Cli;
use socklab::commands::Outcome;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ClapKind::DisplayHelp | ClapKind::DisplayVersion) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            // clap's message is several lines; the contract is one line that says what to do.
            let text = e.to_string();
            let first = text
                .lines()
                .next()
                .unwrap_or("bad usage")
                .trim_start_matches("error: ");
            eprintln!("socklab: {first} (see socklab --help)");
            return ExitCode::from(2);
        }
    };
    // One write per 64 KiB, not per line (stdout is line-buffered); commands that print
    // live (watch, learn) flush when they mean to.
    let mut stdout = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let stderr = std::io::stderr();
    let result = socklab::app::run(cli, &mut stdout, &mut stderr.lock());
    let result = result.and_then(|outcome| {
        std::io::Write::flush(&mut stdout)?;
        Ok(outcome)
    });
    match result {
        Ok(Outcome::Found) => ExitCode::SUCCESS,
        Ok(Outcome::NothingMatched) => ExitCode::from(1),
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
