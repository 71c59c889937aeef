//! A usage error as one line that says what to do: in English clap's first line; in a
//! translation, said from the error's kind and context (the argument, the value, the valid
//! values, a similar argument) with the `usage_*` messages.

use std::num::{IntErrorKind, ParseIntError};

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::knowledge::Lang;
use crate::knowledge::messages::{Message, Messages};

/// The one-line error for a failed parse, ending with where help is.
pub fn usage_error(e: &clap::Error, messages: &Messages) -> anyhow::Error {
    let error = usage_line(e, messages);
    anyhow::anyhow!(messages.say(Message::UsageSeeHelp, args!(error = error)))
}

/// What is wrong with the words, in one line: in English clap's first line, in a
/// translation said from the error's kind and context.
pub fn usage_line(e: &clap::Error, messages: &Messages) -> String {
    match messages.lang() {
        Lang::En => {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("bad usage");
            first.trim_start_matches("error: ").to_string()
        }
        _ => said(e, messages),
    }
}

/// A context value as text: one value, or several joined with ", ".
fn text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A value as it is quoted in a sentence.
fn quoted(e: &clap::Error, kind: ContextKind) -> String {
    format!("'{}'", text(e, kind).unwrap_or_default())
}

fn said(e: &clap::Error, m: &Messages) -> String {
    let arg = || text(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = || quoted(e, ContextKind::InvalidValue);
    let mut parts = vec![match e.kind() {
        ErrorKind::InvalidValue
            if text(e, ContextKind::InvalidValue)
                .unwrap_or_default()
                .is_empty() =>
        {
            m.say(Message::UsageMissingValue, args!(arg = arg()))
        }
        ErrorKind::InvalidValue => m.say(
            Message::UsageInvalidValue,
            args!(value = value(), arg = arg()),
        ),
        ErrorKind::ValueValidation => match reason(e, m) {
            Some(reason) => m.say(
                Message::UsageBadValue,
                args!(value = value(), arg = arg(), reason = reason),
            ),
            None => m.say(
                Message::UsageInvalidValue,
                args!(value = value(), arg = arg()),
            ),
        },
        ErrorKind::UnknownArgument => {
            let arg = quoted(e, ContextKind::InvalidArg);
            m.say(Message::UsageUnknownArgument, args!(arg = arg))
        }
        ErrorKind::InvalidSubcommand => {
            let name = quoted(e, ContextKind::InvalidSubcommand);
            m.say(Message::UsageUnknownCommand, args!(name = name))
        }
        ErrorKind::MissingRequiredArgument => {
            m.say(Message::UsageMissingRequired, args!(args = arg()))
        }
        ErrorKind::ArgumentConflict => {
            let other = text(e, ContextKind::PriorArg).unwrap_or_default();
            let (arg, other) = (format!("'{}'", arg()), format!("'{other}'"));
            m.say(Message::UsageConflict, args!(arg = arg, other = other))
        }
        ErrorKind::TooManyValues => {
            m.say(Message::UsageTooMany, args!(value = value(), arg = arg()))
        }
        _ => m.say(Message::UsageBad, args!()),
    }];
    if let Some(values) = text(e, ContextKind::ValidValue) {
        parts.push(m.say(Message::UsagePossibleValues, args!(values = values)));
    }
    let similar = text(e, ContextKind::SuggestedArg)
        .or_else(|| text(e, ContextKind::SuggestedSubcommand))
        .or_else(|| text(e, ContextKind::SuggestedValue));
    if let Some(suggestion) = similar {
        let suggestion = format!("'{suggestion}'");
        parts.push(m.say(Message::UsageSimilar, args!(suggestion = suggestion)));
    }
    parts.join(". ")
}

/// Why a value failed its parser, where the translation has words for it (a number that
/// is not one, or out of range); `None` for reasons only English can say.
fn reason(e: &clap::Error, m: &Messages) -> Option<String> {
    let source = std::error::Error::source(e)?;
    let Some(int) = source.downcast_ref::<ParseIntError>() else {
        // clap's ranged parsers (u16 for a port) say "70000 is not in 0..=65535".
        let number: i128 = text(e, ContextKind::InvalidValue)?.parse().ok()?;
        let key = match number < 0 {
            true => Message::UsageNumberTooSmall,
            false => Message::UsageNumberTooLarge,
        };
        return Some(m.say(key, args!()));
    };
    let key = match int.kind() {
        IntErrorKind::Empty => Message::UsageEmptyValue,
        IntErrorKind::InvalidDigit => Message::UsageNotANumber,
        IntErrorKind::PosOverflow => Message::UsageNumberTooLarge,
        IntErrorKind::NegOverflow => Message::UsageNumberTooSmall,
        _ => return None,
    };
    Some(m.say(key, args!()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{Parser, Subcommand};

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(subcommand)]
        command: Sub,
    }

    #[derive(Debug, Subcommand)]
    enum Sub {
        Sockets {
            #[arg(long)]
            port: Option<u16>,
            #[arg(long, value_parser = ["auto", "never"])]
            color: Option<String>,
        },
    }

    fn korean(words: &str) -> String {
        let e = Cli::try_parse_from(words.split_whitespace()).unwrap_err();
        usage_error(&e, &Messages::for_lang(Lang::Ko)).to_string()
    }

    #[test]
    fn usage_errors_in_korean() {
        assert_eq!(
            korean("socklab bogus"),
            "'bogus'라는 명령은 없습니다 (socklab --help 참고)"
        );
        assert!(korean("socklab sockets --bogus").starts_with("'--bogus'는 알 수 없는 인자입니다"));
        assert_eq!(
            korean("socklab sockets --port abc"),
            "'abc'는 --port <PORT>에 맞는 값이 아닙니다: 숫자가 아닙니다 (socklab --help 참고)"
        );
        assert!(korean("socklab sockets --port 70000").contains("너무 큰 수입니다"));
        let color = korean("socklab sockets --color BOGUS");
        assert!(
            color.starts_with(
                "'BOGUS'는 --color <COLOR>에 쓸 수 없는 값입니다. 가능한 값: auto, never"
            ),
            "{color}"
        );
        assert!(korean("socklab sockets --color").contains("--color <COLOR>에 값을 주십시오"));
        assert!(korean("socklab sockt").contains("혹시 'sockets'를 찾으십니까?"));
    }

    #[test]
    fn english_is_clap_s_first_line() {
        let e = Cli::try_parse_from(["socklab", "bogus"]).unwrap_err();
        let en = usage_error(&e, &Messages::for_lang(Lang::En)).to_string();
        assert_eq!(en, "unrecognized subcommand 'bogus' (see socklab --help)");
    }
}
