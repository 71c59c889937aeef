//! The glossary's keys: every thing socklab can explain, as closed sets, and [`Topic`], the
//! one type that names any of them. A topic's `section.key` is also the stable id a note
//! carries in JSON (`state.TIME_WAIT`, `owner.orphan`, `relation.other_end`).

use super::explain_topics::ExplainTopic;
use super::investigate::{FdKind, UnixGroup};
use crate::model::{AnyState, PathKind, TcpState, UnixFlag, UnixState, UnixType};

/// The two sections netstat prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    Inet,
    Unix,
}

keys!(
    /// Every column netstat can print in its socket sections.
    Column, "column", {
    Proto => "proto",
    RecvQ => "recv_q",
    SendQ => "send_q",
    LocalAddress => "local_address",
    ForeignAddress => "foreign_address",
    State => "state",
    User => "user",
    Inode => "inode",
    PidProgram => "pid_program",
    RefCnt => "refcnt",
    Flags => "flags",
    Type => "type",
    UnixState => "unix_state",
    INode => "i_node",
    Path => "path",
});

keys!(
    /// Address forms worth a word.
    AddressForm, "address", {
    AnyV4 => "any_v4",
    AnyV6 => "any_v6",
    LoopbackV4 => "loopback_v4",
    LoopbackV6 => "loopback_v6",
    WildcardPort => "wildcard_port",
    Mapped => "mapped",
    LinkLocal => "link_local",
    Private => "private",
});

keys!(
    /// Who owns the socket, decided from its state, inode and how owners were read.
    OwnerNote, "owner", {
    AcceptQueue => "accept_queue",
    Orphan => "orphan",
    TimeWait => "time_wait",
    Request => "request",
    NotRoot => "not_root",
    Hidden => "hidden",
    Gone => "gone",
    Dash => "dash",
    TimeWaitUid => "time_wait_uid",
    NotScanned => "not_scanned",
});

keys!(
    /// What the queues say, read with the state.
    QueueNote, "queue", {
    Accept => "accept",
    Unread => "unread",
    Unacked => "unacked",
    EofUnread => "eof_unread",
    FinUnread => "fin_unread",
    EofRead => "eof_read",
    ListenSendQ => "listen_send_q",
    SsBacklog => "ss_backlog",
    BacklogFull => "backlog_full",
});

keys!(
    /// What rows say when read together.
    RelationNote, "relation", {
    OtherEnd => "other_end",
    Stalled => "stalled",
    AcceptQueue => "accept_queue",
    Listener => "listener",
    Shared => "shared",
});

keys!(
    /// UDP rows.
    UdpNote, "udp", {
    Unconnected => "unconnected",
    Connected => "connected",
});

keys!(
    /// Raw rows.
    RawNote, "raw", {
    Socket => "socket",
});

keys!(
    /// UNIX socket names, in context.
    PathNote, "path", {
    Tmpfs => "tmpfs",
    Disk => "disk",
    Autobind => "autobind",
    AtFile => "at_file",
    Nul => "nul",
});

keys!(
    /// UNIX sockets, in context.
    UnixNote, "unix", {
    DgramReceiver => "dgram_receiver",
    DgramBlank => "dgram_blank",
    Accepted => "accepted",
});

/// Anything the glossary explains.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Topic {
    Section(Section),
    Column(Column),
    /// A TCP or UNIX state: one `state` section, keyed by the canonical name.
    State(AnyState),
    UnixType(UnixType),
    UnixFlag(UnixFlag),
    PathKind(PathKind),
    Address(AddressForm),
    Owner(OwnerNote),
    Queue(QueueNote),
    Relation(RelationNote),
    Udp(UdpNote),
    Raw(RawNote),
    Path(PathNote),
    Unix(UnixNote),
    FdKind(FdKind),
    UnixGroup(UnixGroup),
    Explain(ExplainTopic),
}

impl Topic {
    /// `section.key` in the glossary file.
    pub fn key(self) -> (&'static str, &'static str) {
        match self {
            Topic::Section(Section::Inet) => ("section", "inet"),
            Topic::Section(Section::Unix) => ("section", "unix"),
            Topic::Column(c) => (Column::SECTION, c.key()),
            Topic::State(s) => ("state", state_key(s)),
            Topic::UnixType(t) => ("unix_type", t.name()),
            Topic::UnixFlag(f) => ("unix_flag", f.name()),
            Topic::PathKind(k) => ("path_kind", k.name()),
            Topic::Address(a) => (AddressForm::SECTION, a.key()),
            Topic::Owner(n) => (OwnerNote::SECTION, n.key()),
            Topic::Queue(n) => (QueueNote::SECTION, n.key()),
            Topic::Relation(n) => (RelationNote::SECTION, n.key()),
            Topic::Udp(n) => (UdpNote::SECTION, n.key()),
            Topic::Raw(n) => (RawNote::SECTION, n.key()),
            Topic::Path(n) => (PathNote::SECTION, n.key()),
            Topic::Unix(n) => (UnixNote::SECTION, n.key()),
            Topic::FdKind(k) => (FdKind::SECTION, k.key()),
            Topic::UnixGroup(g) => (UnixGroup::SECTION, g.key()),
            Topic::Explain(t) => t.key(),
        }
    }

    /// The note id JSON carries: `section.key`.
    pub fn id(self) -> String {
        let (section, key) = self.key();
        format!("{section}.{key}")
    }

    /// A TCP state's topic.
    pub fn tcp(state: TcpState) -> Topic {
        Topic::State(AnyState::Tcp(state))
    }

    /// A UNIX state's topic.
    pub fn unix(state: UnixState) -> Topic {
        Topic::State(AnyState::Unix(state))
    }

    /// Every topic there is: the glossary must hold each.
    pub fn all() -> Vec<Topic> {
        let mut all = vec![Topic::Section(Section::Inet), Topic::Section(Section::Unix)];
        all.extend(Column::ALL.iter().copied().map(Topic::Column));
        all.extend(TcpState::NAMED.map(Topic::tcp));
        all.push(Topic::tcp(TcpState::Unknown(0)));
        all.extend(UnixState::ALL.map(Topic::unix));
        all.extend(UnixType::ALL.map(Topic::UnixType));
        all.extend(UnixFlag::ALL.map(Topic::UnixFlag));
        all.extend(PathKind::ALL.map(Topic::PathKind));
        all.extend(AddressForm::ALL.iter().copied().map(Topic::Address));
        all.extend(OwnerNote::ALL.iter().copied().map(Topic::Owner));
        all.extend(QueueNote::ALL.iter().copied().map(Topic::Queue));
        all.extend(RelationNote::ALL.iter().copied().map(Topic::Relation));
        all.extend(UdpNote::ALL.iter().copied().map(Topic::Udp));
        all.extend(RawNote::ALL.iter().copied().map(Topic::Raw));
        all.extend(PathNote::ALL.iter().copied().map(Topic::Path));
        all.extend(UnixNote::ALL.iter().copied().map(Topic::Unix));
        all.extend(FdKind::ALL.iter().copied().map(Topic::FdKind));
        all.extend(UnixGroup::ALL.iter().copied().map(Topic::UnixGroup));
        all.extend(ExplainTopic::all().into_iter().map(Topic::Explain));
        all
    }
}

/// The canonical name of a state of either section; both sections share `UNKNOWN`.
fn state_key(state: AnyState) -> &'static str {
    match state {
        AnyState::Tcp(s) => s.name(),
        AnyState::Unix(s) => s.key(),
    }
}
