//! Reading the system: the only module that opens files under `/proc`. The root is a
//! parameter, so a fixture tree of the same shape (`--proc-root`) takes the same path
//! through the code as the live kernel. A missing table means "this kernel has none".

pub mod fds;
pub mod unix_peers;

pub mod capture;
pub mod mounts;
pub mod net;
pub mod owners;
pub mod users;

use std::fs::File;
use std::io::{BufReader, ErrorKind};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::model::{Family, Proto, Snapshot, Socket};
use mounts::Mounts;
use users::Users;

/// Table files and the protocol each holds, in netstat's order.
pub const TABLES: [(&str, Proto); 7] = [
    ("tcp", Proto::Tcp),
    ("tcp6", Proto::Tcp6),
    ("udp", Proto::Udp),
    ("udp6", Proto::Udp6),
    ("raw", Proto::Raw),
    ("raw6", Proto::Raw6),
    ("unix", Proto::Unix),
];

/// Where to read from.
#[derive(Clone, Debug)]
pub struct Source {
    root: PathBuf,
    passwd: PathBuf,
}

/// What to read: which tables, whether to look up owners, which rows to keep.
pub struct Want<'a> {
    pub families: Vec<Family>,
    pub owners: bool,
    pub keep: &'a dyn Fn(&Socket) -> bool,
}

impl Source {
    /// The running kernel.
    pub fn live() -> Source {
        Source {
            root: PathBuf::from("/proc"),
            passwd: PathBuf::from("/etc/passwd"),
        }
    }

    /// A fixture tree (`net/`, `<pid>/`, `self/mountinfo`, optional `passwd`).
    pub fn at(root: &Path) -> Result<Source> {
        if !root.is_dir() {
            bail!(
                "--proc-root {}: no such directory; give a tree made by `socklab capture DIR`",
                root.display()
            );
        }
        Ok(Source {
            root: root.to_path_buf(),
            passwd: root.join("passwd"),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn snapshot(&self, want: &Want) -> Result<Snapshot> {
        let mut snapshot = Snapshot::default();
        for (file, proto) in TABLES {
            if !want.families.contains(&proto.family()) {
                continue;
            }
            let path = self.root.join("net").join(file);
            let reader = match File::open(&path) {
                Ok(f) => BufReader::with_capacity(128 * 1024, f),
                Err(e) if e.kind() == ErrorKind::NotFound => continue,
                Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
            };
            let parsed = if proto == Proto::Unix {
                net::parse_unix(reader, want.keep)
            } else {
                net::parse_inet(reader, proto, want.keep)
            }
            .with_context(|| format!("reading {}", path.display()))?;
            if parsed.malformed > 0 {
                snapshot
                    .diagnostics
                    .malformed
                    .push((path.display().to_string(), parsed.malformed));
            }
            snapshot.sockets.extend(parsed.sockets);
        }
        let users = self.users();
        for socket in &mut snapshot.sockets {
            socket.user = socket.uid.and_then(|u| users.name(u).map(str::to_string));
        }
        if snapshot.sockets.iter().any(|s| s.unix.is_some()) {
            let mounts = self.mounts();
            for unix in snapshot.sockets.iter_mut().filter_map(|s| s.unix.as_mut()) {
                if unix.path.starts_with('/') {
                    unix.fs_type = mounts.fs_type(&unix.path).map(str::to_string);
                }
            }
        }
        if want.owners {
            snapshot.diagnostics.owners_scanned = true;
            snapshot.diagnostics.unreadable_processes =
                owners::attach(&self.root, &mut snapshot.sockets, &users);
        }
        Ok(snapshot)
    }

    pub fn users(&self) -> Users {
        File::open(&self.passwd)
            .map(|f| Users::parse(BufReader::new(f)))
            .unwrap_or_default()
    }

    pub fn mounts(&self) -> Mounts {
        File::open(self.root.join("self/mountinfo"))
            .map(|f| Mounts::parse(BufReader::new(f)))
            .unwrap_or_default()
    }
}
