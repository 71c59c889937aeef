//! Reading pasted text as a stream: one thread reads raw lines in batches (one buffer per
//! batch, no copy per line), the calling thread decodes, understands and hands on each
//! line in order. A bounded channel joins them, so memory stays flat whatever the input.

use std::borrow::Cow;
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

    fn line(&self, i: usize) -> Option<&[u8]> {
        let &(start, end) = self.ends.get(i)?;
        Some(&self.buf[start..end])
    }
}

/// Understands `text` (knowing the line after it) and hands it on; a decoded line that
/// had to be copied (`Cow::Owned`) was not valid UTF-8.
fn one(
    explainer: &mut Explainer,
    text: (&str, bool),
    next: Option<&str>,
    each: &mut impl FnMut(&Line) -> io::Result<()>,
) -> io::Result<()> {
    let line = explainer.line_before(text.0, text.1, next);
    each(&line)
}

// The Cow's variant is the point: `Owned` means the line was not valid UTF-8.
#[allow(clippy::ptr_arg)]
fn parts<'a>(text: &'a Cow<'_, str>) -> (&'a str, bool) {
    (text, matches!(text, Cow::Owned(_)))
}

/// Every line of `input`, understood by `explainer`, passed to `each` in order. Stops at
/// the first error `each` returns (a closed pipe, say) and returns it. Each line is read
/// knowing the line after it (a batch's last line waits for the next batch).
pub fn each_line(
    input: impl BufRead + Send,
    explainer: &mut Explainer,
    mut each: impl FnMut(&Line) -> io::Result<()>,
) -> Result<()> {
    let (tx, rx) = sync_channel::<Batch>(IN_FLIGHT);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || read_batches(input, tx));
        let written = understand(rx, explainer, &mut each);
        // On a write error the receiver is gone, and the reader stops at its next send.
        let read = reader
            .join()
            .map_err(|_| anyhow!("the reading thread panicked"))?;
        written?;
        read
    })
}

/// The second stage: every line of every batch, in order, each with the one after it
/// (each line is decoded once; a batch's last line waits for the next batch).
fn understand(
    rx: std::sync::mpsc::Receiver<Batch>,
    explainer: &mut Explainer,
    each: &mut impl FnMut(&Line) -> io::Result<()>,
) -> io::Result<()> {
    let mut held: Option<Batch> = None;
    for batch in rx {
        let mut current = batch.line(0).map(decode);
        if let Some(prev) = held.take() {
            if let Some(last) = prev.ends.len().checked_sub(1).and_then(|i| prev.line(i)) {
                one(explainer, parts(&decode(last)), current.as_deref(), each)?;
            }
        }
        for i in 1..batch.ends.len() {
            let next = batch.line(i).map(decode);
            if let Some(text) = &current {
                one(explainer, parts(text), next.as_deref(), each)?;
            }
            current = next;
        }
        held = Some(batch);
    }
    if let Some(prev) = held {
        if let Some(last) = prev.ends.len().checked_sub(1).and_then(|i| prev.line(i)) {
            one(explainer, parts(&decode(last)), None, each)?;
        }
    }
    Ok(())
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
