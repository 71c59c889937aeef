//! Demos of what an idle machine lacks: connections in trouble, made by socklab on
//! 127.0.0.1 for one step. A CLOSE_WAIT whose end-of-file was read and one whose was not;
//! an orphan flushing data in FIN_WAIT1; a full accept queue with a SYN_RECV left over; a
//! sender stalled by a receiver that does not read; a server leaking CLOSE_WAITs.
//!
//! Every socket here closes with an RST (`SO_LINGER` 0) when the step ends, and an RST
//! also ends the orphans and queued connections that hang on them: nothing of a demo is
//! left in the tables after its step, not even a TIME_WAIT.

use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpStream};
use std::os::fd::OwnedFd;
use std::time::Duration;

use anyhow::{Context, Result};
use socket2::{Domain, Socket, Type};

use super::{Opened, settle};

/// The backlog of the `accept_queue_full` listener: Linux counts a queue full only once it
/// holds more than this, so it takes three connections.
pub const FULL_BACKLOG: i32 = 2;

/// What each client of the CLOSE_WAIT leak sends before it closes: Recv-Q then shows these
/// bytes plus 1 for the FIN.
pub const LEAK_REQUEST: &[u8] = b"GET / HTTP/1.0\r\n\r\n";

/// How many requests the leaking server accepts and never reads.
pub const LEAK_CONNECTIONS: usize = 4;

/// Buffer sizes that keep the queued numbers small enough to read.
const SMALL_BUFFER: usize = 32 * 1024;

/// A listener on 127.0.0.1 (port from the kernel); the connections it accepts inherit its
/// receive buffer when one is given.
fn listener(backlog: i32, recv_buffer: Option<usize>) -> Result<Socket> {
    let s = Socket::new(Domain::IPV4, Type::STREAM, None).context("demo: socket()")?;
    if let Some(size) = recv_buffer {
        s.set_recv_buffer_size(size)?;
    }
    s.bind(&SocketAddr::from((Ipv4Addr::LOCALHOST, 0)).into())
        .context("demo: binding a listener on 127.0.0.1")?;
    s.listen(backlog)?;
    Ok(s)
}

fn port(s: &Socket) -> Result<u16> {
    let addr = s
        .local_addr()?
        .as_socket()
        .context("demo: not an IP socket")?;
    Ok(addr.port())
}

fn address(port: u16) -> socket2::SockAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, port)).into()
}

fn connect(port: u16) -> Result<TcpStream> {
    TcpStream::connect((Ipv4Addr::LOCALHOST, port)).context("demo: connecting on 127.0.0.1")
}

/// Starts a connection without waiting for it: the SYN may be dropped (a full queue), and
/// a step must never hang on it.
fn connect_later(port: u16, delay_ack: bool) -> Result<Socket> {
    let s = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    // With quick ACKs off the client holds back the handshake's last ACK (up to 200 ms).
    s.set_tcp_quickack(!delay_ack)?;
    s.set_nonblocking(true)?;
    match s.connect(&address(port)) {
        Ok(()) => Ok(s),
        Err(e) if e.raw_os_error() == Some(rustix::io::Errno::INPROGRESS.raw_os_error()) => Ok(s),
        Err(e) => Err(e).context("demo: connecting on 127.0.0.1"),
    }
}

/// Closing it sends an RST: the connection, and whatever hangs on it, is gone at once.
fn abortive(s: impl Into<Socket>) -> Result<OwnedFd> {
    let s: Socket = s.into();
    s.set_linger(Some(Duration::ZERO))?;
    Ok(s.into())
}

/// Writes into `stream` until the kernel takes no more (its buffers and the peer's are
/// full); how many bytes it took.
fn fill(stream: &mut TcpStream) -> Result<usize> {
    stream.set_nonblocking(true)?;
    let chunk = [b'x'; 16 * 1024];
    let mut sent = 0usize;
    while sent < 64 * 1024 * 1024 {
        match stream.write(&chunk) {
            Ok(n) => sent += n,
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) => return Err(e).context("demo: filling the peer's window"),
        }
    }
    Ok(sent)
}

/// Waits out the receiver's delayed ACK: a FIN puts it in "pingpong" mode, so the ACK of
/// a FIN (which moves the closer from FIN_WAIT1 to FIN_WAIT2) may take up to 200 ms, and
/// so may a held-back last ACK of a handshake.
pub(super) fn after_delayed_acks() {
    std::thread::sleep(Duration::from_millis(250));
}

/// Finishes a demo: `{port}`, the listener and the sockets to close with the step.
fn keep(o: &mut Opened, l: Socket, port: u16, held: Vec<OwnedFd>) -> Result<()> {
    o.set("port", port.to_string());
    o.held.push(abortive(l)?);
    o.held.extend(held);
    Ok(())
}

pub(super) fn close_wait(o: &mut Opened) -> Result<()> {
    let l = listener(8, None)?;
    let port = port(&l)?;
    let mut held = Vec::new();
    for read_it in [true, false] {
        let mut client = connect(port)?;
        let (server, _) = l.accept()?;
        let mut server: TcpStream = server.into();
        client.write_all(b"hello")?;
        client.shutdown(Shutdown::Write)?;
        if read_it {
            // Up to read() returning 0: the end-of-file, read.
            server.set_read_timeout(Some(Duration::from_secs(3)))?;
            let mut got = Vec::new();
            server.read_to_end(&mut got)?;
        }
        held.push(abortive(server)?);
        held.push(abortive(client)?);
    }
    after_delayed_acks();
    keep(o, l, port, held)
}

/// A listener with a small receive buffer, and one connection whose client, with a small
/// send buffer too, has written until both are full (the server reads nothing).
fn filled_connection() -> Result<(Socket, u16, TcpStream, Socket)> {
    let l = listener(8, Some(SMALL_BUFFER))?;
    let port = port(&l)?;
    let client = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    client.set_send_buffer_size(SMALL_BUFFER)?;
    client.connect(&address(port))?;
    let mut client: TcpStream = client.into();
    let (server, _) = l.accept()?;
    fill(&mut client)?;
    Ok((l, port, client, server))
}

pub(super) fn orphan(o: &mut Opened) -> Result<()> {
    let (l, port, client, server) = filled_connection()?;
    // close() with data still unsent: the kernel keeps the socket, with no file, until
    // the data and the FIN are through (or the server's RST at the end of the step).
    drop(client);
    settle();
    keep(o, l, port, vec![abortive(server)?])
}

pub(super) fn accept_queue_full(o: &mut Opened) -> Result<()> {
    let l = listener(FULL_BACKLOG, None)?;
    let port = port(&l)?;
    // Its SYN finds room, but its last ACK arrives after three others filled the queue:
    // the server keeps it as a SYN_RECV request and retries its SYN-ACK.
    let mut held = vec![abortive(connect_later(port, true)?)?];
    for _ in 0..3 {
        held.push(abortive(connect_later(port, false)?)?);
    }
    // Well within the 200 ms the first client holds its ACK back.
    settle();
    // The queue is full now: this SYN is dropped, and the client stays in SYN_SENT.
    held.push(abortive(connect_later(port, false)?)?);
    // Until the held-back ACK has come and been refused.
    after_delayed_acks();
    keep(o, l, port, held)
}

pub(super) fn stalled(o: &mut Opened) -> Result<()> {
    let (l, port, client, server) = filled_connection()?;
    settle();
    keep(o, l, port, vec![abortive(server)?, abortive(client)?])
}

pub(super) fn close_wait_leak(o: &mut Opened) -> Result<()> {
    let l = listener(8, None)?;
    let port = port(&l)?;
    let mut held = Vec::new();
    for _ in 0..LEAK_CONNECTIONS {
        let mut client = connect(port)?;
        let (server, _) = l.accept()?;
        client.write_all(LEAK_REQUEST)?;
        // The client is done and gone; the server never reads the request, never closes.
        drop(client);
        held.push(abortive(server)?);
    }
    after_delayed_acks();
    keep(o, l, port, held)
}
