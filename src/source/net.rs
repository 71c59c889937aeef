//! Parsers for the kernel's socket tables: `/proc/net/{tcp,tcp6,udp,udp6,raw,raw6}` and
//! `/proc/net/unix`, over any `BufRead`.
//!
//! They are tolerant where procfs is strict: an unknown state number is kept as
//! `UNKNOWN(n)`, a malformed line is skipped and counted, a UNIX path keeps its spaces,
//! and a path with a newline (which splits the record in the kernel's own output) is
//! joined back together.

use std::io::{self, BufRead};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::model::{
    Endpoint, Inet, InetProto, Socket, TcpState, UnixFlag, UnixInfo, UnixState, UnixType,
};

/// Reads a tcp/udp/raw table (v4 or v6, told apart by `proto`), handing every row to
/// `each` as it is parsed; returns how many lines were malformed (skipped).
pub fn parse_inet(
    reader: impl BufRead,
    proto: InetProto,
    mut each: impl FnMut(Socket) -> io::Result<()>,
) -> io::Result<usize> {
    let mut malformed = 0;
    let skipped = for_each_line(reader, |line| {
        if is_header(line) {
            return Ok(());
        }
        match parse_inet_line(line, proto) {
            Some(socket) => each(socket),
            None => {
                malformed += 1;
                Ok(())
            }
        }
    })?;
    Ok(malformed + skipped)
}

/// Reads `/proc/net/unix` the same way.
pub fn parse_unix(
    reader: impl BufRead,
    mut each: impl FnMut(Socket) -> io::Result<()>,
) -> io::Result<usize> {
    let mut malformed = 0;
    // The last row is held back: a path containing '\n' continues on the next line.
    let mut pending: Option<Socket> = None;
    let skipped = for_each_line(reader, |line| {
        if is_header(line) {
            return Ok(());
        }
        if let Some(socket) = parse_unix_line(line) {
            return match pending.replace(socket) {
                Some(done) => each(done),
                None => Ok(()),
            };
        }
        match pending.as_mut().and_then(Socket::as_unix_mut) {
            Some(unix) if !unix.path.is_empty() => {
                unix.path.push('\n');
                unix.path.push_str(line);
            }
            _ => malformed += 1,
        }
        Ok(())
    })?;
    if let Some(done) = pending {
        each(done)?;
    }
    Ok(malformed + skipped)
}

/// No real table line comes near this (a UNIX path is at most 108 bytes); a longer line
/// is skipped without being held in memory.
const MAX_LINE: usize = 64 * 1024;

/// Calls `each` with every line (without its newline), decoding invalid UTF-8 lossily.
/// Returns how many over-long lines were skipped.
fn for_each_line(
    mut reader: impl BufRead,
    mut each: impl FnMut(&str) -> io::Result<()>,
) -> io::Result<usize> {
    let mut buf = Vec::with_capacity(256);
    let mut skipped = 0;
    loop {
        buf.clear();
        match read_line(&mut reader, &mut buf)? {
            None => return Ok(skipped),
            Some(false) => skipped += 1,
            Some(true) => match std::str::from_utf8(&buf) {
                Ok(line) => each(line)?,
                Err(_) => each(&String::from_utf8_lossy(&buf))?,
            },
        }
    }
}

/// One line into `buf` without its newline: `None` at the end, `Some(false)` when the line
/// was longer than [`MAX_LINE`] (its bytes are dropped as they come).
fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<Option<bool>> {
    let mut seen = false;
    let mut fits = true;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(seen.then_some(fits));
        }
        seen = true;
        let (line, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], i + 1),
            None => (chunk, chunk.len()),
        };
        fits &= buf.len() + line.len() <= MAX_LINE;
        if fits {
            buf.extend_from_slice(line);
        }
        let ended = done > line.len();
        reader.consume(done);
        if ended {
            return Ok(Some(fits));
        }
    }
}

fn is_header(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("sl ") || t.starts_with("Num ")
}

/// One row: `sl local rem st tx:rx tr:when retrnsmt uid timeout inode …`.
fn parse_inet_line(line: &str, proto: InetProto) -> Option<Socket> {
    let mut fields = line.split_ascii_whitespace();
    fields.next()?.strip_suffix(':')?;
    let local = parse_endpoint(fields.next()?)?;
    let remote = parse_endpoint(fields.next()?)?;
    let state = u8::from_str_radix(fields.next()?, 16).ok()?;
    let (tx, rx) = fields.next()?.split_once(':')?;
    let _timer = fields.next()?;
    let _retransmits = fields.next()?;
    let uid = fields.next()?.parse().ok()?;
    let _timeout = fields.next()?;
    let inode = fields.next()?.parse().ok()?;
    Some(Socket {
        recv_q: u32::from_str_radix(rx, 16).ok()?,
        send_q: u32::from_str_radix(tx, 16).ok()?,
        inode: Some(inode),
        uid: Some(uid),
        ..Socket::inet(Inet {
            proto,
            state: Some(TcpState::from_kernel(state)),
            local: Some(local),
            remote: Some(remote),
        })
    })
}

/// `0100007F:0277` (v4) or 32 hex digits `:port` (v6), in the kernel's host byte order.
pub fn parse_endpoint(text: &str) -> Option<Endpoint> {
    let (addr, port) = text.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let (addr, mapped) = match addr.len() {
        8 => (IpAddr::V4(hex_v4(addr)?), false),
        32 => {
            let mut octets = [0u8; 16];
            for (i, chunk) in octets.chunks_mut(4).enumerate() {
                chunk.copy_from_slice(&hex_v4(&addr[i * 8..i * 8 + 8])?.octets());
            }
            let v6 = Ipv6Addr::from(octets);
            match v6.to_ipv4_mapped() {
                Some(v4) => (IpAddr::V4(v4), true),
                None => (IpAddr::V6(v6), false),
            }
        }
        _ => return None,
    };
    Some(Endpoint {
        addr,
        port: (port != 0).then_some(port),
        mapped,
    })
}

/// One 32-bit word printed with `%08X` from host order (little-endian on x86 and arm).
fn hex_v4(word: &str) -> Option<Ipv4Addr> {
    let n = u32::from_str_radix(word, 16).ok()?;
    Some(Ipv4Addr::from(u32::from_be(n.to_le())))
}

/// `Num RefCount Protocol Flags Type St Inode [Path]`; the path is everything after one space.
fn parse_unix_line(line: &str) -> Option<Socket> {
    let mut rest = line.trim_start();
    let mut field = || -> Option<&str> {
        let end = rest.find(' ').unwrap_or(rest.len());
        let (f, r) = rest.split_at(end);
        rest = r.strip_prefix(' ').unwrap_or(r);
        rest = rest.trim_start_matches(' ');
        (!f.is_empty()).then_some(f)
    };
    field()?.strip_suffix(':')?;
    let refcnt = u32::from_str_radix(field()?, 16).ok()?;
    let _protocol = field()?;
    let flags = u32::from_str_radix(field()?, 16).ok()?;
    let kind = u16::from_str_radix(field()?, 16).ok()?;
    let state = u8::from_str_radix(field()?, 16).ok()?;
    // The inode ends the fixed part; the path (if any) follows after exactly one space,
    // so it is cut from the original line to keep leading/inner spaces intact.
    let inode_and_path = rest;
    let (inode, path) = match inode_and_path.split_once(' ') {
        Some((inode, path)) => (inode, path),
        None => (inode_and_path, ""),
    };
    let inode = inode.parse().ok()?;
    // __SO_ACCEPTCON = 1 << 16: the only flag modern kernels print.
    let accepting = flags & (1 << 16) != 0;
    Some(Socket {
        inode: Some(inode),
        ..Socket::unix(UnixInfo {
            refcnt: Some(refcnt),
            flags: if accepting {
                vec![UnixFlag::Acc]
            } else {
                Vec::new()
            },
            kind: UnixType::from_kernel(kind),
            state: UnixState::from_kernel(state, accepting),
            path: path.to_string(),
            fs_type: None,
            at_file: false,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PathKind;

    // Captured from /proc/net/tcp on Linux 6.18 (this project's CI machine, 2026-11-25):
    // a listener on 0.0.0.0:2024 and a TIME_WAIT to 1.1.1.1:443 (inode 0).
    const TCP: &str = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     
   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1594 1 000000002930214b 100 0 0 10 0                      
   1: 020200C0:991C 01010101:01BB 06 00000000:00000000 03:0000050F 00000000     0        0 0 3 00000000738b5601                                      
";

    /// Every row of a table, and the malformed count.
    fn inet(text: &str, proto: InetProto) -> (Vec<Socket>, usize) {
        let mut rows = Vec::new();
        let bad = parse_inet(text.as_bytes(), proto, |s| {
            rows.push(s);
            Ok(())
        })
        .unwrap();
        (rows, bad)
    }

    #[test]
    fn reads_listener_and_time_wait() {
        let (rows, bad) = inet(TCP, InetProto::Tcp);
        assert_eq!(bad, 0);
        let [listen, tw] = &rows[..] else {
            panic!("{rows:?}")
        };
        assert_eq!(listen.tcp_state(), Some(TcpState::Listen));
        assert_eq!(listen.local().unwrap().port, Some(2024));
        assert!(listen.remote().unwrap().port.is_none());
        assert!(listen.is_listening());
        assert_eq!(listen.inode, Some(1594));
        assert_eq!(tw.tcp_state(), Some(TcpState::TimeWait));
        assert_eq!(tw.local().unwrap().addr.to_string(), "192.0.2.2");
        assert_eq!(tw.remote().unwrap().addr.to_string(), "1.1.1.1");
        assert_eq!(tw.remote().unwrap().port, Some(443));
        assert_eq!(tw.inode, Some(0));
    }

    #[test]
    fn unknown_state_keeps_row_and_garbage_is_counted() {
        let text = TCP.replace(" 0A ", " 1F ") + "garbage line\n";
        let (rows, bad) = inet(&text, InetProto::Tcp);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].tcp_state(), Some(TcpState::Unknown(31)));
        assert_eq!(rows[0].state_text(), "UNKNOWN(31)");
        assert_eq!(bad, 1);
    }

    // /proc/net/tcp6 on the same machine, from a Python script: [::]:8000 dual-stack
    // listener with an IPv4 client (mapped rows), [::1]:8001 listener with two clients,
    // one accepted and one still in the accept queue (rx_queue 2, inode 0 rows).
    const TCP6: &str = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:1F40 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4679 1 00000000a00f88f6 100 0 0 10 0
   1: 00000000000000000000000001000000:1F41 00000000000000000000000000000000:0000 0A 00000000:00000002 00:00000000 00000000     0        0 4682 3 000000005cc13b69 100 0 0 10 0
   2: 00000000000000000000000001000000:1F41 00000000000000000000000001000000:DEAC 01 00000000:00000000 00:00000000 00000000     0        0 0 1 0000000068fb0e8d 20 0 0 10 -1
   3: 0000000000000000FFFF00000100007F:1F40 0000000000000000FFFF00000100007F:D7C4 01 00000000:00000000 00:00000000 00000000     0        0 4681 1 000000005b7dbc5e 20 0 0 10 -1
";

    #[test]
    fn reads_v6_mapped_v4_and_accept_queue() {
        let (sockets, bad) = inet(TCP6, InetProto::Tcp6);
        assert_eq!(bad, 0);
        assert_eq!(sockets[0].local().unwrap().addr.to_string(), "::");
        assert_eq!(sockets[1].local().unwrap().addr.to_string(), "::1");
        assert_eq!(
            sockets[1].recv_q, 2,
            "rx_queue of a listener is its accept queue"
        );
        assert_eq!(sockets[2].inode, Some(0), "queued, not yet accepted");
        let mapped = sockets[3].local().unwrap();
        assert_eq!(mapped.addr.to_string(), "127.0.0.1");
        assert!(mapped.mapped);
        assert_eq!(sockets[3].remote().unwrap().port, Some(0xD7C4));
    }

    // /proc/net/unix from the same script: a SEQPACKET listener at a path with spaces,
    // a path with a newline (the kernel splits the record), an autobind name, a chosen
    // abstract name, an unnamed connected pair. Inodes are printed "%5lu", hence padding.
    const UNIX: &str = "Num       RefCount Protocol Flags    Type St Inode Path
000000002fbc1b9c: 00000002 00000000 00010000 0005 01  4685 /tmp/socklab test/a b.sock
00000000c2135d88: 00000003 00000000 00000000 0001 03  1591
00000000db68fd88: 00000002 00000000 00000000 0002 01  4686 /tmp/new
line.sock
000000006e2cfa20: 00000002 00000000 00000000 0002 01  4687 @6c38d
00000000f23a022e: 00000002 00000000 00010000 0001 01  4688 @socklab-probe
";

    #[test]
    fn reads_unix_flags_kinds_and_odd_paths() {
        let mut sockets = Vec::new();
        let bad = parse_unix(UNIX.as_bytes(), |s| {
            sockets.push(s);
            Ok(())
        })
        .unwrap();
        assert_eq!(bad, 0);
        let infos: Vec<&UnixInfo> = sockets.iter().map(|s| s.as_unix().unwrap()).collect();
        assert_eq!(infos.len(), 5);
        assert_eq!(infos[0].flags, vec![UnixFlag::Acc]);
        assert_eq!(infos[0].state, UnixState::Listening);
        assert_eq!(infos[0].kind, UnixType::SeqPacket);
        assert_eq!(infos[0].path, "/tmp/socklab test/a b.sock");
        assert_eq!(sockets[0].inode, Some(4685));
        assert_eq!(infos[1].state, UnixState::Connected);
        assert_eq!(infos[1].path_kind(), PathKind::Unnamed);
        assert_eq!(infos[2].path, "/tmp/new\nline.sock");
        assert_eq!(infos[2].state, UnixState::Unconnected);
        assert_eq!(infos[3].path_kind(), PathKind::Abstract);
        assert_eq!(infos[4].path, "@socklab-probe");
        assert_eq!(sockets[4].inode, Some(4688));
    }

    #[test]
    fn an_endless_line_is_skipped_not_held() {
        let mut text = String::from(TCP.lines().next().unwrap());
        text.push('\n');
        text.push_str(&"0".repeat(200_000));
        text.push('\n');
        text.push_str(TCP.lines().nth(1).unwrap());
        let (rows, bad) = inet(&text, InetProto::Tcp);
        assert_eq!((rows.len(), bad), (1, 1));
        let mut buf = Vec::new();
        let mut reader = std::io::BufReader::with_capacity(16, "a\nbc".as_bytes());
        assert_eq!(read_line(&mut reader, &mut buf).unwrap(), Some(true));
        assert_eq!(buf, b"a");
        buf.clear();
        assert_eq!(read_line(&mut reader, &mut buf).unwrap(), Some(true));
        assert_eq!(buf, b"bc");
        assert_eq!(read_line(&mut reader, &mut buf).unwrap(), None);
    }
}
