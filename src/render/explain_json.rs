//! `explain --json`: one object per input line (`line`, `text`, `kind`, `format`,
//! `fields`, `notes`), serialized straight from the parsed row — no intermediate JSON
//! tree, since this runs once per line of inputs with millions of lines. `fields` uses
//! jc's netstat names, plus `state_text`/`proto_text` where the printed word differs
//! from the canonical one and `*_port_name` where a port was printed as a service name.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::explain_json_facts::{LineFields, row_facts};
use super::notes::{NoteJson, NoteText};
use crate::explain::{Format, HostPort, Kind, Line, Row};
use crate::model::Socket;

#[derive(Serialize)]
pub struct LineRecord<'a> {
    line: u64,
    text: &'a str,
    /// A log prefix seen through before the tool's text (only when there is one).
    #[serde(skip_serializing_if = "str::is_empty")]
    prefix: &'a str,
    kind: &'static str,
    format: Option<&'static str>,
    fields: Option<LineFields<'a>>,
    notes: Vec<NoteJson<'a>>,
}

impl<'a> LineRecord<'a> {
    pub fn new(line: &'a Line<'a>, notes: &'a [NoteText]) -> LineRecord<'a> {
        let fields = match &line.kind {
            Kind::Row { row, .. } => Some(LineFields::Row(Fields(row))),
            Kind::Command(c) => Some(LineFields::Command(c)),
            Kind::Other(o) => Some(LineFields::Other(*o)),
            _ => None,
        };
        LineRecord {
            line: line.number,
            text: line.text,
            prefix: line.prefix,
            kind: line.kind.name(),
            format: line.format.map(Format::id),
            fields,
            notes: notes.iter().map(NoteText::json).collect(),
        }
    }
}

/// A row's fields.
pub struct Fields<'a>(pub &'a Row<'a>);

#[derive(Serialize)]
struct OwnerRecord<'a> {
    pid: u32,
    program_name: Option<&'a str>,
    /// Only ss prints the descriptor number.
    fd: Option<u32>,
}

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let row = self.0;
        let mut m = serializer.serialize_map(None)?;
        match &row.socket {
            Some(socket) => socket_fields(&mut m, socket, row)?,
            None if !row.proto_text.is_empty() => m.serialize_entry("proto", row.proto_text)?,
            None => {}
        }
        for (name, value) in &row.columns {
            // A column the socket already gave (lsof's PID, USER, TYPE) is said once.
            if row.socket.is_none() || !SOCKET_KEYS.contains(&name.as_ref()) {
                m.serialize_entry(name.as_ref(), value)?;
            }
        }
        row_facts(&mut m, row)?;
        m.end()
    }
}

/// The keys [`socket_fields`] writes, which a column of the same name must not repeat.
const SOCKET_KEYS: [&str; 24] = [
    "proto",
    "proto_text",
    "state",
    "state_text",
    "recv_q",
    "send_q",
    "local_address",
    "local_port",
    "local_port_name",
    "foreign_address",
    "foreign_port",
    "foreign_port_name",
    "inode",
    "uid",
    "user",
    "pid",
    "program_name",
    "owners",
    "timer",
    "refcnt",
    "flags",
    "type",
    "path",
    "path_kind",
];

fn socket_fields<M: SerializeMap>(m: &mut M, socket: &Socket, row: &Row) -> Result<(), M::Error> {
    m.serialize_entry("proto", socket.proto().name())?;
    if !row.proto_text.is_empty() && row.proto_text != socket.proto().name() {
        m.serialize_entry("proto_text", row.proto_text)?;
    }
    let state = socket.state_name();
    m.serialize_entry("state", &state)?;
    if let Some(text) = row.state_text.filter(|t| Some(*t) != state.as_deref()) {
        m.serialize_entry("state_text", text)?;
    }
    m.serialize_entry("recv_q", &socket.recv_q)?;
    m.serialize_entry("send_q", &socket.send_q)?;
    if socket.as_unix().is_none() {
        address_fields(m, socket, row)?;
    }
    m.serialize_entry("inode", &socket.inode)?;
    m.serialize_entry("uid", &socket.uid)?;
    m.serialize_entry("user", &socket.user.as_deref())?;
    let owners: Vec<OwnerRecord> = socket
        .owners
        .iter()
        .map(|o| OwnerRecord {
            pid: o.process.pid,
            program_name: Some(o.process.program_name()).filter(|n| !n.is_empty()),
            fd: o.fd,
        })
        .collect();
    m.serialize_entry("pid", &owners.first().map(|o| o.pid))?;
    m.serialize_entry("program_name", &owners.first().and_then(|o| o.program_name))?;
    m.serialize_entry("owners", &owners)?;
    if let Some(t) = &row.timer {
        m.serialize_entry("timer", t)?;
    }
    if let Some(u) = &socket.as_unix() {
        // ss prints neither RefCnt nor Flags: unknown, not zero or empty.
        m.serialize_entry("refcnt", &u.refcnt)?;
        if u.refcnt.is_some() {
            let flags: Vec<&str> = u.flags.iter().map(|f| f.name()).collect();
            m.serialize_entry("flags", &flags)?;
        }
        m.serialize_entry("type", u.kind.name())?;
        m.serialize_entry("path", &u.path)?;
        m.serialize_entry("path_kind", u.path_kind().name())?;
    }
    Ok(())
}

/// The address columns: as printed, or decoded where a kernel table printed hex.
fn address_fields<M: SerializeMap>(m: &mut M, socket: &Socket, row: &Row) -> Result<(), M::Error> {
    if row.kernel.is_some() {
        // A kernel table prints hex: the addresses are the decoded ones.
        for (address, port, end) in [
            ("local_address", "local_port", socket.local()),
            ("foreign_address", "foreign_port", socket.remote()),
        ] {
            m.serialize_entry(address, &end.map(|e| e.addr.to_string()))?;
            m.serialize_entry(port, &end.and_then(|e| e.port))?;
        }
        return Ok(());
    }
    for (address, port, name, end) in [
        ("local_address", "local_port", "local_port_name", &row.local),
        (
            "foreign_address",
            "foreign_port",
            "foreign_port_name",
            &row.remote,
        ),
    ] {
        m.serialize_entry(address, &end.as_ref().map(|e| e.host))?;
        m.serialize_entry(port, &end.as_ref().and_then(HostPort::port_number))?;
        if let Some(n) = end.as_ref().and_then(HostPort::port_name) {
            m.serialize_entry(name, n)?;
        }
    }
    Ok(())
}
