//! What the parser makes of output as people paste it: the real samples of
//! `fixtures/outputs/pasted/` (made on this machine by `scripts/make-explain-fixtures.sh
//! pasted`; see its README) read line by line, checking the parsed fields, not only that
//! lines are kept; then short excerpts of public pastes (localized Windows, other Linux
//! translations), cited per case.

use std::path::PathBuf;

use super::kernel::Fields;
use super::line::{Continued, Kind, Other, ProtoFrom, Row};
use super::{Explainer, Format, Table, stream};
use crate::model::{Family, InetProto, Proto, TcpState, UnixState};

/// One parsed line, owned (the parser's lines borrow their text).
#[derive(Debug)]
struct Seen {
    text: String,
    kind: String,
    format: Option<Format>,
    prefix: String,
    row: Option<SeenRow>,
    other: Option<Other>,
    continued: Option<Continued>,
    table: Option<Table>,
}

#[derive(Debug)]
struct SeenRow {
    proto: Option<Proto>,
    state: Option<TcpState>,
    unix_state: Option<UnixState>,
    pids: Vec<(u32, String)>,
    path: Option<String>,
    proto_from: ProtoFrom,
    wrapped: bool,
    local: Option<(String, bool, Option<&'static str>, Option<String>)>,
    remote: Option<(String, bool, Option<&'static str>, Option<String>)>,
    kernel: Option<String>,
    columns: Vec<(String, String)>,
    local_port: Option<u16>,
}

fn seen_row(row: &Row<'_>) -> SeenRow {
    let s = row.socket.as_ref();
    let end = |e: &Option<super::HostPort<'_>>| {
        e.map(|e| {
            let name = e.name;
            (
                e.host.to_string(),
                e.cut,
                name.and_then(|n| n.provider()),
                name.and_then(|n| n.ip.map(|ip| ip.to_string())),
            )
        })
    };
    SeenRow {
        proto: s.map(|s| s.proto()),
        state: s.and_then(|s| s.tcp_state()),
        unix_state: s.and_then(|s| s.as_unix().map(|u| u.state)),
        pids: s.map_or(Vec::new(), |s| {
            s.owners
                .iter()
                .map(|o| (o.process.pid, o.process.comm.clone()))
                .collect()
        }),
        path: s.and_then(|s| s.as_unix().map(|u| u.path.clone())),
        proto_from: row.proto_from,
        wrapped: row.wrapped,
        local: end(&row.local),
        remote: end(&row.remote),
        kernel: row.kernel.as_ref().map(|k| format!("{k:?}")),
        columns: row
            .columns
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        local_port: s.and_then(|s| s.local_port()),
    }
}

fn read(input: &[u8], file: Option<&str>) -> Vec<Seen> {
    let mut explainer = Explainer::new(None);
    if let Some(f) = file {
        explainer = explainer.reading(f);
    }
    let mut seen = Vec::new();
    stream::each_line(input, &mut explainer, |event| {
        let Some(line) = event.line() else {
            return Ok(());
        };
        let (other, continued) = match &line.kind {
            Kind::Other(o) => (Some(*o), None),
            Kind::Continuation { of, .. } => (None, Some(*of)),
            _ => (None, None),
        };
        seen.push(Seen {
            text: line.text.to_string(),
            kind: line.kind.name().to_string(),
            format: line.format,
            prefix: line.prefix.to_string(),
            row: line.row().map(seen_row),
            other,
            continued,
            table: line.table(),
        });
        Ok(())
    })
    .unwrap();
    seen
}

fn fixture(name: &str) -> Vec<Seen> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/outputs/pasted")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let seen = read(&bytes, None);
    let lines = bytes.split(|b| *b == b'\n').count() - usize::from(bytes.ends_with(b"\n"));
    assert_eq!(seen.len(), lines, "{name}: every line comes back");
    let unknown: Vec<&str> = seen
        .iter()
        .filter(|s| s.kind == "unrecognized")
        .map(|s| s.text.as_str())
        .collect();
    assert!(unknown.is_empty(), "{name}: unrecognized {unknown:?}");
    seen
}

fn rows(seen: &[Seen]) -> Vec<&SeenRow> {
    seen.iter().filter_map(|s| s.row.as_ref()).collect()
}

#[test]
fn every_pasted_fixture_is_read_whole() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/outputs/pasted");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".txt") {
            fixture(&name);
            n += 1;
        }
    }
    assert!(n >= 18, "only {n} pasted fixtures");
}

#[test]
fn prompts_and_commands_give_context() {
    let seen = fixture("session-prompts.txt");
    let commands: Vec<&str> = seen
        .iter()
        .filter(|s| s.kind == "command")
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(commands.len(), 5, "{commands:?}");
    // netstat -pan | grep 4700: header-less net-tools rows, owner with spaces.
    let grep_at = seen
        .iter()
        .position(|s| s.text.contains("grep 4700"))
        .unwrap();
    let r = seen[grep_at + 1].row.as_ref().unwrap();
    assert_eq!(seen[grep_at + 1].format, Some(Format::LinuxNetstat));
    assert_eq!(
        (r.proto, r.state),
        (Some(Proto::Inet(InetProto::Tcp)), Some(TcpState::Listen))
    );
    assert_eq!(r.pids[0].1, "my tool 2");
    // ss --udp -l -p: no Netid, the command says UDP.
    let udp_at = seen.iter().position(|s| s.text.contains("--udp")).unwrap();
    let r = seen[udp_at + 2].row.as_ref().unwrap();
    assert_eq!(
        (r.proto, r.proto_from),
        (Some(Proto::Inet(InetProto::Udp)), ProtoFrom::Command)
    );
    // ss -ant: no Netid, and -t says TCP.
    let r = seen[2].row.as_ref().unwrap();
    assert_eq!(
        (r.proto, r.proto_from),
        (Some(Proto::Inet(InetProto::Tcp)), ProtoFrom::Command)
    );
    // netstat -an | wc -l: the count.
    assert_eq!(seen.last().unwrap().other, Some(Other::Count));
}

#[test]
fn grepped_and_wrapped_rows() {
    // netstat -an | grep LISTEN: no title, no heading; never read as ss.
    let seen = fixture("netstat-an-grep-listen.txt");
    assert!(seen.iter().all(|s| s.format == Some(Format::LinuxNetstat)));
    for r in rows(&seen) {
        match r.proto {
            Some(Proto::Unix) => assert_eq!(r.unix_state, Some(UnixState::Listening)),
            _ => assert_eq!(r.state, Some(TcpState::Listen)),
        }
    }
    // netstat -tanp | fold -s -w 72: the heading and every row wrapped.
    let seen = fixture("netstat-tanp-wrapped.txt");
    let tcp: Vec<&SeenRow> = rows(&seen)
        .into_iter()
        .filter(|r| matches!(r.proto, Some(Proto::Inet(p)) if p.family() == Family::Tcp))
        .collect();
    assert!(tcp.len() > 10);
    assert!(
        tcp.iter().all(|r| r.wrapped && r.state.is_some()),
        "{tcp:?}"
    );
    let tails = seen
        .iter()
        .filter(|s| s.continued == Some(Continued::Wrapped))
        .count();
    assert_eq!(tails, tcp.len() + 1, "each row's tail, and the heading's");
    assert!(
        tcp.iter()
            .any(|r| r.pids.iter().any(|(_, n)| n == "my tool 2"))
    );
}

#[test]
fn ss_forms() {
    let seen = fixture("ss-s.txt");
    let total = seen[0].row.as_ref().unwrap();
    assert!(total.columns.contains(&("total".into(), "21".into())));
    let tcp = seen[1].row.as_ref().unwrap();
    assert!(tcp.columns.iter().any(|(n, _)| n == "estab"));
    assert_eq!(seen[3].table, Some(Table::SsSummary));
    assert!(
        rows(&seen)
            .iter()
            .any(|r| r.columns.contains(&("transport".into(), "INET".into())))
    );
    let seen = fixture("ss-xa-path-with-space.txt");
    assert_eq!(rows(&seen)[0].path.as_deref(), Some("/tmp/my app.sock"));
    // netstat -xap cuts the path at its first space (net-tools 2.10).
    let seen = fixture("netstat-xa-path-with-space.txt");
    let r = rows(&seen)[0];
    assert_eq!(
        (r.path.as_deref(), r.pids[0].1.as_str()),
        (Some("/tmp/my"), "my tool 2")
    );
}

#[test]
fn a_log_prefix_is_seen_through() {
    // netstat -tan | logger -s: every line starts `<13>Nov 29 07:24:05 vm netstat-cron: `.
    let seen = fixture("netstat-tan-logger.txt");
    assert!(seen.iter().all(|s| s.prefix.contains("netstat-cron:")));
    assert_eq!(seen[0].kind, "title");
    assert!(rows(&seen).iter().all(|r| r.state.is_some()));
}

#[test]
fn lsof_every_row() {
    let seen = fixture("lsof-i.txt");
    let r = rows(&seen);
    assert!(
        r.iter()
            .all(|r| r.pids.first().is_some_and(|(_, n)| n == "python3"))
    );
    assert!(r.iter().any(|r| r.state == Some(TcpState::Listen)));
    assert!(
        r.iter()
            .any(|r| r.proto == Some(Proto::Inet(InetProto::Udp)))
    );
    // lsof -i | grep python3: the same rows without their heading.
    let grep = fixture("lsof-i-grep.txt");
    assert!(grep.iter().all(|s| s.format == Some(Format::Lsof)));
    assert_eq!(
        rows(&grep)
            .iter()
            .filter(|r| r.state == Some(TcpState::Established))
            .count(),
        6
    );
    let seen = fixture("lsof-U.txt");
    let r = rows(&seen)[0];
    assert_eq!(
        (r.unix_state, r.path.as_deref()),
        (Some(UnixState::Listening), Some("/tmp/my"))
    );
    // As nobody: the can't-stat warning and its continuation, and rows with gaps.
    let seen = fixture("lsof-nobody-warning.txt");
    assert_eq!(
        (seen[0].other, seen[1].other),
        (Some(Other::Warning), Some(Other::Warning))
    );
    let nofd = seen.iter().find(|s| s.text.contains("NOFD")).unwrap();
    let cols = &nofd.row.as_ref().unwrap().columns;
    assert!(cols.contains(&("fd".into(), "NOFD".into())));
    assert!(
        cols.iter()
            .any(|(n, v)| n == "name" && v.starts_with("/proc/1/fd"))
    );
    assert!(
        !cols.iter().any(|(n, _)| n == "device"),
        "an empty DEVICE shifts nothing"
    );
}

#[test]
fn kernel_tables_decoded() {
    let seen = fixture("proc-net-tcp.txt");
    assert_eq!(seen[0].kind, "command");
    assert_eq!(seen[1].table, Some(Table::ProcInet));
    let listener = rows(&seen)
        .into_iter()
        .find(|r| r.local_port == Some(47001))
        .unwrap();
    assert_eq!(listener.state, Some(TcpState::Listen));
    assert!(
        listener
            .kernel
            .as_deref()
            .unwrap()
            .contains("0100007F:B799")
    );
    let seen = fixture("proc-net-udp.txt");
    let r = rows(&seen)[0];
    assert_eq!(
        (r.proto, r.proto_from),
        (Some(Proto::Inet(InetProto::Udp)), ProtoFrom::Command)
    );
    let seen = fixture("proc-net-unix.txt");
    assert_eq!(rows(&seen)[0].path.as_deref(), Some("/tmp/my app.sock"));
    // A kernel table read as a file: its name says which table it is.
    let udp = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/outputs/pasted/proc-net-udp.txt"),
    )
    .unwrap();
    let body: Vec<u8> = udp
        .split(|b| *b == b'\n')
        .skip(1)
        .collect::<Vec<_>>()
        .join(&b'\n');
    let seen = read(&body, Some("/proc/net/udp"));
    let r = rows(&seen)[0];
    assert_eq!(
        (r.proto, r.proto_from),
        (Some(Proto::Inet(InetProto::Udp)), ProtoFrom::Table)
    );
    let seen = fixture("proc-net-tcp6.txt");
    assert_eq!(seen[1].table, Some(Table::ProcInet));
}

#[test]
fn names_cut_by_netstat() {
    let seen = fixture("netstat-t-cut-names.txt");
    let ends: Vec<_> = rows(&seen)
        .into_iter()
        .flat_map(|r| [r.local.clone(), r.remote.clone()])
        .flatten()
        .collect();
    let kix = ends.iter().find(|e| e.0.starts_with("kix06s11")).unwrap();
    assert!(kix.1 && kix.2 == Some("google"), "{kix:?}");
    let ec2 = ends.iter().find(|e| e.0.starts_with("ec2-")).unwrap();
    assert_eq!(
        (ec2.1, ec2.2, ec2.3.as_deref()),
        (true, Some("amazon"), Some("198.51.100.7"))
    );
    assert!(ends.iter().filter(|e| e.0 == "localhost").all(|e| !e.1));
}

#[test]
fn noise_around_output() {
    let seen = fixture("pasted-noise.txt");
    let others: Vec<Other> = seen.iter().filter_map(|s| s.other).collect();
    for o in [
        Other::Fence,
        Other::Html,
        Other::Ellipsis,
        Other::SudoPrompt,
    ] {
        assert!(others.contains(&o), "{o:?} in {others:?}");
    }
    let seen = fixture("busybox-netstat-tan-no-tcp6.txt");
    let last = seen.last().unwrap();
    assert!(last.text.contains("tcp6") && last.other == Some(Other::Warning));
}

fn text_of(lines: &[&str]) -> Vec<u8> {
    lines.join("\r\n").into_bytes()
}

#[test]
fn windows_tables_survive_lines_they_do_not_know() {
    // French Windows 10 `netstat -abo`, as pasted in public course notes on GitHub
    // (e.g. danyGhassan/fonct_reseaux_Dany tp5.md): owner lines in French.
    let input = text_of(&[
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
    ]);
    let seen = read(&input, None);
    assert_eq!(seen[0].kind, "command");
    assert_eq!(
        (seen[2].kind.as_str(), seen[4].kind.as_str()),
        ("title", "header")
    );
    assert!(
        seen[2..]
            .iter()
            .all(|s| s.kind == "blank" || s.format == Some(Format::Windows))
    );
    let tcp = rows(&seen)
        .iter()
        .filter(|r| r.proto == Some(Proto::Inet(InetProto::Tcp)))
        .count();
    assert_eq!(tcp, 4);
    for i in [6, 7, 9, 11] {
        assert_eq!(
            seen[i].continued,
            Some(Continued::Owner),
            "{}",
            seen[i].text
        );
    }
}

#[test]
fn localized_windows_titles_headings_states() {
    // Titles and headings as pasted from Windows in seven languages (see words.toml).
    let cases: [(&str, &str, &str); 7] = [
        (
            "Connexions actives",
            "  Proto  Adresse locale         Adresse distante       État",
            "LISTENING",
        ),
        (
            "活动连接",
            "  协议  本地地址          外部地址        状态           PID",
            "LISTENING",
        ),
        (
            "활성 연결",
            "  프로토콜  로컬 주소              외부 주소              상태            PID",
            "LISTENING",
        ),
        (
            "Aktive Verbindungen",
            "  Proto  Lokale Adresse         Remoteadresse          Status           PID",
            "ABHÖREN",
        ),
        (
            "アクティブな接続",
            "  プロトコル  ローカル アドレス      外部アドレス           状態            PID",
            "LISTENING",
        ),
        (
            "Conexiones activas",
            "  Proto  Dirección local        Dirección remota       Estado          PID",
            "LISTENING",
        ),
        (
            "Активные подключения",
            "  Имя    Локальный адрес        Внешний адрес          Состояние       PID",
            "LISTENING",
        ),
    ];
    for (title, heading, state) in cases {
        let row =
            format!("  TCP    0.0.0.0:135            0.0.0.0:0              {state:<15} 1124");
        let seen = read(&text_of(&[title, "", heading, &row]), None);
        assert_eq!(seen[0].kind, "title", "{title}");
        assert_eq!(
            (seen[2].kind.as_str(), seen[2].format),
            ("header", Some(Format::Windows)),
            "{heading}"
        );
        let r = seen[3].row.as_ref().unwrap();
        assert_eq!(r.state, Some(TcpState::Listen), "{state}");
    }
}

#[test]
fn more_localized_linux() {
    // Russian Ubuntu (Launchpad translation), `sudo netstat -ntlp` as pasted publicly.
    let seen = read(
        "Активные соединения с интернетом (only servers)\nProto Recv-Q Send-Q Local Address Foreign Address State       PID/Program name    \ntcp        0      0 127.0.0.53:53           0.0.0.0:*               LISTEN      537/systemd-resolve\n".as_bytes(),
        None,
    );
    assert_eq!(
        (seen[0].kind.as_str(), seen[0].format),
        ("title", Some(Format::LinuxNetstat))
    );
    assert_eq!(seen[2].row.as_ref().unwrap().pids[0].0, 537);
    // Spanish Ubuntu: localized title, heading, states, timer and the not-root message.
    let seen = read(
        "(No todos los procesos pueden ser identificados, no hay información de propiedad del proceso\n no se mostrarán, necesita ser superusuario para verlos todos.)\nConexiones activas de Internet (solo servidores)\nProto  Recib Enviad Dirección local         Dirección remota       Estado       PID/Program name     Temporizador\ntcp        0      0 127.0.0.1:3306          0.0.0.0:*               ESCUCHAR    1044/mysqld          apagado (0.00/0/0)\n".as_bytes(),
        None,
    );
    assert_eq!(
        (seen[0].kind.as_str(), seen[1].kind.as_str()),
        ("summary", "summary")
    );
    assert_eq!(seen[2].kind, "title");
    let r = seen[4].row.as_ref().unwrap();
    assert_eq!(
        (r.state, r.pids[0].1.as_str()),
        (Some(TcpState::Listen), "mysqld")
    );
}

#[test]
fn a_stray_line_does_not_switch_the_family_of_a_table() {
    // net-tools 2.10 netstat -tn on this machine, with a line of prose pasted in.
    let seen = read(
        b"Proto Recv-Q Send-Q Local Address           Foreign Address         State\ntcp        0      0 127.0.0.1:55280         127.0.0.1:47001         ESTABLISHED\nsee the row above\nESTAB 0 0 127.0.0.1:1 127.0.0.1:2\ntcp        0      0 127.0.0.1:47001         127.0.0.1:55280         ESTABLISHED\n",
        None,
    );
    assert_eq!(seen[2].kind, "unrecognized");
    assert_eq!(
        seen[3].format,
        Some(Format::Ss),
        "a row of another family is read as one"
    );
    assert_eq!(
        seen[4].format,
        Some(Format::LinuxNetstat),
        "and the table goes on"
    );
}

#[test]
fn no_row_whose_proto_is_tcp_lacks_tcp() {
    // Every TCP-looking row of every pasted fixture parses as TCP (never raw).
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/outputs/pasted");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let seen = read(&std::fs::read(&path).unwrap(), None);
        for s in &seen {
            let Some(r) = s.row.as_ref().filter(|r| r.proto.is_some()) else {
                continue;
            };
            let first = s.text.split_whitespace().next().unwrap_or("");
            if matches!(first, "tcp" | "tcp6" | "TCP") {
                let is_tcp = matches!(r.proto, Some(Proto::Inet(p)) if p.family() == Family::Tcp);
                assert!(is_tcp, "{}: {}", path.display(), s.text);
            }
        }
    }
}

#[test]
fn raw_kernel_fields_are_exposed() {
    // cat /proc/net/tcp on this machine.
    let seen = fixture("proc-net-tcp.txt");
    let debug = rows(&seen)[0].kernel.clone().unwrap();
    for field in [
        "entry",
        "tx_queue",
        "timer_active",
        "uid",
        "inode",
        "sock_ref_count",
    ] {
        assert!(debug.contains(field), "{field} in {debug}");
    }
    let _ = Fields::Unix;
}

#[test]
fn sizes() {
    eprintln!(
        "Line {} Row {} Socket {} HostPort {} Kind {}",
        std::mem::size_of::<super::Line>(),
        std::mem::size_of::<Row>(),
        std::mem::size_of::<crate::model::Socket>(),
        std::mem::size_of::<super::HostPort>(),
        std::mem::size_of::<Kind>()
    );
}

#[test]
fn a_unicode_space_before_the_owner_of_a_unix_row_is_a_space() {
    // Issue 12's repro (`unix 3 [ ] STREAM CONNECTED 1537 \xc2\xa0-`, a paste from a web
    // page) panicked slicing inside the NBSP; every Unicode space there reads the same.
    for space in ['\u{a0}', '\u{2003}', '\u{202f}', '\u{3000}', '\u{1680}'] {
        let input = format!(
            "Proto RefCnt Flags       Type       State         I-Node   PID/Program name    Path\n\
             unix  3      [ ]         STREAM     CONNECTED     1537     {space}-\n\
             unix  2      [ ACC ]     STREAM     LISTENING     1538     {space}812/sshd{space}/run/sshd.sock\n"
        );
        let seen = read(input.as_bytes(), None);
        assert_eq!(seen.len(), 3, "{space:?}");
        assert!(seen.iter().all(|s| input.contains(&s.text)), "{space:?}");
        let listener = seen[2].row.as_ref().expect("a row");
        assert_eq!(listener.unix_state, Some(UnixState::Listening), "{space:?}");
        assert_eq!(seen[1].kind, "row", "{space:?}");
    }
}
