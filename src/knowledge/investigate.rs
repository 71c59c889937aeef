//! Topics of the investigation commands (`who`, `unix`, `watch`): why nothing owns a
//! port, what kind of thing a file descriptor points at, what each group of UNIX sockets
//! is, how to narrate a state change, and the one-line user messages. Closed enums only;
//! the text lives in the glossary file like every other topic.

use crate::model::TcpState;

/// Why `who` found no owner, in the order they are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Diagnosis {
    KernelHeld,
    AcceptQueue,
    NotRoot,
    OwnerGone,
    NothingHere,
    BoundNotListening,
    StaleSocketFile,
    NoSuchName,
    NoSuchProcess,
    FdsUnreadable,
}

impl Diagnosis {
    pub const ALL: [Diagnosis; 10] = [
        Diagnosis::KernelHeld,
        Diagnosis::AcceptQueue,
        Diagnosis::NotRoot,
        Diagnosis::OwnerGone,
        Diagnosis::NothingHere,
        Diagnosis::BoundNotListening,
        Diagnosis::StaleSocketFile,
        Diagnosis::NoSuchName,
        Diagnosis::NoSuchProcess,
        Diagnosis::FdsUnreadable,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Diagnosis::KernelHeld => "kernel_held",
            Diagnosis::AcceptQueue => "accept_queue",
            Diagnosis::NotRoot => "not_root",
            Diagnosis::OwnerGone => "owner_gone",
            Diagnosis::NothingHere => "nothing_here",
            Diagnosis::BoundNotListening => "bound_not_listening",
            Diagnosis::StaleSocketFile => "stale_socket_file",
            Diagnosis::NoSuchName => "no_such_name",
            Diagnosis::NoSuchProcess => "no_such_process",
            Diagnosis::FdsUnreadable => "fds_unreadable",
        }
    }
}

/// What a file descriptor points at, as `ls -l /proc/PID/fd` shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FdKind {
    /// A socket found in one of the tables socklab reads.
    Socket,
    /// A socket of another family (netlink, packet, vsock…): not in those tables.
    OtherSocket,
    Pipe,
    AnonInode,
    File,
    Device,
}

impl FdKind {
    pub const ALL: [FdKind; 6] = [
        FdKind::Socket,
        FdKind::OtherSocket,
        FdKind::Pipe,
        FdKind::AnonInode,
        FdKind::File,
        FdKind::Device,
    ];

    pub fn key(self) -> &'static str {
        match self {
            FdKind::Socket => "socket",
            FdKind::OtherSocket => "other_socket",
            FdKind::Pipe => "pipe",
            FdKind::AnonInode => "anon_inode",
            FdKind::File => "file",
            FdKind::Device => "device",
        }
    }
}

/// The groups `socklab unix` sorts UNIX sockets into, and what it says about files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnixGroup {
    Filesystem,
    AbstractChosen,
    AbstractAutobind,
    Unnamed,
    FileExists,
    FileMissing,
    FileNotSocket,
}

impl UnixGroup {
    pub const ALL: [UnixGroup; 7] = [
        UnixGroup::Filesystem,
        UnixGroup::AbstractChosen,
        UnixGroup::AbstractAutobind,
        UnixGroup::Unnamed,
        UnixGroup::FileExists,
        UnixGroup::FileMissing,
        UnixGroup::FileNotSocket,
    ];

    pub fn key(self) -> &'static str {
        match self {
            UnixGroup::Filesystem => "filesystem",
            UnixGroup::AbstractChosen => "abstract",
            UnixGroup::AbstractAutobind => "autobind",
            UnixGroup::Unnamed => "unnamed",
            UnixGroup::FileExists => "file_exists",
            UnixGroup::FileMissing => "file_missing",
            UnixGroup::FileNotSocket => "file_not_socket",
        }
    }
}

/// One line `watch` says about an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Narration {
    Appeared,
    Disappeared,
    UnixChanged,
    /// A TCP socket entered this state.
    Entered(TcpState),
}

impl Narration {
    pub fn all() -> Vec<Narration> {
        let mut all = vec![
            Narration::Appeared,
            Narration::Disappeared,
            Narration::UnixChanged,
        ];
        all.extend(TcpState::NAMED.map(Narration::Entered));
        all.push(Narration::Entered(TcpState::Unknown(0)));
        all
    }

    pub fn key(self) -> &'static str {
        match self {
            Narration::Appeared => "appeared",
            Narration::Disappeared => "disappeared",
            Narration::UnixChanged => "unix_changed",
            Narration::Entered(s) => s.name(),
        }
    }
}

/// What socklab says in its own voice in these commands (errors say what to do).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phrase {
    BadTarget,
    BareNumberIsPort,
    BareNumberIsPid,
    UnknownTerm,
    Concordance,
    Watching,
    BadDuration,
    NobodyOwns,
    OwnersHidden,
    Port,
}

impl Phrase {
    pub const ALL: [Phrase; 10] = [
        Phrase::BadTarget,
        Phrase::BareNumberIsPort,
        Phrase::BareNumberIsPid,
        Phrase::UnknownTerm,
        Phrase::Concordance,
        Phrase::Watching,
        Phrase::BadDuration,
        Phrase::NobodyOwns,
        Phrase::OwnersHidden,
        Phrase::Port,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Phrase::BadTarget => "bad_target",
            Phrase::BareNumberIsPort => "bare_number_is_port",
            Phrase::BareNumberIsPid => "bare_number_is_pid",
            Phrase::UnknownTerm => "unknown_term",
            Phrase::Concordance => "concordance",
            Phrase::Watching => "watching",
            Phrase::BadDuration => "bad_duration",
            Phrase::NobodyOwns => "nobody_owns",
            Phrase::OwnersHidden => "owners_hidden",
            Phrase::Port => "port",
        }
    }
}
