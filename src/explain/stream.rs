//! Reading pasted text as a stream: one thread reads raw lines in batches (one buffer per
//! batch, no copy per line), the calling thread decodes, understands and hands on each
//! line in order. A bounded channel joins them, so memory stays flat whatever the input.

use std::io::{self, BufRead};
use std::sync::mpsc::{SyncSender, sync_channel};

use anyhow::{Context, Result, anyhow};

use super::{Explainer, Line, decode};

/// Raw lines travel between the threads in batches of about this many bytes.
const BATCH_BYTES: usize = 64 * 1024;
/// Batches in flight at most.
const IN_FLIGHT: usize = 8;

/// Raw lines, back to back in one buffer.
struct Batch {
    buf: Vec<u8>,
    /// Where each line ends in `buf` (its `\n` excluded).
    ends: Vec<(usize, usize)>,
}

impl Batch {
    fn new() -> Batch {
        Batch {
            buf: Vec::with_capacity(BATCH_BYTES + 4096),
            ends: Vec::with_capacity(1024),
        }
    }

    fn lines(&self) -> impl Iterator<Item = &[u8]> {
        self.ends.iter().map(|&(start, end)| &self.buf[start..end])
    }
}

/// Every line of `input`, understood by `explainer`, passed to `each` in order. Stops at
/// the first error `each` returns (a closed pipe, say) and returns it.
pub fn each_line(
    input: impl BufRead + Send,
    explainer: &mut Explainer,
    mut each: impl FnMut(&Line) -> io::Result<()>,
) -> Result<()> {
    let (tx, rx) = sync_channel::<Batch>(IN_FLIGHT);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || read_batches(input, tx));
        let mut written = Ok(());
        'batches: for batch in rx {
            for raw in batch.lines() {
                let text = decode(raw);
                let lossy = matches!(text, std::borrow::Cow::Owned(_));
                let line = explainer.line(&text, lossy);
                if let Err(e) = each(&line) {
                    written = Err(e);
                    break 'batches;
                }
            }
        }
        // On a write error the receiver is gone, and the reader stops at its next send.
        let read = reader
            .join()
            .map_err(|_| anyhow!("the reading thread panicked"))?;
        written?;
        read
    })
}

/// The first stage: raw lines, batched, sent on in order.
fn read_batches(mut input: impl BufRead, tx: SyncSender<Batch>) -> Result<()> {
    let mut batch = Batch::new();
    loop {
        let start = batch.buf.len();
        let n = input
            .read_until(b'\n', &mut batch.buf)
            .context("reading input")?;
        if n > 0 {
            let end = match batch.buf.last() {
                Some(b'\n') => batch.buf.len() - 1,
                _ => batch.buf.len(),
            };
            batch.ends.push((start, end));
        }
        let full = n == 0 || batch.buf.len() >= BATCH_BYTES;
        // A closed channel means the writer stopped (broken pipe): nothing more to do.
        if full
            && !batch.ends.is_empty()
            && tx
                .send(std::mem::replace(&mut batch, Batch::new()))
                .is_err()
        {
            return Ok(());
        }
        if n == 0 {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_in_order_across_batches() {
        let mut input = Vec::new();
        for i in 0..30_000 {
            input.extend_from_slice(format!("line {i}\r\n").as_bytes());
        }
        input.extend_from_slice(b"last\xff");
        let mut explainer = Explainer::new(None);
        let mut seen = Vec::new();
        each_line(&input[..], &mut explainer, |line| {
            seen.push((line.number, line.text.to_string(), line.lossy));
            Ok(())
        })
        .unwrap();
        assert_eq!(seen.len(), 30_001);
        assert_eq!(seen[12_345], (12_346, "line 12345".to_string(), false));
        assert_eq!(seen[30_000], (30_001, "last\u{fffd}".to_string(), true));
    }

    #[test]
    fn a_write_error_stops_the_stream() {
        let input = "a\nb\nc\n".repeat(100_000);
        let mut explainer = Explainer::new(None);
        let mut n = 0;
        let result = each_line(input.as_bytes(), &mut explainer, |_| {
            n += 1;
            if n == 10 {
                return Err(io::Error::from(io::ErrorKind::BrokenPipe));
            }
            Ok(())
        });
        assert!(result.is_err());
        assert_eq!(n, 10);
    }
}
