//! Helpers shared by the CLI tests: run the built binary in a hermetic environment and
//! read its JSON Lines; find a socket's inode from this process's own fd table.

#![allow(dead_code)]

use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

/// `socklab ARGS` with colors off and no terminal-size hints.
pub fn socklab(args: &[&str]) -> Output {
    command(args).output().expect("run socklab")
}

pub fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_socklab"));
    cmd.args(["--color", "never"])
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    cmd
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn json_lines(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// The inode of the socket behind `fd`, from `/proc/self/fd` (what the kernel says).
pub fn inode_of(fd: &impl AsRawFd) -> u64 {
    let link = std::fs::read_link(format!("/proc/self/fd/{}", fd.as_raw_fd())).unwrap();
    let text = link.to_string_lossy();
    text.strip_prefix("socket:[")
        .and_then(|t| t.strip_suffix(']'))
        .unwrap()
        .parse()
        .unwrap()
}

/// A fresh directory under the system temp dir, removed by the caller when done.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("socklab-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Repo root, for fixture paths.
pub fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

pub fn skip(why: &str) {
    eprintln!("SKIPPED: {why}");
}

/// Waits (up to 5 s) until `sockets` shows a TCP socket with local `port` in `state`.
pub fn wait_for_state(port: u16, state: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while std::time::Instant::now() < deadline {
        let rows = json_lines(&socklab(&[
            "sockets",
            "-tan",
            "--json",
            "--port",
            &port.to_string(),
        ]));
        if rows
            .iter()
            .any(|r| r["local_port"] == port && r["state"] == state)
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("port {port} never reached {state}");
}

/// `socklab explain` run in-process on `input` (English, no colors): its outcome and output.
pub fn explain_in_process(
    input: &[u8],
    format: Option<socklab::explain::Format>,
    json: bool,
) -> (socklab::Outcome, String) {
    let config = socklab::commands::explain::ExplainConfig {
        input: None,
        format,
        json,
        side: false,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let env = socklab::commands::Env::new(
        socklab::source::Source::live(),
        socklab::knowledge::Lang::En,
        socklab::render::Style::plain(),
    );
    let outcome = socklab::commands::explain::explain(input, &config, &env, &mut out, &mut err)
        .expect("explain never fails on input");
    (outcome, String::from_utf8(out).expect("output is UTF-8"))
}
