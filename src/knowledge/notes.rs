//! Which notes apply to a row, decided in context: the socket's state × inode × queues ×
//! owners (and whether they could be read) × the rest of the table × the kernel. A pure
//! function from values to note keys and numbers; the words stay in the glossary, and
//! the same decision serves the live table, `who`, `unix`, `watch` and pasted text.

use std::net::IpAddr;

use super::relations::Relation;
use super::topic::{
    AddressForm, OwnerNote, PathNote, QueueNote, RawNote, RelationNote, Topic, UdpNote, UnixNote,
};
use crate::model::{Detail, Endpoint, Family, Inet, PathKind, Socket, TcpState, UnixFlag};
use crate::model::{UnixInfo, UnixState, UnixType};

/// One note decided for a row: its glossary entry, the values of its placeholders, and
/// for a note about another row, which row (an index into the same table).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NoteRef {
    pub topic: Topic,
    pub values: Vec<(&'static str, String)>,
    pub with: Option<With>,
}

impl NoteRef {
    /// A note with no values yet.
    pub fn of(topic: Topic) -> NoteRef {
        NoteRef {
            topic,
            values: Vec::new(),
            with: None,
        }
    }

    /// The note with one more placeholder's value.
    pub fn value(mut self, name: &'static str, value: impl ToString) -> NoteRef {
        self.values.push((name, value.to_string()));
        self
    }
}

/// What a relation note points at.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum With {
    /// Another row of the same table.
    Row(usize),
    /// The processes sharing the socket.
    Pids(Vec<u32>),
}

/// How the owners of these rows are known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OwnerView {
    /// Not looked up (no `-p`): a missing owner means nothing.
    #[default]
    NotAsked,
    /// Looked up on this machine; `hidden` processes could not be read.
    Scanned { hidden: usize, as_root: bool },
    /// Pasted text with an owner column; `not_root` when the tool warned it was not root.
    Pasted { not_root: bool },
}

/// What is known about the table the rows come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct View {
    pub owners: OwnerView,
    /// The rows come from `ss`, whose LISTEN Send-Q is the backlog limit.
    pub ss_queues: bool,
    /// The User column is shown (`-e`), so uid 0 on TIME_WAIT rows is worth a word.
    pub user_shown: bool,
    /// The running kernel as (major, minor), when the rows are live.
    pub kernel: Option<(u32, u32)>,
}

/// One row as the decision sees it.
#[derive(Clone, Copy, Debug)]
pub struct Row<'a> {
    pub socket: &'a Socket,
    /// The owner column printed `-` (pasted text).
    pub dash: bool,
    /// What this row is to other rows of the table.
    pub relations: &'a [Relation],
}

impl<'a> Row<'a> {
    /// A row read alone: no other rows, no pasted owner column.
    pub fn alone(socket: &'a Socket) -> Row<'a> {
        Row {
            socket,
            dash: false,
            relations: &[],
        }
    }
}

/// The notes of one row, in reading order, without repeats.
pub fn decide(row: Row, view: &View) -> Vec<NoteRef> {
    let mut notes = match &row.socket.detail {
        Detail::Inet(inet) => inet_notes(row.socket, inet, view),
        Detail::Unix(unix) => unix_notes(row.socket, unix, view),
    };
    notes.extend(owner_note(row, view));
    notes.extend(row.relations.iter().map(relation_note));
    notes.extend(shared_note(row.socket));
    // Without repeats, in place: the first note of each topic stays.
    let mut kept = 0;
    for i in 0..notes.len() {
        if !notes[..kept].iter().any(|n| n.topic == notes[i].topic) {
            notes.swap(kept, i);
            kept += 1;
        }
    }
    notes.truncate(kept);
    notes
}

fn inet_notes(socket: &Socket, inet: &Inet, view: &View) -> Vec<NoteRef> {
    // Room for a row's usual notes and what `decide` adds, so the list grows once.
    let mut notes = Vec::with_capacity(8);
    match (inet.proto.family(), inet.state) {
        (Family::Tcp, Some(state)) => notes.push(NoteRef::of(Topic::tcp(state))),
        // A TCP row whose state was not read is still TCP: never the raw-socket note.
        (Family::Tcp, None) => {}
        (Family::Udp, Some(TcpState::Established)) => {
            notes.push(NoteRef::of(Topic::Udp(UdpNote::Connected)))
        }
        (Family::Udp, _) => notes.push(NoteRef::of(Topic::Udp(UdpNote::Unconnected))),
        (Family::Raw | Family::Unix, _) => notes.push(NoteRef::of(Topic::Raw(RawNote::Socket))),
    }
    for (end, remote) in [(inet.local, false), (inet.remote, true)] {
        notes.extend(end.and_then(|e| address_note(&e, remote)));
    }
    if inet.proto.family() == Family::Tcp {
        notes.extend(queue_notes(socket, inet.state, view));
    }
    if inet.state == Some(TcpState::TimeWait) && view.user_shown && socket.uid == Some(0) {
        notes.push(NoteRef::of(Topic::Owner(OwnerNote::TimeWaitUid)));
    }
    notes
}

fn address_note(end: &Endpoint, remote: bool) -> Option<NoteRef> {
    if end.mapped {
        return Some(NoteRef::of(Topic::Address(AddressForm::Mapped)).value("addr", end.addr));
    }
    let form = match end.addr {
        // A remote 0.0.0.0:* is "no peer", not "every interface".
        a if a.is_unspecified() && remote => AddressForm::WildcardPort,
        IpAddr::V4(a) if a.is_unspecified() => AddressForm::AnyV4,
        IpAddr::V6(a) if a.is_unspecified() => AddressForm::AnyV6,
        IpAddr::V4(a) if a.is_loopback() => AddressForm::LoopbackV4,
        IpAddr::V6(a) if a.is_loopback() => AddressForm::LoopbackV6,
        IpAddr::V4(a) if a.is_link_local() => AddressForm::LinkLocal,
        IpAddr::V6(a) if a.is_unicast_link_local() => AddressForm::LinkLocal,
        IpAddr::V4(a) if a.is_private() => AddressForm::Private,
        IpAddr::V6(a) if a.is_unique_local() => AddressForm::Private,
        _ => return None,
    };
    Some(NoteRef::of(Topic::Address(form)))
}

/// Recv-Q and Send-Q, read with the state (netstat-facts §1, §6).
fn queue_notes(socket: &Socket, state: Option<TcpState>, view: &View) -> Vec<NoteRef> {
    let (recv, send) = (socket.recv_q, socket.send_q);
    let q = |n: QueueNote| NoteRef::of(Topic::Queue(n));
    let mut notes = Vec::new();
    match state {
        Some(TcpState::Listen) => {
            if recv > 0 {
                notes.push(q(QueueNote::Accept).value("n", recv));
            }
            if view.ss_queues && send > 0 {
                notes.push(q(QueueNote::SsBacklog).value("n", send));
                if recv >= send {
                    let full = q(QueueNote::BacklogFull).value("n", recv);
                    notes.push(full.value("limit", send));
                }
            }
            return notes;
        }
        // The FIN counts 1 and is read with the last bytes that came with it: 1 alone
        // means every byte was read before the FIN arrived (facts §6, corrected).
        Some(TcpState::CloseWait) if recv == 1 => notes.push(q(QueueNote::FinUnread)),
        Some(TcpState::CloseWait) if recv > 1 => {
            notes.push(q(QueueNote::EofUnread).value("n", recv))
        }
        Some(TcpState::CloseWait) => notes.push(q(QueueNote::EofRead)),
        _ if recv > 0 => notes.push(q(QueueNote::Unread).value("n", recv)),
        _ => {}
    }
    if send > 0 {
        notes.push(q(QueueNote::Unacked).value("n", send));
    }
    notes
}

fn unix_notes(socket: &Socket, unix: &UnixInfo, view: &View) -> Vec<NoteRef> {
    let mut notes = vec![
        NoteRef::of(Topic::unix(unix.state)),
        NoteRef::of(Topic::UnixType(unix.kind)),
    ];
    if unix.flags.contains(&UnixFlag::Acc) {
        notes.push(NoteRef::of(Topic::UnixFlag(UnixFlag::Acc)));
    }
    notes.extend(path_notes(unix));
    let dgram = unix.kind == UnixType::Dgram;
    let named = !unix.path.is_empty();
    if dgram && unix.state == UnixState::Connected && named && socket.inode.is_some() {
        notes.push(NoteRef::of(Topic::Unix(UnixNote::DgramReceiver)));
    }
    let old_kernel = view.kernel.is_none_or(|v| v < (5, 15));
    if dgram && unix.state == UnixState::Unconnected && old_kernel {
        notes.push(NoteRef::of(Topic::Unix(UnixNote::DgramBlank)));
    }
    notes
}

fn path_notes(unix: &UnixInfo) -> Vec<NoteRef> {
    let mut notes = Vec::new();
    match unix.path_kind() {
        PathKind::Abstract if is_autobind(&unix.path) => {
            notes.push(NoteRef::of(Topic::Path(PathNote::Autobind)));
        }
        PathKind::Abstract => {
            notes.push(NoteRef::of(Topic::PathKind(PathKind::Abstract)));
            if unix.path[1..].contains('@') {
                notes.push(NoteRef::of(Topic::Path(PathNote::Nul)));
            }
        }
        PathKind::Filesystem if unix.at_file => {
            notes.push(NoteRef::of(Topic::Path(PathNote::AtFile)))
        }
        kind => notes.push(NoteRef::of(Topic::PathKind(kind))),
    }
    if let Some(fs) = &unix.fs_type {
        let note = if fs == "tmpfs" {
            PathNote::Tmpfs
        } else {
            PathNote::Disk
        };
        notes.push(NoteRef::of(Topic::Path(note)).value("fs", fs));
    }
    notes
}

/// Why a row has no owner, when it has none: the state decides what inode 0 means
/// (netstat-facts §1 Inode); otherwise how owners were read does.
fn owner_note(row: Row, view: &View) -> Option<NoteRef> {
    let socket = row.socket;
    if !socket.owners.is_empty() {
        return None;
    }
    let inode_zero = socket.inode == Some(0);
    let unknown = socket.inode.is_none() && row.dash;
    let by_state = match (socket.tcp_state(), socket.as_unix().map(|u| u.state)) {
        (Some(TcpState::TimeWait), _) => Some(OwnerNote::TimeWait),
        (Some(TcpState::SynRecv), _) => Some(OwnerNote::Request),
        (Some(s), _) if inode_zero || unknown => match s {
            TcpState::FinWait1 | TcpState::FinWait2 | TcpState::Closing | TcpState::LastAck => {
                Some(OwnerNote::Orphan)
            }
            TcpState::Established | TcpState::CloseWait if inode_zero => {
                Some(OwnerNote::AcceptQueue)
            }
            _ => None,
        },
        (_, Some(UnixState::Connecting)) => Some(OwnerNote::AcceptQueue),
        _ => None,
    };
    let note = by_state.or_else(|| hidden_owner(socket, row.dash, view))?;
    Some(NoteRef::of(Topic::Owner(note)).value("inode", socket.inode.unwrap_or(0)))
}

/// An owner that exists but could not be named, by how owners were read.
fn hidden_owner(socket: &Socket, dash: bool, view: &View) -> Option<OwnerNote> {
    let has_file = socket.inode.is_some_and(|i| i != 0);
    match view.owners {
        OwnerView::Scanned { hidden: 0, .. } if has_file => Some(OwnerNote::Gone),
        OwnerView::Scanned { as_root: true, .. } if has_file => Some(OwnerNote::Hidden),
        OwnerView::Scanned { .. } if has_file => Some(OwnerNote::NotRoot),
        OwnerView::Pasted { not_root: true } if dash => Some(OwnerNote::NotRoot),
        OwnerView::Pasted { .. } if dash => Some(OwnerNote::Dash),
        _ => None,
    }
}

fn relation_note(r: &Relation) -> NoteRef {
    let note = NoteRef::of(Topic::Relation(r.kind))
        .value("n", r.n)
        .value("m", r.m);
    let note = match r.kind {
        RelationNote::Listener => note.value("port", r.n),
        _ => note,
    };
    NoteRef {
        with: Some(With::Row(r.with)),
        ..note
    }
}

fn shared_note(socket: &Socket) -> Option<NoteRef> {
    let mut pids: Vec<u32> = socket.owners.iter().map(|o| o.process.pid).collect();
    pids.dedup();
    if pids.len() < 2 {
        return None;
    }
    let list: Vec<String> = pids.iter().map(u32::to_string).collect();
    let note = NoteRef::of(Topic::Relation(RelationNote::Shared));
    let note = note.value("n", pids.len()).value("pids", list.join(", "));
    Some(NoteRef {
        with: Some(With::Pids(pids)),
        ..note
    })
}

/// `@` + exactly five lowercase hex digits: the kernel's autobind name (unix(7)).
pub fn is_autobind(path: &str) -> bool {
    path.strip_prefix('@').is_some_and(|h| {
        h.len() == 5
            && h.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(test)]
mod tests;
