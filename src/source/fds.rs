//! One process's file descriptors, the way `ls -l /proc/PID/fd` shows them, and the
//! small facts `who` and `unix` need beside the tables: does a pid exist, does a socket
//! file still exist. Links are parsed here (`socket:[N]`, `pipe:[N]`, `anon_inode:…`).

use std::fs;
use std::io::ErrorKind;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::FileTypeExt;
use std::path::Path;

use super::Source;
use super::owners::{read_process, socket_inode};
use crate::model::Process;

impl Source {
    /// Whether this source is the running kernel (paths it names exist on this machine).
    pub fn is_live(&self) -> bool {
        self.root == Path::new("/proc")
    }

    /// The kernel's version as (major, minor), from `sys/kernel/osrelease` of the tree.
    pub fn kernel(&self) -> Option<(u32, u32)> {
        let path = self.root.join("sys/kernel/osrelease");
        let text = super::files::read(&path, super::files::Limit::Small).ok()?;
        parse_release(&String::from_utf8_lossy(&text))
    }

    /// One process's descriptors (`ls -l /proc/PID/fd`).
    pub fn fds(&self, pid: u32) -> Result<Vec<Fd>, FdsError> {
        read_fds(&self.root, pid)
    }

    /// One process's name, command line and user; `None` when it does not exist.
    pub fn process(&self, pid: u32) -> Option<Process> {
        read_process(&self.root, pid, &self.users())
    }

    /// inode → peer inode of connected UNIX sockets (live kernel only; empty otherwise).
    pub fn unix_peers(&self) -> std::collections::HashMap<u64, u64> {
        if self.is_live() {
            super::unix_peers::unix_peers().unwrap_or_default()
        } else {
            Default::default()
        }
    }

    /// What sits at a UNIX socket's path now (unknown for a fixture tree).
    pub fn path_state(&self, path: &str) -> PathState {
        if self.is_live() {
            path_state(Path::new(path))
        } else {
            PathState::Unknown
        }
    }
}

/// What a descriptor's link points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    Socket(u64),
    Pipe(u64),
    /// `anon_inode:[eventfd]` → `[eventfd]`; `anon_inode:inotify` → `inotify`.
    AnonInode(String),
    /// A path (file, directory, device), as the kernel prints it.
    Path(String),
    /// Anything else the kernel prints (`net:[4026531840]`, `mnt:[…]`).
    Other(String),
}

impl Link {
    pub fn parse(raw: &[u8]) -> Link {
        if let Some(inode) = socket_inode(raw) {
            return Link::Socket(inode);
        }
        let text = String::from_utf8_lossy(raw).into_owned();
        if let Some(n) = text
            .strip_prefix("pipe:[")
            .and_then(|t| t.strip_suffix(']'))
            .and_then(|t| t.parse().ok())
        {
            return Link::Pipe(n);
        }
        if let Some(rest) = text.strip_prefix("anon_inode:") {
            return Link::AnonInode(rest.to_string());
        }
        if text.starts_with('/') {
            Link::Path(text)
        } else {
            Link::Other(text)
        }
    }
}

/// One descriptor: its number and the raw link text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fd {
    pub fd: u32,
    pub link: Link,
    /// The link exactly as read (what `ls -l` prints after `->`).
    pub raw: String,
}

/// Why a process's descriptors could not be listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FdsError {
    NoProcess,
    PermissionDenied,
}

/// `6.18.0-1-amd64` → (6, 18).
fn parse_release(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.trim().split(['.', '-']);
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// Descriptors of `pid` under `root`, sorted by number.
pub fn read_fds(root: &Path, pid: u32) -> Result<Vec<Fd>, FdsError> {
    let dir = root.join(pid.to_string()).join("fd");
    let entries = fs::read_dir(&dir).map_err(|e| match e.kind() {
        ErrorKind::PermissionDenied => FdsError::PermissionDenied,
        _ => FdsError::NoProcess,
    })?;
    let mut fds: Vec<Fd> = entries
        .flatten()
        .filter_map(|entry| {
            let fd = entry.file_name().to_str()?.parse().ok()?;
            // An fd closed between listing and reading is simply skipped.
            let target = fs::read_link(entry.path()).ok()?;
            let raw = target.as_os_str().as_bytes();
            Some(Fd {
                fd,
                link: Link::parse(raw),
                raw: String::from_utf8_lossy(raw).into_owned(),
            })
        })
        .collect();
    fds.sort_by_key(|f| f.fd);
    Ok(fds)
}

/// What is at a socket's path now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathState {
    Socket,
    NotSocket,
    Missing,
    /// Reading a fixture tree: the paths are another machine's.
    Unknown,
}

pub fn path_state(path: &Path) -> PathState {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_socket() => PathState::Socket,
        Ok(_) => PathState::NotSocket,
        Err(e) if e.kind() == ErrorKind::NotFound => PathState::Missing,
        // A directory we may not search: we cannot tell.
        Err(_) => PathState::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fd_links() {
        // Link texts from `ls -l /proc/self/fd` on Linux 6.18.
        assert_eq!(Link::parse(b"socket:[123456]"), Link::Socket(123456));
        assert_eq!(Link::parse(b"pipe:[98765]"), Link::Pipe(98765));
        assert_eq!(
            Link::parse(b"anon_inode:[eventpoll]"),
            Link::AnonInode("[eventpoll]".into())
        );
        assert_eq!(Link::parse(b"/dev/pts/0"), Link::Path("/dev/pts/0".into()));
        assert_eq!(
            Link::parse(b"net:[4026531840]"),
            Link::Other("net:[4026531840]".into())
        );
    }

    #[test]
    fn own_descriptors_are_listed() {
        let me = std::process::id();
        let fds = read_fds(Path::new("/proc"), me).unwrap();
        assert!(fds.iter().any(|f| f.fd <= 2), "stdio of this test process");
        assert_eq!(
            read_fds(Path::new("/proc"), u32::MAX).unwrap_err(),
            FdsError::NoProcess
        );
    }
}
