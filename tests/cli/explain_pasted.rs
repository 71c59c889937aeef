//! `socklab explain --json` on what people paste (issue 11): prompts and commands, grep'ed,
//! wrapped and log-prefixed rows, `ss -s`, lsof with its warnings, the kernel's own tables,
//! names netstat cut to 23 columns, pasted noise, and Windows tables in other languages.
//! The inputs are `fixtures/outputs/pasted/` (how each was made: its README and
//! `scripts/make-explain-fixtures.sh pasted`) or excerpts quoted with their source. Each
//! test checks the parsed fields, not only that the lines come back.

use std::collections::HashSet;
use std::fmt;
use std::path::PathBuf;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::harness::in_process::explain_in_process;
use crate::harness::{Socklab, repo, skip_unless_corpus, socklab};

fn pasted(name: &str) -> PathBuf {
    repo(&format!("fixtures/outputs/pasted/{name}"))
}

/// `socklab explain --json` on one pasted fixture: its objects, one per input line.
fn objects(name: &str) -> Vec<Value> {
    let out = socklab(["explain", "--json", pasted(name).to_str().unwrap()]);
    assert_eq!(out.code(), Some(0), "{name}: {}", out.stderr());
    out.json_lines()
}

/// The same on text given on stdin.
fn objects_of(text: &str) -> Vec<Value> {
    let out = Socklab::new().args(["explain", "--json"]).stdin(text).run();
    out.json_lines()
}

/// The object of input line `n` (1-based).
fn line(objects: &[Value], n: usize) -> &Value {
    let o = &objects[n - 1];
    assert_eq!(o["line"], n as u64);
    o
}

fn note_ids(o: &Value) -> Vec<&str> {
    o["notes"]
        .as_array()
        .map(|a| a.iter().filter_map(|n| n["id"].as_str()).collect())
        .unwrap_or_default()
}

/// Any JSON value, read only to find an object that names a key twice.
#[derive(Debug)]
struct NoDuplicateKeys;

impl<'de> Deserialize<'de> for NoDuplicateKeys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NoDuplicateKeys)
    }
}

impl<'de> Visitor<'de> for NoDuplicateKeys {
    type Value = NoDuplicateKeys;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_unit<E>(self) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<NoDuplicateKeys>()?.is_some() {}
        Ok(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self, A::Error> {
        let mut keys = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !keys.insert(key.clone()) {
                return Err(serde::de::Error::custom(format!("key {key:?} twice")));
            }
            map.next_value::<NoDuplicateKeys>()?;
        }
        Ok(self)
    }
}

/// No TCP row is read as anything but TCP: a row whose protocol word is `tcp`, `tcp6`
/// or `TCP` has proto tcp or tcp6 and never the raw-socket note.
fn tcp_stays_tcp(what: &str, o: &Value) {
    // `ss -s` counts (`TCP:   45 (estab 6, …)`) are rows of no socket.
    let ss_summary = o["fields"]["transport"].is_string() || o["fields"]["kind"].is_string();
    if o["kind"] != "row" || ss_summary {
        return;
    }
    let text = o["text"].as_str().unwrap();
    let text = text
        .strip_prefix(o["prefix"].as_str().unwrap_or(""))
        .unwrap_or(text);
    let first = text.split_whitespace().next().unwrap_or("");
    let lsof_tcp = o["format"] == "lsof" && o["fields"]["proto_text"] == "TCP";
    if matches!(first, "tcp" | "tcp4" | "tcp6" | "tcp46" | "TCP") || lsof_tcp {
        let proto = o["fields"]["proto"].as_str().unwrap_or("");
        assert!(
            matches!(proto, "tcp" | "tcp6"),
            "{what}: {text}: proto {proto:?}"
        );
        assert!(!note_ids(o).contains(&"raw.socket"), "{what}: {text}");
    }
}

#[test]
fn every_pasted_fixture_is_read_whole_and_recognized() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo("fixtures/outputs/pasted"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 18, "{files:?}");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let input = std::fs::read_to_string(&path).unwrap();
        let out = socklab(["explain", "--json", path.to_str().unwrap()]);
        assert_eq!(out.code(), Some(0), "{name}");
        for json in out.stdout().lines() {
            let checked = serde_json::from_str::<NoDuplicateKeys>(json);
            assert!(checked.is_ok(), "{name}: {checked:?} in {json}");
        }
        let objects = out.json_lines();
        assert_eq!(objects.len(), input.lines().count(), "{name}: 0 lines lost");
        for (o, text) in objects.iter().zip(input.lines()) {
            assert_eq!(o["text"].as_str(), Some(text), "{name}");
            assert_ne!(o["kind"], "unrecognized", "{name}: {text}");
            tcp_stays_tcp(&name, o);
        }
    }
}

#[test]
fn no_tcp_row_of_the_corpus_is_read_as_raw_and_no_key_is_said_twice() {
    let Some(dir) = skip_unless_corpus() else {
        return;
    };
    let mut stack = vec![dir];
    let mut rows = 0;
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_some_and(|x| x == "json" || x == "md") {
                continue;
            }
            let what = p.display().to_string();
            let json = explain_in_process(&std::fs::read(&p).unwrap(), true).text;
            for l in json.lines() {
                let checked = serde_json::from_str::<NoDuplicateKeys>(l);
                assert!(checked.is_ok(), "{what}: {checked:?} in {l}");
                let o: Value = serde_json::from_str(l).unwrap();
                tcp_stays_tcp(&what, &o);
                rows += usize::from(o["kind"] == "row");
            }
        }
    }
    assert!(rows > 5000, "only {rows} rows in the corpus");
}

#[test]
fn a_command_line_is_context_for_the_lines_below() {
    let o = objects("session-prompts.txt");
    let first = line(&o, 1);
    assert_eq!(first["kind"], "command");
    assert_eq!(first["fields"]["program"], "ss");
    assert_eq!(first["fields"]["args"][0], "-ant");
    assert!(note_ids(first).contains(&"explain_line.command"));
    // `ss -ant` prints no Netid column: the command says the rows are TCP.
    assert_eq!(line(&o, 3)["fields"]["proto"], "tcp");
    assert_eq!(line(&o, 3)["fields"]["proto_from"], "command");
    // `[root@host ~]# netstat -pan | grep 4700`: header-less rows, program with spaces.
    let grep = line(&o, 48);
    assert_eq!(grep["fields"]["program"], "netstat");
    assert_eq!(grep["fields"]["pipes"][0], "grep 4700");
    let row = line(&o, 49);
    assert_eq!(
        (
            &row["format"],
            &row["fields"]["state"],
            &row["fields"]["pid"]
        ),
        (&"linux-netstat".into(), &"LISTEN".into(), &29528.into())
    );
    assert_eq!(row["fields"]["program_name"], "my tool 2");
    assert_eq!(line(&o, 53)["fields"]["proto"], "udp");
    // `-bash-5.2# ss --udp -l -p`: UNCONN under --udp is UDP, never TCP.
    assert_eq!(line(&o, 54)["fields"]["program"], "ss");
    let unconn = line(&o, 56);
    assert_eq!(unconn["fields"]["proto"], "udp");
    assert_eq!(unconn["fields"]["local_port"], 47002);
    assert_eq!(unconn["fields"]["owners"][0]["fd"], 13);
    // `user@box:~$ sudo ss -tlnp`: sudo is seen through.
    assert_eq!(line(&o, 57)["fields"]["program"], "ss");
    assert_eq!(line(&o, 62)["fields"]["proto"], "tcp");
    // `$ netstat -an | wc -l` then a bare count.
    let count = line(&o, 63);
    assert_eq!(count["fields"]["pipes"][0], "wc -l");
    let n = line(&o, 64);
    assert_eq!(
        (&n["kind"], &n["fields"]["other"]),
        (&"other".into(), &"count".into())
    );
}

#[test]
fn wrapped_rows_are_joined_and_both_lines_kept() {
    let o = objects("netstat-tanp-wrapped.txt");
    let row = line(&o, 6);
    assert_eq!(row["fields"]["wrapped"], true);
    assert_eq!(row["fields"]["state"], "LISTEN");
    assert_eq!(row["fields"]["pid"], 29528);
    assert_eq!(row["fields"]["program_name"], "my tool 2");
    let tail = line(&o, 7);
    assert_eq!(tail["kind"], "continuation");
    assert_eq!(tail["text"], "LISTEN      29528/my tool 2     ");
    assert!(note_ids(tail).contains(&"explain_line.wrapped"));
}

#[test]
fn a_log_prefix_is_seen_through() {
    let o = objects("netstat-tan-logger.txt");
    assert_eq!(line(&o, 1)["kind"], "title");
    let row = line(&o, 3);
    assert_eq!(row["prefix"], "<13>Nov 29 07:24:05 vm netstat-cron: ");
    assert_eq!(row["fields"]["local_port"], 2024);
    assert_eq!(row["fields"]["state"], "LISTEN");
}

#[test]
fn ss_summary_and_paths_with_spaces() {
    let o = objects("ss-s.txt");
    let tcp = line(&o, 2);
    assert_eq!(
        (&tcp["fields"]["kind"], &tcp["fields"]["timewait"]),
        (&"TCP".into(), &"35".into())
    );
    assert_eq!(line(&o, 4)["kind"], "header");
    assert!(note_ids(line(&o, 4)).contains(&"explain_line.ss_summary"));
    assert_eq!(line(&o, 6)["fields"]["transport"], "UDP");
    assert_eq!(line(&o, 6)["fields"]["ip"], "1");
    let o = objects("ss-xa-path-with-space.txt");
    let unix = line(&o, 2);
    assert_eq!(unix["fields"]["path"], "/tmp/my app.sock");
    assert_eq!(unix["fields"]["inode"], 859953);
    assert_eq!(unix["fields"]["state"], "LISTENING");
    // net-tools 2.10 reads /proc/net/unix with sscanf's %s: it prints the path cut at
    // its first space, and the owner's name (with spaces) still comes out whole.
    let o = objects("netstat-xa-path-with-space.txt");
    let unix = &line(&o, 2)["fields"];
    assert_eq!(
        (&unix["path"], &unix["program_name"]),
        (&"/tmp/my".into(), &"my tool 2".into())
    );
}

#[test]
fn old_ss_forms() {
    // ss from iproute2 before 4.x (CentOS 6/7 era, as in the corpus's older samples):
    // `*:port` is 0.0.0.0 there, and owners are `users:(("name",PID,FD))`.
    let text = "State      Recv-Q Send-Q        Local Address:Port          Peer Address:Port \n\
                LISTEN     0      128                       *:22                       *:*      users:((\"sshd\",1130,3))\n";
    let o = objects_of(text);
    let row = line(&o, 2);
    assert_eq!(row["fields"]["proto"], "tcp");
    assert_eq!(row["fields"]["star"], "ipv4_any");
    assert_eq!(row["fields"]["pid"], 1130);
    assert_eq!(row["fields"]["owners"][0]["fd"], 3);
    assert!(note_ids(row).contains(&"explain_line.star_ipv4"));
}

#[test]
fn lsof_rows_are_read_field_by_field() {
    let o = objects("lsof-i.txt");
    let listen = line(&o, 2);
    assert_eq!(
        (&listen["fields"]["state"], &listen["fields"]["local_port"]),
        (&"LISTEN".into(), &47001.into())
    );
    assert_eq!(listen["fields"]["foreign_address"], Value::Null);
    assert_eq!(listen["fields"]["user"], "root");
    assert_eq!(listen["fields"]["inode"], 859943);
    let est = line(&o, 3);
    assert_eq!(est["fields"]["foreign_port"], 47001);
    assert_eq!(est["fields"]["owners"][0]["fd"], 4);
    assert_eq!(line(&o, 11)["fields"]["proto"], "udp");
    let o = objects("lsof-U.txt");
    let unix = line(&o, 2);
    assert_eq!(
        (&unix["fields"]["type"], &unix["fields"]["state"]),
        (&"STREAM".into(), &"LISTENING".into())
    );
    let o = objects("lsof-nobody-warning.txt");
    for n in [1, 2] {
        assert_eq!(line(&o, n)["fields"]["other"], "warning", "line {n}");
    }
    assert_eq!(line(&o, 3)["kind"], "header");
    // An empty DEVICE column does not shift NAME into it.
    let nofd = line(&o, 7);
    assert_eq!(nofd["fields"]["fd"], "NOFD");
    assert_eq!(
        nofd["fields"]["name"],
        "/proc/1/fd (opendir: Permission denied)"
    );
    let o = objects("lsof-i-grep.txt");
    assert!(o.iter().all(|x| x["format"] == "lsof"));
}

#[test]
fn kernel_tables_are_decoded_field_by_field() {
    let o = objects("proc-net-tcp.txt");
    assert_eq!(line(&o, 1)["fields"]["args"][0], "/proc/net/tcp");
    let listen = line(&o, 4);
    let f = &listen["fields"];
    assert_eq!(
        (&f["local_address"], &f["local_port"], &f["state"]),
        (&"127.0.0.1".into(), &47001.into(), &"LISTEN".into())
    );
    assert_eq!(f["kernel"]["local_hex"], "0100007F:B799");
    assert_eq!(f["kernel"]["st"], "0A");
    assert_eq!(f["inode"], 859943);
    let tw = &line(&o, 8)["fields"];
    assert_eq!(tw["state"], "TIME_WAIT");
    assert_eq!(tw["kernel"]["timer_active"], 3);
    assert_eq!(tw["kernel"]["jiffies_until_timer_expires"], 0x541);
    let timer = line(&o, 8)["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "explain_line.proc_timer")
        .expect("the timer read")["text"]
        .as_str()
        .unwrap();
    assert!(
        timer.contains("TIME_WAIT timer") && timer.contains("13.45 s"),
        "{timer}"
    );
    assert!(
        !note_ids(line(&o, 8)).contains(&"explain_note.resolved_name"),
        "hex is no name"
    );
    let o = objects("proc-net-udp.txt");
    let udp = &line(&o, 3)["fields"];
    assert_eq!(
        (&udp["proto"], &udp["local_port"]),
        (&"udp".into(), &47002.into())
    );
    let o = objects("proc-net-tcp6.txt");
    assert!(
        o.iter()
            .filter(|x| x["kind"] == "row")
            .all(|x| x["fields"]["proto"] == "tcp" && x["fields"]["kernel"]["st"].is_string())
    );
    let o = objects("proc-net-unix.txt");
    let unix = &line(&o, 2)["fields"];
    assert_eq!(unix["path"], "/tmp/my app.sock");
    assert_eq!(unix["flags"][0], "ACC");
    // `explain /proc/net/tcp` reads the kernel's table as a file.
    let live = socklab(["explain", "--json", "/proc/net/tcp"]);
    let first = &live.json_lines()[0];
    assert_eq!(
        (&first["kind"], &first["format"]),
        (&"header".into(), &"proc".into())
    );
}

#[test]
fn names_netstat_cut_are_seen_and_read() {
    let o = objects("netstat-t-cut-names.txt");
    let cut = &line(&o, 9)["fields"];
    assert_eq!(cut["local_address"], "kix06s11-in-f14.1");
    assert_eq!(cut["local_cut"], true);
    assert_eq!(cut["local_name"]["provider"], "google");
    assert_eq!(cut["local_name"]["site"], "kix");
    let ec2 = &line(&o, 3)["fields"];
    assert_eq!(ec2["foreign_cut"], true);
    assert_eq!(ec2["foreign_name"]["provider"], "amazon");
    assert_eq!(ec2["foreign_name"]["ip"], "198.51.100.7");
    assert!(
        line(&o, 4)["fields"]["local_cut"].is_null(),
        "localhost is whole"
    );
}

#[test]
fn pasted_noise_is_named() {
    let o = objects("pasted-noise.txt");
    let others: Vec<&str> = o
        .iter()
        .filter(|x| x["kind"] == "other")
        .filter_map(|x| x["fields"]["other"].as_str())
        .collect();
    for kind in ["fence", "html", "ellipsis", "sudo_prompt"] {
        assert!(others.contains(&kind), "{kind} in {others:?}");
    }
    let o = objects("busybox-netstat-tan-no-tcp6.txt");
    assert!(
        o.iter().any(|x| x["fields"]["other"] == "warning"),
        "netstat: /proc/net/tcp6: No such file or directory"
    );
}

#[test]
fn windows_tables_in_other_languages() {
    // French Windows 10 `netstat -abo` as pasted in public course notes on GitHub
    // (danyGhassan/fonct_reseaux_Dany, tp5.md): owner lines in French, then XP's
    // `-- unknown component(s) --`.
    let text = [
        "PS C:\\WINDOWS\\system32> netstat -abo",
        "",
        "Connexions actives",
        "",
        "  Proto  Adresse locale         Adresse distante       État",
        "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       104",
        "  RpcSs",
        " [svchost.exe]",
        "  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING       4",
        " Impossible d’obtenir les informations de propriétaire",
        "  TCP    0.0.0.0:5040           0.0.0.0:0              LISTENING       644",
        " -- unknown component(s) --",
        "  TCP    192.168.1.41:29452     151.101.122.248:https  ESTABLISHED     9832",
        "  UDP    0.0.0.0:5353           *:*                                    20048",
    ]
    .join("\r\n");
    let o = objects_of(&text);
    assert_eq!(line(&o, 1)["kind"], "command");
    assert_eq!(line(&o, 3)["kind"], "title");
    assert_eq!(line(&o, 5)["kind"], "header");
    for n in 6..=14 {
        let x = line(&o, n);
        assert_eq!(x["format"], "windows", "line {n}: {}", x["text"]);
        tcp_stays_tcp("French netstat -abo", x);
    }
    for n in [7, 8, 10, 12] {
        assert_eq!(line(&o, n)["kind"], "continuation", "line {n}");
    }
    assert_eq!(line(&o, 13)["fields"]["pid"], 9832);
    assert_eq!(line(&o, 14)["fields"]["proto"], "udp");
    // German Windows: a state in German (Microsoft's de-DE netstat.exe.mui).
    let text = "Aktive Verbindungen\r\n\r\n  Proto  Lokale Adresse         Remoteadresse          Status           PID\r\n  TCP    0.0.0.0:135            0.0.0.0:0              ABHÖREN          1124\r\n";
    let o = objects_of(text);
    let row = line(&o, 4);
    assert_eq!(
        (&row["fields"]["state"], &row["fields"]["state_text"]),
        (&"LISTEN".into(), &"ABHÖREN".into())
    );
    assert!(note_ids(row).contains(&"explain_line.windows_localized"));
}

#[test]
fn bracketed_ipv6_is_the_address_alone() {
    // lsof 4.95 and ss (iproute2 6.1) on Linux 6.18, 2026-11-29: a Python listener on
    // [::1]:47631 with one connection to itself.
    let o = objects_of(
        "COMMAND   PID USER   FD   TYPE  DEVICE SIZE/OFF NODE NAME\n\
         python3 25046 root    4u  IPv6 1309202      0t0  TCP [::1]:59780->[::1]:47631 (ESTABLISHED)\n\
         State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\n\
         LISTEN 0      128            [::1]:47631         [::]:*          \n",
    );
    let lsof = &line(&o, 2)["fields"];
    assert_eq!(
        (
            &lsof["proto"],
            &lsof["local_address"],
            &lsof["foreign_address"]
        ),
        (&"tcp6".into(), &"::1".into(), &"::1".into())
    );
    assert_eq!(
        (&lsof["local_port"], &lsof["foreign_port"]),
        (&59780.into(), &47631.into())
    );
    let ss = &line(&o, 4)["fields"];
    assert_eq!(
        (&ss["local_address"], &ss["foreign_address"]),
        (&"::1".into(), &"::".into())
    );
}
