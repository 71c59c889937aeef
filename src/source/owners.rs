//! Owners: which processes hold which socket, found by reading every `/proc/<pid>/fd/*`
//! link once (`socket:[inode]`) and joining on the inode.
//!
//! Unlike `netstat -p`, every process sharing a socket is kept (a forked server shows its
//! parent and its child). Only processes that own a wanted socket have their `comm`,
//! `cmdline` and `status` read. One readlink per descriptor and nothing more: no stat,
//! no SELinux lookup — that is what keeps this linear where netstat/ss/lsof are not.

use std::collections::HashMap;
use std::fs;
use std::os::fd::OwnedFd;
use std::path::Path;
use std::sync::Arc;

use rustix::fs::{Dir, Mode, OFlags, readlinkat_raw};
use rustix::io::Errno;

use crate::model::{Owner, Process, Socket};
use crate::source::files::{self, Limit};
use crate::source::users::Users;

/// Attaches owners to `sockets`; returns how many processes could not be read.
pub fn attach(root: &Path, sockets: &mut [Socket], users: &Users) -> usize {
    // u32 indexes: a table has far fewer than 4 billion rows, and this map is 100k entries.
    let index: HashMap<u64, u32> = sockets
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.inode.filter(|&n| n != 0).map(|n| (n, i as u32)))
        .collect();
    if index.is_empty() {
        return 0;
    }
    let pids = list_pids(root);
    // Two halves on two threads: the scan is syscall-bound and the machine has cores.
    let (left, right) = pids.split_at(pids.len() / 2);
    let (a, b) = std::thread::scope(|scope| {
        let helper = scope.spawn(|| scan(root, right, &index));
        let mine = scan(root, left, &index);
        (mine, helper.join().unwrap_or_default())
    });
    // The map has done its work; free it before the owners are allocated (peak memory).
    drop(index);
    let mut unreadable = 0;
    for found in [a, b] {
        unreadable += found.unreadable;
        for (pid, hits) in found.hits {
            let Some(process) = read_process(root, pid, users) else {
                continue; // exited between the fd scan and now
            };
            let process = Arc::new(process);
            for (fd, idx) in hits {
                sockets[idx as usize].owners.push(Owner {
                    fd: Some(fd),
                    process: Arc::clone(&process),
                });
            }
        }
    }
    for socket in sockets.iter_mut().filter(|s| s.owners.len() > 1) {
        socket.owners.sort_by_key(|o| (o.process.pid, o.fd));
    }
    unreadable
}

#[derive(Default)]
struct Found {
    /// pid → (fd, socket index) pairs.
    hits: Vec<(u32, Vec<(u32, u32)>)>,
    unreadable: usize,
}

pub(crate) fn list_pids(root: &Path) -> Vec<u32> {
    let Ok(dir) = fs::read_dir(root) else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect()
}

fn scan(root: &Path, pids: &[u32], index: &HashMap<u64, u32>) -> Found {
    let mut found = Found::default();
    let mut path = root.to_path_buf();
    for &pid in pids {
        path.push(pid.to_string());
        path.push("fd");
        match open_dir(&path) {
            Ok(dirfd) => {
                let hits = scan_fds(&dirfd, index);
                if !hits.is_empty() {
                    found.hits.push((pid, hits));
                }
            }
            Err(Errno::ACCESS | Errno::PERM) => found.unreadable += 1,
            Err(_) => {} // vanished mid-scan, or a kernel thread without fds
        }
        path.pop();
        path.pop();
    }
    found
}

fn open_dir(path: &Path) -> rustix::io::Result<OwnedFd> {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    rustix::fs::open(path, flags, Mode::empty())
}

/// The (fd, socket index) pairs of one `fd/` directory. Links are read relative to the
/// directory (readlinkat), so the kernel resolves one name per fd, not the whole path.
fn scan_fds(dirfd: &OwnedFd, index: &HashMap<u64, u32>) -> Vec<(u32, u32)> {
    let mut hits = Vec::new();
    let Ok(mut dir) = Dir::read_from(dirfd) else {
        return hits;
    };
    let mut link = [0u8; 64];
    while let Some(Ok(entry)) = dir.read() {
        let name = entry.file_name();
        let Some(fd) = name.to_str().ok().and_then(|n| n.parse().ok()) else {
            continue; // "." and ".."
        };
        // 64 bytes hold any "socket:[inode]"; a longer link is not a socket anyway.
        let Ok(len) = readlinkat_raw(dirfd, name, &mut link[..]) else {
            continue; // fd closed since the directory was listed
        };
        if let Some(&idx) = socket_inode(&link[..len]).and_then(|inode| index.get(&inode)) {
            hits.push((fd, idx));
        }
    }
    hits
}

/// `socket:[12345]` → 12345.
pub fn socket_inode(link: &[u8]) -> Option<u64> {
    let digits = link.strip_prefix(b"socket:[")?.strip_suffix(b"]")?;
    std::str::from_utf8(digits).ok()?.parse().ok()
}

pub(crate) fn read_process(root: &Path, pid: u32, users: &Users) -> Option<Process> {
    let dir = root.join(pid.to_string());
    let comm = files::read(&dir.join("comm"), Limit::Small).ok()?;
    let comm = String::from_utf8_lossy(comm.strip_suffix(b"\n").unwrap_or(&comm)).into_owned();
    let cmdline = files::read(&dir.join("cmdline"), Limit::Cmdline).unwrap_or_default();
    let status = files::read(&dir.join("status"), Limit::Small).unwrap_or_default();
    let status = String::from_utf8_lossy(&status);
    let uid = parse_status_uid(&status);
    Some(Process {
        pid,
        comm,
        argv0: String::from_utf8_lossy(cmdline.split(|&b| b == 0).next().unwrap_or(&[]))
            .into_owned(),
        cmdline: join_cmdline(&cmdline),
        uid,
        user: uid.and_then(|u| users.name(u).cloned()),
    })
}

/// NUL-separated argv → one line (trailing NUL dropped).
pub fn join_cmdline(raw: &[u8]) -> String {
    let trimmed = raw.strip_suffix(b"\0").unwrap_or(raw);
    String::from_utf8_lossy(trimmed).replace('\0', " ")
}

/// The real uid: first number of the `Uid:` line of `/proc/<pid>/status`.
pub fn parse_status_uid(status: &str) -> Option<u32> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_ascii_whitespace()
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_socket_links_only() {
        assert_eq!(socket_inode(b"socket:[4685]"), Some(4685));
        assert_eq!(socket_inode(b"pipe:[4685]"), None);
        assert_eq!(socket_inode(b"/dev/null"), None);
    }

    #[test]
    fn status_uid_and_cmdline() {
        // Lines from /proc/self/status on Linux 6.18.
        let status =
            "Name:\tcat\nUmask:\t0022\nState:\tR (running)\nUid:\t1000\t1000\t1000\t1000\n";
        assert_eq!(parse_status_uid(status), Some(1000));
        assert_eq!(
            join_cmdline(b"/usr/bin/python3\0-m\0http.server\0"),
            "/usr/bin/python3 -m http.server"
        );
    }
}
