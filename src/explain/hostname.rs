//! Decoding resolved host names: which provider's server domain a name ends in
//! (`1e100.net` is Google's) and which IATA-style site code its labels start with
//! (`kix06s11` → Osaka Kansai). The patterns are open data (`hosts.toml`, read through
//! [`crate::knowledge::hosts`]); this only matches them.

use crate::knowledge::hosts::hosts;

/// What a host name says about itself: keys of `hosts.toml` (the glossary names them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The provider's key (`google`).
    pub provider: &'static str,
    /// The site code (`kix`).
    pub site: Option<&'static str>,
}

pub fn decode(host: &str) -> Option<Decoded> {
    let host = host.to_ascii_lowercase();
    let data = hosts();
    let provider = data.provider_of(&host)?;
    Some(Decoded {
        provider: &provider.key,
        site: site_code(&host),
    })
}

/// A label that starts with three letters and a digit (`kix06s11`, `nrt57`), when the
/// letters are a known site code.
fn site_code(host: &str) -> Option<&'static str> {
    host.split(['.', '-']).find_map(|label| {
        let b = label.as_bytes();
        let code =
            (b.len() > 3 && b[..3].iter().all(u8::is_ascii_lowercase) && b[3].is_ascii_digit())
                .then(|| &label[..3])?;
        hosts().code(code)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_puzzle() {
        // The seed write-up's name (a Google frontend near Osaka).
        let d = decode("kix06s11-in-f14.1e100.net").unwrap();
        assert_eq!(d.provider, "google");
        assert_eq!(d.site, Some("kix"));
        assert!(decode("localhost").is_none());
        assert!(decode("not1e100.net").is_none());
    }
}
