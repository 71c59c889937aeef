//! Which glossary topics apply to one socket, in reading order (state, addresses, queues,
//! owner; or type, state, flags, name for UNIX), with their per-row numbers filled in.

use std::net::IpAddr;

use super::{AddressForm, Args, Glossary, Note, Topic};
use crate::model::{Endpoint, Family, PathKind, Socket, TcpState, UnixFlag};

/// The notes shown under (or beside) a row. `owners_known` says whether owners were
/// looked up, so a missing owner means something.
pub fn row_notes(socket: &Socket, glossary: &Glossary, owners_known: bool) -> Vec<String> {
    let mut notes = Vec::new();
    let mut say = |topic: Topic, args: Args| notes.push(glossary.fill(topic, args));
    if let Some(unix) = &socket.as_unix() {
        say(Topic::UnixType(unix.kind), args!());
        say(Topic::UnixState(unix.state), args!());
        if unix.flags.contains(&UnixFlag::Acc) {
            say(Topic::UnixFlag(UnixFlag::Acc), args!());
        }
        match unix.path_kind() {
            PathKind::Abstract if is_autobind(&unix.path) => {
                say(Topic::Note(Note::Autobind), args!())
            }
            kind => say(Topic::PathKind(kind), args!()),
        }
        if let Some(fs) = &unix.fs_type {
            let note = if fs == "tmpfs" {
                Note::TmpfsPath
            } else {
                Note::DiskPath
            };
            say(Topic::Note(note), args!(fs = fs));
        }
    } else {
        let listening = socket.tcp_state() == Some(TcpState::Listen);
        match (socket.family(), socket.tcp_state()) {
            (Family::Tcp, Some(state)) => say(Topic::TcpState(state), args!()),
            // A TCP row whose state was not printed (a wrapped or cut line, old `ss -l`)
            // is still TCP: nothing to say about its state, and it is no raw socket.
            (Family::Tcp, None) => {}
            (Family::Udp, Some(TcpState::Established)) => {
                say(Topic::Note(Note::UdpConnected), args!())
            }
            (Family::Udp, _) => say(Topic::Note(Note::UdpUnconnected), args!()),
            _ => say(Topic::Note(Note::Raw), args!()),
        }
        let ends = [(socket.local(), false), (socket.remote(), true)];
        for (end, remote) in ends.into_iter().filter_map(|(e, r)| Some((e?, r))) {
            let form = match address_form(&end) {
                // A remote 0.0.0.0:* is "no peer", not "every interface".
                Some(AddressForm::AnyV4 | AddressForm::AnyV6) if remote => {
                    Some(AddressForm::WildcardPort)
                }
                form => form,
            };
            if let Some(form) = form {
                say(Topic::Address(form), args!());
            }
            if end.mapped {
                say(Topic::Note(Note::Mapped), args!(addr = end.addr));
            }
        }
        if listening && socket.recv_q > 0 {
            say(Topic::Note(Note::ListenBacklog), args!(n = socket.recv_q));
        } else if !listening && socket.recv_q > 0 {
            say(Topic::Note(Note::Unread), args!(n = socket.recv_q));
        }
        if !listening && socket.send_q > 0 {
            say(Topic::Note(Note::Unacked), args!(n = socket.send_q));
        }
        if socket.inode == Some(0) {
            let held = socket.tcp_state().is_some_and(TcpState::is_after_close);
            say(
                Topic::Note(if held {
                    Note::KernelHeld
                } else {
                    Note::NotAccepted
                }),
                args!(),
            );
        }
    }
    let has_inode = socket.inode.is_some_and(|n| n != 0);
    if owners_known && has_inode && socket.owners.is_empty() {
        say(Topic::Note(Note::OwnerUnknown), args!());
    }
    let pids = distinct_pids(socket);
    if pids > 1 {
        say(Topic::Note(Note::Shared), args!(n = pids));
    }
    // Loopback on both ends would say the same thing twice.
    // A handful of notes: a linear check beats hashing (explain calls this per row).
    let mut unique: Vec<String> = Vec::with_capacity(notes.len());
    for note in notes {
        if !unique.contains(&note) {
            unique.push(note);
        }
    }
    unique
}

fn distinct_pids(socket: &Socket) -> usize {
    let mut pids: Vec<u32> = socket.owners.iter().map(|o| o.process.pid).collect();
    pids.dedup();
    pids.len()
}

/// `@` + exactly five lowercase hex digits: the kernel's autobind name (unix(7)).
pub fn is_autobind(path: &str) -> bool {
    path.strip_prefix('@').is_some_and(|h| {
        h.len() == 5
            && h.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

fn address_form(end: &Endpoint) -> Option<AddressForm> {
    Some(match end.addr {
        IpAddr::V4(a) if a.is_unspecified() => AddressForm::AnyV4,
        IpAddr::V6(a) if a.is_unspecified() => AddressForm::AnyV6,
        IpAddr::V4(a) if a.is_loopback() => AddressForm::LoopbackV4,
        IpAddr::V6(a) if a.is_loopback() => AddressForm::LoopbackV6,
        IpAddr::V4(a) if a.is_link_local() => AddressForm::LinkLocal,
        IpAddr::V6(a) if a.is_unicast_link_local() => AddressForm::LinkLocal,
        IpAddr::V4(a) if a.is_private() => AddressForm::Private,
        IpAddr::V6(a) if a.is_unique_local() => AddressForm::Private,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autobind_names() {
        assert!(is_autobind("@6c38d"));
        assert!(!is_autobind("@socklab-probe"));
        assert!(!is_autobind("@6c38"));
        assert!(!is_autobind("/run/6c38d"));
    }
}
