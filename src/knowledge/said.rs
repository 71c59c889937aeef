//! A catalogue sentence carried as an error, so an error a user can cause (a missing
//! `--proc-root`, an unreadable file) is said in the learner's language: the layer that
//! fails names the sentence and its values, and the one that reports it says it with the
//! run's [`Messages`] ([`SaidError::say`]). Displayed on its own it is English.

use std::error::Error;
use std::fmt;
use std::io::{self, ErrorKind};
use std::sync::OnceLock;

use super::messages::{Message, Messages};
use super::{Args, Lang};

/// A `[message]` sentence with its values, and the error it explains (if any).
#[derive(Debug)]
pub struct SaidError {
    key: Message,
    args: Vec<(String, String)>,
    source: Option<Box<dyn Error + Send + Sync + 'static>>,
}

impl SaidError {
    pub fn new(key: Message, args: Args) -> SaidError {
        SaidError {
            key,
            args: args
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            source: None,
        }
    }

    /// The same sentence as the context of `cause` (shown after it, `: cause`).
    pub fn of(mut self, cause: impl Into<Box<dyn Error + Send + Sync + 'static>>) -> SaidError {
        self.source = Some(cause.into());
        self
    }

    pub fn key(&self) -> Message {
        self.key
    }

    /// The sentence in the language of `messages`.
    pub fn say(&self, messages: &Messages) -> String {
        let args: Vec<(&str, &dyn fmt::Display)> = self
            .args
            .iter()
            .map(|(n, v)| (n.as_str(), v as &dyn fmt::Display))
            .collect();
        messages.say(self.key, &args)
    }
}

impl fmt::Display for SaidError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        static ENGLISH: OnceLock<Messages> = OnceLock::new();
        f.write_str(&self.say(ENGLISH.get_or_init(Messages::default)))
    }
}

impl Error for SaidError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

/// An I/O error in the language of `messages`: English keeps the operating system's text
/// ("No such file or directory (os error 2)"); a translation says the kinds a user can
/// cause in its own words, and any other by its number. A sentence socklab put inside the
/// error ([`SaidError`]) is said as such.
pub fn io_text(e: &io::Error, messages: &Messages) -> String {
    if let Some(said) = e.get_ref().and_then(|i| i.downcast_ref::<SaidError>()) {
        return said.say(messages);
    }
    if messages.lang() == Lang::En {
        return e.to_string();
    }
    let key = match e.kind() {
        ErrorKind::NotFound => Message::IoNotFound,
        ErrorKind::PermissionDenied => Message::IoPermissionDenied,
        ErrorKind::NotADirectory => Message::IoNotADirectory,
        ErrorKind::IsADirectory => Message::IoIsADirectory,
        ErrorKind::AlreadyExists => Message::IoAlreadyExists,
        ErrorKind::DirectoryNotEmpty => Message::IoDirectoryNotEmpty,
        ErrorKind::ReadOnlyFilesystem => Message::IoReadOnly,
        ErrorKind::StorageFull => Message::IoStorageFull,
        ErrorKind::InvalidData => Message::IoInvalidData,
        _ => {
            let code = e.raw_os_error().map_or("-".into(), |c| c.to_string());
            return messages.say(Message::IoOther, args!(code = code));
        }
    };
    messages.say(key, args!())
}

/// `result.said(Message::Reading, args!(path = p))`: on error, the sentence becomes the
/// error's context, in place of an English `with_context`.
pub trait SayContext<T> {
    fn said(self, key: Message, args: Args) -> anyhow::Result<T>;
}

impl<T, E: Into<Box<dyn Error + Send + Sync + 'static>>> SayContext<T> for Result<T, E> {
    fn said(self, key: Message, args: Args) -> anyhow::Result<T> {
        self.map_err(|e| SaidError::new(key, args).of(e).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_a_user_causes_in_korean() {
        let ko = Messages::for_lang(Lang::Ko);
        let missing = io::Error::from_raw_os_error(2);
        assert_eq!(io_text(&missing, &ko), "그런 파일이나 디렉터리가 없습니다");
        let en = Messages::for_lang(Lang::En);
        assert_eq!(io_text(&missing, &en), missing.to_string());
        let odd = io::Error::from_raw_os_error(5);
        assert_eq!(io_text(&odd, &ko), "입출력 오류입니다(오류 번호 5)");
        let said = SaidError::new(Message::NotARegularFile, args!());
        let custom = io::Error::new(ErrorKind::InvalidInput, said);
        assert!(io_text(&custom, &ko).starts_with("일반 파일이 아닙니다"));
    }

    #[test]
    fn said_in_english_by_itself_and_in_the_run_s_language_when_asked() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        let err: anyhow::Result<()> = Err(missing).said(Message::Reading, args!(path = "/x/tcp"));
        let err = err.unwrap_err();
        assert!(
            format!("{err:#}").starts_with("reading /x/tcp: "),
            "{err:#}"
        );
        let said = err.downcast_ref::<SaidError>().unwrap();
        let ko = Messages::for_lang(Lang::Ko);
        assert_eq!(said.say(&ko), "/x/tcp 읽기 실패");
        let chain: Vec<String> = err.chain().map(ToString::to_string).collect();
        assert_eq!(chain.len(), 2, "{chain:?}");
    }
}
