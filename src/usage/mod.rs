//! The command line in the learner's language: `--help` built at run time with the texts
//! of the message catalogue (`[help]` and the `help_*` messages), usage errors said from
//! clap's error kind and context (`usage_*`), and an error chain with its I/O errors and
//! catalogue sentences ([`SaidError`]) said in that language. English stays clap's own
//! and the operating system's own text. `app` calls these where it parses and reports.

mod errors;
mod help;

use std::ffi::OsString;

use crate::knowledge::Lang;
use crate::knowledge::messages::Messages;
use crate::knowledge::said::{SaidError, io_text};

pub use errors::{usage_error, usage_line};
pub use help::localized;

/// The language a run will speak, from its raw arguments (`--lang ko`, `--lang=ko`) else
/// the locale: known before parsing, so a usage error is said in it too.
pub fn lang_of(args: &[OsString]) -> Lang {
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    let mut given = None;
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == "--lang" {
            given = words.next().map(|w| w.into_owned());
        } else if let Some(value) = word.strip_prefix("--lang=") {
            given = Some(value.to_string());
        }
    }
    given
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(Lang::from_env)
}

/// `err` with every part of its chain said in the language of `messages`: catalogue
/// sentences in that language, I/O errors in its words. English, and any chain holding a
/// broken pipe (a reader that went away is not an error), are left as they are.
pub fn said(err: anyhow::Error, messages: &Messages) -> anyhow::Error {
    let broken_pipe = err
        .chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe);
    if messages.lang() == Lang::En || broken_pipe {
        return err;
    }
    let parts: Vec<String> = err
        .chain()
        .map(|part| {
            if let Some(said) = part.downcast_ref::<SaidError>() {
                said.say(messages)
            } else if let Some(io) = part.downcast_ref::<std::io::Error>() {
                io_text(io, messages)
            } else {
                part.to_string()
            }
        })
        .collect();
    anyhow::anyhow!(parts.join(": "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::messages::Message;
    use crate::knowledge::said::SayContext;

    fn words(line: &str) -> Vec<OsString> {
        line.split_whitespace().map(OsString::from).collect()
    }

    #[test]
    fn the_language_is_known_before_parsing() {
        assert_eq!(lang_of(&words("socklab --lang ko bogus")), Lang::Ko);
        assert_eq!(lang_of(&words("socklab sockets --lang=ko -t")), Lang::Ko);
        assert_eq!(lang_of(&words("socklab --lang ko --lang en")), Lang::En);
    }

    #[test]
    fn a_chain_is_said_part_by_part() {
        let missing = std::io::Error::from_raw_os_error(2);
        let err = Err::<(), _>(missing)
            .said(Message::Reading, args!(path = "/x/net/tcp"))
            .unwrap_err();
        let ko = said(err, &Messages::for_lang(Lang::Ko)).to_string();
        assert_eq!(
            ko,
            "/x/net/tcp 읽기 실패: 그런 파일이나 디렉터리가 없습니다"
        );
    }
}
