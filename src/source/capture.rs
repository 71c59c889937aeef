//! `socklab capture DIR`: writes the subset of `/proc` socklab reads as a fixture tree —
//! the net tables verbatim, the mount table, and for socket-owning processes only their
//! `comm`, the uid lines of `status`, socket fd links, and `cmdline` when asked for
//! (command lines can hold secrets). A `passwd` with just the names of the uids seen.

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::{Source, TABLES, owners};
use crate::model::Family;

/// What was written, for the summary line.
#[derive(Debug, Default)]
pub struct Captured {
    pub tables: usize,
    pub processes: usize,
    pub sockets_fds: usize,
}

pub fn capture(source: &Source, out: &Path, with_cmdline: bool) -> Result<Captured> {
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        bail!(
            "{} is not empty; give a new or empty directory",
            out.display()
        );
    }
    let root = source.root();
    let mut done = Captured::default();
    fs::create_dir_all(out.join("net")).with_context(|| format!("creating {}", out.display()))?;
    for (file, _) in TABLES {
        if let Ok(bytes) = fs::read(root.join("net").join(file)) {
            fs::write(out.join("net").join(file), bytes)?;
            done.tables += 1;
        }
    }
    fs::create_dir_all(out.join("self"))?;
    fs::write(
        out.join("self/mountinfo"),
        fs::read(root.join("self/mountinfo"))?,
    )?;

    let mut uids = BTreeSet::new();
    for entry in fs::read_dir(root)?.flatten() {
        let name = entry.file_name();
        if name.to_str().and_then(|n| n.parse::<u32>().ok()).is_none() {
            continue;
        }
        let Ok(fds) = fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        let sockets: Vec<_> = fds
            .flatten()
            .filter_map(|fd| {
                let target = fs::read_link(fd.path()).ok()?;
                owners::socket_inode(target.as_os_str().as_bytes())?;
                Some((fd.file_name(), target))
            })
            .collect();
        if sockets.is_empty() {
            continue;
        }
        let dir = out.join(&name);
        fs::create_dir_all(dir.join("fd"))?;
        let Ok(comm) = fs::read(entry.path().join("comm")) else {
            continue;
        };
        fs::write(dir.join("comm"), comm)?;
        let status = fs::read_to_string(entry.path().join("status")).unwrap_or_default();
        let kept: String = status
            .lines()
            .filter(|l| {
                ["Name:", "Pid:", "Uid:", "Gid:"]
                    .iter()
                    .any(|k| l.starts_with(k))
            })
            .map(|l| format!("{l}\n"))
            .collect();
        uids.extend(owners::parse_status_uid(&kept));
        fs::write(dir.join("status"), kept)?;
        if with_cmdline {
            fs::write(dir.join("cmdline"), fs::read(entry.path().join("cmdline"))?)?;
        }
        for (fd, target) in &sockets {
            std::os::unix::fs::symlink(target, dir.join("fd").join(fd))?;
        }
        done.processes += 1;
        done.sockets_fds += sockets.len();
    }
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
    fs::write(out.join("passwd"), passwd)?;
    Ok(done)
}
