//! Host-name patterns as open data (`lessons/glossary/hosts.toml`): the server domains of
//! big providers and the IATA airport codes providers put in server names. The data is
//! language-neutral; each language's glossary holds only the names shown for them
//! (`host_provider.<key>`, `site_code.<code>`).

use std::sync::LazyLock;

use anyhow::{Context, Result, ensure};
use serde::Deserialize;

const DATA: &str = include_str!("../../lessons/glossary/hosts.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hosts {
    pub provider: Vec<Provider>,
    pub site: Vec<Sites>,
}

/// One provider and the domains its servers are named under.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// The glossary key (`host_provider.<key>`).
    pub key: String,
    /// Domain suffixes: a host matches when it is one or ends in `.<domain>`.
    pub domains: Vec<String>,
    pub source: String,
}

/// A list of site codes with its source.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sites {
    pub codes: Vec<String>,
    pub source: String,
}

static HOSTS: LazyLock<Hosts> =
    LazyLock::new(|| Hosts::parse(DATA).expect("the embedded host patterns are checked by tests"));

/// The embedded host patterns.
pub fn hosts() -> &'static Hosts {
    &HOSTS
}

impl Hosts {
    pub fn parse(text: &str) -> Result<Hosts> {
        let hosts: Hosts = toml::from_str(text).context("host patterns file")?;
        for p in &hosts.provider {
            ensure!(!p.domains.is_empty(), "provider {} has no domain", p.key);
        }
        for code in hosts.codes() {
            ensure!(
                code.len() == 3 && code.bytes().all(|b| b.is_ascii_lowercase()),
                "site code {code:?} is not three lowercase letters"
            );
        }
        Ok(hosts)
    }

    /// Every site code, in file order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.site
            .iter()
            .flat_map(|s| s.codes.iter().map(String::as_str))
    }

    /// The provider whose domain `host` is or ends in (`host` in lower case).
    pub fn provider_of(&self, host: &str) -> Option<&Provider> {
        self.provider
            .iter()
            .find(|p| p.domains.iter().any(|d| suffix_match(host, d)))
    }

    /// The site code `code` as listed (a `'static` key for the glossary).
    pub fn code(&self, code: &str) -> Option<&str> {
        self.codes().find(|c| *c == code)
    }
}

fn suffix_match(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{ExplainTopic, Glossary, Lang, Topic};

    #[test]
    fn the_data_loads() {
        let h = Hosts::parse(DATA).unwrap();
        assert_eq!(h.provider.len(), 10);
        assert_eq!(h.codes().count(), 32);
        assert_eq!(
            h.provider_of("kix06s11-in-f14.1e100.net").unwrap().key,
            "google"
        );
        assert!(h.provider_of("not1e100.net").is_none());
        assert!(
            Hosts::parse("provider = []\n[[site]]\ncodes = [\"KIX\"]\nsource = \"\"\n").is_err()
        );
    }

    #[test]
    fn every_provider_and_code_has_a_name_in_every_language() {
        for lang in Lang::ALL {
            let g = Glossary::for_lang(lang);
            let local = Glossary::parse(crate::knowledge::glossary_source(lang)).unwrap();
            for p in &hosts().provider {
                let t = Topic::Explain(ExplainTopic::Provider(&p.key));
                assert!(
                    local.get(t).is_some(),
                    "{lang}: no name for provider {}",
                    p.key
                );
                // The domains are findable in every language.
                let found = g.lookup(&p.domains[0]);
                assert!(
                    found.iter().any(|f| f.key == p.key),
                    "{lang}: {}",
                    p.domains[0]
                );
            }
            for code in hosts().codes() {
                let t = Topic::Explain(ExplainTopic::Site(code));
                assert!(local.get(t).is_some(), "{lang}: no name for site {code}");
            }
        }
    }
}
