//! Hidden `socklab loadgen -n N`: holds N established loopback connections for the
//! benchmark. RLIMIT_NOFILE is 20 000 here, so connections are spread over worker
//! processes of at most 9 000 (18 000 fds) each, each worker on its own 127.0.0.x source
//! address (one address has only ~28k ephemeral ports). Prints `ready N` when all are up,
//! holds them until stdin closes, then closes with SO_LINGER 0 so no TIME_WAIT is left.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use socket2::{Domain, SockRef, Socket, Type};

use crate::Outcome;

const PER_WORKER: usize = 9_000;

pub fn run(
    connections: usize,
    worker: Option<u8>,
    unix: bool,
    out: &mut impl Write,
) -> Result<Outcome> {
    match (worker, unix) {
        (Some(k), false) => run_worker(k, connections, out),
        (Some(k), true) => run_unix_worker(k, connections, out),
        (None, _) => run_parent(connections, unix, out),
    }
}

fn run_parent(connections: usize, unix: bool, out: &mut impl Write) -> Result<Outcome> {
    let exe = std::env::current_exe()?;
    let mut children: Vec<Child> = Vec::new();
    let mut left = connections;
    for k in 0u8.. {
        if left == 0 {
            break;
        }
        let n = left.min(PER_WORKER);
        left -= n;
        let mut command = Command::new(&exe);
        command.args(["loadgen", "--worker", &k.to_string(), "-n", &n.to_string()]);
        if unix {
            command.arg("--unix");
        }
        let child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .context("starting a loadgen worker")?;
        children.push(child);
    }
    for child in &mut children {
        let mut line = String::new();
        let stdout = child.stdout.as_mut().context("worker stdout")?;
        BufReader::new(stdout).read_line(&mut line)?;
        if !line.starts_with("ready") {
            bail!("a loadgen worker failed before it was ready");
        }
    }
    writeln!(out, "ready {connections}")?;
    out.flush()?;
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    for mut child in children {
        drop(child.stdin.take());
        child.wait()?;
    }
    Ok(Outcome::Found)
}

/// `connections` UNIX stream connections to one listener on a socket file: each is two
/// sockets, the client (unnamed) and the accepted end (the listener's path).
fn run_unix_worker(k: u8, connections: usize, out: &mut impl Write) -> Result<Outcome> {
    use std::os::unix::net::{UnixListener, UnixStream};
    let path =
        std::env::temp_dir().join(format!("socklab-loadgen-{}-{k}.sock", std::process::id()));
    let listener = UnixListener::bind(&path)?;
    let mut held: Vec<UnixStream> = Vec::with_capacity(connections * 2);
    for _ in 0..connections {
        held.push(UnixStream::connect(&path)?);
        held.push(listener.accept()?.0);
    }
    writeln!(out, "ready")?;
    out.flush()?;
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    let _ = std::fs::remove_file(&path);
    Ok(Outcome::Found)
}

fn run_worker(k: u8, connections: usize, out: &mut impl Write) -> Result<Outcome> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    let target = listener.local_addr()?;
    let source = SocketAddr::from((Ipv4Addr::new(127, 0, 0, 2 + k), 0));
    let mut held: Vec<TcpStream> = Vec::with_capacity(connections * 2);
    for _ in 0..connections {
        let client = Socket::new(Domain::IPV4, Type::STREAM, None)?;
        client.bind(&source.into())?;
        client.connect(&target.into())?;
        let (server, _) = listener.accept()?;
        held.push(client.into());
        held.push(server);
    }
    writeln!(out, "ready")?;
    out.flush()?;
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    for stream in &held {
        let _ = SockRef::from(stream).set_linger(Some(Duration::ZERO));
    }
    Ok(Outcome::Found)
}
