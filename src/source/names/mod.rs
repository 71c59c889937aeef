//! Names as netstat prints them without `-n` (net-tools `addr_do_one`, `INET_rresolve`,
//! `INET6_rresolve`, `get_sname`): ports become services (`services`; raw sockets'
//! protocol numbers become protocols), addresses become host names (the `hosts` file,
//! then reverse DNS through [`Resolver`], bounded in time). Which addresses netstat asks a
//! name for is decided here ([`lookup_key`]), how the result is printed in
//! `render::table`.
//!
//! The files are read from a fixture tree when it holds them (`<tree>/hosts`,
//! `<tree>/services`, `<tree>/protocols`, beside `<tree>/passwd`), else from `/etc`.

pub mod resolver;
pub mod tables;

use std::collections::HashMap;
use std::net::IpAddr;

use crate::model::{Endpoint, InetProto};
pub use resolver::{Resolver, Reverse};
use tables::ServiceProto;

/// How far `--names` goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The hosts and services files only: nothing is sent anywhere.
    Files,
    /// The files, then reverse DNS for addresses the hosts file does not name.
    Dns,
}

/// The parsed name files.
#[derive(Debug, Default)]
pub struct NameFiles {
    pub hosts: HashMap<IpAddr, String>,
    pub services: HashMap<(ServiceProto, u16), String>,
    pub protocols: HashMap<u16, String>,
}

/// Every name a table needs, looked up before it is printed.
#[derive(Debug, Default)]
pub struct Names {
    hosts: HashMap<IpAddr, String>,
    files: NameFiles,
}

impl Names {
    /// Names for `ends`: the hosts file first, then (with `dns`) the resolver, which
    /// answers within its budget or leaves the address to be printed as a number.
    pub fn resolve<'a>(
        files: NameFiles,
        ends: impl IntoIterator<Item = &'a Endpoint>,
        dns: Option<&Resolver>,
    ) -> Names {
        let mut hosts = HashMap::new();
        let mut unnamed = Vec::new();
        for key in ends.into_iter().filter_map(lookup_key) {
            match files.hosts.get(&key) {
                Some(name) => {
                    hosts.insert(key, name.clone());
                }
                None if !unnamed.contains(&key) => unnamed.push(key),
                None => {}
            }
        }
        if let Some(resolver) = dns {
            hosts.extend(resolver.names(&unnamed));
        }
        Names { hosts, files }
    }

    /// The host name of an endpoint, if it has one.
    pub fn host(&self, end: &Endpoint) -> Option<&str> {
        self.hosts.get(&lookup_key(end)?).map(String::as_str)
    }

    /// The service (or, for raw sockets, protocol) name of a port, if it has one.
    pub fn service(&self, proto: InetProto, port: u16) -> Option<&str> {
        let list = ServiceProto::of(proto);
        let protocol = match list {
            ServiceProto::Raw => self.files.protocols.get(&port),
            _ => None,
        };
        protocol
            .or_else(|| self.files.services.get(&(list, port)))
            .map(String::as_str)
    }
}

/// The address netstat asks a name for, as the kernel gave it: an IPv4-mapped address
/// stays IPv6 (netstat hands it to `getnameinfo` as `::ffff:a.b.c.d`, which finds no
/// IPv4 line of the hosts file, so such rows stay numeric: fixtures/outputs/names).
/// `None` where netstat asks no one: the wildcards (printed `0.0.0.0` and `[::]`), and an
/// IPv4 address whose first byte is 0 — `INET_rresolve` tests the host bits of a
/// byte-swapped address on little-endian machines and calls `getnetbyaddr` (/etc/networks)
/// for it, a lookup socklab does not make; such addresses are printed as numbers.
pub fn lookup_key(end: &Endpoint) -> Option<IpAddr> {
    match end.addr {
        IpAddr::V4(v4) if end.mapped => Some(IpAddr::V6(v4.to_ipv6_mapped())),
        IpAddr::V4(v4) if v4.octets()[0] == 0 => None,
        IpAddr::V6(v6) if v6.is_unspecified() => None,
        addr => Some(addr),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end(text: &str, mapped: bool) -> Endpoint {
        Endpoint {
            addr: text.parse().unwrap(),
            port: Some(1),
            mapped,
        }
    }

    #[test]
    fn netstat_asks_names_of_hosts_not_of_wildcards() {
        assert_eq!(lookup_key(&end("0.0.0.0", false)), None);
        assert_eq!(lookup_key(&end("0.1.2.3", false)), None);
        assert_eq!(lookup_key(&end("::", false)), None);
        let local = "127.0.0.1".parse().ok();
        assert_eq!(lookup_key(&end("127.0.0.1", false)), local);
        let mapped = "::ffff:127.0.0.1".parse().ok();
        assert_eq!(lookup_key(&end("127.0.0.1", true)), mapped);
    }

    #[test]
    fn hosts_file_first_then_nothing_without_dns() {
        let mut files = NameFiles::default();
        files
            .hosts
            .insert("127.0.0.1".parse().unwrap(), "localhost".into());
        files.services.insert((ServiceProto::Tcp, 22), "ssh".into());
        files
            .services
            .insert((ServiceProto::Raw, 1), "raw-one".into());
        files.protocols.insert(1, "icmp".into());
        let ends = [end("127.0.0.1", false), end("127.0.0.1", true)];
        let names = Names::resolve(files, &ends, None);
        assert_eq!(names.host(&ends[0]), Some("localhost"));
        assert_eq!(names.host(&ends[1]), None, "mapped: no IPv4 hosts line");
        assert_eq!(names.service(InetProto::Tcp6, 22), Some("ssh"));
        assert_eq!(names.service(InetProto::Udp, 22), None);
        assert_eq!(names.service(InetProto::Raw, 1), Some("icmp"));
    }
}
