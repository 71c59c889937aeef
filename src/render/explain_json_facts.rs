//! The JSON of what issue 11 added to a line: a command line's program, arguments and
//! pipes; what kind of pasted noise a line is; and a row's facts that are not columns —
//! where its protocol came from, what ss's `*` meant, whether it was wrapped, which
//! addresses netstat cut and what their names still say, and a kernel table row's fields
//! decoded (named as jc names them).

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::explain_json::Fields;
use crate::explain::hostname::{Decoded, Evidence};
use crate::explain::kernel::Fields as KernelFields;
use crate::explain::{Command, Other, ProtoFrom, Row};

/// What `fields` holds for a line.
pub enum LineFields<'a> {
    Row(Fields<'a>),
    Command(&'a Command<'a>),
    Other(Other),
}

impl Serialize for LineFields<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            LineFields::Row(f) => f.serialize(serializer),
            LineFields::Command(c) => {
                let mut m = serializer.serialize_map(None)?;
                m.serialize_entry("prompt", c.prompt)?;
                m.serialize_entry("program", c.program)?;
                m.serialize_entry("args", &c.args)?;
                m.serialize_entry("pipes", &c.pipes)?;
                m.end()
            }
            LineFields::Other(o) => {
                let mut m = serializer.serialize_map(Some(1))?;
                m.serialize_entry("other", other_name(*o))?;
                m.end()
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
pub fn row_facts<M: SerializeMap>(m: &mut M, row: &Row<'_>) -> Result<(), M::Error> {
    if row.socket.is_some() && row.proto_from != ProtoFrom::Printed {
        m.serialize_entry("proto_from", row.proto_from.name())?;
    }
    if let Some(star) = row.star {
        m.serialize_entry("star", star.name())?;
    }
    if row.wrapped {
        m.serialize_entry("wrapped", &true)?;
    }
    for (cut, name, end) in [
        ("local_cut", "local_name", &row.local),
        ("foreign_cut", "foreign_name", &row.remote),
    ] {
        let Some(end) = end else { continue };
        if end.cut {
            m.serialize_entry(cut, &true)?;
        }
        if let Some(d) = &end.name {
            m.serialize_entry(name, &Name(d))?;
        }
    }
    if let Some(k) = row.kernel.as_deref() {
        m.serialize_entry("kernel", &Kernel(k))?;
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
