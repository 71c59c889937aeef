//! `sockets --names` and `--netstat-width`: addresses as netstat prints them without `-n`
//! and without `-W`, checked line for line against what net-tools netstat printed for the
//! same sockets (fixtures/proc/names and fixtures/outputs/names, made by
//! scripts/make-names-fixture.sh), and bounded in time when DNS never answers.

use std::time::{Duration, Instant};

use crate::harness::{Socklab, TempDir, in_process, repo, skip_unless_netns, skip_unless_tool};

/// Lines without netstat's trailing padding (socklab trims it, netstat pads State to 11).
fn lines(text: &str) -> Vec<String> {
    text.lines().map(|l| l.trim_end().to_string()).collect()
}

fn netstat(file: &str) -> Vec<String> {
    let path = repo(&format!("fixtures/outputs/names/{file}"));
    lines(&std::fs::read_to_string(path).unwrap())
}

fn on_the_tree(args: &[&str]) -> Vec<String> {
    let tree = repo("fixtures/proc/names");
    let out = Socklab::new()
        .args(["--proc-root", tree.to_str().unwrap(), "sockets", "-tuwa"])
        .args(args)
        .run();
    assert!(out.success(), "{}", out.stderr());
    lines(&out.stdout())
}

#[test]
fn names_and_the_cut_are_netstats_own() {
    // netstat -tuwa: hosts from the hosts file (its first line for 127.0.0.1, the first
    // name of ::1's line), the last services line for 443, protocols for raw sockets,
    // [::] for the IPv6 wildcard, mapped rows left numeric, every address cut to 23.
    let cut = on_the_tree(&["--names=files", "--netstat-width"]);
    assert_eq!(cut, netstat("netstat-tuwa.txt"));
    assert!(cut.iter().any(|l| l.contains("a-very-long:socklab-dup")));
    assert!(cut.iter().any(|l| l.contains("mid-length-host.tes:ssh")));
    // netstat -tuwaW: the same names, whole.
    assert_eq!(
        on_the_tree(&["--names=files"]),
        netstat("netstat-tuwaW.txt")
    );
    // netstat -tuwan: numbers, and nothing here is long enough to be cut.
    assert_eq!(on_the_tree(&["-n"]), netstat("netstat-tuwan.txt"));
    assert_eq!(
        on_the_tree(&["--netstat-width"]),
        netstat("netstat-tuwan.txt")
    );
}

#[test]
fn numbers_stay_the_default_and_n_is_still_accepted() {
    assert_eq!(on_the_tree(&[]), on_the_tree(&["-n"]));
    let tree = repo("fixtures/proc/names");
    for clash in [
        ["--names", "-n"],
        ["--names", "--json"],
        ["--netstat-width", "--by-process"],
    ] {
        let out = Socklab::new()
            .args(["--proc-root", tree.to_str().unwrap(), "sockets"])
            .args(clash)
            .run();
        assert_eq!(out.code(), Some(2), "{clash:?}");
        assert!(
            out.stderr().contains("cannot be used with"),
            "{}",
            out.stderr()
        );
    }
}

#[test]
fn a_nameserver_that_never_answers_costs_the_budget_not_the_table() {
    // The mapped addresses of the tree are in no hosts line, so they go to DNS, which
    // here never answers: the table comes after the budget, numbers where names are not
    // back, exactly as netstat prints them once its own lookups have failed.
    let budget = Duration::from_millis(300);
    let tree = repo("fixtures/proc/names");
    let (out, took) = in_process::sockets_names_with_a_dead_nameserver(&tree, budget);
    assert!(took < budget + Duration::from_secs(3), "{took:?}");
    assert_eq!(lines(&out), netstat("netstat-tuwaW.txt"));
}

/// A loopback scene in a namespace of its own: a listener on 127.0.0.1:443 and one on
/// [::1]:22, each with a connection, and a "nameserver" on 127.0.0.1:53 that reads no
/// query. Its hosts file names 127.0.0.1 only, so ::1 is asked of that nameserver.
fn scene(dir: &TempDir) -> String {
    let files = [
        ("hosts", "127.0.0.1 socklab-test-host\n"),
        ("services", "https\t443/tcp\nssh\t22/tcp\n"),
        ("resolv.conf", "nameserver 127.0.0.1\n"),
        ("sockets.py", SCENE_PY),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let d = dir.path().display();
    format!(
        "rm -f {d}/ready\n\
         for f in hosts services resolv.conf; do mount --bind {d}/$f /etc/$f; done\n\
         python3 {d}/sockets.py {d}/ready >/dev/null 2>&1 &\n\
         i=0; while [ ! -e {d}/ready ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done"
    )
}

const SCENE_PY: &str = r#"
import os, socket, sys, time
parent, keep = os.getppid(), []
dns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); dns.bind(("127.0.0.1", 53))
for fam, host, port in ((socket.AF_INET, "127.0.0.1", 443), (socket.AF_INET6, "::1", 22)):
    l = socket.socket(fam); l.bind((host, port)); l.listen(8)
    c = socket.socket(fam); c.connect((host, port)); a, _ = l.accept(); keep += [l, c, a]
open(sys.argv[1], "w").close()
# Until socklab (the shell's exec) has exited, and 30 s at most.
end = time.time() + 30
while os.getppid() == parent and time.time() < end:
    time.sleep(0.05)
"#;

#[test]
fn live_names_come_from_etc_and_a_dead_nameserver_cannot_stall_the_table() {
    if skip_unless_netns() || skip_unless_tool("python3") {
        return;
    }
    let dir = TempDir::new("names-live");
    let prelude = scene(&dir);
    let files = Socklab::new()
        .in_netns(&prelude)
        .args(["sockets", "-ta", "--names"])
        .run();
    assert!(files.success(), "{}", files.stderr());
    let text = files.stdout();
    assert!(text.contains("socklab-test-host:https"), "{text}");
    assert!(text.contains("::1:ssh"), "{text}");
    // With DNS: ::1 is asked of a nameserver that never answers (glibc would wait 5 s a
    // try, twice); the table still comes within the 1 s budget and some slack.
    let start = Instant::now();
    let dns = Socklab::new()
        .in_netns(&prelude)
        .args(["sockets", "-ta", "--names=dns"])
        .run();
    let took = start.elapsed();
    assert!(dns.success(), "{}", dns.stderr());
    assert!(took < Duration::from_secs(4), "{took:?}");
    assert_eq!(ephemeral_masked(&dns.stdout()), ephemeral_masked(&text));
}

/// The lines, sorted, with the kernel-chosen (ephemeral) ports as `:N`: two runs of the
/// scene differ in those alone.
fn ephemeral_masked(text: &str) -> Vec<String> {
    let mut masked: Vec<String> = lines(text)
        .iter()
        .map(|line| {
            let words = line.split(' ').map(|w| match w.rsplit_once(':') {
                Some((host, port)) if port.len() == 5 && port.parse::<u16>().is_ok() => {
                    format!("{host}:N")
                }
                _ => w.to_string(),
            });
            words.collect::<Vec<_>>().join(" ")
        })
        .collect();
    masked.sort();
    masked
}
