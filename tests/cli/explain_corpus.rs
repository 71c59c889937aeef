//! The corpus test: every raw output file in `../shared/corpus` (third-party real outputs
//! of netstat, ss and lsof; provenance in its README) goes through `socklab explain`.
//! Every file exits 0 and every input line comes back verbatim and in order; the Linux
//! netstat/ss/BusyBox files have no `unrecognized` line; and where jc's expected parse
//! (`.json`) sits beside a file, our fields equal jc's, except the listed jc mistakes.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::harness::in_process::{Explained, explain_in_process};
use crate::harness::skip_unless_corpus;

fn raw_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_none_or(|x| x != "json")
                && p.file_name().is_some_and(|n| n != "README.md")
            {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// The input's lines as explain sees them: split at `\n`, one trailing `\r` dropped.
fn input_lines(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines: Vec<String> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect();
    if text.ends_with('\n') || text.is_empty() {
        lines.pop();
    }
    lines
}

fn linux_family(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap();
    let linux_os = [
        "linux/", "centos", "ubuntu", "fedora", "generic/", "busybox",
    ]
    .iter()
    .any(|o| rel.contains(o));
    linux_os && (name.contains("netstat") || name.contains("ss"))
}

#[test]
fn every_file_exits_0_and_keeps_every_line() {
    let Some(dir) = skip_unless_corpus() else {
        return;
    };
    let mut checked = 0;
    for path in raw_files(&dir) {
        let rel = path
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let input = input_lines(&bytes);
        let Explained { found, text } = explain_in_process(&bytes, false);
        assert!(found, "{rel}: nothing recognized");
        // Notes are indented "    · "; the summary follows the last input line.
        let shown: Vec<&str> = text.lines().filter(|l| !l.starts_with("    · ")).collect();
        for (i, want) in input.iter().enumerate() {
            let want = want.replace('\r', "\\r");
            assert_eq!(
                shown.get(i).copied(),
                Some(want.as_str()),
                "{rel}: line {}",
                i + 1
            );
        }
        let json = explain_in_process(&bytes, true).text;
        let objects: Vec<Value> = json
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(objects.len(), input.len(), "{rel}: one object per line");
        let mut unrecognized = Vec::new();
        for (i, (o, want)) in objects.iter().zip(&input).enumerate() {
            assert_eq!(o["line"], i as u64 + 1, "{rel}");
            assert_eq!(
                o["text"].as_str(),
                Some(want.as_str()),
                "{rel}: line {}",
                i + 1
            );
            if o["kind"] == "unrecognized" {
                unrecognized.push(i + 1);
            }
        }
        if linux_family(&rel) {
            assert!(
                unrecognized.is_empty(),
                "{rel}: unrecognized lines {unrecognized:?}"
            );
        } else if !unrecognized.is_empty() {
            eprintln!(
                "{rel}: {} unrecognized line(s), first {}",
                unrecognized.len(),
                unrecognized[0]
            );
        }
        checked += 1;
    }
    assert!(checked > 70, "only {checked} corpus files found");
}

/// jc's value of a port field (`"22"`, `"ssh"`, `"*"`) against ours (`local_port` a
/// number or null, `local_port_name` when printed as a name).
fn same_port(jc: &Value, ours: &serde_json::Map<String, Value>, prefix: &str) -> bool {
    let port = &ours[&format!("{prefix}_port")];
    let name = ours.get(&format!("{prefix}_port_name"));
    match jc.as_str() {
        None => port.is_null(),
        Some("*") => port.is_null() && name.is_none(),
        Some(s) => match s.parse::<u64>() {
            Ok(n) => port.as_u64() == Some(n) || (n == 0 && port.is_null()),
            Err(_) => name.and_then(Value::as_str) == Some(s),
        },
    }
}

/// Where jc is wrong (or knows something a streaming reader cannot), per file and field.
const JC_EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "windows-10/netstat-aonb.out",
        "program_name",
        "netstat -b prints the owner on the line after its row; explain streams, so it \
         annotates that line as a continuation instead of rewriting the row above",
    ),
    (
        "freebsd12/netstat-AaT.out",
        "local_address",
        "jc drops the addresses of UDP rows in the -T layout (their Rexmit/OOORcv/0-win \
         columns are blank): it reports null where the row prints *.syslog",
    ),
    (
        "freebsd12/netstat-AaT.out",
        "local_port",
        "same row: jc null, the row prints *.syslog",
    ),
    (
        "freebsd12/netstat-AaT.out",
        "foreign_address",
        "same row: jc null, the row prints *.*",
    ),
    (
        "osx-10.14.6/netstat-Abn.out",
        "state",
        "jc reads the rxbytes column of a UDP row (which has no state) as its state",
    ),
];

/// jc keeps the brackets ss and net-tools 2.0 print around IPv6 (`[::1]`); socklab's
/// address field is the address alone (DESIGN.md: `::1`).
fn same_address(jc: &Value, ours: &Value) -> bool {
    match (jc.as_str(), ours.as_str()) {
        (Some(j), Some(o)) => {
            j.strip_prefix('[')
                .and_then(|j| j.strip_suffix(']'))
                .unwrap_or(j)
                == o
        }
        _ => jc == ours,
    }
}

fn excepted(rel: &str, key: &str) -> bool {
    JC_EXCEPTIONS
        .iter()
        .any(|(f, k, _)| rel.ends_with(f) && *k == key)
}

#[test]
fn fields_equal_jc() {
    let Some(dir) = skip_unless_corpus() else {
        return;
    };
    let mut compared = 0;
    let mut mismatches = Vec::new();
    for path in raw_files(&dir.join("jc")) {
        let rel = path
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let jc_path = path.with_extension("json");
        if rel.contains("lsof") || !jc_path.exists() {
            continue;
        }
        let jc: Vec<Value> = serde_json::from_slice(&std::fs::read(&jc_path).unwrap()).unwrap();
        let ss = rel.contains("/ss");
        // jc's socket records: netstat kind network/socket; every ss record with a port or path.
        let jc_rows: Vec<&Value> = jc
            .iter()
            .filter(|r| match r.get("kind").and_then(Value::as_str) {
                Some("network") => true,
                Some("socket") => r.get("proto").is_some_and(|p| p == "unix"),
                None => ss || r.get("proto").is_some(),
                _ => false,
            })
            .filter(|r| {
                !ss || ["tcp", "udp", "u_str", "u_dgr", "u_seq"]
                    .iter()
                    .any(|n| r["netid"] == *n)
            })
            .collect();
        if jc_rows.is_empty() {
            continue;
        }
        let json = explain_in_process(&std::fs::read(&path).unwrap(), true).text;
        let ours: Vec<serde_json::Map<String, Value>> = json
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .filter(|o| o["kind"] == "row")
            .filter_map(|o| o["fields"].as_object().cloned())
            // Socket rows (per-column tables carry their heading words instead).
            .filter(|f| f.contains_key("owners"))
            .filter(|f| {
                let netid = f.get("netid").and_then(Value::as_str).unwrap_or("tcp");
                !ss || ["tcp", "udp", "u_str", "u_dgr", "u_seq"].contains(&netid)
            })
            .collect();
        assert_eq!(ours.len(), jc_rows.len(), "{rel}: socket rows");
        for (i, (j, o)) in jc_rows.iter().zip(&ours).enumerate() {
            let printed = |k: &str| {
                o.get(&format!("{k}_text"))
                    .or(o.get(k))
                    .cloned()
                    .unwrap_or(Value::Null)
            };
            let mut check = |key: &str, same: bool| {
                if !same && !excepted(&rel, key) {
                    let jv = j.get(key).cloned().unwrap_or(Value::Null);
                    let ov = o.get(key).cloned().unwrap_or(Value::Null);
                    mismatches.push(format!("{rel} row {}: {key}: jc {jv} / ours {ov}", i + 1));
                }
            };
            let proto_key = if ss { "netid" } else { "proto" };
            let unix = o.contains_key("path");
            check("proto", j[proto_key] == printed("proto"));
            let state = printed("state");
            let jc_state = j.get("state").cloned().unwrap_or(Value::Null);
            check(
                "state",
                jc_state == state || (jc_state == "" && state.is_null()),
            );
            if unix {
                if let Some(p) = j.get("path") {
                    // ss prints an unnamed socket's path as "*"; the model says "" (unnamed).
                    check("path", *p == o["path"] || (*p == "*" && o["path"] == ""));
                }
                let jc_inode = if ss {
                    j.get("local_port_num").cloned()
                } else {
                    j.get("inode").cloned()
                };
                check("inode", jc_inode.unwrap_or(Value::Null) == o["inode"]);
                if let Some(t) = j.get("type") {
                    check("type", *t == o["type"]);
                }
            } else {
                check(
                    "local_address",
                    same_address(&j["local_address"], &o["local_address"]),
                );
                check("local_port", same_port(&j["local_port"], o, "local"));
                let fkey = if ss { "peer" } else { "foreign" };
                check(
                    "foreign_address",
                    same_address(&j[&format!("{fkey}_address")], &o["foreign_address"]),
                );
                check(
                    "foreign_port",
                    same_port(&j[&format!("{fkey}_port")], o, "foreign"),
                );
            }
            if !ss {
                check(
                    "pid",
                    j.get("pid").cloned().unwrap_or(Value::Null) == o["pid"],
                );
                check(
                    "program_name",
                    j.get("program_name").cloned().unwrap_or(Value::Null) == o["program_name"],
                );
            }
            compared += 1;
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatch(es):\n{}",
        mismatches.len(),
        mismatches
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    eprintln!("compared {compared} socket rows with jc");
    assert!(compared > 1000, "only {compared} rows compared");
}
