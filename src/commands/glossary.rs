//! `socklab glossary [TERM]`: one term explained (any tool's spelling, any case), the
//! whole list without TERM, or the closest names and exit 1 for an unknown term.

use std::io::Write;

use anyhow::Result;

use super::Env;
use crate::Outcome;
use crate::knowledge::concordance::Concordance;
use crate::knowledge::messages::Message;
use crate::model::TcpState;
use crate::render::glossary::{write_entry, write_list};
use crate::render::sanitize::escape;
use crate::render::states::write_moves;

pub fn run(term: Option<&str>, env: &Env, out: &mut impl Write) -> Result<Outcome> {
    let (glossary, messages, style) = (&env.glossary, &env.messages, env.style);
    let concordance = Concordance::embedded();
    let Some(term) = term else {
        write_list(out, glossary, &concordance, messages, style)?;
        return Ok(Outcome::Found);
    };
    let mut found = glossary.lookup(term);
    if found.is_empty() {
        // Another tool's spelling of a state, e.g. Windows' SYN_RECEIVED.
        for row in concordance.rows_for(term) {
            let (section, key) = row.entry_key();
            found.extend(
                glossary
                    .public_entries()
                    .filter(|f| (f.section, f.key) == (section, key)),
            );
        }
    }
    if found.is_empty() {
        let closest = glossary.closest(term, 5);
        let closest = if closest.is_empty() {
            "-".to_string()
        } else {
            closest.join(", ")
        };
        let text = messages.say(
            Message::UnknownTerm,
            args!(term = escape(term), closest = closest),
        );
        writeln!(out, "{text}")?;
        return Ok(Outcome::NothingMatched);
    }
    for (i, f) in found.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_entry(out, f, &concordance, messages, style)?;
        // A TCP state: where it sits in the state machine, and where it leads.
        if let Some(state) = (f.section == "state")
            .then(|| TcpState::parse(f.key))
            .flatten()
        {
            writeln!(out)?;
            write_moves(out, state, env.charset, messages, style)?;
        }
    }
    Ok(Outcome::Found)
}
