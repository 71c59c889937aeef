//! One file per subcommand, each a short function over source, knowledge and render.

pub mod capture;
pub mod explain;
pub mod generate;
pub mod glossary;
pub mod loadgen;
pub mod sockets;
pub mod states;
pub mod unix;
pub mod watch;
pub mod who;

pub mod check_lessons;
pub mod learn;
pub mod lessons;

use crate::knowledge::messages::Messages;
use crate::knowledge::{Glossary, Lang};
use crate::render::Style;
use crate::render::states::Charset;
use crate::source::Source;
use crate::source::names::Resolver;

/// What every command reads and speaks with, built once by `app`: where sockets come
/// from (and who names their addresses), the glossary and messages in the learner's
/// language, and how output looks.
pub struct Env {
    pub source: Source,
    /// Reverse DNS for `sockets --names` (the system's, with the process-wide cache;
    /// tests put one of their own here).
    pub resolver: Resolver,
    pub glossary: Glossary,
    pub messages: Messages,
    pub style: Style,
    /// Box drawing or ASCII for pictures (from the locale; `app` decides).
    pub charset: Charset,
}

impl Env {
    pub fn new(source: Source, lang: Lang, style: Style) -> Env {
        Env {
            source,
            resolver: Resolver::system(),
            glossary: Glossary::for_lang(lang),
            messages: Messages::for_lang(lang),
            style,
            charset: Charset::Unicode,
        }
    }

    pub fn lang(&self) -> Lang {
        self.messages.lang()
    }
}
