//! The decision, one rule at a time, on sockets built the way the parsers build them.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use super::*;
use crate::model::{InetProto, Owner, Process};

fn end(port: Option<u16>) -> Endpoint {
    Endpoint {
        addr: IpAddr::V4(if port.is_some() {
            Ipv4Addr::LOCALHOST
        } else {
            Ipv4Addr::UNSPECIFIED
        }),
        port,
        mapped: false,
    }
}

fn tcp(state: TcpState, inode: Option<u64>, recv_q: u32, send_q: u32) -> Socket {
    Socket {
        recv_q,
        send_q,
        inode,
        ..Socket::inet(Inet {
            proto: InetProto::Tcp,
            state: Some(state),
            local: Some(end(Some(8080))),
            remote: Some(end(Some(41000))),
        })
    }
}

fn ids(socket: &Socket, view: &View) -> Vec<String> {
    decide(Row::alone(socket), view)
        .iter()
        .map(|n| n.topic.id())
        .collect()
}

fn has(socket: &Socket, view: &View, id: &str) -> bool {
    ids(socket, view).iter().any(|i| i == id)
}

const SCANNED: View = View {
    owners: OwnerView::Scanned {
        hidden: 0,
        as_root: true,
    },
    ss_queues: false,
    user_shown: false,
    kernel: Some((6, 18)),
};

#[test]
fn inode_zero_means_what_the_state_says() {
    let cases = [
        (TcpState::Established, "owner.accept_queue"),
        (TcpState::CloseWait, "owner.accept_queue"),
        (TcpState::FinWait1, "owner.orphan"),
        (TcpState::FinWait2, "owner.orphan"),
        (TcpState::Closing, "owner.orphan"),
        (TcpState::LastAck, "owner.orphan"),
        (TcpState::TimeWait, "owner.time_wait"),
        (TcpState::SynRecv, "owner.request"),
    ];
    for (state, want) in cases {
        let s = tcp(state, Some(0), 0, 0);
        let got = ids(&s, &SCANNED);
        assert!(got.iter().any(|i| i == want), "{state}: {got:?}");
        let owners: Vec<_> = got.iter().filter(|i| i.starts_with("owner.")).collect();
        assert_eq!(owners.len(), 1, "{state}: exactly one owner note: {got:?}");
    }
}

#[test]
fn an_orphan_flushing_data_is_not_in_an_accept_queue() {
    let s = tcp(TcpState::FinWait1, Some(0), 0, 3_800_000);
    assert!(has(&s, &SCANNED, "owner.orphan"));
    assert!(!has(&s, &SCANNED, "owner.accept_queue"));
    assert!(has(&s, &SCANNED, "queue.unacked"));
}

#[test]
fn close_wait_says_whether_the_end_of_file_was_read() {
    assert!(has(
        &tcp(TcpState::CloseWait, Some(7), 6, 0),
        &SCANNED,
        "queue.eof_unread"
    ));
    let fin_only = tcp(TcpState::CloseWait, Some(7), 1, 0);
    assert!(has(&fin_only, &SCANNED, "queue.fin_unread"));
    assert!(!has(&fin_only, &SCANNED, "queue.eof_unread"));
    assert!(has(
        &tcp(TcpState::CloseWait, Some(7), 0, 0),
        &SCANNED,
        "queue.eof_read"
    ));
    assert!(!has(
        &tcp(TcpState::CloseWait, Some(7), 143, 0),
        &SCANNED,
        "queue.unread"
    ));
}

#[test]
fn hidden_owners_say_what_is_true_for_this_user() {
    let s = tcp(TcpState::Established, Some(42), 0, 0);
    let user = View {
        owners: OwnerView::Scanned {
            hidden: 3,
            as_root: false,
        },
        ..SCANNED
    };
    let root = View {
        owners: OwnerView::Scanned {
            hidden: 3,
            as_root: true,
        },
        ..SCANNED
    };
    assert!(has(&s, &user, "owner.not_root"));
    assert!(has(&s, &root, "owner.hidden"));
    assert!(has(&s, &SCANNED, "owner.gone"));
    assert!(
        !has(&s, &View::default(), "owner.gone"),
        "owners not asked for"
    );
}

#[test]
fn a_tcp_row_never_gets_the_raw_note() {
    let mut s = tcp(TcpState::Listen, Some(1), 0, 0);
    if let Detail::Inet(i) = &mut s.detail {
        i.state = None;
    }
    assert!(!ids(&s, &SCANNED).iter().any(|i| i.starts_with("raw.")));
}

#[test]
fn a_pasted_dash_is_read_with_the_state_and_the_warning() {
    let mut s = tcp(TcpState::Established, None, 0, 0);
    let dash = |s: &Socket, not_root| {
        let row = Row {
            socket: s,
            dash: true,
            relations: &[],
        };
        let view = View {
            owners: OwnerView::Pasted { not_root },
            ..View::default()
        };
        decide(row, &view)
            .iter()
            .map(|n| n.topic.id())
            .collect::<Vec<_>>()
    };
    assert!(dash(&s, true).contains(&"owner.not_root".to_string()));
    assert!(dash(&s, false).contains(&"owner.dash".to_string()));
    if let Detail::Inet(i) = &mut s.detail {
        i.state = Some(TcpState::TimeWait);
    }
    assert!(dash(&s, true).contains(&"owner.time_wait".to_string()));
}

#[test]
fn listener_queues_in_netstat_and_in_ss() {
    let listener = tcp(TcpState::Listen, Some(5), 128, 128);
    assert!(has(&listener, &SCANNED, "queue.accept"));
    assert!(!has(&listener, &SCANNED, "queue.unacked"));
    let ss = View {
        ss_queues: true,
        ..SCANNED
    };
    assert!(has(&listener, &ss, "queue.ss_backlog"));
    assert!(has(&listener, &ss, "queue.backlog_full"));
}

#[test]
fn shared_sockets_name_every_process() {
    let process = |pid| {
        Arc::new(Process {
            pid,
            comm: "nginx".into(),
            argv0: String::new(),
            cmdline: String::new(),
            uid: None,
            user: None,
        })
    };
    let mut s = tcp(TcpState::Listen, Some(5), 0, 0);
    for pid in [10, 11] {
        s.owners.push(Owner {
            fd: Some(6),
            process: process(pid),
        });
    }
    let notes = decide(Row::alone(&s), &SCANNED);
    let shared = notes
        .iter()
        .find(|n| n.topic == Topic::Relation(RelationNote::Shared))
        .expect("shared");
    assert_eq!(shared.with, Some(With::Pids(vec![10, 11])));
}

#[test]
fn unix_names_and_datagram_receivers() {
    let unix = |kind, state, path: &str| Socket {
        inode: Some(9),
        ..Socket::unix(UnixInfo {
            refcnt: Some(2),
            flags: Vec::new(),
            kind,
            state,
            path: path.into(),
            fs_type: None,
            at_file: false,
        })
    };
    let log = unix(UnixType::Dgram, UnixState::Connected, "/dev/log");
    assert!(has(&log, &SCANNED, "unix.dgram_receiver"));
    let blank = unix(UnixType::Dgram, UnixState::Unconnected, "/run/x");
    assert!(!has(&blank, &SCANNED, "unix.dgram_blank"), "5.15 or later");
    assert!(
        has(&blank, &View::default(), "unix.dgram_blank"),
        "kernel unknown"
    );
    assert!(has(
        &unix(UnixType::Stream, UnixState::Connected, "@a5f3c"),
        &SCANNED,
        "path.autobind"
    ));
    assert!(has(
        &unix(UnixType::Stream, UnixState::Connected, "@x@"),
        &SCANNED,
        "path.nul"
    ));
    let mut at = unix(UnixType::Stream, UnixState::Listening, "@rel");
    if let Detail::Unix(u) = &mut at.detail {
        u.at_file = true;
    }
    assert!(has(&at, &SCANNED, "path.at_file"));
    assert!(!has(&at, &SCANNED, "path_kind.abstract"));
    assert!(has(
        &unix(UnixType::Stream, UnixState::Connecting, "/run/a"),
        &SCANNED,
        "owner.accept_queue"
    ));
}
