//! `explain --json`: one object per input line (`line`, `text`, `kind`, `format`,
//! `fields`, `notes`), serialized straight from the parsed row — no intermediate JSON
//! tree, since this runs once per line of inputs with millions of lines. `fields` uses
//! jc's netstat names, plus `state_text`/`proto_text` where the printed word differs
//! from the canonical one and `*_port_name` where a port was printed as a service name.

use std::borrow::Cow;
use std::io::{self, Write};

use super::explain_json_facts::{LineFields, row_facts};
use super::explain_json_write::{Obj, key, plain, value};
use super::notes::{NoteJson, NoteText};
use crate::explain::{Format, HostPort, Kind, Line, Row};
use crate::model::{Detail, Family, Socket, TcpState};

pub struct LineRecord<'a> {
    line: u64,
    text: &'a str,
    /// A log prefix seen through before the tool's text (only when there is one).
    prefix: &'a str,
    kind: &'static str,
    format: Option<&'static str>,
    fields: Option<LineFields<'a>>,
    notes: &'a [NoteText],
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
            notes,
        }
    }

    /// The object and its newline.
    pub fn write(&self, w: &mut impl Write) -> io::Result<()> {
        let mut o = Obj::open(&mut *w)?;
        o.uint(key!("line"), self.line)?;
        o.str(key!("text"), self.text)?;
        if !self.prefix.is_empty() {
            o.str(key!("prefix"), self.prefix)?;
        }
        o.str(key!("kind"), self.kind)?;
        o.opt_str(key!("format"), self.format)?;
        match &self.fields {
            Some(fields) => fields.write(o.key(key!("fields"))?)?,
            None => o.null(key!("fields"))?,
        }
        notes_list(o.key(key!("notes"))?, self.notes)?;
        o.close()?;
        w.write_all(b"\n")
    }
}

/// `[note, …]`.
fn notes_list(w: &mut impl Write, notes: &[NoteText]) -> io::Result<()> {
    w.write_all(b"[")?;
    for (i, note) in notes.iter().enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        match note.json() {
            NoteJson::Made(raw) => w.write_all(raw.get().as_bytes())?,
            record => value(w, &record)?,
        }
    }
    w.write_all(b"]")
}

/// A line too long to read, written as it streams in (`explain::stream::Event::Long`):
/// the object is opened and its text begun; [`long_more`] goes on with the text and
/// [`long_end`] closes it as an unrecognized line with its notes.
pub fn long_start(w: &mut impl Write, number: u64, text: &str) -> io::Result<()> {
    write!(w, "{{\"line\":{number},\"text\":\"")?;
    long_more(w, text)
}

/// More of a long line's text: inside the string begun by [`long_start`].
pub fn long_more(w: &mut impl Write, text: &str) -> io::Result<()> {
    if plain(text.as_bytes()) {
        return w.write_all(text.as_bytes());
    }
    let mut quoted = Vec::with_capacity(text.len() + 16);
    value(&mut quoted, text)?;
    w.write_all(&quoted[1..quoted.len() - 1])
}

pub fn long_end(w: &mut impl Write, notes: &[NoteText]) -> io::Result<()> {
    w.write_all(b"\",\"kind\":\"unrecognized\",\"format\":null,\"fields\":null,\"notes\":")?;
    notes_list(w, notes)?;
    w.write_all(b"}\n")
}

/// A row's fields.
pub struct Fields<'a>(pub &'a Row<'a>);

impl Fields<'_> {
    pub fn write(&self, w: &mut impl Write) -> io::Result<()> {
        let row = self.0;
        let mut o = Obj::open(w)?;
        match &row.socket {
            Some(socket) => socket_fields(&mut o, socket, row)?,
            None if !row.proto_text.is_empty() => o.str(key!("proto"), row.proto_text)?,
            None => {}
        }
        for (name, value) in &row.columns {
            // A column the socket already gave (lsof's PID, USER, TYPE) is said once.
            if row.socket.is_none() || !SOCKET_KEYS.contains(&name.as_ref()) {
                o.str(name.as_ref(), value)?;
            }
        }
        row_facts(&mut o, row)?;
        o.close()
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

fn socket_fields<W: Write>(o: &mut Obj<'_, W>, socket: &Socket, row: &Row) -> io::Result<()> {
    o.str(key!("proto"), socket.proto().name())?;
    if !row.proto_text.is_empty() && row.proto_text != socket.proto().name() {
        o.str(key!("proto_text"), row.proto_text)?;
    }
    let state = state_name(socket);
    o.opt_str(key!("state"), state.as_deref())?;
    if let Some(text) = row.state_text.filter(|t| Some(*t) != state.as_deref()) {
        o.str(key!("state_text"), text)?;
    }
    o.uint(key!("recv_q"), socket.recv_q)?;
    o.uint(key!("send_q"), socket.send_q)?;
    if socket.as_unix().is_none() {
        address_fields(o, socket, row)?;
    }
    o.opt_uint(key!("inode"), socket.inode)?;
    o.opt_uint(key!("uid"), socket.uid)?;
    o.opt_str(key!("user"), socket.user.as_deref())?;
    owner_fields(o, socket)?;
    if let Some(t) = row.timer {
        o.str(key!("timer"), t)?;
    }
    if let Some(u) = &socket.as_unix() {
        // ss prints neither RefCnt nor Flags: unknown, not zero or empty.
        o.opt_uint(key!("refcnt"), u.refcnt)?;
        if u.refcnt.is_some() {
            let flags: Vec<&str> = u.flags.iter().map(|f| f.name()).collect();
            o.value(key!("flags"), &flags)?;
        }
        o.str(key!("type"), u.kind.name())?;
        o.str(key!("path"), &u.path)?;
        o.str(key!("path_kind"), u.path_kind().name())?;
    }
    Ok(())
}

/// [`Socket::state_name`], without its allocation for a TCP or UNIX state.
fn state_name(socket: &Socket) -> Option<Cow<'static, str>> {
    match (&socket.detail, socket.tcp_state()) {
        (Detail::Inet(i), Some(s)) if i.proto.family() == Family::Tcp => match s {
            TcpState::Unknown(_) => socket.state_name().map(Cow::Owned),
            s => Some(Cow::Borrowed(s.name())),
        },
        (Detail::Unix(u), _) => Some(u.state.column_text())
            .filter(|t| !t.is_empty())
            .map(Cow::Borrowed),
        _ => socket.state_name().map(Cow::Owned),
    }
}

fn program_name(p: &crate::model::Process) -> Option<&str> {
    Some(p.program_name()).filter(|n| !n.is_empty())
}

/// `pid` and `program_name` of the first owner, then `owners`: every one with its fd
/// (only ss prints the descriptor number).
fn owner_fields<W: Write>(o: &mut Obj<'_, W>, socket: &Socket) -> io::Result<()> {
    let first = socket.owners.iter().next();
    o.opt_uint(key!("pid"), first.map(|f| f.process.pid))?;
    o.opt_str(
        key!("program_name"),
        first.and_then(|f| program_name(&f.process)),
    )?;
    let w = o.key(key!("owners"))?;
    w.write_all(b"[")?;
    for (i, owner) in socket.owners.iter().enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        let mut record = Obj::open(&mut *w)?;
        record.uint(key!("pid"), owner.process.pid)?;
        record.opt_str(key!("program_name"), program_name(&owner.process))?;
        record.opt_uint(key!("fd"), owner.fd)?;
        record.close()?;
    }
    w.write_all(b"]")
}

/// The address columns: as printed, or decoded where a kernel table printed hex.
/// `[::1]` → `::1`; anything else as it is.
fn unbracket(host: &str) -> &str {
    host.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host)
}

fn address_fields<W: Write>(o: &mut Obj<'_, W>, socket: &Socket, row: &Row) -> io::Result<()> {
    if row.kernel.is_some() {
        // A kernel table prints hex: the addresses are the decoded ones.
        for (address, port, end) in [
            (key!("local_address"), key!("local_port"), socket.local()),
            (
                key!("foreign_address"),
                key!("foreign_port"),
                socket.remote(),
            ),
        ] {
            o.opt_str(address, end.map(|e| e.addr.to_string()).as_deref())?;
            o.opt_uint(port, end.and_then(|e| e.port))?;
        }
        return Ok(());
    }
    for (address, port, name, end) in [
        (
            key!("local_address"),
            key!("local_port"),
            key!("local_port_name"),
            &row.local,
        ),
        (
            key!("foreign_address"),
            key!("foreign_port"),
            key!("foreign_port_name"),
            &row.remote,
        ),
    ] {
        // ss and lsof bracket IPv6 (`[::1]:631`); the field is the address alone.
        let host = end.as_ref().map(|e| unbracket(e.host));
        o.opt_str(address, host)?;
        let (number, named) = end.as_ref().map_or((None, None), HostPort::port_parts);
        o.opt_uint(port, number)?;
        if let Some(n) = named {
            o.str(name, n)?;
        }
    }
    Ok(())
}
