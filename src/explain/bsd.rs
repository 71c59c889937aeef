//! BSD-layout rows: macOS, FreeBSD, NetBSD, AIX and HP-UX print `host.port` with a dot,
//! `*.*` wildcards, `tcp4/tcp6/tcp46`, optional leading PCB columns (`-A`: `Tcpcb`,
//! `Socket Flowhash`, AIX's hex address) and extra trailing columns (`-v`, `-b`, `-P`);
//! and Solaris' per-protocol blocks (`TCP: IPv4`, Swind/Rwind columns, `Idle`).

use std::borrow::Cow;

use super::Row;
use super::addr::HostPort;
use super::lex::{digits, words};
use super::vocab::{Tool, exact_state};
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

pub fn inet_row(text: &str) -> Option<Row<'_>> {
    let all: Vec<&str> = words(text).map(|(_, w)| w).collect();
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
        owner_text: None,
        timer: None,
        columns,
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
        owner_text: None,
        timer: None,
        columns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Proto;

    #[test]
    fn bsd_and_solaris_rows() {
        // jc freebsd12/netstat-Aa.out (-A: Tcpcb column first).
        let r = inet_row("fffff80003b4f7a0 tcp4       0      0 192.168.71.163.ssh      192.168.71.1.56321     ESTABLISHED").unwrap();
        let s = r.socket.unwrap();
        assert_eq!(s.tcp_state(), Some(TcpState::Established));
        assert_eq!(s.local_port(), Some(22));
        // integrations-core macos netstat_n_a_p_udp: no state.
        let r = inet_row(
            "udp4       0      0  *.*                    *.*                               ",
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
}
