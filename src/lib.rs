//! socklab: learn to read `netstat` by exploring the sockets on your own machine.
//!
//! Data flows one way: [`source`] reads `/proc` (or a fixture tree) into the [`model`];
//! [`knowledge`] says what each part means; [`render`] writes tables, notes and JSON;
//! [`commands`] wire those together per subcommand; [`cli`] turns arguments into config.

pub mod app;
pub mod cli;
pub mod commands;
pub mod explain;
pub mod knowledge;
pub mod lesson;
pub mod model;
pub mod render;
pub mod source;
