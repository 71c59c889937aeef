//! Which UNIX socket is connected to which. `/proc/net/unix` does not say; the kernel's
//! sock_diag netlink interface does (what `ss -x` prints as the peer inode), so this asks
//! it once for every UNIX socket with `UDIAG_SHOW_PEER`. Live kernel only: a fixture tree
//! has no peers, and a kernel without sock_diag just means "peer unknown".

use std::collections::HashMap;
use std::io::{self, Read};

use socket2::{Domain, Protocol, Socket, Type};

const AF_UNIX: u8 = 1;
const AF_NETLINK: i32 = 16;
const NETLINK_SOCK_DIAG: i32 = 4;
const SOCK_DIAG_BY_FAMILY: u16 = 20;
const NLM_F_REQUEST: u16 = 0x1;
const NLM_F_DUMP: u16 = 0x300;
const NLMSG_ERROR: u16 = 2;
const NLMSG_DONE: u16 = 3;
const UDIAG_SHOW_PEER: u32 = 0x4;
const UNIX_DIAG_PEER: u16 = 2;

/// inode → peer inode, for every connected UNIX socket in this network namespace.
pub fn unix_peers() -> io::Result<HashMap<u64, u64>> {
    let socket = Socket::new(
        Domain::from(AF_NETLINK),
        Type::RAW,
        Some(Protocol::from(NETLINK_SOCK_DIAG)),
    )?;
    socket.send(&request())?;
    let mut peers = HashMap::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut reader = &socket;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 || parse_replies(&buf[..n], &mut peers)? {
            return Ok(peers);
        }
    }
}

/// `nlmsghdr` + `unix_diag_req` asking for every UNIX socket and its peer.
fn request() -> Vec<u8> {
    let mut req = Vec::with_capacity(40);
    req.extend_from_slice(&40u32.to_ne_bytes()); // nlmsg_len
    req.extend_from_slice(&SOCK_DIAG_BY_FAMILY.to_ne_bytes());
    req.extend_from_slice(&(NLM_F_REQUEST | NLM_F_DUMP).to_ne_bytes());
    req.extend_from_slice(&1u32.to_ne_bytes()); // seq
    req.extend_from_slice(&0u32.to_ne_bytes()); // pid: the kernel
    req.extend_from_slice(&[AF_UNIX, 0, 0, 0]); // family, protocol, pad
    req.extend_from_slice(&u32::MAX.to_ne_bytes()); // every state
    req.extend_from_slice(&0u32.to_ne_bytes()); // any inode
    req.extend_from_slice(&UDIAG_SHOW_PEER.to_ne_bytes());
    req.extend_from_slice(&[0u8; 8]); // cookie
    req
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_ne_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_ne_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Reads one datagram of netlink messages into `peers`; `true` when the dump is done.
pub fn parse_replies(mut b: &[u8], peers: &mut HashMap<u64, u64>) -> io::Result<bool> {
    let bad = || io::Error::new(io::ErrorKind::InvalidData, "short sock_diag reply");
    while b.len() >= 16 {
        let len = u32_at(b, 0).ok_or_else(bad)? as usize;
        let kind = u16_at(b, 4).ok_or_else(bad)?;
        if len < 16 || len > b.len() {
            return Err(bad());
        }
        match kind {
            NLMSG_DONE => return Ok(true),
            NLMSG_ERROR => {
                let errno = u32_at(b, 16).map_or(0, |e| e as i32);
                return Err(io::Error::from_raw_os_error(-errno));
            }
            _ => {
                // unix_diag_msg: family, type, state, pad, ino, cookie[2] (16 bytes).
                let msg = &b[16..len];
                let inode = u32_at(msg, 4).ok_or_else(bad)?;
                let mut attrs = msg.get(16..).unwrap_or_default();
                while attrs.len() >= 4 {
                    let alen = u16_at(attrs, 0).ok_or_else(bad)? as usize;
                    let atype = u16_at(attrs, 2).ok_or_else(bad)?;
                    if alen < 4 || alen > attrs.len() {
                        break;
                    }
                    if atype == UNIX_DIAG_PEER
                        && let Some(peer) = u32_at(attrs, 4)
                    {
                        peers.insert(u64::from(inode), u64::from(peer));
                    }
                    attrs = attrs.get(alen.next_multiple_of(4)..).unwrap_or_default();
                }
            }
        }
        b = b.get(len.next_multiple_of(4)..).unwrap_or_default();
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::net::UnixStream;

    #[test]
    fn a_socketpair_is_each_others_peer() {
        let (a, b) = UnixStream::pair().unwrap();
        let inode = |s: &UnixStream| {
            use std::os::fd::AsRawFd;
            let link = std::fs::read_link(format!("/proc/self/fd/{}", s.as_raw_fd())).unwrap();
            super::super::owners::socket_inode(link.as_os_str().as_encoded_bytes()).unwrap()
        };
        let peers = match unix_peers() {
            Ok(p) => p,
            Err(e) => {
                eprintln!("SKIPPED: sock_diag unavailable here: {e}");
                return;
            }
        };
        assert_eq!(peers.get(&inode(&a)), Some(&inode(&b)));
        assert_eq!(peers.get(&inode(&b)), Some(&inode(&a)));
    }

    #[test]
    fn parses_a_reply_with_a_peer_attribute() {
        // Real replies from Linux 6.18 (x86-64) to request() for a socketpair end (inode
        // 1128936, peer 1128937): its message (peer attribute, then a 5-byte shutdown
        // attribute that needs padding), then NLMSG_DONE. Captured with a Python netlink
        // socket on this project's build machine.
        let hex = |h: &str| -> Vec<u8> {
            (0..h.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
                .collect()
        };
        let mut reply = hex(
            "300000001400020001000000106b000001010100e8391100a98c05000000000008000200e93911000500060000000000",
        );
        reply.extend(hex("140000000300020001000000106b000000000000"));
        if cfg!(target_endian = "big") {
            return;
        }
        let mut peers = HashMap::new();
        assert!(parse_replies(&reply, &mut peers).unwrap());
        assert_eq!(peers.get(&1128936), Some(&1128937));
        assert_eq!(peers.len(), 1);
        assert!(parse_replies(&reply[..20], &mut HashMap::new()).is_err());
        assert!(!parse_replies(&reply[..48], &mut HashMap::new()).unwrap());
    }
}
