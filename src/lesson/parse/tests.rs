//! The lesson parser's tests: steps, fences, directives and every problem with its line.

use super::*;

fn problems(text: &str) -> Vec<String> {
    match parse(Path::new("t.md"), text) {
        Ok(_) => Vec::new(),
        Err(ps) => ps.iter().map(ToString::to_string).collect(),
    }
}

const HEAD: &str = "+++\nid = \"t\"\ntitle = \"T\"\nsummary = \"s\"\norder = 1\n+++\n";

#[test]
fn splits_steps_and_keeps_sh_as_prose() {
    let text = format!(
        "{HEAD}Intro.\n## One\nText\n```sh\nrm -rf /tmp/x\n```\n## Two\n```socklab\nsockets -tan\n```\n"
    );
    let lesson = parse(Path::new("t.md"), &text).unwrap();
    assert_eq!(lesson.intro, "Intro.");
    assert_eq!(lesson.steps.len(), 2);
    assert_eq!(lesson.steps[0].line, 8);
    assert!(matches!(&lesson.steps[0].parts[0], Part::Prose(p) if p.contains("rm -rf")));
    assert!(
        matches!(&lesson.steps[1].parts[0], Part::Socklab(c) if c[0].args == ["sockets", "-tan"])
    );
}

#[test]
fn every_problem_has_its_line() {
    let text = format!(
        "{HEAD}## One\n```socklab\nsockets --no-such-flag\n```\n```quiz\nquestion = 1\n```\n```labs\nx\n```\n## Two\n```lab\nexpect = \"listening\"\nhint = \"h\"\nsuccess = \"s\"\n```\n```demo\n"
    );
    let ps = problems(&text);
    // Block words are checked against the CLI by `exec::command_problems`, not here.
    assert!(!ps.iter().any(|p| p.contains("no-such-flag")), "{ps:?}");
    assert!(
        ps.iter()
            .any(|p| p.starts_with("t.md:12: ") && p.contains("invalid TOML")),
        "{ps:?}"
    );
    assert!(
        ps.iter()
            .any(|p| p.starts_with("t.md:14: ") && p.contains("did you mean `lab`")),
        "{ps:?}"
    );
    assert!(
        ps.iter()
            .any(|p| p.starts_with("t.md:18: ") && p.contains("needs `port`")),
        "{ps:?}"
    );
    assert!(
        ps.iter()
            .any(|p| p.starts_with("t.md:23: ") && p.contains("never closed")),
        "{ps:?}"
    );
}

#[test]
fn front_matter_is_required_and_checked() {
    assert!(problems("# no front matter\n")[0].starts_with("t.md:1: "));
    let ps = problems(
        "+++\nid = \"Bad Id\"\ntitle = \"T\"\nsummary = \"s\"\norder = 1\nextra = 2\n+++\n## S\n",
    );
    assert!(ps.iter().any(|p| p.contains("extra")), "{ps:?}");
}

#[test]
fn demo_counts_and_lab_time_are_capped() {
    let nine = ["\"listener\""; 9].join(", ");
    let text = format!(
        "{HEAD}## One\n```demo\nopen = [{nine}]\n```\n```lab\nexpect = \"listening\"\nport = 8000\nhint = \"h\"\nsuccess = \"s\"\ntimeout = 86400\n```\n"
    );
    let ps = problems(&text);
    assert!(
        ps.iter()
            .any(|p| p.starts_with("t.md:8: ")
                && p.contains("lists 9 sockets; a step opens at most 8")),
        "{ps:?}"
    );
    assert!(
        ps.iter().any(|p| p.starts_with("t.md:11: ")
            && p.contains("`timeout` is 86400 seconds; a lab waits at most 1800")),
        "{ps:?}"
    );
    let eight = ["\"listener\""; 8].join(", ");
    let ok = format!("{HEAD}## One\n```demo\nopen = [{eight}]\n```\n");
    assert!(problems(&ok).is_empty());
}

#[test]
fn quiz_reasons_come_one_per_choice_and_excerpts_stay_verbatim() {
    let quiz = |extra: &str| {
        format!(
            "{HEAD}## One\n```quiz\n{extra}question = \"q\"\nchoices = [\"a\", \"b\", \"c\"]\nanswer = 2\nexplain = \"e\"\n```\n"
        )
    };
    let ps = problems(&quiz("why = [\"x\", \"\"]\n"));
    assert!(
        ps.iter()
            .any(|p| p.contains("`why` has 2 entries; give one per choice (3)")),
        "{ps:?}"
    );
    let ps = problems(&quiz("why = [\"\", \"\", \"z\"]\n"));
    assert!(
        ps.iter().any(|p| p.contains("`why` entry 1 is empty")) && ps.len() == 1,
        "the right choice may go without: {ps:?}"
    );
    // netstat -tan on this machine (fixtures/outputs/netstat-tan.txt), trailing spaces kept.
    let row = "tcp        1      0 127.0.0.1:44093         0.0.0.0:*               LISTEN     ";
    let text = quiz(&format!(
        "excerpt = \"\"\"\n{row}\n\"\"\"\nwhy = [\"no a\", \"\", \"no c\"]\n"
    ));
    let lesson = parse(Path::new("t.md"), &text).unwrap();
    let Part::Quiz(q) = &lesson.steps[0].parts[0] else {
        panic!("a quiz")
    };
    assert_eq!(q.excerpt_lines(), [row]);
    assert_eq!(
        (q.why_not(1), q.why_not(2), q.why_not(3)),
        (Some("no a"), None, Some("no c"))
    );
    let wide = quiz(&format!("excerpt = \"{}\"\n", "x".repeat(133)));
    assert!(problems(&wide).iter().any(|p| p.contains("wider than 132")));
}

#[test]
fn a_clients_lab_needs_a_count_and_an_explain_block_needs_text() {
    let lab = |extra: &str| {
        format!(
            "{HEAD}## One\n```lab\nexpect = \"clients\"\nport = 8000\n{extra}hint = \"h\"\nsuccess = \"s\"\n```\n"
        )
    };
    assert!(
        problems(&lab(""))
            .iter()
            .any(|p| p.contains("needs `count`, 2 to 64"))
    );
    assert!(problems(&lab("count = 4\n")).is_empty());
    let listening = lab("count = 4\n").replace("clients", "listening");
    assert!(
        problems(&listening)
            .iter()
            .any(|p| p.contains("only for clients labs"))
    );
    let empty = format!("{HEAD}## One\n```explain\n\n```\n");
    assert!(
        problems(&empty)
            .iter()
            .any(|p| p.contains("empty `explain` block"))
    );
    let pasted = format!("{HEAD}## One\n```explain\ntcp 0 0 127.0.0.1:1 0.0.0.0:* LISTEN \n```\n");
    let lesson = parse(Path::new("t.md"), &pasted).unwrap();
    assert!(
        matches!(&lesson.steps[0].parts[0], Part::Paste(t) if t == "tcp 0 0 127.0.0.1:1 0.0.0.0:* LISTEN \n")
    );
}

#[test]
fn a_demo_holds_at_most_eight_sockets_at_once() {
    let text =
        format!("{HEAD}## One\n```demo\nopen = [\"accept_queue_full\", \"connected_pair\"]\n```\n");
    let ps = problems(&text);
    assert!(
        ps.iter()
            .any(|p| p.contains("would hold 9 sockets at once")),
        "{ps:?}"
    );
}

#[test]
fn placeholders_need_a_demo() {
    let text = format!("{HEAD}## One\n```socklab\nsockets -tan --port {{port}}\n```\n");
    let ps = problems(&text);
    assert!(
        ps.iter()
            .any(|p| p.starts_with("t.md:9: ") && p.contains("{port}")),
        "{ps:?}"
    );
    let ok = format!(
        "{HEAD}## One\n```demo\nopen = [\"listener\"]\n```\n```socklab\nsockets -tan --port {{port}}\n```\n"
    );
    assert!(problems(&ok).is_empty());
}

#[test]
fn words_split_like_a_quoting_user_expects() {
    assert_eq!(
        split_words("sockets -x 'a b' \"c\"").unwrap(),
        ["sockets", "-x", "a b", "c"]
    );
    assert!(split_words("sockets 'a").is_err());
    assert_eq!(
        fill(
            &["--port".into(), "{port}".into()],
            &[("port", "80".into())]
        ),
        ["--port", "80"]
    );
}
