//! The TCP state machine as data: the states a connection passes through, in the order a
//! picture reads them, and the moves between them (RFC 9293 §3.3.2, figure 5, as Linux
//! runs it: TIME_WAIT ends after 60 s, `TCP_TIMEWAIT_LEN`). Only the common moves are
//! here; the rarer ones (a reset back to CLOSE, `close()` of a listener or of a
//! connection still opening, both ends opening at once, FIN_WAIT1 straight to TIME_WAIT
//! when the FIN and the ACK of ours come together) are named in the legend instead.
//! State names are netstat's; what makes a move is a call or a packet name, the same in
//! every language, except the timer, which the renderer words.

use crate::model::TcpState;

/// What makes a socket move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// The program calls this (`listen()`, `connect()`, `close()`).
    Call(&'static str),
    /// This packet arrives.
    Packet(&'static str),
    /// TIME_WAIT's timer runs out (60 s on Linux).
    Timer,
}

/// One move: in `from`, on `cause`, the socket sends `sends` (if anything) and is `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Move {
    pub from: TcpState,
    pub cause: Cause,
    pub sends: Option<&'static str>,
    pub to: TcpState,
}

const fn step(from: TcpState, cause: Cause, sends: Option<&'static str>, to: TcpState) -> Move {
    Move {
        from,
        cause,
        sends,
        to,
    }
}

use Cause::{Call, Packet, Timer};
use TcpState::{
    Close, CloseWait, Closing, Established, FinWait1, FinWait2, LastAck, Listen, SynRecv, SynSent,
    TimeWait,
};

/// The common moves, in the order a connection meets them.
pub const MOVES: [Move; 14] = [
    step(Close, Call("listen()"), None, Listen),
    step(Close, Call("connect()"), Some("SYN"), SynSent),
    step(Listen, Packet("SYN"), Some("SYN+ACK"), SynRecv),
    step(SynSent, Packet("SYN+ACK"), Some("ACK"), Established),
    step(SynRecv, Packet("ACK"), None, Established),
    step(Established, Call("close()"), Some("FIN"), FinWait1),
    step(Established, Packet("FIN"), Some("ACK"), CloseWait),
    step(FinWait1, Packet("ACK"), None, FinWait2),
    step(FinWait1, Packet("FIN"), Some("ACK"), Closing),
    step(FinWait2, Packet("FIN"), Some("ACK"), TimeWait),
    step(Closing, Packet("ACK"), None, TimeWait),
    step(TimeWait, Timer, None, Close),
    step(CloseWait, Call("close()"), Some("FIN"), LastAck),
    step(LastAck, Packet("ACK"), None, Close),
];

/// The states of the picture, in reading order.
pub const DRAWN: [TcpState; 11] = [
    Close,
    Listen,
    SynSent,
    SynRecv,
    Established,
    FinWait1,
    FinWait2,
    Closing,
    TimeWait,
    CloseWait,
    LastAck,
];

/// Where a state sits in the picture: NEW_SYN_RECV is the kernel's request socket,
/// which netstat prints as SYN_RECV; an unknown number has no place.
pub fn place(state: TcpState) -> Option<TcpState> {
    match state {
        TcpState::NewSynRecv => Some(SynRecv),
        TcpState::Unknown(_) => None,
        drawn => Some(drawn),
    }
}

/// The moves into and out of `state`, in [`MOVES`] order.
pub fn moves_of(state: TcpState) -> impl Iterator<Item = &'static Move> {
    MOVES
        .iter()
        .filter(move |m| m.from == state || m.to == state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_drawn_state_is_reached_and_left() {
        for state in DRAWN {
            assert!(
                MOVES.iter().any(|m| m.to == state),
                "{state:?} is never reached"
            );
            assert!(
                MOVES.iter().any(|m| m.from == state),
                "{state:?} is never left"
            );
        }
        for m in MOVES {
            assert!(DRAWN.contains(&m.from) && DRAWN.contains(&m.to), "{m:?}");
        }
        let named: Vec<_> = TcpState::NAMED.iter().filter_map(|s| place(*s)).collect();
        assert!(named.iter().all(|s| DRAWN.contains(s)));
        assert_eq!(place(TcpState::Unknown(99)), None);
    }
}
