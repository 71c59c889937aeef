//! The socket model: what socklab knows about one socket, whether it was read from
//! `/proc` or parsed from pasted tool output. Pure data — no I/O, no terminal.
//!
//! The closed sets (protocols, TCP states, UNIX types, states and flags, path kinds) are
//! enums with an `ALL` list, so the glossary test can prove every value is explained.

use std::fmt;
use std::net::IpAddr;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use smallvec::SmallVec;

/// The protocol of an Internet socket, spelled as netstat prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InetProto {
    Tcp,
    Tcp6,
    Udp,
    Udp6,
    Raw,
    Raw6,
}

impl InetProto {
    pub const ALL: [InetProto; 6] = [
        InetProto::Tcp,
        InetProto::Tcp6,
        InetProto::Udp,
        InetProto::Udp6,
        InetProto::Raw,
        InetProto::Raw6,
    ];

    pub fn name(self) -> &'static str {
        match self {
            InetProto::Tcp => "tcp",
            InetProto::Tcp6 => "tcp6",
            InetProto::Udp => "udp",
            InetProto::Udp6 => "udp6",
            InetProto::Raw => "raw",
            InetProto::Raw6 => "raw6",
        }
    }

    pub fn family(self) -> Family {
        match self {
            InetProto::Tcp | InetProto::Tcp6 => Family::Tcp,
            InetProto::Udp | InetProto::Udp6 => Family::Udp,
            InetProto::Raw | InetProto::Raw6 => Family::Raw,
        }
    }

    /// The IPv6 table of the family (`tcp6`): it may also carry IPv4-mapped addresses.
    pub fn is_v6(self) -> bool {
        matches!(self, InetProto::Tcp6 | InetProto::Udp6 | InetProto::Raw6)
    }

    /// The protocol of `family` for an IPv4 or IPv6 table; `None` for UNIX.
    pub fn of(family: Family, v6: bool) -> Option<InetProto> {
        Some(match (family, v6) {
            (Family::Tcp, false) => InetProto::Tcp,
            (Family::Tcp, true) => InetProto::Tcp6,
            (Family::Udp, false) => InetProto::Udp,
            (Family::Udp, true) => InetProto::Udp6,
            (Family::Raw, false) => InetProto::Raw,
            (Family::Raw, true) => InetProto::Raw6,
            (Family::Unix, _) => return None,
        })
    }
}

/// The Proto column of either section: an Internet protocol or `unix`. Derived from a
/// socket's [`Detail`], never stored beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Proto {
    Inet(InetProto),
    Unix,
}

impl Proto {
    pub fn name(self) -> &'static str {
        match self {
            Proto::Inet(p) => p.name(),
            Proto::Unix => "unix",
        }
    }

    pub fn family(self) -> Family {
        match self {
            Proto::Inet(p) => p.family(),
            Proto::Unix => Family::Unix,
        }
    }
}

/// The four tables netstat's `-t -u -w -x` select.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    Tcp,
    Udp,
    Raw,
    Unix,
}

/// TCP states as the kernel numbers them in `/proc/net/tcp` (include/net/tcp_states.h).
/// An unknown number is kept, not rejected: a newer kernel must not break the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TcpState {
    Established,
    SynSent,
    SynRecv,
    FinWait1,
    FinWait2,
    TimeWait,
    Close,
    CloseWait,
    LastAck,
    Listen,
    Closing,
    NewSynRecv,
    Unknown(u8),
}

impl TcpState {
    /// Every named state (the glossary must explain each, and `UNKNOWN`).
    pub const NAMED: [TcpState; 12] = [
        TcpState::Established,
        TcpState::SynSent,
        TcpState::SynRecv,
        TcpState::FinWait1,
        TcpState::FinWait2,
        TcpState::TimeWait,
        TcpState::Close,
        TcpState::CloseWait,
        TcpState::LastAck,
        TcpState::Listen,
        TcpState::Closing,
        TcpState::NewSynRecv,
    ];

    pub fn from_kernel(n: u8) -> TcpState {
        match n {
            1 => TcpState::Established,
            2 => TcpState::SynSent,
            3 => TcpState::SynRecv,
            4 => TcpState::FinWait1,
            5 => TcpState::FinWait2,
            6 => TcpState::TimeWait,
            7 => TcpState::Close,
            8 => TcpState::CloseWait,
            9 => TcpState::LastAck,
            10 => TcpState::Listen,
            11 => TcpState::Closing,
            12 => TcpState::NewSynRecv,
            n => TcpState::Unknown(n),
        }
    }

    /// The kernel's number for this state (`st` in `/proc/net/tcp`, hex there): the inverse
    /// of [`TcpState::from_kernel`], written out so neither depends on the order of a list.
    pub fn kernel_number(self) -> u8 {
        match self {
            TcpState::Established => 1,
            TcpState::SynSent => 2,
            TcpState::SynRecv => 3,
            TcpState::FinWait1 => 4,
            TcpState::FinWait2 => 5,
            TcpState::TimeWait => 6,
            TcpState::Close => 7,
            TcpState::CloseWait => 8,
            TcpState::LastAck => 9,
            TcpState::Listen => 10,
            TcpState::Closing => 11,
            TcpState::NewSynRecv => 12,
            TcpState::Unknown(n) => n,
        }
    }

    /// The canonical netstat spelling; also the glossary key.
    pub fn name(self) -> &'static str {
        match self {
            TcpState::Established => "ESTABLISHED",
            TcpState::SynSent => "SYN_SENT",
            TcpState::SynRecv => "SYN_RECV",
            TcpState::FinWait1 => "FIN_WAIT1",
            TcpState::FinWait2 => "FIN_WAIT2",
            TcpState::TimeWait => "TIME_WAIT",
            TcpState::Close => "CLOSE",
            TcpState::CloseWait => "CLOSE_WAIT",
            TcpState::LastAck => "LAST_ACK",
            TcpState::Listen => "LISTEN",
            TcpState::Closing => "CLOSING",
            TcpState::NewSynRecv => "NEW_SYN_RECV",
            TcpState::Unknown(_) => "UNKNOWN",
        }
    }

    /// Parses a canonical name (as `--state` takes it); case and `-`/`_` are forgiven.
    pub fn parse(text: &str) -> Option<TcpState> {
        let wanted = text.trim().to_ascii_uppercase().replace('-', "_");
        TcpState::NAMED
            .into_iter()
            .find(|s| s.name() == wanted)
            .or_else(|| {
                let n = wanted.strip_prefix("UNKNOWN(")?.strip_suffix(')')?;
                Some(TcpState::Unknown(n.parse().ok()?))
            })
    }

    /// States that follow the application's `close()`: the kernel alone holds them.
    pub fn is_after_close(self) -> bool {
        matches!(
            self,
            TcpState::FinWait2 | TcpState::TimeWait | TcpState::Closing | TcpState::LastAck
        )
    }
}

impl fmt::Display for TcpState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TcpState::Unknown(n) => write!(f, "UNKNOWN({n})"),
            other => f.write_str(other.name()),
        }
    }
}

/// UNIX socket types from `/proc/net/unix` (the kernel's SOCK_* numbers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnixType {
    Stream,
    Dgram,
    Raw,
    Rdm,
    SeqPacket,
    Unknown,
}

impl UnixType {
    pub const ALL: [UnixType; 6] = [
        UnixType::Stream,
        UnixType::Dgram,
        UnixType::Raw,
        UnixType::Rdm,
        UnixType::SeqPacket,
        UnixType::Unknown,
    ];

    pub fn from_kernel(n: u16) -> UnixType {
        match n {
            1 => UnixType::Stream,
            2 => UnixType::Dgram,
            3 => UnixType::Raw,
            4 => UnixType::Rdm,
            5 => UnixType::SeqPacket,
            _ => UnixType::Unknown,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            UnixType::Stream => "STREAM",
            UnixType::Dgram => "DGRAM",
            UnixType::Raw => "RAW",
            UnixType::Rdm => "RDM",
            UnixType::SeqPacket => "SEQPACKET",
            UnixType::Unknown => "UNKNOWN",
        }
    }
}

/// UNIX socket states as netstat names them. `Unconnected` prints as an empty column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnixState {
    Free,
    Unconnected,
    Listening,
    Connecting,
    Connected,
    Disconnecting,
    Unknown,
}

impl UnixState {
    pub const ALL: [UnixState; 7] = [
        UnixState::Free,
        UnixState::Unconnected,
        UnixState::Listening,
        UnixState::Connecting,
        UnixState::Connected,
        UnixState::Disconnecting,
        UnixState::Unknown,
    ];

    /// netstat's rule: an unconnected socket with ACC is LISTENING.
    pub fn from_kernel(n: u8, accepting: bool) -> UnixState {
        match n {
            0 => UnixState::Free,
            1 if accepting => UnixState::Listening,
            1 => UnixState::Unconnected,
            2 => UnixState::Connecting,
            3 => UnixState::Connected,
            4 => UnixState::Disconnecting,
            _ => UnixState::Unknown,
        }
    }

    /// The text of netstat's State column (empty for unconnected).
    pub fn column_text(self) -> &'static str {
        match self {
            UnixState::Unconnected => "",
            other => other.key(),
        }
    }

    /// The glossary key (a name even for the empty column).
    pub fn key(self) -> &'static str {
        match self {
            UnixState::Free => "FREE",
            UnixState::Unconnected => "UNCONNECTED",
            UnixState::Listening => "LISTENING",
            UnixState::Connecting => "CONNECTING",
            UnixState::Connected => "CONNECTED",
            UnixState::Disconnecting => "DISCONNECTING",
            UnixState::Unknown => "UNKNOWN",
        }
    }
}

/// A state of either section, as `--state` takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnyState {
    Tcp(TcpState),
    Unix(UnixState),
}

impl AnyState {
    /// A TCP name (`time-wait`, `LISTEN`), else a UNIX one (`listening`); case forgiven.
    pub fn parse(text: &str) -> Option<AnyState> {
        if let Some(state) = TcpState::parse(text) {
            return Some(AnyState::Tcp(state));
        }
        let upper = text.trim().to_ascii_uppercase();
        UnixState::ALL
            .into_iter()
            .find(|s| s.key() == upper)
            .map(AnyState::Unix)
    }

    /// Whether `socket` is in this state (a TCP state never matches a UNIX row).
    pub fn matches(self, socket: &Socket) -> bool {
        match self {
            AnyState::Tcp(want) => socket.as_inet().is_some_and(|i| i.state == Some(want)),
            AnyState::Unix(want) => socket.as_unix().is_some_and(|u| u.state == want),
        }
    }
}

/// Flags netstat prints between `[ ]`. Modern kernels only ever set ACC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnixFlag {
    Acc,
    WaitData,
    NoSpace,
}

impl UnixFlag {
    pub const ALL: [UnixFlag; 3] = [UnixFlag::Acc, UnixFlag::WaitData, UnixFlag::NoSpace];

    pub fn name(self) -> &'static str {
        match self {
            UnixFlag::Acc => "ACC",
            UnixFlag::WaitData => "W",
            UnixFlag::NoSpace => "N",
        }
    }
}

/// Where a UNIX socket's name lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PathKind {
    Filesystem,
    Abstract,
    Unnamed,
}

impl PathKind {
    pub const ALL: [PathKind; 3] = [PathKind::Filesystem, PathKind::Abstract, PathKind::Unnamed];

    pub fn of(path: &str) -> PathKind {
        if path.is_empty() {
            PathKind::Unnamed
        } else if path.starts_with('@') {
            PathKind::Abstract
        } else {
            PathKind::Filesystem
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            PathKind::Filesystem => "filesystem",
            PathKind::Abstract => "abstract",
            PathKind::Unnamed => "unnamed",
        }
    }
}

/// The UNIX-only columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnixInfo {
    /// The kernel's `sk_refcnt`; unknown in pasted `ss` output, which does not print it.
    pub refcnt: Option<u32>,
    pub flags: Vec<UnixFlag>,
    pub kind: UnixType,
    pub state: UnixState,
    /// As the kernel prints it: abstract names start with `@`; empty when unnamed.
    pub path: String,
    /// Filesystem type of the directory holding a path socket (`tmpfs` for `/run`).
    pub fs_type: Option<String>,
    /// An `@name` that is really a socket file bound with a relative name starting with
    /// `@` (found in an owner's working directory): the kernel prints both the same.
    pub at_file: bool,
}

impl UnixInfo {
    pub fn path_kind(&self) -> PathKind {
        match PathKind::of(&self.path) {
            PathKind::Abstract if self.at_file => PathKind::Filesystem,
            kind => kind,
        }
    }
}

/// One end of an Internet socket. `port` is `None` for netstat's `*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub addr: IpAddr,
    pub port: Option<u16>,
    /// The kernel gave an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`); `addr` is the IPv4.
    pub mapped: bool,
}

impl Endpoint {
    pub fn is_unspecified(&self) -> bool {
        self.addr.is_unspecified()
    }
}

/// The process side of one owner: read once per process, shared by all its sockets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Process {
    pub pid: u32,
    /// The kernel's `comm` (≤ 15 bytes), what `ss -p` shows.
    pub comm: String,
    /// The first argument as the process set it (`sshd: root@pts/0` keeps its spaces);
    /// empty for kernel threads, pasted owners, or when not captured.
    pub argv0: String,
    /// NUL-separated arguments joined by spaces; empty for kernel threads or when not captured.
    pub cmdline: String,
    pub uid: Option<u32>,
    pub user: Option<Arc<str>>,
}

impl Process {
    /// netstat's program name: `argv[0]`, cut to its basename only when it starts with `/`
    /// (so `sshd: root@pts/0` stays whole); the kernel comm when there is no argv.
    pub fn program_name(&self) -> &str {
        match self.argv0.strip_prefix('/') {
            _ if self.argv0.is_empty() => &self.comm,
            Some(path) => path
                .rsplit('/')
                .next()
                .filter(|b| !b.is_empty())
                .unwrap_or(&self.comm),
            None => &self.argv0,
        }
    }
}

/// A process holding the socket open through file descriptor `fd`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    /// Unknown for owners read from pasted `netstat -p` output, which prints no fd.
    pub fd: Option<u32>,
    pub process: Arc<Process>,
}

/// The processes holding one socket. Nearly always one, so the first is stored inline:
/// 100k sockets must not mean 100k tiny heap allocations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Owners(SmallVec<[Owner; 1]>);

impl Owners {
    pub fn push(&mut self, owner: Owner) {
        self.0.push(owner);
    }
}

impl<'a> IntoIterator for &'a Owners {
    type Item = &'a Owner;
    type IntoIter = std::slice::Iter<'a, Owner>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Extend<Owner> for Owners {
    fn extend<I: IntoIterator<Item = Owner>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

impl Deref for Owners {
    type Target = [Owner];
    fn deref(&self) -> &[Owner] {
        &self.0
    }
}

impl DerefMut for Owners {
    fn deref_mut(&mut self) -> &mut [Owner] {
        &mut self.0
    }
}

impl FromIterator<Owner> for Owners {
    fn from_iter<I: IntoIterator<Item = Owner>>(iter: I) -> Owners {
        Owners(iter.into_iter().collect())
    }
}

impl From<Vec<Owner>> for Owners {
    fn from(owners: Vec<Owner>) -> Owners {
        Owners(SmallVec::from_vec(owners))
    }
}

/// The Internet-only columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Inet {
    pub proto: InetProto,
    /// TCP state; for UDP/raw the kernel's state number mapped the same way.
    pub state: Option<TcpState>,
    pub local: Option<Endpoint>,
    pub remote: Option<Endpoint>,
}

/// What kind of socket a row is, with the columns only that kind has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detail {
    Inet(Inet),
    /// Boxed: most sockets on a busy server are TCP, and 100k rows must stay small.
    Unix(Box<UnixInfo>),
}

/// One socket: a row of netstat's Internet or UNIX section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Socket {
    /// Queues are 32-bit in the kernel (`%08X` in /proc/net) and on every other netstat.
    pub recv_q: u32,
    pub send_q: u32,
    pub inode: Option<u64>,
    pub uid: Option<u32>,
    /// The uid's name, shared by every socket of that user.
    pub user: Option<Arc<str>>,
    /// Every process holding this socket, lowest pid first.
    pub owners: Owners,
    pub detail: Detail,
}

impl Socket {
    /// An Internet row with nothing else known yet; parsers fill in what their input has
    /// (`Socket { inode, ..Socket::inet(inet) }`).
    pub fn inet(inet: Inet) -> Socket {
        Socket::with(Detail::Inet(inet))
    }

    /// A UNIX row with nothing else known yet.
    pub fn unix(info: UnixInfo) -> Socket {
        Socket::with(Detail::Unix(Box::new(info)))
    }

    fn with(detail: Detail) -> Socket {
        Socket {
            recv_q: 0,
            send_q: 0,
            inode: None,
            uid: None,
            user: None,
            owners: Owners::default(),
            detail,
        }
    }

    pub fn proto(&self) -> Proto {
        match &self.detail {
            Detail::Inet(i) => Proto::Inet(i.proto),
            Detail::Unix(_) => Proto::Unix,
        }
    }

    pub fn family(&self) -> Family {
        self.proto().family()
    }

    pub fn as_inet(&self) -> Option<&Inet> {
        match &self.detail {
            Detail::Inet(i) => Some(i),
            Detail::Unix(_) => None,
        }
    }

    pub fn as_unix(&self) -> Option<&UnixInfo> {
        match &self.detail {
            Detail::Unix(u) => Some(u),
            Detail::Inet(_) => None,
        }
    }

    pub fn as_unix_mut(&mut self) -> Option<&mut UnixInfo> {
        match &mut self.detail {
            Detail::Unix(u) => Some(u),
            Detail::Inet(_) => None,
        }
    }

    /// The Internet state (`None` for UNIX rows and where none was read).
    pub fn tcp_state(&self) -> Option<TcpState> {
        self.as_inet().and_then(|i| i.state)
    }

    pub fn local(&self) -> Option<Endpoint> {
        self.as_inet().and_then(|i| i.local)
    }

    pub fn remote(&self) -> Option<Endpoint> {
        self.as_inet().and_then(|i| i.remote)
    }

    pub fn local_port(&self) -> Option<u16> {
        self.local().and_then(|e| e.port)
    }

    pub fn remote_port(&self) -> Option<u16> {
        self.remote().and_then(|e| e.port)
    }

    /// netstat's notion of a "server" row, which `-l` selects and the default hides.
    pub fn is_listening(&self) -> bool {
        match &self.detail {
            Detail::Unix(u) => u.state == UnixState::Listening,
            // net-tools: a TCP server is a row whose remote port is 0, not a LISTEN state.
            Detail::Inet(i) if i.proto.family() == Family::Tcp => {
                i.remote.is_some_and(|r| r.port.is_none())
            }
            Detail::Inet(i) => i.remote.is_none_or(|r| r.is_unspecified()),
        }
    }

    /// The text of netstat's State column for this row.
    pub fn state_text(&self) -> String {
        let inet = match &self.detail {
            Detail::Unix(u) => return u.state.column_text().to_string(),
            Detail::Inet(i) => i,
        };
        match (inet.proto.family(), inet.state) {
            (Family::Tcp, Some(s)) => s.to_string(),
            // net-tools udp_do_one: connected UDP shows ESTABLISHED, unconnected shows nothing.
            (Family::Udp, Some(TcpState::Established)) => "ESTABLISHED".into(),
            (Family::Udp, Some(TcpState::Close) | None) => String::new(),
            (Family::Udp, Some(_)) => "UNKNOWN".into(),
            // Raw sockets: netstat prints the kernel's number.
            (Family::Raw, Some(s)) => s.kernel_number().to_string(),
            _ => String::new(),
        }
    }

    /// The state name JSON carries (`null` where netstat prints none).
    pub fn state_name(&self) -> Option<String> {
        let text = self.state_text();
        (!text.is_empty()).then_some(text)
    }
}

/// Problems met while reading that did not stop the read; reported once each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    /// Lines of a `/proc/net` table that did not parse, per table file name.
    pub malformed: Vec<(String, usize)>,
    /// Processes whose fd directory could not be read (another user's, when not root).
    pub unreadable_processes: usize,
    /// Whether owners were looked up at all.
    pub owners_scanned: bool,
    /// Whether the scan ran as root: then unreadable processes are hidden by a container
    /// or a security module, not by missing privilege, and "run as root" would be wrong.
    pub as_root: bool,
}

/// Everything one read of the system produced.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub sockets: Vec<Socket>,
    pub diagnostics: Diagnostics,
}
