//! Reading pasted text as a stream: one thread reads raw lines in batches (one buffer per
//! batch, no copy per line), the calling thread decodes, understands and hands on each
//! line in order. A bounded channel joins them, so memory stays flat whatever the input:
//! a line longer than [`MAX_LINE`] is read no further than that (no tool prints one) and
//! the rest of it is handed on verbatim in pieces as it arrives. A panic while reading a
//! line costs that line its reading, never the input: the line is handed on unread.

use std::borrow::Cow;
use std::io::{self, BufRead};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use anyhow::{Context, Result, anyhow};

use super::{Explainer, Line, decode};

/// Raw lines travel between the threads in batches of about this many bytes.
const BATCH_BYTES: usize = 64 * 1024;
/// Batches in flight at most.
const IN_FLIGHT: usize = 8;
/// The longest line read as a line; the rest of a longer one is passed through in pieces
/// of at most this many bytes.
pub const MAX_LINE: usize = 64 * 1024;

/// Raw lines, back to back in one buffer.
struct Batch {
    buf: Vec<u8>,
    /// Where each line ends in `buf` (its `\n` excluded).
    ends: Vec<(usize, usize)>,
    /// The last line is the first [`MAX_LINE`] bytes of a longer one: [`Piece::More`]
    /// messages and a [`Piece::End`] follow.
    long_last: bool,
}

impl Batch {
    fn new() -> Batch {
        Batch {
            buf: Vec::with_capacity(BATCH_BYTES + 4096),
            ends: Vec::with_capacity(1024),
            long_last: false,
        }
    }

    fn line(&self, i: usize) -> Option<&[u8]> {
        let &(start, end) = self.ends.get(i)?;
        Some(&self.buf[start..end])
    }
}

/// What the reading thread sends.
enum Piece {
    Batch(Batch),
    /// More of a long line.
    More(Vec<u8>),
    /// The long line ended.
    End,
}

/// What the stream hands on, in input order.
pub enum Event<'e, 'l> {
    /// A whole line, understood.
    Line(&'e Line<'l>),
    /// The first [`MAX_LINE`] bytes of a longer line, left unread (kind unrecognized):
    /// its other bytes follow as [`Event::More`], then [`Event::End`].
    Long(&'e Line<'l>),
    More(&'e str),
    End,
}

impl<'e, 'l> Event<'e, 'l> {
    /// The line of a `Line` or `Long` event.
    pub fn line(&self) -> Option<&'e Line<'l>> {
        match self {
            Event::Line(l) | Event::Long(l) => Some(l),
            Event::More(_) | Event::End => None,
        }
    }
}

/// Understands `text` (knowing the line after it) and hands it on. Should reading or
/// annotating it panic (a bug), the line is handed on unread, and the explainer starts
/// afresh after it.
fn one(
    explainer: &mut Explainer,
    text: (&str, bool),
    next: Option<&str>,
    each: &mut impl FnMut(Event) -> io::Result<()>,
) -> io::Result<()> {
    let read = catch_unwind(AssertUnwindSafe(|| {
        explainer.line_before(text.0, text.1, next)
    }));
    let line = read.unwrap_or_else(|_| {
        explainer.recover();
        explainer.unread(text.0, text.1)
    });
    // Annotating it may panic too: then the line goes out unread (a second panic, in
    // writing a line with no notes at all, is not caught).
    match catch_unwind(AssertUnwindSafe(|| each(Event::Line(&line)))) {
        Ok(written) => written,
        Err(_) => each(Event::Line(&explainer.unread(text.0, text.1))),
    }
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
    mut each: impl FnMut(Event) -> io::Result<()>,
) -> Result<()> {
    let (tx, rx) = sync_channel::<Piece>(IN_FLIGHT);
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
/// (each line is decoded once; a batch's last line waits for the next batch). A long
/// line's start ends its batch: the lines before it are read at once, and it is handed
/// on unread, its other pieces after it.
fn understand(
    rx: Receiver<Piece>,
    explainer: &mut Explainer,
    each: &mut impl FnMut(Event) -> io::Result<()>,
) -> io::Result<()> {
    let mut held: Option<Batch> = None;
    for piece in rx {
        let batch = match piece {
            Piece::Batch(b) => b,
            Piece::More(bytes) => {
                each(Event::More(&String::from_utf8_lossy(&bytes)))?;
                continue;
            }
            Piece::End => {
                each(Event::End)?;
                continue;
            }
        };
        let lines = batch.ends.len() - usize::from(batch.long_last);
        let mut current = batch.line(0).filter(|_| lines > 0).map(decode);
        if let Some(prev) = held.take() {
            if let Some(last) = prev.ends.len().checked_sub(1).and_then(|i| prev.line(i)) {
                one(explainer, parts(&decode(last)), current.as_deref(), each)?;
            }
        }
        for i in 1..lines {
            let next = batch.line(i).map(decode);
            if let Some(text) = &current {
                one(explainer, parts(text), next.as_deref(), each)?;
            }
            current = next;
        }
        if !batch.long_last {
            held = Some(batch);
            continue;
        }
        if let Some(text) = &current {
            one(explainer, parts(text), None, each)?;
        }
        let head = batch.line(lines).map(decode).unwrap_or_default();
        let (text, lossy) = parts(&head);
        each(Event::Long(&explainer.unread_next(text, lossy)))?;
    }
    if let Some(prev) = held {
        if let Some(last) = prev.ends.len().checked_sub(1).and_then(|i| prev.line(i)) {
            one(explainer, parts(&decode(last)), None, each)?;
        }
    }
    Ok(())
}

/// Reads up to and including the next `\n` into `buf`, but no more than `limit` bytes:
/// how many bytes were read, and whether the line ended (a `\n` or the end of input).
fn read_capped(
    input: &mut impl BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<(usize, bool)> {
    let mut read = 0;
    loop {
        let available = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((read, true));
        }
        let room = &available[..available.len().min(limit - read)];
        let (take, ended) = match memchr::memchr(b'\n', room) {
            Some(i) => (i + 1, true),
            None => (room.len(), false),
        };
        buf.extend_from_slice(&room[..take]);
        input.consume(take);
        read += take;
        if ended || read == limit {
            return Ok((read, ended));
        }
    }
}

/// Where to cut `bytes` so that no UTF-8 character is split: at most 3 bytes back.
fn char_boundary(bytes: &[u8]) -> usize {
    let mut at = bytes.len();
    // A continuation byte (0b10xx_xxxx) cannot start a character.
    while at > 0 && bytes.len() - at < 3 && bytes[at - 1] & 0xc0 == 0x80 {
        at -= 1;
    }
    match bytes.get(at.wrapping_sub(1)) {
        // The lead byte of a character cut short goes with the rest of it.
        Some(&b) if b >= 0xc0 => at - 1,
        _ => bytes.len(),
    }
}

/// The first stage: raw lines, batched, sent on in order; a long line's start ends its
/// batch and the rest of it follows in pieces.
fn read_batches(mut input: impl BufRead, tx: SyncSender<Piece>) -> Result<()> {
    let mut batch = Batch::new();
    loop {
        let start = batch.buf.len();
        let (n, ended) =
            read_capped(&mut input, &mut batch.buf, MAX_LINE).context("reading input")?;
        if !ended {
            let cut = start + char_boundary(&batch.buf[start..]);
            let carry = batch.buf.split_off(cut);
            batch.ends.push((start, cut));
            batch.long_last = true;
            let batch = std::mem::replace(&mut batch, Batch::new());
            // A closed channel means the writer stopped (broken pipe): nothing more to do.
            if tx.send(Piece::Batch(batch)).is_err() || !send_rest(&mut input, carry, &tx)? {
                return Ok(());
            }
            continue;
        }
        if n > 0 {
            let end = match batch.buf.last() {
                Some(b'\n') => batch.buf.len() - 1,
                _ => batch.buf.len(),
            };
            batch.ends.push((start, end));
        }
        let full = n == 0 || batch.buf.len() >= BATCH_BYTES;
        if full
            && !batch.ends.is_empty()
            && tx
                .send(Piece::Batch(std::mem::replace(&mut batch, Batch::new())))
                .is_err()
        {
            return Ok(());
        }
        if n == 0 {
            return Ok(());
        }
    }
}

/// The rest of a long line, from `carry` (the bytes cut off its start), in pieces of at
/// most [`MAX_LINE`] bytes, then [`Piece::End`]; `false` when the receiver is gone.
fn send_rest(input: &mut impl BufRead, mut carry: Vec<u8>, tx: &SyncSender<Piece>) -> Result<bool> {
    loop {
        let mut piece = std::mem::take(&mut carry);
        let room = MAX_LINE - piece.len();
        let (_, ended) = read_capped(input, &mut piece, room).context("reading input")?;
        if ended {
            if piece.last() == Some(&b'\n') {
                piece.pop();
            }
            // As `decode` does for a whole line.
            if piece.last() == Some(&b'\r') {
                piece.pop();
            }
        } else {
            carry = piece.split_off(char_boundary(&piece));
        }
        if !piece.is_empty() && tx.send(Piece::More(piece)).is_err() {
            return Ok(false);
        }
        if ended {
            return Ok(tx.send(Piece::End).is_ok());
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
        each_line(&input[..], &mut explainer, |event| {
            let Some(line) = event.line() else {
                return Ok(());
            };
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

    /// What the stream hands on, as (number, kind, text) with a long line's pieces joined.
    fn events(input: &[u8], explainer: &mut Explainer) -> Vec<(u64, String, String)> {
        let mut seen: Vec<(u64, String, String)> = Vec::new();
        let mut open = false;
        each_line(input, explainer, |event| {
            match event {
                Event::Line(l) => seen.push((l.number, l.kind.name().into(), l.text.into())),
                Event::Long(l) => {
                    assert!(!open);
                    open = true;
                    assert!(l.text.len() <= MAX_LINE);
                    seen.push((l.number, "long".into(), l.text.into()));
                }
                Event::More(t) => {
                    assert!(open && t.len() <= MAX_LINE);
                    seen.last_mut().unwrap().2.push_str(t);
                }
                Event::End => open = false,
            }
            Ok(())
        })
        .unwrap();
        assert!(!open);
        seen
    }

    #[test]
    fn a_long_line_is_passed_through_in_pieces_and_the_lines_around_it_read() {
        // Multi-byte characters across every cut: no character is split (no U+FFFD).
        let long: String = "é€x🦀".repeat(3 * MAX_LINE / 10);
        let input = format!("Proto Recv-Q\n{long}\r\nafter\n{long}");
        let seen = events(input.as_bytes(), &mut Explainer::new(None));
        let numbers: Vec<u64> = seen.iter().map(|s| s.0).collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
        assert_eq!((seen[1].1.as_str(), seen[3].1.as_str()), ("long", "long"));
        assert!(seen[1].2 == long && seen[3].2 == long, "text changed");
        assert_eq!(seen[2].2, "after");
        // Exactly MAX_LINE bytes and its newline: a line like any other.
        let edge = format!("{}\nnext\n", "y".repeat(MAX_LINE));
        let seen = events(edge.as_bytes(), &mut Explainer::new(None));
        assert_eq!(
            seen.iter().map(|s| s.1.as_str()).collect::<Vec<_>>(),
            ["long", "unrecognized"]
        );
        let under = format!("{}\nnext\n", "y".repeat(MAX_LINE - 1));
        let seen = events(under.as_bytes(), &mut Explainer::new(None));
        assert_eq!(seen[0].1, "unrecognized");
    }

    #[test]
    fn a_panic_costs_one_line_its_reading_and_nothing_else() {
        let input = "Active UNIX domain sockets (servers and established)\n\
                     Proto RefCnt Flags       Type       State         I-Node   Path\n\
                     unix  2      [ ACC ]     STREAM     LISTENING     1537     /run/a\n\
                     unix  3      [ ]         STREAM     CONNECTED     1538     /run/b\n\
                     unix  3      [ ]         STREAM     CONNECTED     1539     /run/c\n";
        super::super::explainer::PANIC_ON.with(|p| {
            p.set(Some(
                "unix  3      [ ]         STREAM     CONNECTED     1538     /run/b",
            ))
        });
        let seen = events(input.as_bytes(), &mut Explainer::new(None));
        super::super::explainer::PANIC_ON.with(|p| p.set(None));
        let kinds: Vec<&str> = seen.iter().map(|s| s.1.as_str()).collect();
        // Read afresh after it, the next row is still known by its shape.
        assert_eq!(kinds, ["title", "header", "row", "unrecognized", "row"]);
        assert_eq!(
            seen.iter().map(|s| s.0).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );
        let texts: Vec<&str> = seen.iter().map(|s| s.2.as_str()).collect();
        assert_eq!(texts.join("\n") + "\n", input);
        // A panic in annotating: the line goes out again, unread.
        let mut explainer = Explainer::new(None);
        let mut seen = Vec::new();
        each_line(input.as_bytes(), &mut explainer, |event| {
            let line = event.line().unwrap();
            if line.number == 3 && line.kind.name() == "row" {
                panic!("a renderer bug");
            }
            seen.push((line.number, line.kind.name()));
            Ok(())
        })
        .unwrap();
        assert_eq!(seen[2], (3, "unrecognized"));
        assert_eq!(seen.len(), 5);
    }
}
