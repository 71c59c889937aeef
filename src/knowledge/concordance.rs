//! The concordance of state names across tools (netstat on Linux, ss, BSD/macOS and
//! Windows netstat, the kernel's own names): data in `lessons/glossary/concordance.toml`,
//! so `glossary ESTAB` can say that ss's ESTAB is netstat's ESTABLISHED.

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use super::lookup::normalize;

const DATA: &str = include_str!("../../lessons/glossary/concordance.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concordance {
    /// Column titles: which tool each name comes from.
    pub tools: Vec<String>,
    pub state: Vec<Row>,
}

/// One state, named by each tool ("" where a tool has no such state).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The glossary entry explaining it, `section.key`.
    pub entry: String,
    pub names: Vec<String>,
}

impl Row {
    pub fn entry_key(&self) -> (&str, &str) {
        self.entry.split_once('.').unwrap_or(("", &self.entry))
    }
}

impl Concordance {
    pub fn embedded() -> Concordance {
        Concordance::parse(DATA).expect("the embedded concordance is checked by tests")
    }

    pub fn parse(text: &str) -> Result<Concordance> {
        let c: Concordance = toml::from_str(text).context("concordance file")?;
        for row in &c.state {
            if row.names.len() != c.tools.len() {
                bail!(
                    "concordance row {} has {} names for {} tools",
                    row.entry,
                    row.names.len(),
                    c.tools.len()
                );
            }
        }
        Ok(c)
    }

    /// Rows naming `term` in any tool's spelling.
    pub fn rows_for(&self, term: &str) -> Vec<&Row> {
        let wanted = normalize(term);
        self.state
            .iter()
            .filter(|r| {
                r.names
                    .iter()
                    .any(|n| !n.is_empty() && normalize(n) == wanted)
            })
            .collect()
    }

    /// The row for a glossary entry.
    pub fn row_of(&self, section: &str, key: &str) -> Option<&Row> {
        self.state.iter().find(|r| r.entry_key() == (section, key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Glossary;

    #[test]
    fn every_row_points_at_a_glossary_entry_and_every_name_finds_it() {
        let c = Concordance::embedded();
        let g = Glossary::english();
        for row in &c.state {
            let (section, key) = row.entry_key();
            assert!(
                g.entries().any(|(s, k, _)| (s, k) == (section, key)),
                "concordance names missing entry {}",
                row.entry
            );
            for name in row.names.iter().filter(|n| !n.is_empty()) {
                assert!(c.rows_for(name).iter().any(|r| r.entry == row.entry));
            }
        }
        assert_eq!(c.rows_for("ESTAB")[0].entry, "state.ESTABLISHED");
    }
}
