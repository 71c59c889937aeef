//! Whether a translated lesson still is the English lesson: the same id and order, the
//! same number of steps, and in every step the same directives in the same order, with
//! `socklab` and `explain` blocks unchanged, demos opening the same sockets (their stage
//! captions are text), labs waiting for the same condition and quizzes with the same
//! answer, excerpt and number of choices and reasons. Progress
//! is kept by step and quiz number, so a translation that drifts would mix up a learner's
//! progress when they switch language.

use super::parse::Problem;
use super::{Lesson, Part, Step};
use crate::knowledge::messages::{Message, Messages};

/// The kind of a directive, as written in its fence.
fn kind(part: &Part) -> Option<&'static str> {
    match part {
        Part::Prose(_) => None,
        Part::Socklab(_) => Some("socklab"),
        Part::Lab(_) => Some("lab"),
        Part::Quiz(_) => Some("quiz"),
        Part::Demo(_) => Some("demo"),
        Part::Paste(_) => Some("explain"),
    }
}

/// Whether two directives of the same kind agree on everything but their text.
fn same_block(english: &Part, translated: &Part) -> bool {
    match (english, translated) {
        (Part::Socklab(a), Part::Socklab(b)) => {
            a.iter().map(|c| &c.args).eq(b.iter().map(|c| &c.args))
        }
        (Part::Demo(a), Part::Demo(b)) => a.open == b.open && a.stages.len() == b.stages.len(),
        (Part::Lab(a), Part::Lab(b)) => {
            (
                a.expect, a.port, a.proto, &a.path, &a.owner, a.count, a.timeout,
            ) == (
                b.expect, b.port, b.proto, &b.path, &b.owner, b.count, b.timeout,
            )
        }
        // The excerpt is what a terminal printed: the same in every language.
        (Part::Quiz(a), Part::Quiz(b)) => {
            (a.answer, a.choices.len(), a.why.len(), &a.excerpt)
                == (b.answer, b.choices.len(), b.why.len(), &b.excerpt)
        }
        (Part::Paste(a), Part::Paste(b)) => a == b,
        _ => false,
    }
}

/// Every way `translated` differs from `english`, reported against the translated file.
pub fn differences(english: &Lesson, translated: &Lesson, m: &Messages) -> Vec<Problem> {
    let en = english.file.display().to_string();
    let mut found: Vec<(usize, String)> = Vec::new();
    let (a, b) = (&english.meta, &translated.meta);
    if a.id != b.id {
        let fill = args!(field = "id", got = b.id, en = en, want = a.id);
        found.push((2, m.say(Message::CheckIdDiffers, fill)));
    }
    if a.order != b.order {
        let fill = args!(field = "order", got = b.order, en = en, want = a.order);
        found.push((2, m.say(Message::CheckIdDiffers, fill)));
    }
    if english.steps.len() != translated.steps.len() {
        let (got, want) = (translated.steps.len(), english.steps.len());
        let fill = args!(got = got, en = en, want = want);
        found.push((1, m.say(Message::CheckStepCount, fill)));
    }
    for (es, ts) in english.steps.iter().zip(&translated.steps) {
        let at = format!("{en}:{}", es.line);
        found.extend(
            step_differences(es, ts, &at, m)
                .into_iter()
                .map(|t| (ts.line, t)),
        );
    }
    found
        .into_iter()
        .map(|(line, message)| Problem {
            file: translated.file.clone(),
            line,
            message,
        })
        .collect()
}

/// How the directives of a translated step differ from the English step at `at`.
fn step_differences(english: &Step, translated: &Step, at: &str, m: &Messages) -> Vec<String> {
    let ed: Vec<&Part> = english.parts.iter().filter(|p| kind(p).is_some()).collect();
    let td: Vec<&Part> = translated
        .parts
        .iter()
        .filter(|p| kind(p).is_some())
        .collect();
    let kinds = |d: &[&Part]| {
        let k: Vec<&str> = d.iter().filter_map(|p| kind(p)).collect();
        format!("[{}]", k.join(", "))
    };
    if kinds(&ed) != kinds(&td) {
        let fill = args!(got = kinds(&td), en = at, want = kinds(&ed));
        return vec![m.say(Message::CheckDirectives, fill)];
    }
    ed.iter()
        .zip(&td)
        .filter(|(e, t)| !same_block(e, t))
        .map(|(_, t)| {
            let fill = args!(kind = kind(t).unwrap_or(""), en = at);
            m.say(Message::CheckBlockDiffers, fill)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::lesson::parse::parse;

    const EN: &str = "+++\nid = \"a\"\ntitle = \"A\"\nsummary = \"s\"\norder = 1\n+++\n\
        ## One\n\ntext\n\n```socklab\nsockets -tln\n```\n\n\
        ```quiz\nquestion = \"Q?\"\nchoices = [\"x\", \"y\"]\nanswer = 2\nexplain = \"E.\"\n```\n";

    fn lesson(text: &str, file: &str) -> Lesson {
        parse(Path::new(file), text).unwrap()
    }

    #[test]
    fn text_may_change_blocks_may_not() {
        let m = Messages::default();
        let en = lesson(EN, "en/a.md");
        let ko = EN
            .replace("text", "본문")
            .replace("Q?", "질문?")
            .replace("\"x\", \"y\"", "\"가\", \"나\"");
        assert!(differences(&en, &lesson(&ko, "ko/a.md"), &m).is_empty());

        let changed_command = EN.replace("sockets -tln", "sockets -tan");
        let ps = differences(&en, &lesson(&changed_command, "ko/a.md"), &m);
        assert_eq!(ps.len(), 1, "{ps:?}");
        assert!(ps[0].message.contains("socklab block"), "{}", ps[0]);
        assert_eq!(ps[0].file, Path::new("ko/a.md"));

        let changed_answer = EN.replace("answer = 2", "answer = 1");
        let ps = differences(&en, &lesson(&changed_answer, "ko/a.md"), &m);
        assert!(ps[0].message.contains("quiz block"), "{ps:?}");

        let no_quiz = &EN[..EN.find("```quiz").unwrap()];
        let ps = differences(&en, &lesson(no_quiz, "ko/a.md"), &m);
        assert!(
            ps[0].message.contains("[socklab], but") && ps[0].message.contains("[socklab, quiz]"),
            "{ps:?}"
        );

        let renamed = EN.replace("id = \"a\"", "id = \"b\"") + "\n## Two\n\nmore\n";
        let ps = differences(&en, &lesson(&renamed, "ko/a.md"), &m);
        let text: Vec<String> = ps.iter().map(|p| p.to_string()).collect();
        assert!(text.iter().any(|t| t.contains("`id` is b")), "{text:?}");
        assert!(text.iter().any(|t| t.contains("2 steps")), "{text:?}");
    }
}
