//! What socklab says in its own voice (warnings, summaries), as a small catalogue in data:
//! `lessons/messages/<lang>.toml`. A key missing in a language falls back to English.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Lang;

const EN: &str = include_str!("../../lessons/messages/en.toml");
const KO: &str = include_str!("../../lessons/messages/ko.toml");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message {
    OwnersHidden,
    MalformedLines,
    Captured,
    ByProcessUnowned,
}

impl Message {
    pub const ALL: [Message; 4] = [
        Message::OwnersHidden,
        Message::MalformedLines,
        Message::Captured,
        Message::ByProcessUnowned,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Message::OwnersHidden => "owners_hidden",
            Message::MalformedLines => "malformed_lines",
            Message::Captured => "captured",
            Message::ByProcessUnowned => "by_process_unowned",
        }
    }
}

#[derive(Debug, Deserialize)]
struct File {
    message: BTreeMap<String, String>,
}

#[derive(Debug)]
pub struct Messages {
    chosen: BTreeMap<String, String>,
    english: BTreeMap<String, String>,
}

impl Messages {
    pub fn for_lang(lang: Lang) -> Messages {
        let parse = |text: &str| -> BTreeMap<String, String> {
            toml::from_str::<File>(text)
                .map(|f| f.message)
                .expect("embedded messages are checked by tests")
        };
        let english = parse(EN);
        let chosen = match lang {
            Lang::En => BTreeMap::new(),
            Lang::Ko => parse(KO),
        };
        Messages { chosen, english }
    }

    /// The message with `{name}` placeholders filled.
    pub fn say(&self, message: Message, fill: &[(&str, &dyn std::fmt::Display)]) -> String {
        let key = message.key();
        let mut text = self
            .chosen
            .get(key)
            .or_else(|| self.english.get(key))
            .cloned()
            .unwrap_or_else(|| key.to_string());
        for (name, value) in fill {
            text = text.replace(&format!("{{{name}}}"), &value.to_string());
        }
        text
    }

    /// Keys of `Message` this language lacks (falls back to English for them).
    pub fn missing(lang: Lang) -> Vec<&'static str> {
        let text = match lang {
            Lang::En => EN,
            Lang::Ko => KO,
        };
        let have: BTreeMap<String, String> = toml::from_str::<File>(text)
            .map(|f| f.message)
            .unwrap_or_default();
        Message::ALL
            .iter()
            .map(|m| m.key())
            .filter(|k| !have.contains_key(*k))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_exists_in_every_language() {
        for lang in Lang::ALL {
            assert!(
                Messages::missing(lang).is_empty(),
                "{lang} lacks {:?}",
                Messages::missing(lang)
            );
        }
        let ko = Messages::for_lang(Lang::Ko);
        assert!(
            ko.say(Message::OwnersHidden, &[("n", &3)])
                .contains("프로세스 3개")
        );
    }
}
