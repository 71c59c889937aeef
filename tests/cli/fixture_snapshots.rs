//! Snapshots of `socklab sockets` rendered from the fixture trees (real kernel lines,
//! captured by scripts/make-fixtures.py), so any change to the table, notes, grouping or
//! JSON shows up in review as a diff. No width: notes stay on one line each.

use crate::harness::{Socklab, repo};

fn render(scenario: &str, args: &[&str]) -> String {
    let root = repo(&format!("fixtures/proc/{scenario}"));
    let out = Socklab::new()
        .args(["--proc-root", root.to_str().unwrap(), "sockets"])
        .args(args)
        .no_columns()
        .run();
    assert!(out.success(), "{}", out.stderr());
    assert!(out.stderr().is_empty(), "{}", out.stderr());
    out.stdout()
}

#[test]
fn web_server_table() {
    insta::assert_snapshot!(render("web-server", &["-aep"]));
}

#[test]
fn web_server_explained() {
    insta::assert_snapshot!(render("web-server", &["-a", "-p", "--explain"]));
}

#[test]
fn web_server_by_process() {
    insta::assert_snapshot!(render("web-server", &["--by-process"]));
}

#[test]
fn browser_desktop_table() {
    insta::assert_snapshot!(render("browser-desktop", &["-aep"]));
}

#[test]
fn browser_desktop_explained() {
    insta::assert_snapshot!(render("browser-desktop", &["-a", "-p", "--explain"]));
}

#[test]
fn browser_desktop_by_process() {
    insta::assert_snapshot!(render("browser-desktop", &["--by-process"]));
}

#[test]
fn browser_desktop_json() {
    insta::assert_snapshot!(render("browser-desktop", &["-a", "-p", "--json"]));
}

/// Facts the fixtures were built to show, checked on the parsed JSON rather than the text.
#[test]
fn fixtures_show_what_they_were_made_for() {
    let rows = |s: &str| -> Vec<serde_json::Value> {
        render(s, &["-a", "-p", "--json"])
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let web = rows("web-server");
    let state = |st: &str| web.iter().filter(|r| r["state"] == st).count();
    assert!(state("TIME_WAIT") >= 1 && state("CLOSE_WAIT") >= 1 && state("LISTEN") == 2);
    let tw = web.iter().find(|r| r["state"] == "TIME_WAIT").unwrap();
    assert_eq!((tw["inode"].as_u64(), tw["pid"].is_null()), (Some(0), true));
    let backlog = web
        .iter()
        .find(|r| r["state"] == "LISTEN" && r["recv_q"].as_u64() > Some(0));
    assert!(
        backlog.is_some(),
        "a listener with a non-empty accept queue"
    );
    let nginx = web
        .iter()
        .find(|r| r["local_port"] == 8080 && r["state"] == "LISTEN")
        .unwrap();
    assert_eq!(
        nginx["owners"].as_array().unwrap().len(),
        2,
        "master and worker share it"
    );

    let desk = rows("browser-desktop");
    let firefox = |p: &str| {
        desk.iter()
            .filter(|r| r["program_name"] == "firefox" && r["proto"] == p)
            .count()
    };
    assert!(firefox("tcp") >= 5 && firefox("udp") == 2 && firefox("unix") >= 5);
    let bus = desk
        .iter()
        .find(|r| r["path"] == "/run/user/1000/bus")
        .unwrap();
    assert!(bus["notes"].to_string().contains("tmpfs"), "{bus}");
    assert!(desk.iter().any(|r| r["path_kind"] == "abstract"));
}
