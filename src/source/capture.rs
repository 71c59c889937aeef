//! `socklab capture DIR`: writes the subset of `/proc` socklab reads as a fixture tree —
//! the net tables verbatim, the mount table, and for socket-owning processes only their
//! `comm`, the uid lines of `status`, socket fd links, and `cmdline` when asked for
//! (command lines can hold secrets). A `passwd` with just the names of the uids seen.
//!
//! The tree is written into a temporary directory beside DIR and renamed at the end, so a
//! capture that fails leaves nothing behind; every error names its path.

use std::collections::BTreeSet;
use std::fs;
use std::io::ErrorKind;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::files::{self, Limit};
use super::{Source, TABLES, owners};
use crate::knowledge::messages::Message;
use crate::knowledge::said::{SaidError, SayContext};
use crate::model::Family;

/// What was written, for the summary line.
#[derive(Debug, Default)]
pub struct Captured {
    pub tables: usize,
    pub processes: usize,
    pub sockets_fds: usize,
}

pub fn capture(source: &Source, out: &Path, with_cmdline: bool) -> Result<Captured> {
    let empty_dir = match fs::read_dir(out) {
        Ok(mut entries) => match entries.next() {
            Some(_) => {
                let dir = out.display();
                return Err(SaidError::new(Message::DirNotEmpty, args!(dir = dir)).into());
            }
            None => true,
        },
        Err(e) if e.kind() == ErrorKind::NotFound => false,
        Err(e) => return Err(e).said(Message::Reading, args!(path = out.display())),
    };
    let tmp = temporary_beside(out)?;
    let written = write_tree(source, &tmp, with_cmdline).and_then(|done| {
        if empty_dir {
            fs::remove_dir(out).said(Message::Replacing, args!(path = out.display()))?;
        }
        fs::rename(&tmp, out).said(Message::Creating, args!(path = out.display()))?;
        Ok(done)
    });
    if written.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    written
}

/// A new directory next to `out` (same filesystem, so the final rename is atomic).
fn temporary_beside(out: &Path) -> Result<PathBuf> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = out
        .file_name()
        .map_or("capture".into(), |n| n.to_string_lossy());
    let tmp = parent.join(format!(".{name}.socklab-{}", std::process::id()));
    fs::create_dir(&tmp).said(Message::Creating, args!(path = tmp.display()))?;
    Ok(tmp)
}

fn write_tree(source: &Source, out: &Path, with_cmdline: bool) -> Result<Captured> {
    let mut done = Captured {
        tables: copy_tables(source.root(), out)?,
        ..Captured::default()
    };
    let mounts = source.root().join("self/mountinfo");
    match copy(&mounts, &out.join("self/mountinfo"), Limit::Text) {
        Err(e) if !is_not_found(&e) => return Err(e),
        _ => {} // a tree without a mount table is still a tree: paths get no filesystem
    }
    let mut uids = BTreeSet::new();
    for pid in owners::list_pids(source.root()) {
        let from = source.root().join(pid.to_string());
        if let Some(fds) = copy_process(&from, &out.join(pid.to_string()), with_cmdline, &mut uids)?
        {
            done.processes += 1;
            done.sockets_fds += fds;
        }
    }
    write_passwd(source, out, uids)?;
    Ok(done)
}

fn copy(from: &Path, to: &Path, limit: Limit) -> Result<()> {
    let bytes = files::read(from, limit).said(Message::Reading, args!(path = from.display()))?;
    if let Some(dir) = to.parent() {
        fs::create_dir_all(dir).said(Message::Creating, args!(path = dir.display()))?;
    }
    fs::write(to, bytes).said(Message::Writing, args!(path = to.display()))
}

/// The socket tables there are, verbatim. A missing table is normal (no IPv6, no raw);
/// one that cannot be read is an error, and so is a tree with no table at all.
fn copy_tables(root: &Path, out: &Path) -> Result<usize> {
    let mut copied = 0;
    for (file, _) in TABLES {
        let from = root.join("net").join(file);
        match copy(&from, &out.join("net").join(file), Limit::Table) {
            Ok(()) => copied += 1,
            Err(e) if is_not_found(&e) => {}
            Err(e) => return Err(e),
        }
    }
    if copied == 0 {
        let dir = root.join("net");
        let said = SaidError::new(Message::NoTableToCapture, args!(dir = dir.display()));
        return Err(said.into());
    }
    Ok(copied)
}

fn is_not_found(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == ErrorKind::NotFound)
}

/// One process's socket fds, comm, uid lines and (when asked) cmdline; `None` when it
/// holds no socket or vanished while being read.
fn copy_process(
    from: &Path,
    to: &Path,
    with_cmdline: bool,
    uids: &mut BTreeSet<u32>,
) -> Result<Option<usize>> {
    let sockets = socket_links(from);
    if sockets.is_empty() {
        return Ok(None);
    }
    let Ok(comm) = files::read(&from.join("comm"), Limit::Small) else {
        return Ok(None); // exited since its fds were read
    };
    fs::create_dir_all(to.join("fd")).said(Message::Creating, args!(path = to.display()))?;
    fs::write(to.join("comm"), comm).said(Message::Writing, args!(path = to.display()))?;
    let status = files::read(&from.join("status"), Limit::Small).unwrap_or_default();
    let kept = uid_lines(&String::from_utf8_lossy(&status));
    uids.extend(owners::parse_status_uid(&kept));
    fs::write(to.join("status"), kept).said(Message::Writing, args!(path = to.display()))?;
    if with_cmdline {
        copy(&from.join("cmdline"), &to.join("cmdline"), Limit::Cmdline)?;
    }
    for (fd, target) in &sockets {
        let link = to.join("fd").join(fd);
        std::os::unix::fs::symlink(target, &link)
            .said(Message::Writing, args!(path = link.display()))?;
    }
    Ok(Some(sockets.len()))
}

/// `(fd name, link target)` of every socket descriptor of a process directory.
fn socket_links(process: &Path) -> Vec<(std::ffi::OsString, PathBuf)> {
    let Ok(fds) = fs::read_dir(process.join("fd")) else {
        return Vec::new();
    };
    fds.flatten()
        .filter_map(|fd| {
            let target = fs::read_link(fd.path()).ok()?;
            owners::socket_inode(target.as_os_str().as_bytes())?;
            Some((fd.file_name(), target))
        })
        .collect()
}

/// The lines of `status` socklab reads (who the process is and runs as), nothing else.
fn uid_lines(status: &str) -> String {
    status
        .lines()
        .filter(|l| {
            ["Name:", "Pid:", "Uid:", "Gid:"]
                .iter()
                .any(|k| l.starts_with(k))
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The names of the uids that own a process or a socket in the captured tree.
fn write_passwd(source: &Source, out: &Path, mut uids: BTreeSet<u32>) -> Result<()> {
    let users = source.users();
    // The socket owners' uids come from the tables just written, not a second read of /proc.
    let copy = Source::at(out)?;
    let want = super::Want {
        families: vec![Family::Tcp, Family::Udp, Family::Raw],
        owners: false,
        keep: &|_| true,
    };
    copy.each(&want, |s| {
        uids.extend(s.uid);
        Ok(())
    })?;
    let passwd: String = uids
        .iter()
        .filter_map(|&u| {
            Some(format!(
                "{}:x:{u}:{u}::/:/usr/sbin/nologin\n",
                users.name(u)?
            ))
        })
        .collect();
    let path = out.join("passwd");
    fs::write(&path, passwd).said(Message::Writing, args!(path = path.display()))
}
