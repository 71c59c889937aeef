//! The JSON of what issue 11 added to a line: a command line's program, arguments and
//! pipes; what kind of pasted noise a line is; and a row's facts that are not columns —
//! where its protocol came from, what ss's `*` meant, whether it was wrapped, which
//! addresses netstat cut and what their names still say, and a kernel table row's fields
//! decoded (named as jc names them).

use super::json_out::Json;
use crate::explain::hostname::{Decoded, Evidence};
use crate::explain::kernel::Fields as KernelFields;
use crate::explain::{Command, Other, ProtoFrom, Row};

pub fn command_fields(m: &mut Json<'_>, c: &Command<'_>) {
    m.str("prompt", c.prompt);
    m.str("program", c.program);
    m.array_in("args", |a| c.args.iter().for_each(|x| a.str(x)));
    m.array_in("pipes", |a| c.pipes.iter().for_each(|x| a.str(x)));
}

pub fn other_name(o: Other) -> &'static str {
    match o {
        Other::Fence => "fence",
        Other::Html => "html",
        Other::Ellipsis => "ellipsis",
        Other::SudoPrompt => "sudo_prompt",
        Other::Count => "count",
        Other::Warning => "warning",
    }
}

fn name_fields(m: &mut Json<'_>, d: &Decoded) {
    m.opt_str("provider", d.provider());
    let by = match d.by {
        Evidence::Domain => "domain",
        Evidence::CutDomain => "cut_domain",
        Evidence::Shape => "shape",
        Evidence::None => "none",
    };
    m.str("by", by);
    m.opt_str("site", d.site());
    match d.ip {
        Some(ip) => m.display("ip", ip),
        None => m.null("ip"),
    }
}

/// A row's facts that are not columns (each only when there is something to say).
pub fn row_facts(m: &mut Json<'_>, row: &Row<'_>) {
    if row.socket.is_some() && row.proto_from != ProtoFrom::Printed {
        m.str("proto_from", row.proto_from.name());
    }
    if let Some(star) = row.star {
        m.str("star", star.name());
    }
    if row.wrapped {
        m.bool("wrapped", true);
    }
    for (cut, name, end) in [
        ("local_cut", "local_name", &row.local),
        ("foreign_cut", "foreign_name", &row.remote),
    ] {
        let Some(end) = end else { continue };
        if end.cut {
            m.bool(cut, true);
        }
        if let Some(d) = &end.name {
            m.object_in(name, |n| name_fields(n, d));
        }
    }
    match row.kernel.as_deref() {
        Some(KernelFields::Inet(f)) => m.object_in("kernel", |k| {
            k.num("entry", f.entry);
            k.str("local_hex", f.local);
            k.str("remote_hex", f.remote);
            k.display("st", format_args!("{:02X}", f.st));
            k.num("tx_queue", f.tx_queue);
            k.num("rx_queue", f.rx_queue);
            k.num("timer_active", f.timer_active);
            k.num("jiffies_until_timer_expires", f.timer_ticks);
            k.num("unrecovered_rto_timeouts", f.retransmits);
            k.num("uid", f.uid);
            k.num("unanswered_0_window_probes", f.timeout);
            k.num("inode", f.inode);
            for (name, value) in &f.rest {
                k.str(name, value);
            }
        }),
        Some(KernelFields::Unix(f)) => m.object_in("kernel", |k| {
            k.str("num", f.num);
            k.num("ref_count", f.refcount);
            k.num("protocol", f.protocol);
            k.display("flags", format_args!("{:08X}", f.flags));
            k.num("type", f.kind);
            k.num("st", f.st);
            k.num("inode", f.inode);
            k.str("path", f.path);
        }),
        None => {}
    }
}
