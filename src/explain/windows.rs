//! Windows `netstat` rows: `Proto Local Foreign [State] [PID]` with `[::]:445`,
//! `*:*` UDP peers and `-b` owner lines under a row (`[chrome.exe]`, a service name,
//! "Can not obtain ownership information"); PowerShell's `Select-String` `> ` prefix is
//! forgiven.

use super::addr::HostPort;
use super::vocab::{Tool, exact_state};
use super::{Row, owner};
use crate::model::{Inet, InetProto, Socket};

pub fn row(text: &str) -> Option<Row<'_>> {
    let t = text.trim_start();
    let t = t.strip_prefix("> ").unwrap_or(t);
    let all: Vec<&str> = t.split_whitespace().collect();
    let proto_text = *all.first()?;
    let udp = match proto_text {
        "TCP" => false,
        "UDP" => true,
        _ => return None,
    };
    let local = HostPort::colon(all.get(1)?);
    let remote = HostPort::colon(all.get(2)?);
    local.port.as_ref()?;
    let mut i = 3;
    let state_word = all.get(i).and_then(|w| exact_state(Tool::Windows, w));
    if state_word.is_some() {
        i += 1;
    } else if !udp {
        return None;
    }
    let pid_text = all.get(i).copied();
    let pid: Option<u32> = match pid_text {
        Some(w) => Some(w.parse().ok()?),
        None => None,
    };
    if all.len() > i + 1 {
        return None;
    }
    let v6 = local.host.starts_with('[');
    let proto = match (udp, v6) {
        (false, false) => InetProto::Tcp,
        (false, true) => InetProto::Tcp6,
        (true, false) => InetProto::Udp,
        (true, true) => InetProto::Udp6,
    };
    let socket = Socket {
        owners: pid.map(|p| owner(p, "", None)).into_iter().collect(),
        ..Socket::inet(Inet {
            proto,
            state: state_word.and_then(|w| w.tcp),
            local: local.endpoint(v6),
            remote: remote.endpoint(v6),
        })
    };
    Some(Row {
        socket: Some(socket),
        proto_text,
        state_text: state_word.map(|w| &*w.text),
        state_word,
        local: Some(local),
        remote: Some(remote),
        owner_text: pid_text,
        timer: None,
        columns: Vec::new(),
    })
}

/// `-b` lines: `[exe]` or an indented service name.
pub fn is_owner_line(text: &str) -> bool {
    let t = text.trim();
    t == "Can not obtain ownership information"
        || (t.starts_with('[') && t.ends_with(']'))
        || (text.starts_with(' ') && !t.is_empty() && !t.contains(' '))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Proto;

    #[test]
    fn windows_rows() {
        // jc windows-10/netstat-aon.out and dd-agent netstat_windows.
        let r = row("  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1712")
            .unwrap();
        let s = r.socket.unwrap();
        assert_eq!(s.owners[0].process.pid, 1712);
        assert_eq!(s.tcp_state(), Some(crate::model::TcpState::Listen));
        let r = row("  UDP    [::]:500               *:*                                    4196")
            .unwrap();
        assert_eq!(r.socket.unwrap().proto(), Proto::Inet(InetProto::Udp6));
        let r =
            row(">   TCP    0.0.0.0:22             0.0.0.0:0              LISTENING       1264")
                .unwrap();
        assert_eq!(r.socket.unwrap().local_port(), Some(22));
    }
}
