//! The words tools print: state names in every dialect (net-tools, its translations, ss,
//! BSD, Windows, Solaris), mapped back to the model's canonical states, and the
//! translated section titles. This is tool vocabulary, not explanation: what a state
//! means lives in the glossary.
//!
//! Translations are the `msgstr` of net-tools' po files: cs, de, et, fr, ja, pt_BR as
//! installed by Debian 12's net-tools 2.10 (`msgunfmt /usr/share/locale/<l>/LC_MESSAGES/
//! net-tools.mo`); sv and ka from ecki/net-tools `po/sv.po` (2025) and `po/ka.po`. The
//! `po/ca.po` there leaves every netstat string untranslated, so Catalan output is English.
//! Words a language leaves as in English are not repeated.

use crate::model::{TcpState, UnixState};

/// A state as printed, and what it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateWord {
    pub text: &'static str,
    pub tcp: Option<TcpState>,
    pub unix: Option<UnixState>,
    /// The language when this is a translation (`de`, `cs`…), for the note.
    pub lang: Option<&'static str>,
}

const fn w(
    text: &'static str,
    tcp: Option<TcpState>,
    unix: Option<UnixState>,
    lang: Option<&'static str>,
) -> StateWord {
    StateWord {
        text,
        tcp,
        unix,
        lang,
    }
}

use TcpState as T;
use UnixState as U;

/// net-tools (English and translated). Where a translation equals the English word the
/// entry is the English one.
pub const NETSTAT: &[StateWord] = &[
    w("ESTABLISHED", Some(T::Established), None, None),
    w("SYN_SENT", Some(T::SynSent), None, None),
    w("SYN_RECV", Some(T::SynRecv), None, None),
    w("FIN_WAIT1", Some(T::FinWait1), None, None),
    w("FIN_WAIT2", Some(T::FinWait2), None, None),
    w("TIME_WAIT", Some(T::TimeWait), None, None),
    w("CLOSE", Some(T::Close), None, None),
    w("CLOSE_WAIT", Some(T::CloseWait), None, None),
    w("LAST_ACK", Some(T::LastAck), None, None),
    w("LISTEN", Some(T::Listen), None, None),
    w("CLOSING", Some(T::Closing), None, None),
    w("UNKNOWN", Some(T::Unknown(0)), Some(U::Unknown), None),
    w("FREE", None, Some(U::Free), None),
    w("LISTENING", None, Some(U::Listening), None),
    w("CONNECTING", None, Some(U::Connecting), None),
    w("CONNECTED", None, Some(U::Connected), None),
    w("DISCONNECTING", None, Some(U::Disconnecting), None),
    // de
    w(
        "VERBUNDEN",
        Some(T::Established),
        Some(U::Connected),
        Some("de"),
    ),
    w("VERBINDUNGSAUFBAU", None, Some(U::Connecting), Some("de")),
    w("VERBINDUNGSABBAU", None, Some(U::Disconnecting), Some("de")),
    w("FREI", None, Some(U::Free), Some("de")),
    w("HÖRT", None, Some(U::Listening), Some("de")),
    w(
        "UNBEKANNT",
        Some(T::Unknown(0)),
        Some(U::Unknown),
        Some("de"),
    ),
    // cs
    w("SPOJENO", Some(T::Established), None, Some("cs")),
    w("ZAVŘEN", Some(T::Close), None, Some("cs")),
    w("ZAVÍRÁ", Some(T::Closing), None, Some("cs")),
    w("POSLEDNÍ ACK", Some(T::LastAck), None, Some("cs")),
    w("NASLOUCHÁ", Some(T::Listen), Some(U::Listening), Some("cs")),
    w("NEZNÁM", Some(T::Unknown(0)), Some(U::Unknown), Some("cs")),
    w("NEALOKOVÁN", None, Some(U::Free), Some("cs")),
    w("SPOJUJE", None, Some(U::Connecting), Some("cs")),
    w("SPOJEN", None, Some(U::Connected), Some("cs")),
    w("ODPOJUJE", None, Some(U::Disconnecting), Some("cs")),
    // et
    w("VABA", None, Some(U::Free), Some("et")),
    w("ÜHENDUMAS", None, Some(U::Connecting), Some("et")),
    w("ÜHENDATUD", None, Some(U::Connected), Some("et")),
    w("LAHTIÜHENDUMAS", None, Some(U::Disconnecting), Some("et")),
    w(
        "TUNDMATU",
        Some(T::Unknown(0)),
        Some(U::Unknown),
        Some("et"),
    ),
    // fr
    w("LIBRE", None, Some(U::Free), Some("fr")),
    w("ENCONNEXION", None, Some(U::Connecting), Some("fr")),
    w("CONNECTE", None, Some(U::Connected), Some("fr")),
    w("ENDECONNEXION", None, Some(U::Disconnecting), Some("fr")),
    w("INCONNU", Some(T::Unknown(0)), Some(U::Unknown), Some("fr")),
    // ja
    w("不明", Some(T::Unknown(0)), Some(U::Unknown), Some("ja")),
    // pt_BR
    w("ESTABELECIDA", Some(T::Established), None, Some("pt_BR")),
    w("SYN_ENVIADO", Some(T::SynSent), None, Some("pt_BR")),
    w("SYN_RECEBIDO", Some(T::SynRecv), None, Some("pt_BR")),
    w("ESPERA_FIN1", Some(T::FinWait1), None, Some("pt_BR")),
    w("ESPERA_FIN2", Some(T::FinWait2), None, Some("pt_BR")),
    w("FECHAR", Some(T::Close), None, Some("pt_BR")),
    w("ESPERANDO_FECHAR", Some(T::CloseWait), None, Some("pt_BR")),
    w("ÚLTIMO_ACK", Some(T::LastAck), None, Some("pt_BR")),
    w("OUÇA", Some(T::Listen), None, Some("pt_BR")),
    w("FECHANDO", Some(T::Closing), None, Some("pt_BR")),
    w(
        "DESCONHECIDA",
        Some(T::Unknown(0)),
        Some(U::Unknown),
        Some("pt_BR"),
    ),
    w("LIVRE", None, Some(U::Free), Some("pt_BR")),
    w("OUVINDO", None, Some(U::Listening), Some("pt_BR")),
    w("CONECTANDO", None, Some(U::Connecting), Some("pt_BR")),
    w("CONECTADO", None, Some(U::Connected), Some("pt_BR")),
    w("DESCONECTANDO", None, Some(U::Disconnecting), Some("pt_BR")),
    // sv (LISTEN and LISTENING are both LYSSNAR; DISCONNECTING has a space)
    w("ETABLERAD", Some(T::Established), None, Some("sv")),
    w("STÄNG", Some(T::Close), None, Some("sv")),
    w("STÄNG_VÄNTA", Some(T::CloseWait), None, Some("sv")),
    w("LYSSNAR", Some(T::Listen), Some(U::Listening), Some("sv")),
    w("STÄNGER", Some(T::Closing), None, Some("sv")),
    w("OKÄND", Some(T::Unknown(0)), Some(U::Unknown), Some("sv")),
    w("LEDIG", None, Some(U::Free), Some("sv")),
    w("ANSLUTER", None, Some(U::Connecting), Some("sv")),
    w("ANSLUTEN", None, Some(U::Connected), Some("sv")),
    w("KOPPLAR FRÅN", None, Some(U::Disconnecting), Some("sv")),
    // ka
    w("უცნობი", Some(T::Unknown(0)), Some(U::Unknown), Some("ka")),
];

/// iproute2 ss (ss.c `sstate_name`); for UNIX rows the same words name UNIX states.
pub const SS: &[StateWord] = &[
    w("ESTAB", Some(T::Established), Some(U::Connected), None),
    w("SYN-SENT", Some(T::SynSent), Some(U::Connecting), None),
    w("SYN-RECV", Some(T::SynRecv), None, None),
    w("FIN-WAIT-1", Some(T::FinWait1), None, None),
    w("FIN-WAIT-2", Some(T::FinWait2), None, None),
    w("TIME-WAIT", Some(T::TimeWait), None, None),
    w("UNCONN", Some(T::Close), Some(U::Unconnected), None),
    w("CLOSE-WAIT", Some(T::CloseWait), None, None),
    w("LAST-ACK", Some(T::LastAck), None, None),
    w("LISTEN", Some(T::Listen), Some(U::Listening), None),
    w("CLOSING", Some(T::Closing), None, None),
    w("NEW-SYN-RECV", Some(T::SynRecv), None, None),
    w("UNKNOWN", Some(T::Unknown(0)), Some(U::Unknown), None),
];

/// BSD/macOS (tcp_fsm.h `tcpstates`), HP-UX and AIX print the same set plus the
/// net-tools spellings.
pub const BSD: &[StateWord] = &[
    w("CLOSED", Some(T::Close), None, None),
    w("LISTEN", Some(T::Listen), None, None),
    w("SYN_SENT", Some(T::SynSent), None, None),
    w("SYN_RCVD", Some(T::SynRecv), None, None),
    w("ESTABLISHED", Some(T::Established), None, None),
    w("CLOSE_WAIT", Some(T::CloseWait), None, None),
    w("FIN_WAIT_1", Some(T::FinWait1), None, None),
    w("CLOSING", Some(T::Closing), None, None),
    w("LAST_ACK", Some(T::LastAck), None, None),
    w("FIN_WAIT_2", Some(T::FinWait2), None, None),
    w("TIME_WAIT", Some(T::TimeWait), None, None),
    // Solaris (netstat -an blocks): BOUND/IDLE are sockets not listening nor connected.
    w("BOUND", Some(T::Close), None, None),
    w("IDLE", Some(T::Close), None, None),
    w("Idle", Some(T::Close), None, None),
    w("Unbound", Some(T::Close), None, None),
    w("Connected", Some(T::Established), None, None),
    w("SYN_RECEIVED", Some(T::SynRecv), None, None),
    w("FIN_WAIT1", Some(T::FinWait1), None, None),
    w("FIN_WAIT2", Some(T::FinWait2), None, None),
];

/// Windows `netstat` (MIB_TCP_STATE names as netstat prints them).
pub const WINDOWS: &[StateWord] = &[
    w("LISTENING", Some(T::Listen), None, None),
    w("SYN_SENT", Some(T::SynSent), None, None),
    w("SYN_RECEIVED", Some(T::SynRecv), None, None),
    w("ESTABLISHED", Some(T::Established), None, None),
    w("FIN_WAIT_1", Some(T::FinWait1), None, None),
    w("FIN_WAIT_2", Some(T::FinWait2), None, None),
    w("CLOSE_WAIT", Some(T::CloseWait), None, None),
    w("CLOSING", Some(T::Closing), None, None),
    w("LAST_ACK", Some(T::LastAck), None, None),
    w("TIME_WAIT", Some(T::TimeWait), None, None),
    w("CLOSED", Some(T::Close), None, None),
    w("DELETE_TCB", Some(T::Close), None, None),
    w("BOUND", Some(T::Close), None, None),
];

/// The longest state word `text` starts with (followed by the end or a blank), so
/// `POSLEDNÍ ACK` wins over a shorter prefix.
pub fn leading_state(table: &'static [StateWord], text: &str) -> Option<&'static StateWord> {
    let first = text.as_bytes().first()?;
    table
        .iter()
        .filter(|s| s.text.as_bytes()[0] == *first)
        .filter(|s| {
            text.strip_prefix(s.text)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        })
        .max_by_key(|s| s.text.len())
}

pub fn exact_state(table: &'static [StateWord], text: &str) -> Option<&'static StateWord> {
    table.iter().find(|s| s.text == text)
}

/// Translated `Active Internet connections` / `Active UNIX domain sockets` (same po files).
pub const INET_TITLES: &[&str] = &[
    "Active Internet connections",
    "Aktive Internetverbindungen",
    "Aktivní Internetová spojení",
    "Aktiivsed internetiühendused",
    "Connexions Internet actives",
    "稼働中のインターネット接続",
    "Conexões Internet Ativas",
    "Aktiva internetanslutningar",
    "ინტერნეტის აქტიური შეერთებები",
];

pub const UNIX_TITLES: &[&str] = &[
    "Active UNIX domain sockets",
    "Aktive Sockets in der UNIX-Domäne",
    "Aktivní sokety domény UNIX",
    "Aktiivsed UNIX domeeni soklid",
    "Sockets du domaine UNIX actives",
    "稼働中のUNIXドメインソケット",
    "Domain sockets UNIX ativos",
    "Aktiva UNIX-domänuttag",
    "Unix-ის დომენის აქტიური სოკეტები",
];

/// The second word of a translated UNIX-section heading (`RefCnt` in English).
pub const REFCNT_WORDS: &[&str] = &[
    "RefCnt",
    "Čítač",
    "RefZäh",
    "Mitu",
    "RefCpt",
    "CntRef",
    "ბმისრდნ",
];

/// The first word of a heading: `Proto`, or ka's `პროტო`.
pub const PROTO_WORDS: &[&str] = &["Proto", "პროტო"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_state_wins() {
        // cs po: LAST_ACK → "POSLEDNÍ ACK" (a space inside the state).
        let s = leading_state(NETSTAT, "POSLEDNÍ ACK 1000 12/x").unwrap();
        assert_eq!(s.tcp, Some(TcpState::LastAck));
        assert_eq!(s.lang, Some("cs"));
        assert!(leading_state(NETSTAT, "LISTENER").is_none());
        assert_eq!(
            leading_state(NETSTAT, "LISTEN      1/x").unwrap().tcp,
            Some(TcpState::Listen)
        );
    }
}
