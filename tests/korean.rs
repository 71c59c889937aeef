//! Korean: explanations from `lessons/glossary/ko.toml`, chosen by `--lang ko` or the
//! locale, and rendered by display width so Hangul (two columns a character) keeps the
//! legend aligned and never spills past the terminal width.

mod common;

use common::{command, repo, stdout};
use unicode_width::UnicodeWidthStr;

fn explain_browser(env: &[(&str, &str)], args: &[&str]) -> String {
    let root = repo("fixtures/proc/browser-desktop");
    let mut cmd = command(args);
    cmd.args([
        "--proc-root",
        root.to_str().unwrap(),
        "sockets",
        "-a",
        "-p",
        "--explain",
    ]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
}

#[test]
fn lang_from_locale_gives_korean_prose() {
    let text = explain_browser(&[("LANG", "ko_KR.UTF-8")], &[]);
    assert!(
        text.contains("받았지만") && text.contains("연결됨"),
        "{text}"
    );
    assert!(
        text.contains("Recv-Q") && text.contains("ESTABLISHED"),
        "tool terms stay as printed"
    );
    insta::assert_snapshot!(text);
    let english = explain_browser(&[("LANG", "ko_KR.UTF-8")], &["--lang", "en"]);
    assert!(!english.contains("연결됨"), "--lang wins over the locale");
    let lc_all = explain_browser(&[("LANG", "en_US.UTF-8"), ("LC_ALL", "ko_KR.UTF-8")], &[]);
    assert!(lc_all.contains("연결됨"), "LC_ALL wins over LANG");
}

#[test]
fn korean_annotations_fit_80_and_120_columns_and_stay_aligned() {
    for width in [80, 120] {
        let text = explain_browser(&[("COLUMNS", &width.to_string())], &["--lang", "ko"]);
        let mut legend_text_columns = Vec::new();
        for line in text.lines() {
            let prose = line.starts_with("  ")
                || line.starts_with("      ↳")
                || line.starts_with("        ");
            if prose {
                assert!(
                    line.width() <= width,
                    "{} columns > {width}: {line}",
                    line.width()
                );
            }
            // A legend line: two spaces, a term padded to 16 columns, a space, the text.
            let is_legend_head = line.starts_with("  ")
                && !line.starts_with("   ")
                && line.chars().nth(2).is_some_and(|c| c.is_ascii_uppercase())
                && line.get(18..19) == Some(" ");
            if is_legend_head {
                legend_text_columns.push(line[..19].width());
            }
        }
        assert!(
            legend_text_columns.len() >= 8,
            "legend lines found: {legend_text_columns:?}"
        );
        assert!(
            legend_text_columns.iter().all(|&c| c == 19),
            "{legend_text_columns:?}"
        );
        let continuation = text
            .lines()
            .filter(|l| l.starts_with(&" ".repeat(19)))
            .count();
        assert!(
            continuation > 0,
            "long Korean text wrapped under itself at {width}"
        );
    }
}
