//! Opening the files of a `/proc`-shaped tree without trusting it: `--proc-root` may point
//! at anything, so an open never blocks (a FIFO planted as `net/tcp`), only regular files
//! are read (a symlink to `/dev/zero` is refused), and every read is capped at a size no
//! real file of that kind reaches. Callers name the path in the error's context.

use std::fs::{File, OpenOptions};
use std::io::{self, ErrorKind, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use rustix::fs::OFlags;

use crate::knowledge::messages::Message;
use crate::knowledge::said::SaidError;

/// The most a file of each kind may hold. A `/proc/net/tcp` line is 150 bytes, so a table
/// of a million sockets is 150 MB; the kernel caps `comm` at 16 bytes and argv at a few MB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// `net/tcp`, `net/unix`, …
    Table,
    /// `mountinfo`, `passwd`.
    Text,
    /// `cmdline`.
    Cmdline,
    /// `comm`, `status`.
    Small,
}

impl Limit {
    pub fn bytes(self) -> u64 {
        match self {
            Limit::Table => 1 << 30,
            Limit::Text => 64 << 20,
            Limit::Cmdline => 8 << 20,
            Limit::Small => 64 << 10,
        }
    }
}

/// Opens `path` for reading if it is a regular file (procfs files are), without blocking
/// on a FIFO or a device. `NotFound` is passed through as it is: a missing table is normal.
pub fn open(path: &Path, limit: Limit) -> io::Result<Capped<File>> {
    let flags = OFlags::NONBLOCK | OFlags::NOCTTY;
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(flags.bits() as i32)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.file_type().is_file() {
        let said = SaidError::new(Message::NotARegularFile, args!());
        return Err(io::Error::new(ErrorKind::InvalidInput, said));
    }
    // procfs says 0 and is caught while reading; a file on disk is refused before.
    if meta.len() > limit.bytes() {
        return Err(too_large(limit));
    }
    Ok(Capped {
        inner: file,
        left: limit.bytes(),
        limit,
    })
}

/// The whole file, within its limit.
pub fn read(path: &Path, limit: Limit) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open(path, limit)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// A reader that fails, naming its file, once more than its limit has been read.
pub struct Capped<R> {
    inner: R,
    left: u64,
    limit: Limit,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // Ask for one byte past the limit: reading it proves the file is too big.
        let want = buf
            .len()
            .min(usize::try_from(self.left + 1).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        if n as u64 > self.left {
            return Err(too_large(self.limit));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

fn too_large(limit: Limit) -> io::Error {
    let limit = limit.bytes();
    let said = SaidError::new(Message::FileTooLarge, args!(limit = limit));
    io::Error::new(ErrorKind::InvalidData, said)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("socklab-files-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn devices_and_fifos_are_refused_without_blocking() {
        let dir = temp("special");
        let fifo = dir.join("tcp");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
            0,
        )
        .unwrap();
        let e = open(&fifo, Limit::Table).err().expect("a FIFO is refused");
        assert!(e.to_string().contains("not a regular file"), "{e}");
        let zero = open(Path::new("/dev/zero"), Limit::Table).err().unwrap();
        assert!(zero.to_string().contains("not a regular file"), "{zero}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn reads_stop_at_the_limit_with_the_path() {
        let dir = temp("big");
        let path = dir.join("comm");
        std::fs::write(&path, vec![b'x'; (Limit::Small.bytes() + 1) as usize]).unwrap();
        let e = read(&path, Limit::Small).unwrap_err();
        assert!(e.to_string().contains("larger than 65536 bytes"), "{e}");
        std::fs::write(&path, vec![b'x'; Limit::Small.bytes() as usize]).unwrap();
        assert_eq!(read(&path, Limit::Small).unwrap().len(), 65536);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
