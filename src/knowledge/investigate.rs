//! Topics of the investigation commands (`who`, `unix`): what kind of thing a file
//! descriptor points at, and what each group of UNIX sockets is. Closed key sets; the
//! text lives in the glossary like every other topic.

keys!(
    /// What a file descriptor points at, as `ls -l /proc/PID/fd` shows it.
    FdKind, "fd_kind", {
    // A socket found in one of the tables socklab reads.
    Socket => "socket",
    // A socket of another family (netlink, packet, vsock…): not in those tables.
    OtherSocket => "other_socket",
    Pipe => "pipe",
    AnonInode => "anon_inode",
    File => "file",
    Device => "device",
});

keys!(
    /// The groups `socklab unix` sorts UNIX sockets into, and what it says about files.
    UnixGroup, "unix_group", {
    Filesystem => "filesystem",
    AbstractChosen => "abstract",
    AbstractAutobind => "autobind",
    Unnamed => "unnamed",
    FileExists => "file_exists",
    FileMissing => "file_missing",
    FileNotSocket => "file_not_socket",
});
