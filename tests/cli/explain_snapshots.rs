//! Snapshots of annotated `explain` output, one input per family, through the built binary
//! (input on stdin, no width). Linux netstat, ss and a localized netstat come from
//! `fixtures/outputs/` (real output made here, see its README); the other families are
//! short excerpts of third-party real output, cited per case (the corpus itself is never
//! copied into the repository).

use crate::harness::Socklab;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/fixtures/outputs/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn linux_netstat() {
    insta::assert_snapshot!(annotate(&fixture("netstat-lnp.txt"), None));
}

#[test]
fn linux_netstat_german() {
    insta::assert_snapshot!(annotate(&fixture("netstat-xa.de_DE.txt"), None));
}

#[test]
fn ss() {
    insta::assert_snapshot!(annotate(&fixture("ss-tuanp.txt"), None));
}

#[test]
fn bsd() {
    // jc tests/fixtures/freebsd12/netstat-an.out, first six lines (FreeBSD 12, netstat -an).
    let input = "Active Internet connections (including servers)
Proto Recv-Q Send-Q Local Address          Foreign Address        (state)    
tcp4       0      0 192.168.71.163.22      192.168.71.1.56321     ESTABLISHED
tcp4       0      0 127.0.0.1.25           *.*                    LISTEN     
tcp4       0      0 *.22                   *.*                    LISTEN     
tcp6       0      0 *.22                   *.*                    LISTEN     
";
    insta::assert_snapshot!(annotate(input.as_bytes(), None));
}

#[test]
fn windows() {
    // jc tests/fixtures/windows-10/netstat-aonb.out, first eight lines (netstat -aonb), CRLF.
    let input = "\r\nActive Connections\r\n\r\n  Proto  Local Address          Foreign Address        State           PID\r\n  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1712\r\n  RpcSs\r\n [svchost.exe]\r\n  TCP    0.0.0.0:443            0.0.0.0:0              LISTENING       9396\r\n";
    insta::assert_snapshot!(annotate(input.as_bytes(), None));
}

#[test]
fn solaris() {
    // inspec test/fixtures/cmd/s11-netstat-an-finet-finet6, lines 14-18 (Solaris 11).
    let input = "TCP: IPv4
   Local Address        Remote Address     Swind  Send-Q  Rwind  Recv-Q    State
-------------------- -------------------- ------- ------ ------- ------ -----------
127.0.0.1.5999             *.*                  0      0  128000      0 LISTEN
      *.*                  *.*                  0      0  128000      0 IDLE
";
    insta::assert_snapshot!(annotate(input.as_bytes(), None));
}

#[test]
fn busybox() {
    // inspec test/fixtures/cmd/netstat-tulpen-busybox, first four lines (BusyBox netstat -tulpen).
    let input = "Active Internet connections (only servers)
Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name
tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      1/sshd
tcp6       0      48 2601:1:ad80:1445::54776 2620:0:861:52:208::6667 LISTEN     2043/pidgin
";
    insta::assert_snapshot!(annotate(input.as_bytes(), Some("busybox")));
}

/// `socklab explain [--format FORMAT]` on `input`: what it prints.
fn annotate(input: &[u8], format: Option<&str>) -> String {
    let format = format.map(|f| ["--format", f]);
    Socklab::new()
        .args(["explain"])
        .args(format.iter().flatten())
        .stdin(input)
        .no_columns()
        .run()
        .stdout()
}
