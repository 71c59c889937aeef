//! JSON Lines: one object per socket, field names as `jc` uses for netstat (DESIGN.md),
//! so `jq` habits carry over. Nothing else goes to stdout in this mode.

use std::io::{self, Write};

use serde::Serialize;

use super::notes::{NoteRecord, NoteText};
use super::sanitize::write_json_line;
use crate::model::{Socket, UnixFlag};

#[derive(Serialize)]
pub struct OwnerRecord<'a> {
    pub pid: u32,
    pub program_name: &'a str,
    pub user: Option<&'a str>,
    pub fd: Option<u32>,
    pub cmdline: &'a str,
}

/// The socket record of the JSON contract.
#[derive(Serialize)]
pub struct SocketRecord<'a> {
    pub proto: &'static str,
    pub state: Option<String>,
    pub recv_q: u32,
    pub send_q: u32,
    pub local_address: Option<String>,
    pub local_port: Option<u16>,
    pub foreign_address: Option<String>,
    pub foreign_port: Option<u16>,
    pub inode: Option<u64>,
    pub uid: Option<u32>,
    pub user: Option<&'a str>,
    pub pid: Option<u32>,
    pub program_name: Option<&'a str>,
    pub owners: Vec<OwnerRecord<'a>>,
    /// UNIX rows only (absent on Internet rows); `null` where the input did not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refcnt: Option<Option<u32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flags: Option<Vec<&'static str>>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_kind: Option<&'static str>,
    pub notes: Vec<NoteRecord<'a>>,
}

impl<'a> SocketRecord<'a> {
    pub fn new(socket: &'a Socket, notes: &'a [NoteText]) -> SocketRecord<'a> {
        let owners: Vec<OwnerRecord> = socket
            .owners
            .iter()
            .map(|o| OwnerRecord {
                pid: o.process.pid,
                program_name: o.process.program_name(),
                user: o.process.user.as_deref(),
                fd: o.fd,
                cmdline: &o.process.cmdline,
            })
            .collect();
        let unix = socket.as_unix();
        SocketRecord {
            proto: socket.proto().name(),
            state: socket.state_name(),
            recv_q: socket.recv_q,
            send_q: socket.send_q,
            local_address: socket.local().map(|e| e.addr.to_string()),
            local_port: socket.local_port(),
            foreign_address: socket.remote().map(|e| e.addr.to_string()),
            foreign_port: socket.remote_port(),
            inode: socket.inode,
            uid: socket.uid,
            user: socket.user.as_deref(),
            pid: owners.first().map(|o| o.pid),
            program_name: owners.first().map(|o| o.program_name),
            owners,
            refcnt: unix.map(|u| u.refcnt),
            flags: unix.map(|u| u.flags.iter().map(|f: &UnixFlag| f.name()).collect()),
            kind: unix.map(|u| u.kind.name()),
            path: unix.map(|u| u.path.as_str()),
            path_kind: unix.map(|u| u.path_kind().name()),
            notes: notes.iter().map(NoteText::record).collect(),
        }
    }
}

/// One socket as one JSON line.
pub fn write_socket(w: &mut impl Write, socket: &Socket, notes: &[NoteText]) -> io::Result<()> {
    let record = SocketRecord::new(socket, notes);
    write_json_line(w, &record)
}
