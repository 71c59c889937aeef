//! Where progress lives and how it changes when several socklab processes share it. Every
//! change is a read-modify-write under an advisory lock (`flock` on `progress.json.lock`,
//! a file never replaced); the new text goes to a fresh temporary file in the same
//! directory, created exclusively and never through a symlink, synced, then renamed over
//! `progress.json`. A reader therefore always sees a whole file, from one writer or
//! another, and a file that does not parse is really unreadable: a change sets it aside as
//! the first free `progress.json.bak`, `.bak.1`, `.bak.2`, … (never over an earlier one);
//! reading alone ([`Store::load`]) never moves anything.

use std::fs::File;
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result, anyhow, bail};
use rustix::fs::{FlockOperation, Mode, OFlags};
use rustix::io::Errno;

use super::Progress;

/// No real progress file comes near this; a bigger "file" (a device, a runaway) is refused.
const MAX_BYTES: u64 = 16 << 20;

/// How many `.bak` names are tried before giving up.
const MAX_BAKS: usize = 1000;

static SERIAL: AtomicU64 = AtomicU64::new(0);

/// Where progress lives.
#[derive(Clone, Debug)]
pub struct Store {
    path: PathBuf,
}

/// What reading found: the progress, or why the file could not be read (it is left where
/// it is, and no progress is shown).
#[derive(Debug)]
pub struct Loaded {
    pub progress: Progress,
    pub unreadable: Option<String>,
}

/// What a change saved, and where an unreadable file was kept first.
#[derive(Debug)]
pub struct Saved {
    pub progress: Progress,
    pub set_aside: Option<SetAside>,
}

/// An unreadable progress file, moved aside before a fresh one was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetAside {
    pub bak: PathBuf,
    pub error: String,
}

/// The advisory lock: while it is held, no socklab process is between reading and writing
/// progress. Released when dropped (or when the process ends).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// The progress file as read.
enum OnDisk {
    Missing,
    Parsed(Progress),
    Unreadable(String),
}

impl Store {
    /// `$XDG_STATE_HOME/socklab/progress.json` (or the platform's equivalent).
    pub fn default_location() -> Result<Store> {
        let dirs = directories::ProjectDirs::from("", "", "socklab").ok_or_else(|| {
            anyhow!("no home directory to keep progress in; set HOME or XDG_STATE_HOME")
        })?;
        let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
        Ok(Store::at(&dir.join("progress.json")))
    }

    pub fn at(path: &Path) -> Store {
        Store {
            path: path.to_path_buf(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `progress.json` with `suffix` appended, in the same directory.
    fn beside(&self, suffix: &str) -> PathBuf {
        let mut name = self.path.as_os_str().to_os_string();
        name.push(suffix);
        PathBuf::from(name)
    }

    fn dir(&self) -> &Path {
        match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        }
    }

    /// Takes the lock, waiting for another socklab process to finish its change.
    pub fn lock(&self) -> Result<Lock> {
        let dir = self.dir();
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let path = self.beside(".lock");
        let flags = OFlags::CREATE | OFlags::RDWR | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = rustix::fs::open(&path, flags, Mode::from_raw_mode(0o600))
            .map_err(std::io::Error::from)
            .with_context(|| format!("opening the lock {}", path.display()))?;
        rustix::fs::flock(&fd, FlockOperation::LockExclusive)
            .map_err(std::io::Error::from)
            .with_context(|| format!("locking {}", path.display()))?;
        Ok(Lock {
            _file: File::from(fd),
        })
    }

    /// Reads progress, changing nothing: no file is no progress; a file that does not
    /// parse is reported in [`Loaded::unreadable`] and left where it is.
    pub fn load(&self) -> Result<Loaded> {
        Ok(match self.read()? {
            OnDisk::Missing => Loaded {
                progress: Progress::default(),
                unreadable: None,
            },
            OnDisk::Parsed(progress) => Loaded {
                progress,
                unreadable: None,
            },
            OnDisk::Unreadable(error) => Loaded {
                progress: Progress::default(),
                unreadable: Some(error),
            },
        })
    }

    /// Applies `change` to the progress on disk and saves it, under the lock, so changes
    /// of other socklab processes in between are kept. An unreadable file is set aside
    /// first and the change applied to fresh progress.
    pub fn update(&self, change: impl FnOnce(&mut Progress)) -> Result<Saved> {
        let _lock = self.lock()?;
        let (mut progress, set_aside) = match self.read()? {
            OnDisk::Missing => (Progress::default(), None),
            OnDisk::Parsed(progress) => (progress, None),
            OnDisk::Unreadable(error) => {
                let bak = self.set_aside()?;
                (Progress::default(), Some(SetAside { bak, error }))
            }
        };
        change(&mut progress);
        self.write(&progress)?;
        Ok(Saved {
            progress,
            set_aside,
        })
    }

    fn read(&self) -> Result<OnDisk> {
        let path = &self.path;
        // Non-blocking: a FIFO put there must not hang the open.
        let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let fd = match rustix::fs::open(path, flags, Mode::empty()) {
            Ok(fd) => fd,
            Err(Errno::NOENT) => return Ok(OnDisk::Missing),
            Err(e) => {
                return Err(std::io::Error::from(e))
                    .with_context(|| format!("reading {}", path.display()));
            }
        };
        let file = File::from(fd);
        if !file.metadata()?.is_file() {
            bail!(
                "{} is not a regular file: move it away to keep progress there",
                path.display()
            );
        }
        let mut bytes = Vec::new();
        file.take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .with_context(|| format!("reading {}", path.display()))?;
        if bytes.len() as u64 > MAX_BYTES {
            return Ok(OnDisk::Unreadable(format!("larger than {MAX_BYTES} bytes")));
        }
        Ok(match serde_json::from_slice::<Progress>(&bytes) {
            Ok(p) => OnDisk::Parsed(p),
            Err(e) => OnDisk::Unreadable(e.to_string()),
        })
    }

    /// Moves the file to the first free `.bak` name; never replaces one.
    fn set_aside(&self) -> Result<PathBuf> {
        for n in 0..MAX_BAKS {
            let bak = match n {
                0 => self.beside(".bak"),
                n => self.beside(&format!(".bak.{n}")),
            };
            match rename_no_replace(&self.path, &bak) {
                Ok(()) => return Ok(bak),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(e).with_context(|| {
                        format!("moving the unreadable {} aside", self.path.display())
                    });
                }
            }
        }
        bail!(
            "{} .bak files beside {} already: remove old ones",
            MAX_BAKS,
            self.path.display()
        )
    }

    /// A fresh temporary file, synced, renamed over the progress file.
    fn write(&self, progress: &Progress) -> Result<()> {
        let mut text = serde_json::to_string_pretty(progress)?;
        text.push('\n');
        let (tmp, mut file) = self.temp_file()?;
        let written = file
            .write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .and_then(|()| std::fs::rename(&tmp, &self.path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(e).with_context(|| format!("writing {}", self.path.display()));
        }
        // The rename itself survives a crash once the directory is synced too.
        if let Ok(dir) = File::open(self.dir()) {
            let _ = dir.sync_all();
        }
        Ok(())
    }

    /// `progress.json.PID.N.tmp`, created exclusively: an existing file or symlink of that
    /// name is never opened, let alone followed.
    fn temp_file(&self) -> Result<(PathBuf, File)> {
        let flags = OFlags::CREATE | OFlags::EXCL | OFlags::WRONLY | OFlags::NOFOLLOW;
        for _ in 0..100 {
            let n = SERIAL.fetch_add(1, Ordering::Relaxed);
            let tmp = self.beside(&format!(".{}.{n}.tmp", std::process::id()));
            match rustix::fs::open(&tmp, flags | OFlags::CLOEXEC, Mode::from_raw_mode(0o600)) {
                Ok(fd) => return Ok((tmp, File::from(fd))),
                Err(Errno::EXIST) => continue,
                Err(e) => {
                    return Err(std::io::Error::from(e))
                        .with_context(|| format!("creating {}", tmp.display()));
                }
            }
        }
        bail!("no free temporary name beside {}", self.path.display())
    }
}

/// `rename` that fails with `AlreadyExists` instead of replacing `to`; where the file
/// system has no RENAME_NOREPLACE, a hard link (which never replaces) then an unlink.
fn rename_no_replace(from: &Path, to: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
        Ok(()) => Ok(()),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => {
            std::fs::hard_link(from, to)?;
            std::fs::remove_file(from)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::process::{Child, Command};
    use std::time::{Duration, Instant};

    use super::*;

    /// A fresh directory for one test.
    fn temp(name: &str) -> PathBuf {
        let n = SERIAL.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("socklab-store-{}-{n}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> BTreeSet<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }

    fn complete(store: &Store, id: &str, step: usize) -> Saved {
        store
            .update(|p| {
                p.lesson_mut(id).completed_steps.insert(step);
            })
            .unwrap()
    }

    #[test]
    fn a_symlink_at_a_temporary_name_is_never_followed() {
        let dir = temp("symlink");
        let victim = dir.join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let store = Store::at(&dir.join("progress.json"));
        // The old fixed name, and the next names this process would pick.
        std::os::unix::fs::symlink(&victim, dir.join("progress.json.tmp")).unwrap();
        let next = SERIAL.load(Ordering::Relaxed);
        for n in next..next + 5 {
            let name = format!("progress.json.{}.{n}.tmp", std::process::id());
            std::os::unix::fs::symlink(&victim, dir.join(name)).unwrap();
        }
        complete(&store, "a", 1);
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        let loaded = store.load().unwrap();
        assert!(loaded.progress.lesson("a").completed_steps.contains(&1));
        // A symlink where the lock goes is refused, not followed.
        let other = Store::at(&dir.join("other.json"));
        std::os::unix::fs::symlink(&victim, dir.join("other.json.lock")).unwrap();
        assert!(other.update(|_| {}).is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn reading_never_moves_and_each_corruption_gets_its_own_bak() {
        let dir = temp("bak");
        let path = dir.join("progress.json");
        let store = Store::at(&path);
        std::fs::write(&path, "{ first corruption").unwrap();
        let loaded = store.load().unwrap();
        assert!(loaded.unreadable.is_some());
        assert_eq!(loaded.progress, Progress::default());
        assert_eq!(names(&dir), BTreeSet::from(["progress.json".to_string()]));

        let saved = complete(&store, "a", 1);
        assert_eq!(saved.set_aside.unwrap().bak, dir.join("progress.json.bak"));
        std::fs::write(&path, "second corruption").unwrap();
        let saved = complete(&store, "a", 2);
        assert_eq!(
            saved.set_aside.unwrap().bak,
            dir.join("progress.json.bak.1")
        );
        let bak = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
        assert_eq!(bak("progress.json.bak"), "{ first corruption");
        assert_eq!(bak("progress.json.bak.1"), "second corruption");
        assert_eq!(
            store.load().unwrap().progress.lesson("a").completed_steps,
            BTreeSet::from([2])
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_newer_versions_file_is_not_corrupt_and_its_fields_survive_a_change() {
        let dir = temp("newer");
        let path = dir.join("progress.json");
        std::fs::write(
            &path,
            r#"{"version": 3, "lessons": {"a": {"completed_steps": [1], "mood": "ok"}}}"#,
        )
        .unwrap();
        let store = Store::at(&path);
        assert!(store.load().unwrap().unreadable.is_none());
        assert!(complete(&store, "a", 2).set_aside.is_none());
        let text: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(text["version"], 3);
        assert_eq!(text["lessons"]["a"]["mood"], "ok");
        assert_eq!(
            text["lessons"]["a"]["completed_steps"],
            serde_json::json!([1, 2])
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_fifo_or_a_device_is_refused_without_hanging() {
        let dir = temp("fifo");
        let path = dir.join("progress.json");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &path,
            rustix::fs::FileType::Fifo,
            Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let e = Store::at(&path).load().unwrap_err().to_string();
        assert!(e.contains("not a regular file"), "{e}");
        let e = Store::at(Path::new("/dev/zero")).load().unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Set by the concurrency test for the copies of this test binary it starts.
    const WORKER: &str = "SOCKLAB_TEST_PROGRESS_WORKER";
    const THREADS: usize = 4;
    const ROUNDS: usize = 25;

    /// `THREADS` threads, each completing steps 1 to `ROUNDS` of its own lesson `NAME-T`.
    fn hammer(path: &Path, name: &str) {
        std::thread::scope(|scope| {
            for t in 0..THREADS {
                scope.spawn(move || {
                    let store = Store::at(path);
                    for step in 1..=ROUNDS {
                        let saved = complete(&store, &format!("{name}-{t}"), step);
                        assert!(saved.set_aside.is_none(), "a whole file read as corrupt");
                    }
                });
            }
        });
    }

    /// Not a test on its own: the body of each process the concurrency test starts.
    #[test]
    fn progress_worker_process() {
        if let Some(spec) = std::env::var_os(WORKER) {
            let spec = PathBuf::from(spec);
            let name = spec.file_name().unwrap().to_string_lossy().into_owned();
            hammer(&spec.parent().unwrap().join("progress.json"), &name);
        }
    }

    fn wait_bounded(mut child: Child, deadline: Instant) {
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                assert!(status.success(), "a worker process failed: {status}");
                return;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("a worker process hung past its deadline");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn writers_in_threads_and_processes_lose_nothing_and_move_nothing() {
        let dir = temp("concurrent");
        let path = dir.join("progress.json");
        std::fs::write(&path, r#"{"lessons": {"kept": {"completed_steps": [7]}}}"#).unwrap();
        let exe = std::env::current_exe().unwrap();
        let workers: Vec<Child> = (0..3)
            .map(|i| {
                Command::new(&exe)
                    .args([
                        "--exact",
                        "lesson::progress::store::tests::progress_worker_process",
                    ])
                    .args(["--test-threads", "1", "--quiet"])
                    .env(WORKER, dir.join(format!("p{i}")))
                    .stdout(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        hammer(&path, "me");
        let deadline = Instant::now() + Duration::from_secs(120);
        for child in workers {
            wait_bounded(child, deadline);
        }
        let progress = Store::at(&path).load().unwrap().progress;
        let all: BTreeSet<usize> = (1..=ROUNDS).collect();
        let mut lessons = 0;
        for name in ["me", "p0", "p1", "p2"] {
            for t in 0..THREADS {
                let id = format!("{name}-{t}");
                assert_eq!(progress.lesson(&id).completed_steps, all, "{id}");
                lessons += 1;
            }
        }
        assert_eq!(progress.lesson("kept").completed_steps, BTreeSet::from([7]));
        assert_eq!(progress.lessons.len(), lessons + 1);
        let expected = ["progress.json", "progress.json.lock"].map(String::from);
        assert_eq!(
            names(&dir),
            BTreeSet::from(expected),
            "no .bak, no temp file left"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
