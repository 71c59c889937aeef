//! The learner's language: `--lang`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, in
//! POSIX order of precedence), else English.

use std::fmt;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code() == code.to_ascii_lowercase())
    }

    /// From locale variables as given (the first non-empty one decides, as in POSIX).
    pub fn from_locale(
        lc_all: Option<&str>,
        lc_messages: Option<&str>,
        lang: Option<&str>,
    ) -> Lang {
        let locale = [lc_all, lc_messages, lang]
            .into_iter()
            .flatten()
            .find(|v| !v.is_empty());
        match locale {
            Some(l) if l.to_ascii_lowercase().starts_with("ko") => Lang::Ko,
            _ => Lang::En,
        }
    }

    pub fn from_env() -> Lang {
        let var = |k| std::env::var(k).ok();
        Lang::from_locale(
            var("LC_ALL").as_deref(),
            var("LC_MESSAGES").as_deref(),
            var("LANG").as_deref(),
        )
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_precedence() {
        assert_eq!(Lang::from_locale(None, None, Some("ko_KR.UTF-8")), Lang::Ko);
        assert_eq!(
            Lang::from_locale(Some("C.UTF-8"), None, Some("ko_KR.UTF-8")),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale(Some(""), Some("ko_KR"), Some("en_US")),
            Lang::Ko
        );
        assert_eq!(Lang::from_locale(None, None, None), Lang::En);
    }
}
