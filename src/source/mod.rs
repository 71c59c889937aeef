//! Reading the system: the only module that opens files under `/proc` (and the few `/etc`
//! files socklab reads: passwd, and the name files of `--names`). The root is a parameter,
//! so a fixture tree of the same shape (`--proc-root`) takes the same path through the
//! code as the live kernel. A missing table means "this kernel has none".

pub mod fds;
pub mod unix_peers;

pub mod capture;
pub mod files;
pub mod mounts;
pub mod names;
pub mod net;
pub mod owners;
pub mod prefetch;
pub mod users;

use std::io::{self, BufReader, ErrorKind};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::knowledge::messages::Message;
use crate::knowledge::said::{SaidError, SayContext};
use crate::model::{Diagnostics, Family, InetProto, Snapshot, Socket};
use mounts::Mounts;
use users::Users;

/// Table files and what each holds (`None`: UNIX sockets), in netstat's order.
pub const TABLES: [(&str, Option<InetProto>); 7] = [
    ("tcp", Some(InetProto::Tcp)),
    ("tcp6", Some(InetProto::Tcp6)),
    ("udp", Some(InetProto::Udp)),
    ("udp6", Some(InetProto::Udp6)),
    ("raw", Some(InetProto::Raw)),
    ("raw6", Some(InetProto::Raw6)),
    ("unix", None),
];

/// Where to read from.
#[derive(Clone, Debug)]
pub struct Source {
    root: PathBuf,
    passwd: PathBuf,
    /// Where the name files are looked for, in order.
    name_dirs: Vec<PathBuf>,
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
            name_dirs: vec![PathBuf::from("/etc")],
        }
    }

    /// A fixture tree (`net/`, `<pid>/`, `self/mountinfo`, optional `passwd`).
    pub fn at(root: &Path) -> Result<Source> {
        if !root.is_dir() {
            let dir = root.display();
            return Err(SaidError::new(Message::ProcRootMissing, args!(dir = dir)).into());
        }
        Ok(Source {
            root: root.to_path_buf(),
            passwd: root.join("passwd"),
            name_dirs: vec![root.to_path_buf(), PathBuf::from("/etc")],
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every wanted socket, one at a time, as the tables are read — nothing is stored, so
    /// memory stays flat however many sockets there are. Owners need the whole set first:
    /// use [`Source::snapshot`] for them.
    pub fn each(
        &self,
        want: &Want,
        each: impl FnMut(Socket) -> io::Result<()>,
    ) -> Result<Diagnostics> {
        self.each_with(want, &self.users(), each)
    }

    fn each_with(
        &self,
        want: &Want,
        users: &Users,
        mut each: impl FnMut(Socket) -> io::Result<()>,
    ) -> Result<Diagnostics> {
        let mut diagnostics = Diagnostics::default();
        let mounts = want.families.contains(&Family::Unix).then(|| self.mounts());
        for (file, proto) in TABLES {
            let family = proto.map_or(Family::Unix, InetProto::family);
            if !want.families.contains(&family) {
                continue;
            }
            let path = self.root.join("net").join(file);
            let reader = match files::open(&path, files::Limit::Table) {
                Ok(f) => prefetch::Prefetch::new(f),
                Err(e) if e.kind() == ErrorKind::NotFound => continue,
                Err(e) => return Err(e).said(Message::Reading, args!(path = path.display())),
            };
            let row = |mut socket: Socket| {
                if !(want.keep)(&socket) {
                    return Ok(());
                }
                socket.user = socket.uid.and_then(|u| users.name(u).cloned());
                if let (Some(unix), Some(mounts)) = (socket.as_unix_mut(), &mounts) {
                    if unix.path.starts_with('/') {
                        unix.fs_type = mounts.fs_type(&unix.path).map(str::to_string);
                    }
                }
                each(socket)
            };
            let malformed = match proto {
                None => net::parse_unix(reader, row),
                Some(proto) => net::parse_inet(reader, proto, row),
            }
            .said(Message::Reading, args!(path = path.display()))?;
            if malformed > 0 {
                diagnostics
                    .malformed
                    .push((path.display().to_string(), malformed));
            }
        }
        Ok(diagnostics)
    }

    /// Every wanted socket at once, with owners when asked for.
    pub fn snapshot(&self, want: &Want) -> Result<Snapshot> {
        let users = self.users();
        let mut sockets = Vec::new();
        let mut diagnostics = self.each_with(want, &users, |s| {
            sockets.push(s);
            Ok(())
        })?;
        if want.owners {
            // The owner scan allocates next; give back the Vec's growth slack first (up to
            // half of it on 100k rows), which is what peak memory is made of.
            sockets.shrink_to_fit();
            diagnostics.owners_scanned = true;
            diagnostics.as_root = rustix::process::geteuid().is_root();
            diagnostics.unreadable_processes = owners::attach(&self.root, &mut sockets, &users);
            self.find_at_files(&mut sockets);
        }
        Ok(Snapshot {
            sockets,
            diagnostics,
        })
    }

    /// Marks `@name` rows that are really socket files with relative names starting with
    /// `@`: the kernel prints both alike, but such a file sits in an owner's working
    /// directory (`<pid>/cwd/@name`).
    fn find_at_files(&self, sockets: &mut [Socket]) {
        use std::os::unix::fs::FileTypeExt;
        for socket in sockets.iter_mut() {
            let abstract_name = socket.as_unix().is_some_and(|u| u.path.starts_with('@'));
            if !abstract_name || socket.owners.is_empty() {
                continue;
            }
            let pids: Vec<u32> = socket.owners.iter().map(|o| o.process.pid).collect();
            let Some(unix) = socket.as_unix_mut() else {
                continue;
            };
            unix.at_file = pids.iter().any(|pid| {
                let file = self.root.join(pid.to_string()).join("cwd").join(&unix.path);
                std::fs::symlink_metadata(file).is_ok_and(|m| m.file_type().is_socket())
            });
        }
    }

    pub fn users(&self) -> Users {
        files::open(&self.passwd, files::Limit::Text)
            .map(|f| Users::parse(BufReader::new(f)))
            .unwrap_or_default()
    }

    /// The hosts, services and protocols files for `--names`: each from the first place
    /// that has it (a fixture tree's own, else `/etc`); a missing one names nothing.
    pub fn name_files(&self) -> names::NameFiles {
        let open = |file: &str| {
            self.name_dirs
                .iter()
                .find_map(|dir| files::open(&dir.join(file), files::Limit::Text).ok())
                .map(BufReader::new)
        };
        names::NameFiles {
            hosts: open("hosts")
                .map(names::tables::parse_hosts)
                .unwrap_or_default(),
            services: open("services")
                .map(names::tables::parse_services)
                .unwrap_or_default(),
            protocols: open("protocols")
                .map(names::tables::parse_protocols)
                .unwrap_or_default(),
        }
    }

    pub fn mounts(&self) -> Mounts {
        files::open(&self.root.join("self/mountinfo"), files::Limit::Text)
            .map(|f| Mounts::parse(BufReader::new(f)))
            .unwrap_or_default()
    }
}
