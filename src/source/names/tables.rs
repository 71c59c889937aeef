//! The name files netstat reads without `-n`, parsed the way glibc and net-tools read
//! them: `hosts` (the first line naming an address gives its name: glibc's files backend
//! returns the first match and its first name), `services` and `protocols` (net-tools'
//! `read_services` prepends every entry to a list and `get_sname` takes the first match,
//! so the **last** line for a port wins; for raw sockets the "port" is the protocol
//! number, and `protocols` entries are searched before `raw` services).

use std::collections::HashMap;
use std::io::BufRead;
use std::net::IpAddr;

use crate::model::InetProto;

/// Which list of services a table's ports are named from (`get_sname`'s `proto`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ServiceProto {
    Tcp,
    Udp,
    Raw,
}

impl ServiceProto {
    pub fn of(proto: InetProto) -> ServiceProto {
        match proto {
            InetProto::Tcp | InetProto::Tcp6 => ServiceProto::Tcp,
            InetProto::Udp | InetProto::Udp6 => ServiceProto::Udp,
            InetProto::Raw | InetProto::Raw6 => ServiceProto::Raw,
        }
    }

    fn parse(text: &str) -> Option<ServiceProto> {
        match text {
            "tcp" => Some(ServiceProto::Tcp),
            "udp" => Some(ServiceProto::Udp),
            "raw" => Some(ServiceProto::Raw),
            _ => None,
        }
    }
}

/// Hosts by address: the first name of the first line that lists the address.
pub fn parse_hosts(reader: impl BufRead) -> HashMap<IpAddr, String> {
    let mut hosts = HashMap::new();
    for line in reader.lines().map_while(Result::ok) {
        let mut words = uncommented(&line).split_whitespace();
        let (Some(addr), Some(name)) = (words.next(), words.next()) else {
            continue;
        };
        if let Ok(addr) = addr.parse::<IpAddr>() {
            hosts.entry(addr).or_insert_with(|| name.to_string());
        }
    }
    hosts
}

/// Services by (list, port): `name port/proto [aliases]`; the last line for a port wins.
pub fn parse_services(reader: impl BufRead) -> HashMap<(ServiceProto, u16), String> {
    let mut services = HashMap::new();
    for line in reader.lines().map_while(Result::ok) {
        let mut words = uncommented(&line).split_whitespace();
        let (Some(name), Some(port)) = (words.next(), words.next()) else {
            continue;
        };
        let Some((port, proto)) = port.split_once('/') else {
            continue;
        };
        if let (Ok(port), Some(proto)) = (port.parse::<u16>(), ServiceProto::parse(proto)) {
            services.insert((proto, port), name.to_string());
        }
    }
    services
}

/// Protocols by number: `name number [aliases]`; the last line for a number wins.
pub fn parse_protocols(reader: impl BufRead) -> HashMap<u16, String> {
    let mut protocols = HashMap::new();
    for line in reader.lines().map_while(Result::ok) {
        let mut words = uncommented(&line).split_whitespace();
        let (Some(name), Some(number)) = (words.next(), words.next()) else {
            continue;
        };
        if let Ok(number) = number.parse::<u16>() {
            protocols.insert(number, name.to_string());
        }
    }
    protocols
}

fn uncommented(line: &str) -> &str {
    line.split('#').next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_host_line_and_its_first_name_win() {
        // This machine's /etc/hosts (a sandbox VM, 2026-11-29) plus a Debian ::1 line.
        let text = "127.0.0.1 localhost\n127.0.0.1 runsc\n127.0.0.1 vm\n\
                    ::1 localhost ip6-localhost ip6-loopback\n# 10.0.0.1 commented\n";
        let hosts = parse_hosts(text.as_bytes());
        assert_eq!(hosts[&"127.0.0.1".parse::<IpAddr>().unwrap()], "localhost");
        assert_eq!(hosts[&"::1".parse::<IpAddr>().unwrap()], "localhost");
        assert_eq!(hosts.len(), 2);
    }

    #[test]
    fn the_last_service_line_for_a_port_wins() {
        // Debian 12 netbase /etc/services lines, then a second 443/tcp entry (netstat
        // printed `socklab-dup` for it: fixtures/outputs/names/netstat-tuwa.txt).
        let text = "https\t\t443/tcp\t\t\t\t# http protocol over TLS/SSL\n\
                    http-alt\t8080/tcp\twebcache\t# WWW caching service\n\
                    domain\t\t53/udp\n\
                    socklab-dup\t443/tcp\n";
        let services = parse_services(text.as_bytes());
        assert_eq!(services[&(ServiceProto::Tcp, 443)], "socklab-dup");
        assert_eq!(services[&(ServiceProto::Tcp, 8080)], "http-alt");
        assert_eq!(services[&(ServiceProto::Udp, 53)], "domain");
        assert!(!services.contains_key(&(ServiceProto::Tcp, 53)));
    }

    #[test]
    fn protocols_by_number() {
        // Debian 12 netbase /etc/protocols lines.
        let text = "icmp\t1\tICMP\t\t# internet control message protocol\n\
                    ipv6-icmp 58\tIPv6-ICMP\t# ICMP for IPv6\n";
        let protocols = parse_protocols(text.as_bytes());
        assert_eq!(protocols[&1], "icmp");
        assert_eq!(protocols[&58], "ipv6-icmp");
    }
}
