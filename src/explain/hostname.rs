//! Decoding resolved host names: which provider's server domain a name ends in
//! (`1e100.net` is Google's) and which IATA-style site code its labels start with
//! (`kix06s11` → Osaka Kansai). The patterns are glossary data (`host_provider`,
//! `site_code`); this only matches them.

use crate::knowledge::{ExplainTopic, Glossary, Provider, SiteCode, Topic};

/// What a host name says about itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub provider: Provider,
    pub site: Option<SiteCode>,
}

fn suffix_match(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.'))
}

pub fn decode(host: &str, glossary: &Glossary) -> Option<Decoded> {
    let host = host.to_ascii_lowercase();
    let provider = Provider::ALL.iter().copied().find(|p| {
        glossary
            .get(Topic::Explain(ExplainTopic::Provider(*p)))
            .is_some_and(|e| {
                std::iter::once(&e.term)
                    .chain(&e.aliases)
                    .any(|d| suffix_match(&host, d))
            })
    })?;
    // A label that starts with three letters and a digit: `kix06s11`, `nrt57`.
    let site = host.split(['.', '-']).find_map(|label| {
        let b = label.as_bytes();
        let code =
            (b.len() > 3 && b[..3].iter().all(u8::is_ascii_lowercase) && b[3].is_ascii_digit())
                .then(|| &label[..3])?;
        SiteCode::ALL.iter().copied().find(|s| s.key() == code)
    });
    Some(Decoded { provider, site })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_puzzle() {
        let g = Glossary::english();
        let d = decode("kix06s11-in-f14.1e100.net", &g).unwrap();
        assert_eq!(d.provider, Provider::Google);
        assert_eq!(d.site, Some(SiteCode::Kix));
        assert!(decode("localhost", &g).is_none());
        assert!(decode("not1e100.net", &g).is_none());
    }
}
