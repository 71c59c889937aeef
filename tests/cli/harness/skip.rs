//! A test that cannot run on this machine (not root, a tool missing, the corpus absent)
//! returns early and says so, by test name, as `SKIPPED <test>: <why>` on stderr. The line
//! is written to the process's stderr itself, not through `eprintln!`, so the test
//! runner's output capture does not swallow it: a skip shows in every `cargo test` run.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// The running test's name (`who::unprivileged_run_says_not_root_with_a_count`): the test
/// runner names each test's thread after it.
pub fn test_name() -> String {
    std::thread::current()
        .name()
        .unwrap_or("<unnamed test thread>")
        .to_string()
}

/// Says that the running test (or the part of it named in `why`) did not run, and why.
pub fn skip(why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED {}: {why}", test_name());
}

/// `true` (after saying so) when this process is not root.
pub fn skip_unless_root() -> bool {
    let is_root = std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"));
    if !is_root {
        skip("needs root");
    }
    !is_root
}

/// `true` (after saying so) when no executable `tool` is on `PATH`.
pub fn skip_unless_tool(tool: &str) -> bool {
    let found = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            std::fs::metadata(dir.join(tool))
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
    });
    if !found {
        skip(&format!("needs {tool}, which is not on PATH"));
    }
    !found
}

/// `true` (after saying so) when this machine cannot give a test a network and mount
/// namespace of its own (`unshare -mn`: root, util-linux, iproute2, and a kernel and
/// sandbox that allow it).
pub fn skip_unless_netns() -> bool {
    if skip_unless_root() || skip_unless_tool("unshare") || skip_unless_tool("ip") {
        return true;
    }
    let mut cmd = std::process::Command::new("unshare");
    cmd.args(["-mn", "ip", "link", "set", "lo", "up"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let works = super::start(&mut cmd).wait().is_ok_and(|s| s.success());
    if !works {
        skip("unshare -mn failed here (no namespaces in this sandbox?)");
    }
    !works
}

/// `true` (after saying so) when `path` does not exist: `what` names it.
pub fn skip_unless_exists(path: &Path, what: &str) -> bool {
    let missing = !path.exists();
    if missing {
        skip(&format!(
            "needs {what} ({}), which is absent",
            path.display()
        ));
    }
    missing
}

/// The corpus of third-party outputs, `../shared/corpus` beside the checkout (as CI has
/// it); `None` (after saying so) when it is not there.
pub fn skip_unless_corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        skip(&format!(
            "needs the corpus at {}, which is absent",
            dir.display()
        ));
        None
    }
}
