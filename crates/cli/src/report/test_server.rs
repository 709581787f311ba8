//! A loopback HTTP server for tests: it accepts connections on 127.0.0.1 (port 0), records
//! each request and answers with the status its responder picks. It stops after the
//! expected number of requests or ten seconds, whichever comes first.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// One recorded request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    /// `PUT`, `POST`...
    pub method: String,
    /// The request target as sent (origin or absolute form).
    pub target: String,
    /// The body.
    pub body: String,
}

/// A running server.
pub struct TestServer {
    /// Where it listens.
    pub address: SocketAddr,
    handle: JoinHandle<Vec<Recorded>>,
}

impl TestServer {
    /// Starts a server that serves `expected` requests, answering `respond(n, request)`
    /// (a status code) to the n-th (0-based).
    pub fn start(expected: usize, respond: fn(usize, &Recorded) -> u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let address = listener.local_addr().expect("local address");
        listener.set_nonblocking(true).expect("non-blocking");
        let handle = std::thread::spawn(move || serve(&listener, expected, respond));
        Self { address, handle }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Waits for the server to stop and returns what it recorded.
    pub fn finish(self) -> Vec<Recorded> {
        self.handle.join().expect("server thread")
    }
}

fn serve(
    listener: &TcpListener,
    expected: usize,
    respond: fn(usize, &Recorded) -> u16,
) -> Vec<Recorded> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut recorded = Vec::new();
    while recorded.len() < expected && Instant::now() < deadline {
        let Ok((stream, _)) = listener.accept() else {
            std::thread::sleep(Duration::from_millis(5));
            continue;
        };
        stream.set_nonblocking(false).expect("blocking stream");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        let mut reader = BufReader::new(stream);
        let request = read_request(&mut reader);
        let status = respond(recorded.len(), &request);
        let body = format!("{{\"status\":{status}}}");
        let reply = format!(
            "HTTP/1.1 {status} Test\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = reader.get_mut().write_all(reply.as_bytes());
        recorded.push(request);
    }
    recorded
}

fn read_request(reader: &mut impl BufRead) -> Recorded {
    let mut line = String::new();
    reader.read_line(&mut line).expect("request line");
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    let target = parts.next().unwrap_or("").to_owned();
    let mut length = 0;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).expect("header");
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().expect("length");
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("body");
    Recorded {
        method,
        target,
        body: String::from_utf8(body).expect("UTF-8 body"),
    }
}
