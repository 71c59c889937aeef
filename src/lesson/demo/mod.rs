//! Demos: sockets socklab opens itself for one step, so a lesson works on an idle machine
//! or in a container. Internet sockets are on 127.0.0.1 only; UNIX ones in a fresh temp
//! directory or the abstract namespace. Everything is closed (and the temp directory
//! removed) when the [`Opened`] value is dropped at the end of the step. Only a TIME_WAIT
//! outlives it: that one belongs to the kernel, which is the point of showing it. The
//! connections in trouble (CLOSE_WAIT, orphans, a full accept queue…) are in `trouble.rs`.

mod trouble;

pub use trouble::{FULL_BACKLOG, LEAK_CONNECTIONS, LEAK_REQUEST};

use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::fd::OwnedFd;
use std::os::linux::net::SocketAddrExt;
use std::os::unix::net::{SocketAddr as UnixAddr, UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};
use socket2::{Domain, Socket, Type};

use super::directive::DemoKind;

/// Called at each lifecycle stage with its number and the values (`{port}`).
pub type StageFn<'a> = dyn FnMut(usize, &[(&'static str, String)]) + 'a;

static SERIAL: AtomicUsize = AtomicUsize::new(0);

/// The temp directories of demos open now, for [`remove_leftovers`]: a process ended by a
/// signal runs no destructors.
static DIRS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes the temp directories of every demo still open (the sockets close with the
/// process). For a process about to exit on a signal.
pub fn remove_leftovers() {
    let dirs = DIRS.lock().map(|d| d.clone()).unwrap_or_default();
    for dir in dirs {
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn keep_track(dir: &Path) {
    if let Ok(mut dirs) = DIRS.lock() {
        dirs.push(dir.to_path_buf());
    }
}

fn forget(dir: &Path) {
    if let Ok(mut dirs) = DIRS.lock() {
        dirs.retain(|d| d != dir);
    }
}

/// The sockets of one step, and the values its `socklab` blocks may use.
#[derive(Default)]
pub struct Opened {
    /// Closing these closes the sockets.
    held: Vec<OwnedFd>,
    dirs: Vec<PathBuf>,
    /// `{port}`, `{path}`, `{abstract}`.
    pub values: Vec<(&'static str, String)>,
}

impl Drop for Opened {
    fn drop(&mut self) {
        self.held.clear();
        for dir in &self.dirs {
            let _ = std::fs::remove_dir_all(dir);
            forget(dir);
        }
    }
}

impl Opened {
    fn set(&mut self, key: &'static str, value: String) {
        if !self.values.iter().any(|(k, _)| *k == key) {
            self.values.push((key, value));
        }
    }
}

fn loopback_listener() -> Result<TcpListener> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("demo: opening a listener on 127.0.0.1")
}

fn port_of(listener: &TcpListener) -> Result<u16> {
    Ok(listener.local_addr()?.port())
}

/// Lets the kernel finish a loopback exchange (ACKs, FINs) before the tables are read.
fn settle() {
    std::thread::sleep(Duration::from_millis(30));
}

/// Opens the sockets `kinds` ask for. `stage` is called at each stage (1 to
/// [`LIFECYCLE_STAGES`]) of a [`DemoKind::TcpLifecycle`], so the runner can show the table.
pub fn open(kinds: &[DemoKind], stage: &mut StageFn) -> Result<Opened> {
    let mut o = Opened::default();
    for kind in kinds {
        match kind {
            DemoKind::Listener => listener(&mut o)?,
            DemoKind::ConnectedPair => connected_pair(&mut o)?,
            DemoKind::TimeWait => time_wait(&mut o)?,
            DemoKind::UnixPath => unix_path(&mut o)?,
            DemoKind::UnixAbstract => unix_abstract(&mut o)?,
            DemoKind::Socketpair => {
                let (a, b) = UnixStream::pair().context("demo: socketpair()")?;
                o.held.extend([OwnedFd::from(a), OwnedFd::from(b)]);
            }
            DemoKind::TcpLifecycle => lifecycle(&mut o, stage)?,
            DemoKind::CloseWait => trouble::close_wait(&mut o)?,
            DemoKind::Orphan => trouble::orphan(&mut o)?,
            DemoKind::AcceptQueueFull => trouble::accept_queue_full(&mut o)?,
            DemoKind::Stalled => trouble::stalled(&mut o)?,
            DemoKind::CloseWaitLeak => trouble::close_wait_leak(&mut o)?,
        }
    }
    Ok(o)
}

fn listener(o: &mut Opened) -> Result<()> {
    let l = loopback_listener()?;
    o.set("port", port_of(&l)?.to_string());
    o.held.push(OwnedFd::from(l));
    Ok(())
}

fn connected_pair(o: &mut Opened) -> Result<()> {
    let l = loopback_listener()?;
    let port = port_of(&l)?;
    let client = TcpStream::connect((Ipv4Addr::LOCALHOST, port))?;
    let (server, _) = l.accept()?;
    o.set("port", port.to_string());
    o.held.extend([
        OwnedFd::from(l),
        OwnedFd::from(client),
        OwnedFd::from(server),
    ]);
    Ok(())
}

fn time_wait(o: &mut Opened) -> Result<()> {
    let l = loopback_listener()?;
    let port = port_of(&l)?;
    let client = TcpStream::connect((Ipv4Addr::LOCALHOST, port))?;
    let (server, _) = l.accept()?;
    // The side that closes first ends in TIME_WAIT: here the client.
    drop(client);
    settle();
    drop(server);
    settle();
    o.set("port", port.to_string());
    o.held.push(OwnedFd::from(l));
    Ok(())
}

fn unix_path(o: &mut Opened) -> Result<()> {
    let n = SERIAL.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("socklab-demo-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("demo: creating {}", dir.display()))?;
    keep_track(&dir);
    o.dirs.push(dir.clone());
    // A space on purpose: netstat cuts the path there, socklab does not.
    let path = dir.join("demo socket.sock");
    let l =
        UnixListener::bind(&path).with_context(|| format!("demo: binding {}", path.display()))?;
    o.set("path", path.display().to_string());
    o.held.push(OwnedFd::from(l));
    Ok(())
}

fn unix_abstract(o: &mut Opened) -> Result<()> {
    let n = SERIAL.fetch_add(1, Ordering::Relaxed);
    let name = format!("socklab-demo-{}-{n}", std::process::id());
    let addr = UnixAddr::from_abstract_name(name.as_bytes())?;
    let l = UnixListener::bind_addr(&addr).context("demo: binding an abstract socket")?;
    o.set("abstract", format!("@{name}"));
    o.held.push(OwnedFd::from(l));
    Ok(())
}

/// One connection from LISTEN to TIME_WAIT, with the passive side through CLOSE_WAIT and
/// LAST_ACK. LAST_ACK normally lasts one loopback round trip; it is held here by closing
/// the server while its data is still queued behind a client that has not read (its FIN
/// waits behind that data), until the client reads everything.
pub const LIFECYCLE_STAGES: usize = 5;

fn lifecycle(o: &mut Opened, stage: &mut StageFn) -> Result<()> {
    let l = loopback_listener()?;
    let port = port_of(&l)?;
    o.set("port", port.to_string());
    // The stages show this connection's port, even when an earlier demo set `{port}`.
    let mut values = vec![("port", port.to_string())];
    values.extend(o.values.iter().filter(|(k, _)| *k != "port").cloned());
    let mut stage = |n: usize| stage(n, &values);
    stage(1);

    let client = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    // Before connect: the window offered in the handshake follows the receive buffer.
    client.set_recv_buffer_size(4096)?;
    client.connect(&SocketAddr::from((Ipv4Addr::LOCALHOST, port)).into())?;
    let mut client: TcpStream = client.into();
    let (mut server, _) = l.accept()?;
    settle();
    stage(2);

    client.shutdown(Shutdown::Write)?;
    // FIN_WAIT2 comes with the server's ACK of the FIN, which the server's kernel may
    // delay (measured 17-56 ms here; up to 200 ms): 30 ms could still show FIN_WAIT1.
    trouble::after_delayed_acks();
    stage(3);

    // A small send buffer keeps the queued data (and the memory it takes) small.
    socket2::SockRef::from(&server).set_send_buffer_size(64 * 1024)?;
    server.set_nonblocking(true)?;
    let chunk = [b'x'; 16 * 1024];
    let mut sent = 0usize;
    loop {
        match server.write(&chunk) {
            Ok(n) => sent += n,
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) => return Err(e).context("demo: filling the client's window"),
        }
        if sent > 64 * 1024 * 1024 {
            break;
        }
    }
    drop(server);
    settle();
    stage(4);

    client.set_read_timeout(Some(Duration::from_secs(3)))?;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match client.read(&mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return Err(e).context("demo: reading the server's data"),
        }
    }
    settle();
    stage(5);
    drop(client);
    o.held.push(OwnedFd::from(l));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_lifecycle_shows_its_own_port() {
        let kinds = [
            DemoKind::Listener,
            DemoKind::TcpLifecycle,
            DemoKind::TcpLifecycle,
        ];
        let mut seen: Vec<(usize, String)> = Vec::new();
        let opened = open(&kinds, &mut |n, values| {
            let port = values.iter().find(|(k, _)| *k == "port").unwrap();
            seen.push((n, port.1.clone()));
        })
        .unwrap();
        let first_port = opened.values[0].1.clone();
        assert_eq!(seen.len(), 2 * LIFECYCLE_STAGES, "{seen:?}");
        let (a, b) = seen.split_at(LIFECYCLE_STAGES);
        let ports = |half: &[(usize, String)]| {
            let p: std::collections::BTreeSet<&String> = half.iter().map(|(_, p)| p).collect();
            assert_eq!(p.len(), 1, "one port through a lifecycle: {half:?}");
            p.into_iter().next().unwrap().clone()
        };
        let (pa, pb) = (ports(a), ports(b));
        assert!(pa != pb && pa != first_port && pb != first_port, "{seen:?}");
        // `{port}` for later blocks stays the first demo socket's.
        assert_eq!(opened.values[0], ("port", first_port));
    }
}
