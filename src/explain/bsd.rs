//! BSD-layout rows: macOS, FreeBSD, NetBSD, AIX and HP-UX print `host.port` with a dot,
//! `*.*` wildcards, `tcp4/tcp6/tcp46`, optional leading PCB columns (`-A`: `Tcpcb`,
//! `Socket Flowhash`, AIX's hex address) and extra trailing columns (`-v`, `-b`, `-P`);
//! and Solaris' per-protocol blocks (`TCP: IPv4`, Swind/Rwind columns, `Idle`).

use std::borrow::Cow;

use super::addr::HostPort;
use super::lex::{Columns, Word, digits, words};
use super::vocab::{Tool, exact_state};
use super::{Row, owner};
use crate::model::{Inet, InetProto, Socket, TcpState};

fn proto(text: &str) -> Option<InetProto> {
    Some(match text {
        "tcp4" | "tcp" => InetProto::Tcp,
        "tcp6" | "tcp46" => InetProto::Tcp6,
        "udp4" | "udp" => InetProto::Udp,
        "udp6" | "udp46" => InetProto::Udp6,
        "icm4" | "raw" | "raw4" | "div4" => InetProto::Raw,
        "icm6" | "raw6" | "rip6" | "div6" => InetProto::Raw6,
        _ => return None,
    })
}

fn socket(
    proto: InetProto,
    local: &HostPort,
    remote: &HostPort,
    state: Option<TcpState>,
) -> Socket {
    Socket::inet(Inet {
        proto,
        state,
        local: local.endpoint(proto.is_v6()),
        remote: remote.endpoint(proto.is_v6()),
    })
}

/// macOS `netstat -v`: the owner, by the heading's `pid` column (right-aligned), or
/// macOS 13's `process:pid` (`caddy:610`; names may hold spaces, `Helium Helper:5660`,
/// and a long one pushes the columns after it right).
fn v_owner(text: &str, all: &[Word<'_>], heading: &Columns) -> Option<crate::model::Owner> {
    if let Some(shiwat) = heading.end_of(|w| w == "shiwat") {
        if heading.start_of(|w| w == "process:pid").is_some() {
            let first = all.iter().position(|(at, _)| *at > shiwat)?;
            let last = (first..all.len()).find(|&i| {
                let w = all[i].1;
                w.rsplit_once(':').is_some_and(|(_, pid)| digits(pid))
            })?;
            let cell = &text[all[first].0..all[last].0 + all[last].1.len()];
            let (name, pid) = cell.rsplit_once(':')?;
            return Some(owner(pid.parse().ok()?, name, None));
        }
    }
    let end = heading.end_of(|w| w == "pid")?;
    let (_, word) = *all.iter().find(|(at, w)| at + w.len() == end)?;
    digits(word).then(|| Some(owner(word.parse().ok()?, "", None)))?
}

pub fn inet_row<'a>(text: &'a str, heading: Option<&Columns>) -> Option<Row<'a>> {
    let words_at: Vec<Word> = words(text).collect();
    let all: Vec<&str> = words_at.iter().map(|(_, w)| *w).collect();
    // Up to two PCB columns may come before Proto.
    let p = (0..all.len().min(3)).find(|&i| proto(all[i]).is_some())?;
    let mut columns: Vec<(Cow<'static, str>, &str)> = all[..p]
        .iter()
        .enumerate()
        .map(|(i, w)| (Cow::Owned(format!("pcb_{}", i + 1)), *w))
        .collect();
    let proto_text = all[p];
    let proto = proto(proto_text)?;
    let mut i = p + 1;
    let mut numbers = Vec::new();
    while i < all.len() && digits(all[i]) {
        numbers.push(all[i]);
        i += 1;
    }
    let local = HostPort::dot(all.get(i)?);
    let remote = HostPort::dot(all.get(i + 1)?);
    if local.port.is_none() || remote.port.is_none() {
        return None;
    }
    i += 2;
    let state_word = all.get(i).and_then(|w| exact_state(Tool::Bsd, w));
    if state_word.is_some() {
        i += 1;
    }
    for (n, w) in all[i..].iter().enumerate() {
        columns.push((Cow::Owned(format!("extra_{}", n + 1)), *w));
    }
    let mut s = socket(proto, &local, &remote, state_word.and_then(|w| w.tcp));
    s.owners
        .extend(heading.and_then(|h| v_owner(text, &words_at, h)));
    if let [r, q] = numbers[..] {
        s.recv_q = r.parse().unwrap_or(0);
        s.send_q = q.parse().unwrap_or(0);
    } else {
        // -T: Rexmit OOORcv 0-win instead of the queues.
        for (n, v) in numbers.iter().enumerate() {
            columns.push((Cow::Owned(format!("counter_{}", n + 1)), *v));
        }
    }
    Some(Row {
        socket: Some(s),
        proto_text,
        state_text: state_word.map(|w| &*w.text),
        state_word,
        local: Some(local),
        remote: Some(remote),
        columns,
        ..Row::default()
    })
}

/// Solaris `netstat -an` block rows: `local [remote] [Swind Send-Q Rwind Recv-Q] state [If]`.
pub fn solaris_row(text: &str) -> Option<Row<'_>> {
    let all: Vec<&str> = text.split_whitespace().collect();
    let local = HostPort::dot(all.first()?);
    local.port.as_ref()?;
    let state_at = all
        .iter()
        .position(|w| exact_state(Tool::Bsd, w).is_some())?;
    let state_word = exact_state(Tool::Bsd, all[state_at])?;
    let remote = match all.get(1) {
        Some(w) if state_at > 1 && w.contains('.') => HostPort::dot(w),
        _ => HostPort::default(),
    };
    let numbers: Vec<u64> = all[..state_at]
        .iter()
        .skip(2)
        .filter_map(|w| w.parse().ok())
        .collect();
    let udp = matches!(&*state_word.text, "Idle" | "Unbound" | "Connected");
    let v6 = local.host.contains(':');
    let proto = match (udp, v6) {
        (true, false) => InetProto::Udp,
        (true, true) => InetProto::Udp6,
        (false, false) => InetProto::Tcp,
        (false, true) => InetProto::Tcp6,
    };
    let mut s = socket(proto, &local, &remote, state_word.tcp);
    if let [_, send_q, _, recv_q] = numbers[..] {
        s.send_q = u32::try_from(send_q).unwrap_or(u32::MAX);
        s.recv_q = u32::try_from(recv_q).unwrap_or(u32::MAX);
    }
    let columns = all[state_at + 1..]
        .iter()
        .map(|w| (Cow::Borrowed("if"), *w))
        .collect();
    Some(Row {
        socket: Some(s),
        proto_text: proto.name(),
        state_text: Some(&*state_word.text),
        state_word: Some(state_word),
        local: Some(local),
        remote: (!remote.host.is_empty()).then_some(remote),
        columns,
        ..Row::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Proto;

    #[test]
    fn bsd_and_solaris_rows() {
        // jc freebsd12/netstat-Aa.out (-A: Tcpcb column first).
        let r = inet_row("fffff80003b4f7a0 tcp4       0      0 192.168.71.163.ssh      192.168.71.1.56321     ESTABLISHED", None).unwrap();
        let s = r.socket.unwrap();
        assert_eq!(s.tcp_state(), Some(TcpState::Established));
        assert_eq!(s.local_port(), Some(22));
        // integrations-core macos netstat_n_a_p_udp: no state.
        let r = inet_row(
            "udp4       0      0  *.*                    *.*                               ",
            None,
        )
        .unwrap();
        assert_eq!(r.socket.unwrap().tcp_state(), None);
        // inspec s11-netstat-an-finet-finet6.
        let r = solaris_row(
            "127.0.0.1.5999             *.*                  0      0  128000      0 LISTEN",
        )
        .unwrap();
        assert_eq!(r.socket.unwrap().tcp_state(), Some(TcpState::Listen));
        let r = solaris_row("10.0.2.15.68                              Idle").unwrap();
        assert_eq!(r.socket.unwrap().proto(), Proto::Inet(InetProto::Udp));
    }

    #[test]
    fn macos_v_pid() {
        // macOS netstat -anv -p tcp as pasted in public Q&A (apple.stackexchange 117644)
        // and in other parsers' tests: pid right-aligned under its heading.
        let h = Columns::of(
            "Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)     rhiwat shiwat    pid   epid  state    options",
        );
        let r = inet_row("tcp46      0      0  *.62981                *.*                    LISTEN      131072 131072  34548      0 0x0100 0x00000006", Some(&h)).unwrap();
        assert_eq!(r.socket.unwrap().owners[0].process.pid, 34548);
        // A UDP row has no (state): the pid is still found by position.
        let r = inet_row("udp4       0      0  *.123                  *.*                                786896   9216    180      0 0x0000 0x00000000", Some(&h)).unwrap();
        assert_eq!(r.socket.unwrap().owners[0].process.pid, 180);
        // macOS 14's process:pid column, names with spaces.
        let h = Columns::of(
            "Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)          rxbytes      txbytes  rhiwat  shiwat          process:pid    state  options",
        );
        let r = inet_row("tcp46      0      0  *.443                  *.*                    LISTEN                 0            0  131072  131072      Helium Helper:5660   00100 00000006", Some(&h)).unwrap();
        let s = r.socket.unwrap();
        assert_eq!(
            (s.owners[0].process.pid, s.owners[0].process.comm.as_str()),
            (5660, "Helium Helper")
        );
    }
}
