//! `--help` in the learner's language: the CLI definition (`cli.rs`, English doc
//! comments) stays as it is, and a translation lays its texts over a copy of the clap
//! command at run time — every command's about and argument's help from `[help]`, then
//! clap's own words (`Usage:`, `Options`, `Commands`, `[possible values: …]`, `Print
//! help`) from the `help_*` messages.

use clap::{Arg, Command};

use crate::knowledge::Lang;
use crate::knowledge::messages::{Local, Message, Messages};

/// What `cmd` is called in the `[help]` table: `socklab` for the top, else its name.
const TOP: &str = "socklab";

/// `cmd` with its texts in the language of `messages` (as it is in English).
pub fn localized(cmd: Command, messages: &Messages) -> Command {
    if messages.lang() == Lang::En {
        return cmd;
    }
    let mut cmd = texts(cmd, TOP, messages);
    // clap adds `--help`, `--version` and the `help` command when it builds: build now,
    // so their texts can be said too.
    cmd.build();
    words(cmd, messages)
}

/// The translation's about of `cmd` and help of each of its arguments, and so on down.
fn texts(cmd: Command, key: &str, m: &Messages) -> Command {
    let cmd = match m.local(Local::Help, key) {
        Some(about) => cmd.about(about.to_string()).long_about(None),
        None => cmd,
    };
    cmd.mut_args(|arg| {
        let help = m.local(Local::Help, &format!("{key}.{}", arg.get_id()));
        match help {
            Some(help) => arg.help(help.to_string()).long_help(None),
            None => arg,
        }
    })
    .mut_subcommands(|sub| {
        let name = sub.get_name().to_string();
        texts(sub, &name, m)
    })
}

/// clap's own words in a built command and every command under it.
fn words(cmd: Command, m: &Messages) -> Command {
    let say = |key| m.say(key, &[]);
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        say(Message::HelpUsageHeading)
    );
    let mut cmd = cmd
        .help_template(template)
        .subcommand_help_heading(say(Message::HelpCommands))
        .subcommand_value_name(say(Message::HelpCommandValue))
        .mut_args(|arg| argument(arg, m));
    let usage = cmd.render_usage().to_string();
    let usage = usage.split_once(": ").map_or(usage.as_str(), |(_, u)| u);
    let usage = usage.replace("[OPTIONS]", &say(Message::HelpOptionsTag));
    cmd = cmd.override_usage(usage);
    if cmd.get_name() == "help" {
        cmd = cmd.about(say(Message::HelpSubcommand));
    }
    cmd.mut_subcommands(|sub| words(sub, m))
}

/// One argument: clap's `--help`/`--version`/`help COMMAND` texts, its heading, and its
/// possible and default values written in the help text (clap writes them in English).
fn argument(arg: Arg, m: &Messages) -> Arg {
    let say = |key| m.say(key, &[]);
    let arg = match arg.get_id().as_str() {
        "help" => arg.help(say(Message::HelpHelp)).long_help(None),
        "version" => arg.help(say(Message::HelpVersion)).long_help(None),
        "subcommand" if arg.is_positional() => arg.help(say(Message::HelpSubcommandArg)),
        _ => arg,
    };
    let heading = match arg.get_help_heading() {
        Some(h) => m
            .local(Local::Help, &format!("heading.{h}"))
            .map_or(h.to_string(), str::to_string),
        None if arg.is_positional() => say(Message::HelpArguments),
        None => say(Message::HelpOptions),
    };
    let mut notes = Vec::new();
    let takes = arg.get_action().takes_values();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        let value = defaults.join(", ");
        notes.push(m.say(Message::HelpDefault, args!(value = value)));
    }
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if takes && !possible.is_empty() && !arg.is_hide_possible_values_set() {
        let values = possible.join(", ");
        notes.push(m.say(Message::HelpPossibleValues, args!(values = values)));
    }
    let help = arg.get_help().map(ToString::to_string);
    let help = std::iter::once(help.unwrap_or_default())
        .chain(notes)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    arg.help_heading(heading)
        .hide_default_value(true)
        .hide_possible_values(true)
        .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Command {
        Command::new("socklab")
            .about("about")
            .arg(clap::arg!(--color <WHEN> "colors").default_value("auto"))
            .subcommand(Command::new("sockets").arg(clap::arg!(-t --tcp "TCP sockets")))
    }

    #[test]
    fn english_is_clap_s_own() {
        let en = Messages::for_lang(Lang::En);
        let help = localized(sample(), &en).render_help().to_string();
        assert!(help.contains("Usage: socklab") && help.contains("[default: auto]"));
    }

    #[test]
    fn korean_help_has_korean_headings_and_clap_words() {
        let ko = Messages::for_lang(Lang::Ko);
        let mut cmd = localized(sample(), &ko);
        let help = cmd.render_help().to_string();
        for korean in [
            "사용법: socklab [옵션] [명령]",
            "명령:",
            "옵션:",
            "[기본값: auto]",
        ] {
            assert!(help.contains(korean), "{korean}:\n{help}");
        }
        assert!(!help.contains("Usage") && !help.contains("Print"), "{help}");
        let sub = cmd.find_subcommand_mut("sockets").unwrap();
        let help = sub.render_help().to_string();
        assert!(help.contains("사용법: socklab sockets [옵션]"), "{help}");
        assert!(help.contains("TCP 소켓"), "[help] sockets.tcp: {help}");
    }
}

/// Every command and argument of socklab's CLI that has an English help text has one in
/// every translation's `[help]` table, and the table names nothing else.
#[cfg(test)]
mod catalogue {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    /// `[help]` keys the CLI needs: `command` and `command.arg` for each with a text.
    fn needed(cmd: &Command, key: &str, out: &mut Vec<String>) {
        if cmd.get_about().is_some() {
            out.push(key.to_string());
        }
        for arg in cmd.get_arguments().filter(|a| a.get_help().is_some()) {
            out.push(format!("{key}.{}", arg.get_id()));
        }
        for sub in cmd.get_subcommands() {
            needed(sub, sub.get_name(), out);
        }
    }

    #[test]
    fn every_help_text_is_translated_and_no_other() {
        let mut keys = Vec::new();
        needed(&Cli::command(), TOP, &mut keys);
        assert!(keys.len() > 40, "{keys:?}");
        for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
            let m = Messages::for_lang(lang);
            let missing: Vec<_> = keys
                .iter()
                .filter(|k| m.local(Local::Help, k).is_none())
                .collect();
            assert!(missing.is_empty(), "{lang} [help] lacks {missing:?}");
            for (key, _) in Messages::local_entries(lang, Local::Help) {
                let heading = key.starts_with("heading.");
                assert!(
                    heading || keys.contains(&key),
                    "{lang} [help] has {key}, which the CLI lacks"
                );
            }
        }
    }

    #[test]
    fn socklab_s_korean_help_is_korean() {
        let mut cmd = localized(Cli::command(), &Messages::for_lang(Lang::Ko));
        let top = cmd.render_help().to_string();
        assert!(
            top.contains("전역 옵션:") && top.contains("사용법: socklab [옵션] [명령]"),
            "{top}"
        );
        let watch = cmd
            .find_subcommand_mut("watch")
            .unwrap()
            .render_help()
            .to_string();
        assert!(
            watch.contains("새로 읽는 간격(500ms, 2s, 1m) [기본값: 1s]"),
            "{watch}"
        );
    }
}
