//! The findings on small tables built as the parsers build them.

use std::net::{IpAddr, Ipv4Addr};

use super::*;
use crate::model::{Endpoint, Inet, InetProto};

fn row(state: TcpState, local: u16, peer: [u8; 4], recv_q: u32) -> Socket {
    let end = |addr: [u8; 4], port| Endpoint {
        addr: IpAddr::V4(Ipv4Addr::from(addr)),
        port,
        mapped: false,
    };
    Socket {
        recv_q,
        inode: Some(0),
        ..Socket::inet(Inet {
            proto: InetProto::Tcp,
            state: Some(state),
            local: Some(end([10, 0, 0, 1], Some(local))),
            remote: Some(end(peer, Some(40000 + local % 1000))),
        })
    }
}

#[test]
fn close_wait_from_one_peer_is_one_group_with_its_clue() {
    let mut tally = Tally::default();
    for port in [8445, 8080, 8443, 8080, 8445] {
        for _ in 0..3 {
            tally.add(&row(TcpState::CloseWait, port, [10, 0, 0, 5], 143), false);
        }
    }
    let findings = tally.findings(&Hidden::default());
    let group = findings.iter().find_map(|f| match f {
        Finding::Group(g) => Some(g),
        _ => None,
    });
    let group = group.expect("a group");
    assert_eq!((group.n, group.peer.as_str()), (15, "10.0.0.5"));
    assert_eq!(
        group.ports,
        vec![8080, 8443, 8445],
        "ports sort numerically"
    );
    assert_eq!(group.same_recv_q, Some(143));
    assert!(findings.contains(&Finding::CloseWaitUnread { n: 15 }));
    assert!(
        !findings
            .iter()
            .any(|f| matches!(f, Finding::CloseWaitRead { .. }))
    );
}

#[test]
fn time_wait_is_no_alarm_until_it_piles_on_one_remote() {
    let mut tally = Tally::default();
    for port in 0..5 {
        tally.add(
            &row(TcpState::TimeWait, 50000 + port, [192, 0, 2, 7], 0),
            true,
        );
    }
    let few = tally.findings(&Hidden::default());
    assert!(
        !few.iter()
            .any(|f| matches!(f, Finding::TimeWaitChurn { .. }))
    );
    assert!(
        !few.iter()
            .any(|f| matches!(f, Finding::OwnersHidden { .. })),
        "a '-' on TIME_WAIT hides nothing"
    );
    for port in 5..12 {
        tally.add(
            &row(TcpState::TimeWait, 50000 + port, [192, 0, 2, 7], 0),
            true,
        );
    }
    let many = tally.findings(&Hidden::default());
    assert!(many.contains(&Finding::TimeWaitChurn {
        n: 12,
        remote: "192.0.2.7".into()
    }));
}

#[test]
fn tcp_and_unix_states_are_counted_apart() {
    let mut tally = Tally::default();
    tally.add(&row(TcpState::Established, 22, [10, 0, 0, 9], 0), false);
    let Finding::Counts { tcp, unix, .. } = &tally.findings(&Hidden::default())[0] else {
        panic!("counts first");
    };
    assert_eq!(tcp, &vec![("ESTABLISHED".to_string(), 1)]);
    assert!(unix.is_empty());
}

#[test]
fn what_the_source_hid_is_said() {
    let hidden = Hidden {
        listeners: true,
        grep: Some("CLOSE_WAIT".into()),
        unix: true,
    };
    let findings = Tally::default().findings(&hidden);
    assert!(findings.contains(&Finding::ListenersHidden));
    assert!(findings.contains(&Finding::Filtered {
        pattern: "CLOSE_WAIT".into()
    }));
    assert!(findings.contains(&Finding::UnixHidden));
}
