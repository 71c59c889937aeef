//! socklab: learn to read `netstat` by exploring the sockets on your own machine.
//!
//! Data flows one way: [`source`] reads `/proc` (or a fixture tree) into the [`model`];
//! [`knowledge`] says what each part means; [`render`] writes tables, notes and JSON;
//! [`commands`] wire those together per subcommand; [`cli`] turns arguments into config,
//! and [`usage`] says its help and errors in the learner's language.

/// Named arguments for a catalogue sentence: `args!(n = 3, port = p)` fills `{n}` and
/// `{port}` (see [`knowledge::fill`]). Any `Display` value; nothing is formatted unless used.
macro_rules! args {
    ($($name:ident = $value:expr),* $(,)?) => {
        &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*]
    };
}

pub mod app;
pub mod cli;
pub mod commands;
pub mod explain;
pub mod knowledge;
pub mod lesson;
pub mod model;
pub mod render;
pub mod source;
pub mod usage;

/// How a command ended, for the exit status (grep's convention). Every layer that runs
/// something returns it: commands, and lesson blocks run through the lesson engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: done, something found.
    Found,
    /// Exit 1: a filter or lookup matched nothing.
    NothingMatched,
    /// Exit 130 (128 + SIGINT, as a shell reports Ctrl-C): the learner pressed Ctrl-C.
    Interrupted,
}
