//! socklab's integration tests: one test binary (DESIGN.md, Style 13), one module per
//! area. Every test runs socklab through [`harness`], which owns the environment of each
//! run, the pseudo-terminal, the skips and the few calls into the library itself.
//!
//! The tests run as threads of this one process, so nothing here may rely on a process of
//! its own: temporary paths and socket names come from the harness (unique per call),
//! ports are chosen by the kernel (port 0), and the one test that counts "the sockets this
//! process owns" reruns itself alone (`harness::alone_in_a_process`).

mod harness;

mod cli_contract;
mod explain_cli;
mod explain_corpus;
mod explain_fuzz;
mod explain_pasted;
mod explain_prop;
mod explain_snapshots;
mod fixture_snapshots;
mod glossary_cli;
mod hardening;
mod korean;
mod korean_english;
mod korean_lessons;
mod korean_pty;
mod korean_style;
mod lesson_demo;
mod lesson_hardening;
mod lesson_labs;
mod lesson_pty;
mod lesson_quizzes;
mod lessons;
mod live_sockets;
mod names;
mod notes_live;
mod shared_listener;
mod states;
mod structure;
mod unix_groups;
mod watch;
mod who;
