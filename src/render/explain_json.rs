//! `explain --json`: one object per input line (`line`, `text`, `kind`, `format`,
//! `fields`, `notes`), written straight from the parsed line into a reused buffer — no
//! intermediate JSON tree, since this runs once per line of inputs with millions of
//! lines. `fields` uses jc's netstat names, plus `state_text`/`proto_text` where the
//! printed word differs from the canonical one and `*_port_name` where a port was printed
//! as a service name; a command line's fields are its program, arguments and pipes.

use super::explain_json_facts::{command_fields, row_facts};
use super::json_out::Json;
use crate::explain::{Format, HostPort, Kind, Line, Row};
use crate::model::Socket;

/// The JSON object of one line, appended to `buf` (without a newline).
pub fn write_line(buf: &mut Vec<u8>, line: &Line<'_>, notes: &[String]) {
    let mut o = Json::object(buf);
    o.num("line", line.number);
    o.str("text", line.text);
    if !line.prefix.is_empty() {
        o.str("prefix", line.prefix);
    }
    o.str("kind", line.kind.name());
    o.opt_str("format", line.format.map(Format::id));
    match &line.kind {
        Kind::Row { row, .. } => o.object_in("fields", |f| row_fields(f, row)),
        Kind::Command(c) => o.object_in("fields", |f| command_fields(f, c)),
        Kind::Other(other) => o.object_in("fields", |f| {
            f.str("other", super::explain_json_facts::other_name(*other))
        }),
        _ => o.null("fields"),
    }
    o.array_in("notes", |a| {
        for n in notes {
            a.str(n);
        }
    });
    o.end();
}

/// A row's fields.
fn row_fields(m: &mut Json<'_>, row: &Row<'_>) {
    match &row.socket {
        Some(socket) => socket_fields(m, socket, row),
        None if !row.proto_text.is_empty() => m.str("proto", row.proto_text),
        None => {}
    }
    for (name, value) in &row.columns {
        m.str(name, value);
    }
    row_facts(m, row);
}

fn socket_fields(m: &mut Json<'_>, socket: &Socket, row: &Row<'_>) {
    m.str("proto", socket.proto().name());
    if !row.proto_text.is_empty() && row.proto_text != socket.proto().name() {
        m.str("proto_text", row.proto_text);
    }
    let state = socket.state_name();
    m.opt_str("state", state.as_deref());
    if let Some(text) = row.state_text.filter(|t| Some(*t) != state.as_deref()) {
        m.str("state_text", text);
    }
    m.num("recv_q", socket.recv_q);
    m.num("send_q", socket.send_q);
    if socket.as_unix().is_none() {
        address_fields(m, socket, row);
    }
    m.opt_num("inode", socket.inode);
    m.opt_num("uid", socket.uid);
    m.opt_str("user", socket.user.as_deref());
    owner_fields(m, socket);
    if let Some(t) = row.timer {
        m.str("timer", t);
    }
    if let Some(u) = socket.as_unix() {
        // ss prints neither RefCnt nor Flags: unknown, not zero or empty.
        m.opt_num("refcnt", u.refcnt);
        if u.refcnt.is_some() {
            m.array_in("flags", |a| {
                for f in &u.flags {
                    a.str(f.name());
                }
            });
        }
        m.str("type", u.kind.name());
        m.str("path", &u.path);
        m.str("path_kind", u.path_kind().name());
    }
}

fn address_fields(m: &mut Json<'_>, socket: &Socket, row: &Row<'_>) {
    if row.kernel.is_some() {
        // A kernel table prints hex: the addresses are the decoded ones.
        for (address, port, end) in [
            ("local_address", "local_port", socket.local()),
            ("foreign_address", "foreign_port", socket.remote()),
        ] {
            match end {
                Some(e) => m.display(address, e.addr),
                None => m.null(address),
            }
            m.opt_num(port, end.and_then(|e| e.port));
        }
        return;
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
        m.opt_str(address, end.as_ref().map(|e| e.host));
        m.opt_num(port, end.as_ref().and_then(HostPort::port_number));
        if let Some(n) = end.as_ref().and_then(HostPort::port_name) {
            m.str(name, n);
        }
    }
}

fn program_name(o: &crate::model::Owner) -> Option<&str> {
    Some(o.process.program_name()).filter(|n| !n.is_empty())
}

fn owner_fields(m: &mut Json<'_>, socket: &Socket) {
    let name = program_name;
    let first = socket.owners.first();
    m.opt_num("pid", first.map(|o| o.process.pid));
    m.opt_str("program_name", first.and_then(name));
    m.array_in("owners", |a| {
        for o in socket.owners.iter() {
            a.object(|r| {
                r.num("pid", o.process.pid);
                r.opt_str("program_name", name(o));
                // Only ss prints the descriptor number.
                r.opt_num("fd", o.fd);
            });
        }
    });
}
