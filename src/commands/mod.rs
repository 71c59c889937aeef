//! One file per subcommand, each a short function over source, knowledge and render.

pub mod capture;
pub mod explain;
pub mod generate;
pub mod glossary;
pub mod loadgen;
pub mod sockets;
pub mod unix;
pub mod watch;
pub mod who;

pub mod check_lessons;
pub mod learn;
pub mod lessons;

/// How a command ended, for the exit status (grep's convention).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: done, something found.
    Found,
    /// Exit 1: a filter or lookup matched nothing.
    NothingMatched,
}
