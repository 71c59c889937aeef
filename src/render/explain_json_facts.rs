//! The JSON of what issue 11 added to a line: a command line's program, arguments and
//! pipes; what kind of pasted noise a line is; and a row's facts that are not columns —
//! where its protocol came from, what ss's `*` meant, whether it was wrapped, which
//! addresses netstat cut and what their names still say, and a kernel table row's fields
//! decoded (named as jc names them).

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::explain_json::Fields;
use super::explain_json_write::{Obj, key};
use crate::explain::hostname::{Decoded, Evidence};
use crate::explain::kernel::Fields as KernelFields;
use crate::explain::{Command, Other, ProtoFrom, Row};

/// What `fields` holds for a line.
pub enum LineFields<'a> {
    Row(Fields<'a>),
    Command(&'a Command<'a>),
    Other(Other),
}

impl LineFields<'_> {
    pub fn write(&self, w: &mut impl Write) -> io::Result<()> {
        match self {
            LineFields::Row(f) => f.write(w),
            LineFields::Command(c) => {
                let mut o = Obj::open(w)?;
                o.str(key!("prompt"), c.prompt)?;
                o.str(key!("program"), c.program)?;
                o.value(key!("args"), &c.args)?;
                o.value(key!("pipes"), &c.pipes)?;
                o.close()
            }
            LineFields::Other(other) => {
                let mut o = Obj::open(w)?;
                o.str(key!("other"), other_name(*other))?;
                o.close()
            }
        }
    }
}

fn other_name(o: Other) -> &'static str {
    match o {
        Other::Fence => "fence",
        Other::Html => "html",
        Other::Ellipsis => "ellipsis",
        Other::SudoPrompt => "sudo_prompt",
        Other::Count => "count",
        Other::Warning => "warning",
    }
}

struct Name<'a>(&'a Decoded);

impl Serialize for Name<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut m = serializer.serialize_map(None)?;
        m.serialize_entry("provider", &d.provider())?;
        let by = match d.by {
            Evidence::Domain => "domain",
            Evidence::CutDomain => "cut_domain",
            Evidence::Shape => "shape",
            Evidence::None => "none",
        };
        m.serialize_entry("by", by)?;
        m.serialize_entry("site", &d.site())?;
        m.serialize_entry("ip", &d.ip.map(|ip| ip.to_string()))?;
        m.end()
    }
}

/// A row's facts that are not columns (each only when there is something to say).
pub fn row_facts<W: Write>(o: &mut Obj<'_, W>, row: &Row<'_>) -> io::Result<()> {
    if row.socket.is_some() && row.proto_from != ProtoFrom::Printed {
        o.str(key!("proto_from"), row.proto_from.name())?;
    }
    if let Some(star) = row.star {
        o.str(key!("star"), star.name())?;
    }
    if row.wrapped {
        o.bool(key!("wrapped"), true)?;
    }
    for (cut, name, end) in [
        (key!("local_cut"), key!("local_name"), &row.local),
        (key!("foreign_cut"), key!("foreign_name"), &row.remote),
    ] {
        let Some(end) = end else { continue };
        if end.cut {
            o.bool(cut, true)?;
        }
        if let Some(d) = &end.name {
            o.value(name, &Name(d))?;
        }
    }
    if let Some(k) = row.kernel.as_deref() {
        o.value(key!("kernel"), &Kernel(k))?;
    }
    Ok(())
}

struct Kernel<'a>(&'a KernelFields<'a>);

impl Serialize for Kernel<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut m = serializer.serialize_map(None)?;
        match self.0 {
            KernelFields::Inet(f) => {
                m.serialize_entry("entry", &f.entry)?;
                m.serialize_entry("local_hex", f.local)?;
                m.serialize_entry("remote_hex", f.remote)?;
                m.serialize_entry("st", &format!("{:02X}", f.st))?;
                m.serialize_entry("tx_queue", &f.tx_queue)?;
                m.serialize_entry("rx_queue", &f.rx_queue)?;
                m.serialize_entry("timer_active", &f.timer_active)?;
                m.serialize_entry("jiffies_until_timer_expires", &f.timer_ticks)?;
                m.serialize_entry("unrecovered_rto_timeouts", &f.retransmits)?;
                m.serialize_entry("uid", &f.uid)?;
                m.serialize_entry("unanswered_0_window_probes", &f.timeout)?;
                m.serialize_entry("inode", &f.inode)?;
                for (name, value) in &f.rest {
                    m.serialize_entry(name, value)?;
                }
            }
            KernelFields::Unix(f) => {
                m.serialize_entry("num", f.num)?;
                m.serialize_entry("ref_count", &f.refcount)?;
                m.serialize_entry("protocol", &f.protocol)?;
                m.serialize_entry("flags", &format!("{:08X}", f.flags))?;
                m.serialize_entry("type", &f.kind)?;
                m.serialize_entry("st", &f.st)?;
                m.serialize_entry("inode", &f.inode)?;
                m.serialize_entry("path", f.path)?;
            }
        }
        m.end()
    }
}
