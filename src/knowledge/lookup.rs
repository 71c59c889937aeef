//! Finding glossary entries by what a learner types: case-insensitive, `-`, `_` and
//! spaces alike (`Recv-Q`, `recv_q`, `time-wait`), by term, alias or key; and the closest
//! names when nothing matches (by strsim's optimal string alignment distance).

use super::{Entry, Glossary};

/// One entry a lookup found.
#[derive(Clone, Copy, Debug)]
pub struct Found<'a> {
    pub section: &'a str,
    pub key: &'a str,
    pub entry: &'a Entry,
}

impl Found<'_> {
    /// Every spelling of this entry: term, aliases, and a translation's English names.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.entry.term.as_str())
            .chain(self.entry.aliases.iter().map(String::as_str))
            .chain(self.entry.english_names.iter().map(String::as_str))
    }

    /// Every name this entry answers to: its spellings and its key.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.spellings().chain(std::iter::once(self.key))
    }
}

/// Lower case, with `-`, `_` and runs of spaces as one `_`.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        let c = match c {
            '-' | ' ' | '\t' => '_',
            c => c,
        };
        if c == '_' && out.ends_with('_') {
            continue;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Without any separators: `recvq`, `finwait1`.
fn squash(text: &str) -> String {
    normalize(text).replace('_', "")
}

impl Glossary {
    /// Entries a learner can look up (all of them), in file-section order.
    pub fn public_entries(&self) -> impl Iterator<Item = Found<'_>> {
        self.entries().map(|(section, key, entry)| Found {
            section,
            key,
            entry,
        })
    }

    /// Every entry answering to `term`: by term or alias first, then by key (`time_wait`
    /// is a state's alias and a note's key: the state is what a learner means), else
    /// by the squashed spelling.
    pub fn lookup(&self, term: &str) -> Vec<Found<'_>> {
        let wanted = normalize(term);
        if wanted.is_empty() {
            return Vec::new();
        }
        let named = |f: &Found| f.spellings().any(|n| normalize(n) == wanted);
        let mut exact: Vec<_> = self.public_entries().filter(named).collect();
        for f in self.public_entries().filter(|f| normalize(f.key) == wanted) {
            if !exact
                .iter()
                .any(|e| (e.section, e.key) == (f.section, f.key))
            {
                exact.push(f);
            }
        }
        if !exact.is_empty() {
            return exact;
        }
        let wanted = squash(term);
        self.public_entries()
            .filter(|f| f.names().any(|n| squash(n) == wanted))
            .collect()
    }

    /// Up to `n` entry terms closest to `term` (for "did you mean"), best first.
    pub fn closest(&self, term: &str, n: usize) -> Vec<String> {
        let wanted = normalize(term);
        let mut scored: Vec<(f64, String)> = self
            .public_entries()
            .map(|f| {
                let best = f
                    .names()
                    .map(|name| {
                        let norm = normalize(name);
                        let mut score = similarity(&wanted, &norm);
                        if norm.contains(&wanted) || wanted.contains(&norm) {
                            score += 0.2;
                        }
                        score
                    })
                    .fold(0.0, f64::max);
                (best, f.entry.term.clone())
            })
            .filter(|(score, _)| *score >= 0.6)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let mut out: Vec<String> = Vec::new();
        for (_, name) in scored {
            if out.len() == n {
                break;
            }
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }
}

/// 1 − (edit distance ÷ longer length); a swap of two neighbours counts as one edit
/// (optimal string alignment), since `tiem` for `time` is the usual typo.
fn similarity(a: &str, b: &str) -> f64 {
    let longest = a.chars().count().max(b.chars().count());
    if longest == 0 {
        return 1.0;
    }
    1.0 - strsim::osa_distance(a, b) as f64 / longest as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_counts_a_swap_as_one_edit() {
        assert_eq!(similarity("time", "time"), 1.0);
        assert_eq!(similarity("tiem", "time"), 0.75);
        assert_eq!(similarity("abc", ""), 0.0);
        assert!(similarity("recvq", "recv_q") > similarity("recvq", "send_q"));
    }

    #[test]
    fn normalizes_spellings() {
        assert_eq!(normalize("Recv-Q"), "recv_q");
        assert_eq!(normalize("  TIME - WAIT "), "time_wait");
        assert_eq!(squash("FIN-WAIT-1"), "finwait1");
    }

    #[test]
    fn every_public_entry_is_found_by_each_of_its_names() {
        let g = Glossary::english();
        for f in g.public_entries() {
            for name in f.names() {
                let hits = g.lookup(name);
                assert!(
                    hits.iter()
                        .any(|h| h.section == f.section && h.key == f.key),
                    "{name:?} does not find {}.{}",
                    f.section,
                    f.key
                );
            }
        }
    }

    #[test]
    fn learner_spellings_find_their_entries() {
        let g = Glossary::english();
        let cases = [
            ("Recv-Q", "column", "recv_q"),
            ("recvq", "column", "recv_q"),
            ("TIME_WAIT", "state", "TIME_WAIT"),
            ("time-wait", "state", "TIME_WAIT"),
            ("acc", "unix_flag", "ACC"),
            ("SYN_RCVD", "state", "SYN_RECV"),
            ("estab", "state", "ESTABLISHED"),
        ];
        for (term, section, key) in cases {
            let hits = g.lookup(term);
            assert!(
                hits.iter().any(|h| h.section == section && h.key == key),
                "{term} → {:?}",
                hits.iter().map(|h| (h.section, h.key)).collect::<Vec<_>>()
            );
        }
        assert!(g.lookup("no-such-thing").is_empty());
        assert!(g.closest("tiem_wait", 3).iter().any(|n| n == "TIME_WAIT"));
    }
}
