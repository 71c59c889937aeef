//! `socklab glossary`: one entry (term, other spellings, text, and the state's name in
//! every tool), the list of all entries, and the concordance of state names.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{Style, width};
use crate::knowledge::concordance::{Concordance, Row};
use crate::knowledge::messages::{Local, Message, Messages};
use crate::knowledge::{Found, Glossary};

pub fn write_entry(
    w: &mut impl Write,
    found: &Found,
    concordance: &Concordance,
    messages: &Messages,
    style: Style,
) -> io::Result<()> {
    let section = messages.name(Local::GlossarySection, found.section);
    let title = format!("{}  ({section})", found.entry.term);
    writeln!(w, "{}", style.heading(&title))?;
    if !found.entry.aliases.is_empty() {
        let aliases = found.entry.aliases.join(", ");
        let also = messages.say(Message::GlossaryAlso, &[("aliases", &aliases)]);
        writeln!(w, "  {}", style.note(&also))?;
    }
    writeln!(w, "  {}", found.entry.short)?;
    if let Some(long) = &found.entry.long {
        writeln!(w)?;
        writeln!(w, "  {long}")?;
    }
    if let Some(row) = concordance.row_of(found.section, found.key) {
        writeln!(w)?;
        write_row_inline(w, row, concordance, messages, style)?;
    }
    Ok(())
}

fn write_row_inline(
    w: &mut impl Write,
    row: &Row,
    concordance: &Concordance,
    messages: &Messages,
    style: Style,
) -> io::Result<()> {
    let parts: Vec<String> = concordance
        .tools
        .iter()
        .zip(&row.names)
        .filter(|(_, name)| !name.is_empty())
        .map(|(tool, name)| {
            let tool = messages.name(Local::Tool, tool);
            format!("{}: {name}", style.term(tool))
        })
        .collect();
    writeln!(w, "  {}", parts.join(" · "))
}

/// Every entry a learner can look up, by section, then the concordance.
pub fn write_list(
    w: &mut impl Write,
    glossary: &Glossary,
    concordance: &Concordance,
    messages: &Messages,
    style: Style,
) -> io::Result<()> {
    let mut section = "";
    for found in glossary.public_entries() {
        if found.section != section {
            if !section.is_empty() {
                writeln!(w)?;
            }
            section = found.section;
            let name = messages.name(Local::GlossarySection, section);
            writeln!(w, "{}", style.heading(name))?;
        }
        let term = width::pad(&found.entry.term, 24);
        writeln!(
            w,
            "  {} {}",
            style.term(&term),
            style.note(&found.entry.short)
        )?;
    }
    writeln!(w)?;
    write_concordance(w, concordance, messages, style)
}

/// The state names of every tool, one row per state, aligned.
pub fn write_concordance(
    w: &mut impl Write,
    concordance: &Concordance,
    messages: &Messages,
    style: Style,
) -> io::Result<()> {
    writeln!(
        w,
        "{}",
        style.heading(messages.template(Message::Concordance))
    )?;
    let tools: Vec<String> = concordance
        .tools
        .iter()
        .map(|t| messages.name(Local::Tool, t).to_string())
        .collect();
    let mut widths: Vec<usize> = tools.iter().map(|t| t.width()).collect();
    for row in &concordance.state {
        for (width, name) in widths.iter_mut().zip(&row.names) {
            *width = (*width).max(name.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, cells)| width::pad(c, *cells))
            .collect();
        padded.join("  ").trim_end().to_string()
    };
    writeln!(w, "  {}", style.heading(&line(&tools)))?;
    for row in &concordance.state {
        let cells: Vec<String> = row
            .names
            .iter()
            .map(|n| if n.is_empty() { "-".into() } else { n.clone() })
            .collect();
        writeln!(w, "  {}", line(&cells))?;
    }
    Ok(())
}
