//! Decoding resolved host names: which provider's server domain a name ends in
//! (`1e100.net` is Google's), which IATA-style site code its labels start with
//! (`kix06s11` → Osaka Kansai), and — for names whose domain is missing or was cut by
//! netstat (`kix06s11-in-f14.1e`, `ec2-198-51-100-7.c`) — what the provider's naming
//! shape still tells, including an IPv4 address written into the name. The patterns are
//! open data (`hosts.toml`, read through [`crate::knowledge::hosts`]); this only
//! matches them.

use std::net::Ipv4Addr;

use crate::knowledge::hosts::{Provider, hosts};

/// What a host name says about itself: keys of `hosts.toml` (the glossary names them).
/// Small (indices into the data), since every address column of a row carries one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decoded {
    provider: Option<u8>,
    /// How the provider was recognized.
    pub by: Evidence,
    site: Option<u8>,
    /// An IPv4 address written into the name (`ec2-198-51-100-7` → 198.51.100.7).
    pub ip: Option<Ipv4Addr>,
}

impl Decoded {
    /// The provider's key (`google`).
    pub fn provider(&self) -> Option<&'static str> {
        Some(
            hosts()
                .provider
                .get(usize::from(self.provider?))?
                .key
                .as_str(),
        )
    }

    /// The site code (`kix`).
    pub fn site(&self) -> Option<&'static str> {
        hosts().codes().nth(usize::from(self.site?))
    }
}

/// How a name gave its provider away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// The name ends in the provider's domain.
    Domain,
    /// The name was cut, and what is left of its domain can only be the provider's.
    CutDomain,
    /// The first label has the provider's naming shape (the domain is absent or cut).
    Shape,
    /// Nothing names a provider; the name still carries a site or an address.
    None,
}

/// What `host` says; `cut` when netstat cut it short. `None` when it says nothing.
pub fn decode(host: &str, cut: bool) -> Option<Decoded> {
    let host = host.to_ascii_lowercase();
    let data = hosts();
    let (first, rest) = host.split_once('.').unwrap_or((&host, ""));
    let by_domain = (!cut).then(|| data.provider_of(&host)).flatten();
    let (provider, by) = match by_domain {
        Some(p) => (Some(p), Evidence::Domain),
        None if cut && !rest.is_empty() => match data.provider_of_cut(rest) {
            Some(p) => (Some(p), Evidence::CutDomain),
            None => (None, Evidence::None),
        },
        None => (None, Evidence::None),
    };
    // Shapes speak only where the domain does not: a full name under another domain
    // is that domain's, whatever its first label looks like.
    let domain_silent = rest.is_empty() || cut;
    let shaped = (domain_silent || provider.is_some())
        .then(|| shape_of(first, cut && rest.is_empty(), provider))
        .flatten();
    let (provider, by) = match (provider, shaped) {
        (None, Some((p, _))) => (Some(p), Evidence::Shape),
        (p, _) => (p, by),
    };
    let ip = shaped.and_then(|(_, ip)| ip);
    let site = site_code(&host);
    if provider.is_none() && site.is_none() && ip.is_none() {
        return None;
    }
    let _ = &data;
    let index = |p: &Provider| data.provider.iter().position(|q| q.key == p.key);
    let provider = provider.and_then(index).and_then(|i| u8::try_from(i).ok());
    let site = site
        .and_then(|c| data.codes().position(|x| x == c))
        .and_then(|i| u8::try_from(i).ok());
    Some(Decoded {
        provider,
        by,
        site,
        ip,
    })
}

/// Whether a name shows it was cut short: it ends in `.` or `-`, or its last label is a
/// single letter (no top-level domain is) or the start of a provider's domain (`1e` of
/// `1e100.net`) without being a whole label of it.
pub fn looks_cut(host: &str) -> bool {
    if host.ends_with(['.', '-']) {
        return true;
    }
    let Some((_, last)) = host.rsplit_once('.') else {
        return false;
    };
    let last = last.to_ascii_lowercase();
    last.len() == 1
        || (last.len() >= 2
            && hosts().provider.iter().flat_map(|p| &p.domains).any(|d| {
                let label = d.split('.').next().unwrap_or("");
                label.len() > last.len() && label.starts_with(&last)
            }))
}

/// The provider whose name shape `label` has (a prefix of the shape is enough when the
/// label itself was cut), and the address the shape carries.
fn shape_of(
    label: &str,
    label_cut: bool,
    known: Option<&'static Provider>,
) -> Option<(&'static Provider, Option<Ipv4Addr>)> {
    let providers = hosts().provider.iter();
    providers
        .filter(|p| known.is_none_or(|k| k.key == p.key))
        .find_map(|p| {
            p.names
                .iter()
                .find_map(|shape| matches(shape, label, label_cut))
                .map(|ip| (p, ip))
        })
}

/// `label` against a shape of `hosts.toml` (`*`, `{ip}`, `{site}`, literal text).
/// Returns the address `{ip}` matched, inside `Some` when the whole shape matched (or,
/// with `partial`, the label ran out first).
fn matches(shape: &str, label: &str, partial: bool) -> Option<Option<Ipv4Addr>> {
    let mut rest = label;
    let mut ip = None;
    let mut pattern = shape;
    // A cut label matches a shape's start only after some of the shape really matched.
    let mut evidence = false;
    while !pattern.is_empty() {
        if rest.is_empty() {
            return (partial && evidence).then_some(ip);
        }
        if let Some(p) = pattern.strip_prefix("{ip}") {
            let (found, len) = ip_prefix(rest)?;
            ip = Some(found);
            evidence = true;
            rest = &rest[len..];
            pattern = p;
        } else if let Some(p) = pattern.strip_prefix("{site}") {
            let len = rest.bytes().take_while(u8::is_ascii_lowercase).count();
            if len < 3 && !(partial && len == rest.len()) {
                return None;
            }
            rest = &rest[len.min(3)..];
            pattern = p;
        } else if let Some(p) = pattern.strip_prefix('*') {
            let next = p.split(['*', '{']).next().unwrap_or("");
            if next.is_empty() {
                return Some(ip);
            }
            let at = rest
                .find(next)
                .or_else(|| (partial && evidence).then_some(rest.len()))?;
            rest = &rest[at..];
            pattern = p;
        } else {
            let lit_len = pattern.find(['*', '{']).unwrap_or(pattern.len());
            let lit = &pattern[..lit_len];
            if let Some(r) = rest.strip_prefix(lit) {
                rest = r;
                evidence = true;
            } else if partial && evidence && lit.starts_with(rest) {
                return Some(ip);
            } else {
                return None;
            }
            pattern = &pattern[lit_len..];
        }
    }
    Some(ip)
}

/// Four numbers 0–255 joined by `-` at the start of `text`, and their length.
fn ip_prefix(text: &str) -> Option<(Ipv4Addr, usize)> {
    let mut octets = [0u8; 4];
    let mut at = 0;
    for (i, octet) in octets.iter_mut().enumerate() {
        if i > 0 {
            at += text[at..].strip_prefix('-').map(|_| 1)?;
        }
        let len = text[at..].bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 || len > 3 {
            return None;
        }
        *octet = text[at..at + len].parse().ok()?;
        at += len;
    }
    Some((Ipv4Addr::from(octets), at))
}

/// A label that starts with three letters and a digit (`kix06s11`, `nrt57`), or ends in
/// three letters after a dash (GitHub's `lb-…-iad`), when the letters are a known code.
fn site_code(host: &str) -> Option<&'static str> {
    let leading = host.split(['.', '-']).find_map(|label| {
        let b = label.as_bytes();
        let code =
            (b.len() > 3 && b[..3].iter().all(u8::is_ascii_lowercase) && b[3].is_ascii_digit())
                .then(|| &label[..3])?;
        hosts().code(code)
    });
    leading.or_else(|| {
        let first = host.split('.').next()?;
        let (_, last) = first.rsplit_once('-')?;
        (last.len() == 3).then(|| hosts().code(last)).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_puzzle() {
        // The seed write-up's name (a Google frontend near Osaka).
        let d = decode("kix06s11-in-f14.1e100.net", false).unwrap();
        assert_eq!((d.provider(), d.by), (Some("google"), Evidence::Domain));
        assert_eq!(d.site(), Some("kix"));
        assert!(decode("localhost", false).is_none());
        assert!(decode("not1e100.net", false).is_none());
    }

    #[test]
    fn names_cut_by_netstat() {
        // Shapes issue 11 quotes: netstat -t without -W cuts host:port to 23 columns.
        let d = decode("kix06s11-in-f14.1e", true).unwrap();
        assert_eq!((d.provider(), d.site()), (Some("google"), Some("kix")));
        assert_eq!(d.by, Evidence::CutDomain);
        let d = decode("ec2-198-51-100-7.c", true).unwrap();
        assert_eq!((d.provider(), d.by), (Some("amazon"), Evidence::Shape));
        assert_eq!(d.ip, Some(Ipv4Addr::new(198, 51, 100, 7)));
        // Public Russian Ubuntu paste (netstat): `lb-140-82-114-25-:https`, `lf-in-f113.1e100.:https`.
        let d = decode("lb-140-82-114-25-", true).unwrap();
        assert_eq!(d.provider(), Some("github"));
        assert_eq!(d.ip, Some(Ipv4Addr::new(140, 82, 114, 25)));
        let d = decode("lf-in-f113.1e100.", true).unwrap();
        assert_eq!(d.provider(), Some("google"));
        // A cut name of an unknown domain says nothing.
        assert!(decode("mail.example.or", true).is_none());
    }

    #[test]
    fn first_labels_windows_prints() {
        // French Windows 10 netstat -abo pasted in public course notes: names without
        // their domain (a23-54-61-109:https, wo-in-f188:https, ec2-63-32-157-172:https).
        let d = decode("a23-54-61-109", false).unwrap();
        assert_eq!(d.provider(), Some("akamai"));
        assert_eq!(d.ip, Some(Ipv4Addr::new(23, 54, 61, 109)));
        assert_eq!(
            decode("wo-in-f188", false).unwrap().provider(),
            Some("google")
        );
        // A full name under another domain is that domain's, whatever its label says.
        assert!(decode("ec2-1-2-3-4.example.net", false).is_none());
        let d = decode("lb-140-82-112-3-iad.github.com", false).unwrap();
        assert_eq!((d.provider(), d.site()), (Some("github"), Some("iad")));
    }
}
