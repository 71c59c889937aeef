//! The one way these tests run socklab: the built binary in a clean, explicit environment,
//! and its output read back. Every run starts from `env_clear()` and gets only what is
//! written here: `PATH` and `TMPDIR` (the machine's plumbing), `TERM=dumb`,
//! `LANG=C.UTF-8`, `COLUMNS=80`, `--color never`, and `HOME` plus the four XDG
//! directories inside a temporary directory of the run's own (or the test's, when state
//! must survive from one run to the next). So `NO_COLOR`, `COLORTERM`, `LC_*` and the
//! developer's real home never reach socklab; a test that wants any of them asks by name.
//!
//! Every child process the tests start is started here ([`start`]), because the tests
//! share one process: until it execs, a new child is a copy of that process holding every
//! test's sockets (close-on-exec closes them only at the exec). A run that checks exactly
//! which processes hold this process's sockets therefore asks for [`Socklab::exclusive`],
//! and no other child starts while it runs.
//!
//! Also here: temporary directories removed on drop, unique socket names (a pid is no
//! longer unique to a test), a socket's inode, waiting for a TCP state, and running one
//! test alone in a process of its own. [`pty`] runs socklab in a pseudo-terminal,
//! [`skip`] lets a test that cannot run here say so by name, and [`in_process`] holds
//! every direct call into the socklab library.

pub mod in_process;
pub mod pty;
pub mod skip;

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{PoisonError, RwLock};
use std::time::{Duration, Instant};

use serde_json::Value;

pub use skip::{
    skip, skip_unless_corpus, skip_unless_exists, skip_unless_netns, skip_unless_root,
    skip_unless_tool,
};

/// The binary under test.
const SOCKLAB: &str = env!("CARGO_BIN_EXE_socklab");

/// The width every run gets unless it asks for another, or for none.
const DEFAULT_COLUMNS: u16 = 80;

/// Held shared by every spawn for the moment between fork and exec, and alone by an
/// [`Socklab::exclusive`] run for as long as it runs.
static SPAWNING: RwLock<()> = RwLock::new(());

/// Starts `cmd` as every child of these tests is started: never while an exclusive run
/// is reading who holds this process's sockets.
pub fn start(cmd: &mut Command) -> Child {
    let _shared = SPAWNING.read().unwrap_or_else(PoisonError::into_inner);
    cmd.spawn()
        .unwrap_or_else(|e| panic!("start {:?}: {e}", cmd.get_program()))
}

/// `socklab ARGS` in the clean environment: the common case.
pub fn socklab<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> Output {
    Socklab::new().args(args).run()
}

/// One run of socklab, described before it starts.
#[must_use]
pub struct Socklab {
    args: Vec<OsString>,
    color: &'static str,
    columns: Option<u16>,
    env: Vec<(OsString, OsString)>,
    home: Home,
    stdin: Option<Vec<u8>>,
    wrapper: Wrapper,
    exclusive: bool,
}

/// Where `HOME` and the XDG directories point.
enum Home {
    /// A temporary directory made for this run and removed after it.
    Fresh,
    /// Inside a directory the test owns, so progress survives between runs.
    In(PathBuf),
    /// Not set at all.
    Absent,
}

/// What runs socklab.
enum Wrapper {
    Direct,
    /// `setpriv` as uid/gid 65534 with no groups.
    Nobody,
    /// `script(1)`, which gives socklab a pseudo-terminal as stdout.
    Script,
    /// `unshare -mn`: a network and mount namespace of its own, its loopback up, where a
    /// prelude (`sh`) runs before socklab.
    Netns(String),
}

impl Socklab {
    pub fn new() -> Socklab {
        Socklab {
            args: Vec::new(),
            color: "never",
            columns: Some(DEFAULT_COLUMNS),
            env: Vec::new(),
            home: Home::Fresh,
            stdin: None,
            wrapper: Wrapper::Direct,
            exclusive: false,
        }
    }

    pub fn args<S: AsRef<OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> Socklab {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_os_string()));
        self
    }

    /// `--color WHEN` instead of `--color never`.
    pub fn color(mut self, when: &'static str) -> Socklab {
        self.color = when;
        self
    }

    /// `COLUMNS=N` instead of 80.
    pub fn columns(mut self, columns: u16) -> Socklab {
        self.columns = Some(columns);
        self
    }

    /// No `COLUMNS` at all: output to a pipe is then left unwrapped, as when a user pipes
    /// socklab somewhere from a shell that does not export `COLUMNS`.
    pub fn no_columns(mut self) -> Socklab {
        self.columns = None;
        self
    }

    /// `LANG=LOCALE` instead of `C.UTF-8`.
    pub fn locale(self, locale: &str) -> Socklab {
        self.env("LANG", locale)
    }

    /// One more variable (`LC_ALL`, `NO_COLOR`…), set after the clean environment.
    pub fn env(mut self, key: &str, value: &str) -> Socklab {
        self.env.push((key.into(), value.into()));
        self
    }

    /// `HOME` and the XDG directories inside `dir` (`dir/home`, `dir/state`, …), so what
    /// one run saves the next one finds.
    pub fn home(mut self, dir: &TempDir) -> Socklab {
        self.home = Home::In(dir.path().to_path_buf());
        self
    }

    /// Neither `HOME` nor any XDG directory.
    pub fn no_home(mut self) -> Socklab {
        self.home = Home::Absent;
        self
    }

    /// Bytes for socklab's standard input (otherwise it reads an empty one).
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Socklab {
        self.stdin = Some(bytes.into());
        self
    }

    /// Run as uid/gid 65534 (nobody) with no groups, through `setpriv`.
    pub fn unprivileged(mut self) -> Socklab {
        self.wrapper = Wrapper::Nobody;
        self
    }

    /// Run under `script(1)`, whose pseudo-terminal is socklab's stdout.
    pub fn in_script(mut self) -> Socklab {
        self.wrapper = Wrapper::Script;
        self
    }

    /// Run in a network and mount namespace of its own (`unshare -mn`, so as root): only
    /// its loopback interface, up; only the sockets made there in the tables; mounts made
    /// there (a hosts file bound over /etc/hosts) seen by nothing outside. `prelude` runs
    /// first in `sh`, in the namespace; socklab then replaces the shell. Anything the
    /// prelude leaves running must close socklab's stdout and stderr (`>/dev/null 2>&1`)
    /// and end by itself, or the run waits for it.
    pub fn in_netns(mut self, prelude: &str) -> Socklab {
        self.wrapper = Wrapper::Netns(prelude.to_string());
        self
    }

    /// No other child process starts while this one runs: for a run whose output must
    /// name exactly the processes that hold this process's sockets (with a child between
    /// fork and exec, that is one process more, and maybe a lower pid).
    pub fn exclusive(mut self) -> Socklab {
        self.exclusive = true;
        self
    }

    /// Runs socklab to the end and returns what it printed.
    pub fn run(self) -> Output {
        let exclusive = self.exclusive;
        let (mut cmd, home, stdin) = self.prepare();
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        cmd.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        let alone = exclusive.then(|| SPAWNING.write().unwrap_or_else(PoisonError::into_inner));
        let mut child = match alone {
            Some(_) => cmd.spawn().expect("run socklab"),
            None => start(&mut cmd),
        };
        // A thread, so a large input cannot fill the pipe while socklab's output fills
        // the other one.
        let writer = stdin.map(|bytes| {
            let mut pipe = child.stdin.take().unwrap();
            std::thread::spawn(move || pipe.write_all(&bytes))
        });
        let out = child.wait_with_output().expect("run socklab");
        drop(alone);
        if let Some(writer) = writer {
            writer
                .join()
                .unwrap()
                .expect("write socklab's standard input");
        }
        drop(home);
        Output(out)
    }

    /// Starts socklab with stdout and stderr piped, for a test that reads them as it runs.
    pub fn spawn(self) -> Running {
        self.spawn_with(Stdio::null())
    }

    /// As [`Socklab::spawn`], with standard input a pipe the test writes to as it goes
    /// ([`Running::take_stdin`]).
    pub fn spawn_fed(self) -> Running {
        self.spawn_with(Stdio::piped())
    }

    fn spawn_with(self, input: Stdio) -> Running {
        let (mut cmd, home, stdin) = self.prepare();
        assert!(stdin.is_none(), "spawn() takes no stdin bytes");
        let child = start(
            cmd.stdin(input)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped()),
        );
        Running {
            child: Some(child),
            _home: home,
        }
    }

    fn prepare(self) -> (Command, Option<TempDir>, Option<Vec<u8>>) {
        let mut argv: Vec<OsString> = vec!["--color".into(), self.color.into()];
        argv.extend(self.args);
        let mut cmd = match self.wrapper {
            Wrapper::Direct => Command::new(SOCKLAB),
            Wrapper::Nobody => {
                let mut cmd = Command::new("setpriv");
                cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", SOCKLAB]);
                cmd
            }
            Wrapper::Script => {
                let mut line = shell_quote(OsStr::new(SOCKLAB));
                for arg in &argv {
                    line.push(' ');
                    line.push_str(&shell_quote(arg));
                }
                argv = ["-q", "-e", "-c", &line, "/dev/null"]
                    .map(OsString::from)
                    .to_vec();
                Command::new("script")
            }
            Wrapper::Netns(prelude) => {
                let script = format!("ip link set lo up && {prelude}\nexec \"$0\" \"$@\"");
                let mut cmd = Command::new("unshare");
                cmd.args(["-mn", "sh", "-ec", &script, SOCKLAB]);
                cmd
            }
        };
        cmd.args(argv);
        let fresh = matches!(self.home, Home::Fresh).then(|| TempDir::new("home"));
        let home = match &self.home {
            Home::Fresh => fresh.as_ref().map(|t| t.path().to_path_buf()),
            Home::In(dir) => Some(dir.clone()),
            Home::Absent => None,
        };
        clean_env(&mut cmd, "dumb", home.as_deref());
        if let Some(columns) = self.columns {
            cmd.env("COLUMNS", columns.to_string());
        }
        for (k, v) in self.env {
            cmd.env(k, v);
        }
        (cmd, fresh, self.stdin)
    }
}

/// The environment every socklab run starts from: nothing inherited but `PATH`; `TMPDIR`
/// the tests' own; `TERM`, `LANG` set; `HOME` and `XDG_{STATE,CONFIG,DATA,CACHE}_HOME`
/// under `home` (created), or none of them.
fn clean_env(cmd: &mut Command, term: &str, home: Option<&Path>) {
    cmd.env_clear()
        .env("TMPDIR", std::env::temp_dir())
        .env("TERM", term)
        .env("LANG", "C.UTF-8");
    if let Some(path) = std::env::var_os("PATH") {
        cmd.env("PATH", path);
    }
    if let Some(root) = home {
        for (var, sub) in [
            ("HOME", "home"),
            ("XDG_STATE_HOME", "state"),
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_CACHE_HOME", "cache"),
        ] {
            let dir = root.join(sub);
            std::fs::create_dir_all(&dir).unwrap();
            cmd.env(var, dir);
        }
    }
}

/// `'text'` for `sh`, with any `'` inside closed, escaped and reopened.
fn shell_quote(text: &OsStr) -> String {
    format!("'{}'", text.to_str().unwrap().replace('\'', r"'\''"))
}

/// What a finished run printed and how it exited.
pub struct Output(std::process::Output);

impl Output {
    pub fn code(&self) -> Option<i32> {
        self.0.status.code()
    }

    pub fn success(&self) -> bool {
        self.0.status.success()
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }

    pub fn stdout_bytes(&self) -> &[u8] {
        &self.0.stdout
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }

    /// Stdout as JSON Lines: one value per line, or a panic naming the line that is not.
    pub fn json_lines(&self) -> Vec<Value> {
        self.stdout()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }
}

/// A socklab still running; killed (and reaped) when dropped, so a failing test leaves
/// no process behind.
pub struct Running {
    child: Option<Child>,
    _home: Option<TempDir>,
}

impl Running {
    fn child(&mut self) -> &mut Child {
        self.child.as_mut().unwrap()
    }

    pub fn take_stdin(&mut self) -> ChildStdin {
        self.child().stdin.take().unwrap()
    }

    pub fn pid(&mut self) -> u32 {
        self.child().id()
    }

    pub fn take_stdout(&mut self) -> ChildStdout {
        self.child().stdout.take().unwrap()
    }

    pub fn take_stderr(&mut self) -> ChildStderr {
        self.child().stderr.take().unwrap()
    }

    pub fn wait(&mut self) -> ExitStatus {
        self.child().wait().expect("wait for socklab")
    }

    /// Waits for the end, at most `limit`: a run still going then is killed and the test
    /// fails, saying it hung. Output is read as it comes, so a full pipe cannot pass for a
    /// hang.
    pub fn finish_within(mut self, limit: Duration) -> Output {
        let mut child = self.child.take().unwrap();
        let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                if let Some(mut pipe) = pipe {
                    let _ = pipe.read_to_end(&mut bytes);
                }
                bytes
            })
        };
        let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
        let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
        let deadline = Instant::now() + limit;
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for socklab") {
                break status;
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("socklab hung: still running after {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        Output(std::process::Output {
            status,
            stdout: stdout.join().unwrap(),
            stderr: stderr.join().unwrap(),
        })
    }

    /// Waits for the end and returns what is left of its output.
    pub fn finish(mut self) -> Output {
        let child = self.child.take().unwrap();
        Output(child.wait_with_output().expect("wait for socklab"))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

static SERIAL: AtomicUsize = AtomicUsize::new(0);

/// `socklab-PREFIX-PID-N`: unique among every test of this process and any other.
pub fn unique_name(prefix: &str) -> String {
    let n = SERIAL.fetch_add(1, Ordering::Relaxed);
    format!("socklab-{prefix}-{}-{n}", std::process::id())
}

/// A fresh directory under the system temp dir, removed with everything in it on drop.
/// Keep `name` short: UNIX socket paths inside it must fit in 108 bytes.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(unique_name(&format!("test-{name}")));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, path: impl AsRef<Path>) -> PathBuf {
        self.0.join(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A path in the repository (fixtures, lessons).
pub fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
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

/// Waits (up to 5 s) until `sockets` shows a TCP socket with local `port` in `state`.
pub fn wait_for_state(port: u16, state: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        let rows = socklab(["sockets", "-tan", "--json", "--port", &port.to_string()]).json_lines();
        if rows
            .iter()
            .any(|r| r["local_port"] == port && r["state"] == state)
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("port {port} never reached {state}");
}

/// For a test whose subject is "the sockets this process owns", which the other tests'
/// sockets (threads of this same process) would blur: runs the calling test again, alone,
/// in a new process of this test binary. Returns `true` in the calling process, which
/// must then return (the child's result is already asserted); `false` in the child, which
/// runs the test's body.
pub fn alone_in_a_process() -> bool {
    const VAR: &str = "SOCKLAB_TEST_ALONE";
    let name = skip::test_name();
    if std::env::var(VAR).is_ok_and(|v| v == name) {
        return false;
    }
    let exe = std::env::current_exe().unwrap();
    let out = start(
        Command::new(exe)
            .args([name.as_str(), "--exact", "--test-threads=1"])
            .env(VAR, &name)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    )
    .wait_with_output()
    .expect("run this test binary again");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("test result: ok. 1 passed"),
        "{name}, alone in its own process:\n{stdout}{stderr}"
    );
    true
}
