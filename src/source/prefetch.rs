//! A reader that reads a file on a helper thread, a chunk ahead of the parser.
//!
//! Generating `/proc/net/tcp` is kernel work (about 3 µs a row); parsing and printing a
//! row is user work of about the same size. On two cores the two overlap instead of
//! adding up — that is how reading /proc keeps up with `ss`, which asks the kernel over
//! netlink instead.

use std::io::{self, BufRead, Read};
use std::sync::mpsc::{Receiver, sync_channel};

// Under glibc's mmap threshold (128 KiB), so chunks come from the heap and are reused.
const CHUNK: usize = 64 * 1024;

pub struct Prefetch {
    chunks: Receiver<io::Result<Vec<u8>>>,
    buf: Vec<u8>,
    pos: usize,
}

impl Prefetch {
    pub fn new(mut file: impl Read + Send + 'static) -> Prefetch {
        let (tx, chunks) = sync_channel(4);
        std::thread::spawn(move || {
            loop {
                let mut chunk = vec![0; CHUNK];
                let read = match file.read(&mut chunk) {
                    Ok(0) => return,
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                };
                chunk.truncate(read);
                // A closed channel means the reader stopped early (e.g. a broken pipe).
                if tx.send(Ok(chunk)).is_err() {
                    return;
                }
            }
        });
        Prefetch {
            chunks,
            buf: Vec::new(),
            pos: 0,
        }
    }
}

impl Read for Prefetch {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.fill_buf()?.read(out)?;
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Prefetch {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.buf.len() {
            match self.chunks.recv() {
                Ok(chunk) => {
                    self.buf = chunk?;
                    self.pos = 0;
                }
                Err(_) => return Ok(&[]), // the reading thread is done: end of file
            }
        }
        Ok(&self.buf[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.buf.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_whole_in_order() {
        let text: String = (0..50_000).map(|i| format!("line {i}\n")).collect();
        let path = std::env::temp_dir().join(format!("socklab-prefetch-{}", std::process::id()));
        std::fs::write(&path, &text).unwrap();
        let mut read = String::new();
        Prefetch::new(std::fs::File::open(&path).unwrap())
            .read_to_string(&mut read)
            .unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(read, text);
    }
}
