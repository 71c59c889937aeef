//! The TCP state machine drawn in the terminal, with how many sockets are in each state
//! now: `socklab states [STATE]`, and the moves of one state under its glossary entry.
//!
//! The picture is data: [`TEMPLATE`], drawn once by hand, 78 columns wide, every state a
//! box `│ NAME NNNN │` whose `NNNN` takes the count. A marked state gets a double border.
//! Below [`WIDTH`] columns the picture becomes a list (each state, its count, its moves).
//!
//! Characters: box drawing when the locale's character set is UTF-8 (`LC_ALL`, else
//! `LC_CTYPE`, else `LANG` names UTF-8, as in `C.UTF-8` or `ko_KR.UTF-8`), plain ASCII
//! otherwise (`LANG=C`, `POSIX`, unset) or with `states --ascii`. Colors are a separate
//! choice (`--color`, `NO_COLOR`): without them the marked box still shows by its border.
//! State names stay as netstat prints them; every other word comes from the messages.

use std::io::{self, Write};

use super::{Style, width};
use crate::knowledge::machine::{Cause, DRAWN, Move, moves_of, place};
use crate::knowledge::messages::{Message, Messages};
use crate::model::TcpState;

/// Box drawing or ASCII.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Charset {
    #[default]
    Unicode,
    Ascii,
}

impl Charset {
    /// From locale variables as given: the first non-empty of `LC_ALL`, `LC_CTYPE`,
    /// `LANG` decides; UTF-8 (any spelling) means box drawing.
    pub fn from_locale(
        lc_all: Option<&str>,
        lc_ctype: Option<&str>,
        lang: Option<&str>,
    ) -> Charset {
        let locale = [lc_all, lc_ctype, lang]
            .into_iter()
            .flatten()
            .find(|v| !v.is_empty())
            .unwrap_or("C")
            .to_ascii_lowercase();
        match locale.contains("utf-8") || locale.contains("utf8") {
            true => Charset::Unicode,
            false => Charset::Ascii,
        }
    }

    fn arrow(self) -> &'static str {
        match self {
            Charset::Unicode => "─▶",
            Charset::Ascii => "->",
        }
    }

    fn line(self) -> &'static str {
        match self {
            Charset::Unicode => "─",
            Charset::Ascii => "-",
        }
    }

    fn mark(self) -> &'static str {
        match self {
            Charset::Unicode => "» ",
            Charset::Ascii => "> ",
        }
    }
}

/// How many TCP sockets are in each state.
#[derive(Clone, Debug, Default)]
pub struct Census {
    counts: Vec<(TcpState, usize)>,
    /// Every TCP socket read, whatever its state.
    pub total: usize,
}

impl Census {
    /// Counts one socket (NEW_SYN_RECV as SYN_RECV, where netstat prints it).
    pub fn add(&mut self, state: TcpState) {
        self.total += 1;
        let Some(state) = place(state) else { return };
        match self.counts.iter_mut().find(|(s, _)| *s == state) {
            Some((_, n)) => *n += 1,
            None => self.counts.push((state, 1)),
        }
    }

    pub fn of(&self, state: TcpState) -> usize {
        self.counts
            .iter()
            .find(|(s, _)| *s == state)
            .map_or(0, |(_, n)| *n)
    }
}

/// Columns the picture needs; narrower terminals get the list.
pub const WIDTH: usize = 78;

/// Where a box's count goes, and the timer's label (worded per language).
const SLOT: &str = "NNNN";
const TIMER: &str = "60 s";

/// The picture (data: drawn by hand, checked by the tests below against [`MOVES`]).
///
/// [`MOVES`]: crate::knowledge::machine::MOVES
#[rustfmt::skip]
pub const TEMPLATE: [&str; 21] = [
    " ┌────────────┐             ┌─────────────┐                  ┌───────────────┐",
    " │ CLOSE NNNN │─ listen() ─▶│ LISTEN NNNN │─ SYN / SYN+ACK ─▶│ SYN_RECV NNNN │",
    " └─┬──────────┘             └─────────────┘                  └──┬────────────┘",
    "   │ connect() / SYN                                            │ ACK",
    "   ▼                                                            ▼",
    " ┌───────────────┐                             ┌──────────────────┐",
    " │ SYN_SENT NNNN │─────── SYN+ACK / ACK ──────▶│ ESTABLISHED NNNN │",
    " └───────────────┘                             └─┬──────┬─────────┘",
    "   ┌─────────────── close() / FIN ───────────────┘      │ FIN / ACK",
    "   ▼                                                    ▼",
    " ┌────────────────┐              ┌──────────────┐   ┌─────────────────┐",
    " │ FIN_WAIT1 NNNN │─ FIN / ACK ─▶│ CLOSING NNNN │   │ CLOSE_WAIT NNNN │",
    " └─┬──────────────┘              └───────┬──────┘   └───┬─────────────┘",
    "   │ ACK                                 │ ACK          │ close() / FIN",
    "   ▼                                     │              ▼",
    " ┌────────────────┐                      │          ┌───────────────┐",
    " │ FIN_WAIT2 NNNN │─ FIN / ACK ──┐       │          │ LAST_ACK NNNN │",
    " └────────────────┘              ▼       ▼          └───┬───────────┘",
    "                             ┌────────────────┐         │ ACK",
    "                             │ TIME_WAIT NNNN │─ 60 s ──┴──▶ CLOSE",
    "                             └────────────────┘",
];

/// `socklab states`: the title, the picture (or the list, when narrow), the legend.
pub fn write_states(
    w: &mut impl Write,
    census: &Census,
    marked: Option<TcpState>,
    charset: Charset,
    messages: &Messages,
    style: Style,
) -> io::Result<()> {
    let title = messages.say(Message::StatesTitle, args!(n = census.total));
    for line in style.wrap(&title, "", "") {
        writeln!(w, "{}", style.heading(&line))?;
    }
    writeln!(w)?;
    let timer = messages.template(Message::StatesTimer);
    let marked = marked.and_then(place);
    let narrow = style.width.is_some_and(|cols| cols < WIDTH);
    if narrow {
        write_list(w, census, marked, charset, timer, style)?;
    } else {
        for line in picture(census, marked, charset, timer, style) {
            writeln!(w, "{line}")?;
        }
    }
    writeln!(w)?;
    for text in legend(marked, narrow, charset, messages) {
        for line in style.wrap(&text, "", "  ") {
            writeln!(w, "{}", style.note(&line))?;
        }
    }
    Ok(())
}

/// What the picture (or the list) shows, said under it.
fn legend(
    marked: Option<TcpState>,
    narrow: bool,
    charset: Charset,
    messages: &Messages,
) -> Vec<String> {
    let counts = match narrow {
        true => Message::StatesCountsList,
        false => Message::StatesCounts,
    };
    let mut legend = vec![
        messages.say(counts, args!()),
        messages.say(Message::StatesArrows, args!()),
    ];
    if let Some(state) = marked {
        let (state, mark) = (state.name(), charset.mark().trim());
        let key = match narrow {
            true => Message::StatesMarkedList,
            false => Message::StatesMarked,
        };
        legend.push(messages.say(key, args!(state = state, mark = mark)));
    }
    legend.push(messages.say(Message::StatesLeftOut, args!()));
    if narrow {
        legend.push(messages.say(Message::StatesNarrow, args!(width = WIDTH)));
    }
    legend
}

/// The template with counts in, the marked box doubled, in the charset, colored.
fn picture(
    census: &Census,
    marked: Option<TcpState>,
    charset: Charset,
    timer: &str,
    style: Style,
) -> Vec<String> {
    let mut rows: Vec<Vec<char>> = TEMPLATE.iter().map(|l| l.chars().collect()).collect();
    let mut marked_box = None;
    for state in DRAWN {
        let Some((row, col, len)) = find_box(&rows, state) else {
            continue;
        };
        let slot = col + len - SLOT.len() - 2;
        let count = count_text(census.of(state));
        rows[row].splice(slot..slot + SLOT.len(), count.chars());
        if marked == Some(state) {
            double_border(&mut rows, row, col, len);
            marked_box = Some((row, col, len));
        }
    }
    let timer = width::pad(&width::truncate(timer, TIMER.len()), TIMER.len());
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let line: String = row.iter().map(|&c| in_charset(c, charset)).collect();
            let line = paint(&line, marked_box, i, style);
            line.replacen(TIMER, &timer, 1)
        })
        .collect()
}

/// The row, first column and length of a state's middle line `│ NAME NNNN │`.
fn find_box(rows: &[Vec<char>], state: TcpState) -> Option<(usize, usize, usize)> {
    let needle: Vec<char> = format!("│ {} {SLOT} │", state.name()).chars().collect();
    rows.iter().enumerate().find_map(|(r, row)| {
        row.windows(needle.len())
            .position(|w| w == needle.as_slice())
            .map(|c| (r, c, needle.len()))
    })
}

/// A count in four columns: 9999, then 12k, 999k, 12M.
fn count_text(n: usize) -> String {
    let text = match n {
        0..=9999 => n.to_string(),
        10_000..=999_999 => format!("{}k", n / 1000),
        _ => format!("{}M", n / 1_000_000),
    };
    format!("{text:>4}")
}

/// The box whose middle line is at `row`, `col..col+len` drawn with double lines.
fn double_border(rows: &mut [Vec<char>], row: usize, col: usize, len: usize) {
    for r in [row - 1, row, row + 1] {
        for (c, cell) in rows[r].iter_mut().enumerate().skip(col).take(len) {
            let edge = r != row || c == col || c == col + len - 1;
            if edge {
                *cell = match *cell {
                    '┌' => '╔',
                    '┐' => '╗',
                    '└' => '╚',
                    '┘' => '╝',
                    '─' => '═',
                    '│' => '║',
                    '┬' => '╤',
                    '┴' => '╧',
                    other => other,
                };
            }
        }
    }
}

/// A template character in the charset: ASCII keeps the shapes (`+-|`, `>v`, `#=`).
fn in_charset(c: char, charset: Charset) -> char {
    if charset == Charset::Unicode {
        return c;
    }
    match c {
        '┌' | '┐' | '└' | '┘' | '┬' | '┴' | '├' | '┤' | '┼' => '+',
        '─' => '-',
        '│' => '|',
        '▶' => '>',
        '◀' => '<',
        '▼' => 'v',
        '▲' => '^',
        '╔' | '╗' | '╚' | '╝' | '╤' | '╧' | '║' => '#',
        '═' => '=',
        other => other,
    }
}

/// The marked box in the heading color, where colors are on.
fn paint(line: &str, marked: Option<(usize, usize, usize)>, row: usize, style: Style) -> String {
    match marked {
        Some((r, col, len)) if style.color && (r - 1..=r + 1).contains(&row) => {
            let chars: Vec<char> = line.chars().collect();
            let part = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
            let (end, all) = (col + len, chars.len());
            let boxed = style.heading(&part(col, end));
            format!("{}{boxed}{}", part(0, col), part(end, all))
        }
        _ => line.to_string(),
    }
}

/// The list form: each state with its count, and under it where it can go.
fn write_list(
    w: &mut impl Write,
    census: &Census,
    marked: Option<TcpState>,
    charset: Charset,
    timer: &str,
    style: Style,
) -> io::Result<()> {
    for state in DRAWN {
        let mark = if marked == Some(state) {
            charset.mark()
        } else {
            "  "
        };
        let line = format!("{mark}{:<12}{:>5}", state.name(), census.of(state));
        match marked == Some(state) {
            true => writeln!(w, "{}", style.heading(&line))?,
            false => writeln!(w, "{line}")?,
        }
        for m in moves_of(state).filter(|m| m.from == state) {
            writeln!(
                w,
                "      {} {} {}",
                label(m, timer),
                charset.arrow(),
                m.to.name()
            )?;
        }
    }
    Ok(())
}

/// The moves into and out of a state, for its glossary entry.
pub fn write_moves(
    w: &mut impl Write,
    state: TcpState,
    charset: Charset,
    messages: &Messages,
    style: Style,
) -> io::Result<()> {
    let Some(state) = place(state) else {
        return Ok(());
    };
    let heading = messages.say(Message::GlossaryMachine, args!(state = state.name()));
    writeln!(w, "  {}", style.note(&heading))?;
    let timer = messages.template(Message::StatesTimer);
    let (line, arrow) = (charset.line(), charset.arrow());
    for m in moves_of(state) {
        let (from, to) = (m.from.name(), m.to.name());
        writeln!(w, "    {from} {line} {} {arrow} {to}", label(m, timer))?;
    }
    Ok(())
}

/// What makes a move, as drawn on its arrow: `SYN / SYN+ACK`, `close() / FIN`, `60 s`.
pub fn label(m: &Move, timer: &str) -> String {
    let cause = match m.cause {
        Cause::Call(what) | Cause::Packet(what) => what,
        Cause::Timer => timer,
    };
    match m.sends {
        Some(sent) => format!("{cause} / {sent}"),
        None => cause.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::machine::MOVES;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn the_template_draws_every_state_and_move_within_80_columns() {
        let rows: Vec<Vec<char>> = TEMPLATE.iter().map(|l| l.chars().collect()).collect();
        for state in DRAWN {
            assert!(find_box(&rows, state).is_some(), "{state:?} has no box");
        }
        for m in MOVES {
            let text = label(&m, TIMER);
            assert!(
                TEMPLATE.iter().any(|l| l.contains(&text)),
                "{text} is not drawn"
            );
        }
        assert!(TEMPLATE.iter().all(|l| l.width() <= WIDTH));
        assert_eq!(TEMPLATE.iter().map(|l| l.width()).max(), Some(WIDTH));
    }

    #[test]
    fn counts_fit_four_columns() {
        assert_eq!(count_text(0), "   0");
        assert_eq!(count_text(9999), "9999");
        assert_eq!(count_text(28_231), " 28k");
        assert_eq!(count_text(999_999), "999k");
        assert_eq!(count_text(12_345_678), " 12M");
    }

    #[test]
    fn the_locale_picks_the_characters() {
        assert_eq!(
            Charset::from_locale(None, None, Some("C.UTF-8")),
            Charset::Unicode
        );
        assert_eq!(
            Charset::from_locale(None, None, Some("ko_KR.utf8")),
            Charset::Unicode
        );
        assert_eq!(
            Charset::from_locale(Some("C"), None, Some("en_US.UTF-8")),
            Charset::Ascii
        );
        assert_eq!(
            Charset::from_locale(Some(""), Some("POSIX"), None),
            Charset::Ascii
        );
        assert_eq!(Charset::from_locale(None, None, None), Charset::Ascii);
    }

    #[test]
    fn a_marked_box_is_doubled_and_ascii_has_no_box_drawing() {
        let mut census = Census::default();
        census.add(TcpState::TimeWait);
        census.add(TcpState::NewSynRecv);
        let lines = picture(
            &census,
            Some(TcpState::TimeWait),
            Charset::Unicode,
            "60초",
            Style::plain(),
        );
        let text = lines.join("\n");
        assert!(
            text.contains("║ TIME_WAIT    1 ║─ 60초 ──┴──▶ CLOSE"),
            "{text}"
        );
        assert!(text.contains("│ SYN_RECV    1 │"), "{text}");
        assert!(lines.iter().all(|l| l.width() <= WIDTH));
        let ascii = picture(
            &census,
            Some(TcpState::TimeWait),
            Charset::Ascii,
            TIMER,
            Style::plain(),
        );
        let ascii = ascii.join("\n");
        assert!(ascii.is_ascii(), "{ascii}");
        assert!(
            ascii.contains("# TIME_WAIT    1 #- 60 s --+--> CLOSE"),
            "{ascii}"
        );
    }
}
