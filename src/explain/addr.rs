//! Addresses as tools print them: `host:port` (net-tools, ss, Windows) or `host.port`
//! (BSD, Solaris), with `*` wildcards, `[v6]` brackets, `%iface` scopes, `::ffff:` mapped
//! IPv4 and resolved names. The printed text is kept; an [`Endpoint`] is made only when
//! the host is an address.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::hostname::{Decoded, decode};
use crate::model::Endpoint;

/// One address column, split as printed (borrowed from the line).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HostPort<'a> {
    pub host: &'a str,
    /// `None` when the tool printed no port (ss UNIX/netlink rows).
    pub port: Option<&'a str>,
    /// netstat cut `host:port` to fit its column (net-tools without `-W`: 23 columns).
    pub cut: bool,
    /// What a resolved name says about itself (provider, site, an address in it).
    pub name: Option<Decoded>,
}

impl<'a> HostPort<'a> {
    /// `host:port`, split at the last colon (`:::22` → `::` and `22`).
    pub fn colon(text: &'a str) -> HostPort<'a> {
        HostPort::split_last(text, b':')
    }

    /// `host.port`, split at the last dot (`*.*`, `127.0.0.1.631`, `::1.5999`).
    pub fn dot(text: &'a str) -> HostPort<'a> {
        HostPort::split_last(text, b'.')
    }

    /// Host and port around the last `sep`; no port when there is no host before it.
    fn split_last(text: &'a str, sep: u8) -> HostPort<'a> {
        match text.bytes().rposition(|b| b == sep) {
            Some(at) if at > 0 => HostPort {
                host: &text[..at],
                port: Some(&text[at + 1..]),
                ..HostPort::default()
            },
            _ => HostPort {
                host: text,
                ..HostPort::default()
            },
        }
    }

    /// The port as a number: digits, or a well-known service name; `None` for `*`.
    pub fn port_number(&self) -> Option<u16> {
        let port = self.port.filter(|p| *p != "*")?;
        number(port).or_else(|| service_port(port))
    }

    /// [`HostPort::port_number`] and [`HostPort::port_name`] from one reading of the port.
    pub fn port_parts(&self) -> (Option<u16>, Option<&'a str>) {
        let Some(port) = self.port.filter(|p| *p != "*") else {
            return (None, None);
        };
        match number(port) {
            Some(n) => (Some(n), None),
            None => (service_port(port), Some(port)),
        }
    }

    /// The service name when the port was printed as one (`https`).
    pub fn port_name(&self) -> Option<&'a str> {
        let port = self.port?;
        (port != "*" && number(port).is_none()).then_some(port)
    }

    /// The host as an IP address, if it is one (`*` counts as unspecified of `v6`).
    pub fn ip(&self, v6: bool) -> Option<(IpAddr, bool)> {
        // Most hosts are plain IPv4 addresses: read those without the general parser.
        if let Some(v4) = ipv4(self.host) {
            return Some((IpAddr::V4(v4), false));
        }
        let host = self.host.trim_start_matches('[').trim_end_matches(']');
        let host = host.split('%').next().unwrap_or(host);
        if host == "*" {
            let any = if v6 {
                IpAddr::V6(Ipv6Addr::UNSPECIFIED)
            } else {
                IpAddr::V4(Ipv4Addr::UNSPECIFIED)
            };
            return Some((any, false));
        }
        match host.parse::<IpAddr>().ok()? {
            IpAddr::V6(a) => match a.to_ipv4_mapped() {
                Some(v4) => Some((IpAddr::V4(v4), true)),
                None => Some((IpAddr::V6(a), false)),
            },
            v4 => Some((v4, false)),
        }
    }

    pub fn endpoint(&self, v6: bool) -> Option<Endpoint> {
        let (addr, mapped) = self.ip(v6)?;
        let port = self.port_number().filter(|p| *p != 0);
        Some(Endpoint { addr, port, mapped })
    }

    /// Whether the host is a name rather than an address or wildcard (a cut IPv6
    /// address such as `2601:1:ad80:1445:` is neither, and is no name).
    pub fn is_name(&self) -> bool {
        let h = self.host;
        h.starts_with(|c: char| c.is_alphanumeric())
            && !h.contains(':')
            && ipv4(h).is_none()
            && (h.bytes().any(|b| b.is_ascii_alphabetic()) || self.ip(false).is_none())
    }

    /// Marks the column as cut when `cut`, and reads what a name says about itself.
    pub fn read_name(mut self, cut: bool) -> HostPort<'a> {
        self.cut = cut;
        if self.host.starts_with(|c: char| c.is_ascii_alphabetic()) && self.is_name() {
            self.name = decode(self.host, cut);
        }
        self
    }

    /// The printed length of `host:port` (what netstat fits in its column).
    pub fn printed_len(&self) -> usize {
        self.host.len() + self.port.map_or(0, |p| p.len() + 1)
    }
}

/// `a.b.c.d`, each a decimal number 0–255 (no leading `+`, at most three digits).
/// A port number as [`u16`]'s parser reads it (an optional `+`, then digits), without
/// its generality: this runs for every address of every row.
fn number(text: &str) -> Option<u16> {
    let digits = text.strip_prefix('+').unwrap_or(text).as_bytes();
    if digits.is_empty() {
        return None;
    }
    let mut value: u32 = 0;
    for &c in digits {
        let digit = c.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        value = value * 10 + u32::from(digit);
        if value > u32::from(u16::MAX) {
            return None;
        }
    }
    u16::try_from(value).ok()
}

fn ipv4(text: &str) -> Option<Ipv4Addr> {
    let b = text.as_bytes();
    if b.len() < 7 || b.len() > 15 {
        return None;
    }
    let mut octets = [0u8; 4];
    let (mut n, mut value, mut len) = (0, 0u16, 0);
    for &c in b {
        if c == b'.' {
            if len == 0 || n == 3 {
                return None;
            }
            octets[n] = value as u8;
            (n, value, len) = (n + 1, 0, 0);
            continue;
        }
        let digit = c.wrapping_sub(b'0');
        // A leading zero on a longer number is not an address std accepts either.
        if digit > 9 || len == 3 || (len == 1 && value == 0) {
            return None;
        }
        value = value * 10 + u16::from(digit);
        len += 1;
        if value > 255 {
            return None;
        }
    }
    if n != 3 || len == 0 {
        return None;
    }
    octets[3] = value as u8;
    Some(Ipv4Addr::from(octets))
}

/// Well-known service names as `/etc/services` (IANA) spells them: what resolved
/// netstat output prints instead of the port number.
const SERVICES: &[(&str, u16)] = &[
    ("ftp-data", 20),
    ("ftp", 21),
    ("ssh", 22),
    ("telnet", 23),
    ("smtp", 25),
    ("domain", 53),
    ("bootps", 67),
    ("bootpc", 68),
    ("tftp", 69),
    ("http", 80),
    ("kerberos", 88),
    ("pop3", 110),
    ("sunrpc", 111),
    ("ident", 113),
    ("auth", 113),
    ("ntp", 123),
    ("epmap", 135),
    ("netbios-ns", 137),
    ("netbios-dgm", 138),
    ("netbios-ssn", 139),
    ("imap2", 143),
    ("imap", 143),
    ("snmp", 161),
    ("ldap", 389),
    ("https", 443),
    ("microsoft-ds", 445),
    ("submissions", 465),
    ("isakmp", 500),
    ("syslog", 514),
    ("printer", 515),
    ("submission", 587),
    ("ipp", 631),
    ("ldaps", 636),
    ("imaps", 993),
    ("pop3s", 995),
    ("socks", 1080),
    ("openvpn", 1194),
    ("ms-sql-s", 1433),
    ("nfs", 2049),
    ("mysql", 3306),
    ("ms-wbt-server", 3389),
    ("postgresql", 5432),
    ("mdns", 5353),
    ("x11", 6000),
    ("http-alt", 8080),
    ("webcache", 8080),
    ("ssdp", 1900),
    ("llmnr", 5355),
];

pub fn service_port(name: &str) -> Option<u16> {
    SERVICES.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_as_tools_print() {
        // netstat -tan (net-tools 2.10, this machine) and jc's centos-7.7 netstat.out.
        let h = HostPort::colon(":::22");
        assert_eq!((h.host, h.port_number()), ("::", Some(22)));
        let h = HostPort::colon("kix06s11-in-f14.1e100.net:https");
        assert_eq!(h.port_number(), Some(443));
        assert_eq!(h.port_name(), Some("https"));
        assert!(h.is_name());
        // ss: mapped and scoped addresses.
        let e = HostPort::colon("::ffff:127.0.0.1:7199")
            .endpoint(true)
            .unwrap();
        assert!(e.mapped);
        assert_eq!(e.addr.to_string(), "127.0.0.1");
        let e = HostPort::colon("fe80::a00:27ff:fe32:ed09%enp0s3:9200").endpoint(true);
        assert_eq!(e.unwrap().port, Some(9200));
        // BSD dot notation (jc freebsd12 netstat-an.out).
        let h = HostPort::dot("192.168.71.163.22");
        assert_eq!((h.host, h.port_number()), ("192.168.71.163", Some(22)));
        let h = HostPort::dot("*.*");
        assert_eq!(h.endpoint(false).unwrap().port, None);
    }

    #[test]
    fn port_parts_are_port_number_and_port_name() {
        for text in [
            "h:22",
            "h:https",
            "h:*",
            "h",
            "h:0",
            "h:99999",
            "h:nosuchservice",
            "h:",
        ] {
            let h = HostPort::colon(text);
            assert_eq!(h.port_parts(), (h.port_number(), h.port_name()), "{text}");
        }
    }

    #[test]
    fn fast_readers_agree_with_std() {
        for t in [
            "127.0.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "1.2.3",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3.4.5",
            "a.b.c.d",
            "1.2.3.4 ",
            "1..2.3",
            ".1.2.3",
            "1.2.3.",
            "1.2.3.04",
            "10.0.0.0",
            "1.2.3.1000",
            "1.2.3.255",
            "100.200.250.199",
            "1.2.3.-4",
            "1.2.3.4:",
        ] {
            assert_eq!(ipv4(t), t.parse().ok(), "{t}");
        }
        for t in [
            "",
            "0",
            "22",
            "+80",
            "+",
            "-1",
            "65535",
            "65536",
            "0080",
            "1a",
            "99999999999",
            " 1",
        ] {
            assert_eq!(number(t), t.parse().ok(), "{t}");
        }
    }
}
