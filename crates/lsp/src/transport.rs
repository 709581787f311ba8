//! The byte transport: frames `Content-Length` messages from any reader into
//! [`lsp_server::Message`]s and writes the server's messages back, on two threads.
//!
//! Unlike `lsp_server`'s stdio transport, a bad frame never ends the connection: an
//! unparsable body gets a `-32700` reply, valid JSON that is not a message a `-32600` one,
//! a bad header block is skipped up to the next `Content-Length:`, and reading goes on.
//! Nothing here logs a payload: only sizes, codes, methods and ids.

use std::io::{self, BufRead, Read, Write};
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, Message};
use serde::Serialize;
use serde_json::{Value, json};

/// The largest body accepted; a larger one is skipped unread and answered with an error.
pub const MAX_CONTENT_LENGTH: u64 = 64 * 1024 * 1024;

/// The longest header line kept; a longer one makes its header block bad.
const MAX_HEADER_LINE: usize = 1024;

/// The most lines a header block may have before it is judged bad.
const MAX_HEADER_LINES: usize = 16;

/// How many parsed messages may wait for the server (a burst of changes is coalesced).
const INCOMING_CAPACITY: usize = 64;

/// The header that starts a frame, lowercased, searched for after a bad header block.
const CONTENT_LENGTH: &[u8] = b"content-length:";

/// JSON-RPC's "Parse error".
const PARSE_ERROR: i32 = -32700;

/// JSON-RPC's "Invalid Request".
const INVALID_REQUEST: i32 = -32600;

/// The reader and writer threads of a connection.
pub struct IoThreads {
    reader: JoinHandle<()>,
    writer: JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Waits for the writer (which ends once the server drops its connection) and returns
    /// its result.
    pub fn join_writer(self) -> io::Result<()> {
        drop(self.reader);
        self.writer.join().map_err(|_| panicked())?
    }

    /// Waits for both threads; call only when the reader has ended or will (after `exit`
    /// or the end of input).
    pub fn join(self) -> io::Result<()> {
        self.reader.join().map_err(|_| panicked())?;
        self.writer.join().map_err(|_| panicked())?
    }
}

fn panicked() -> io::Error {
    io::Error::other("transport thread panicked")
}

/// A frame that was read but is not a message: the error reply it gets.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// The JSON-RPC error code.
    pub code: i32,
    /// The error message (never the payload).
    pub message: &'static str,
    /// The id of the offending request when it had a usable one, else `null`.
    pub id: Value,
}

impl Rejection {
    fn parse_error(message: &'static str) -> Self {
        Self {
            code: PARSE_ERROR,
            message,
            id: Value::Null,
        }
    }

    /// The JSON-RPC error response.
    fn to_json(&self) -> Value {
        json!({
            "jsonrpc": "2.0",
            "id": self.id,
            "error": { "code": self.code, "message": self.message },
        })
    }
}

/// Starts the transport over `input` and `output`; the connection's receiver ends after
/// `exit` or at the end of input.
pub fn spawn(
    input: impl BufRead + Send + 'static,
    output: impl Write + Send + 'static,
) -> io::Result<(Connection, IoThreads)> {
    let (to_server, from_client) = crossbeam_channel::bounded(INCOMING_CAPACITY);
    let (to_client, from_server) = crossbeam_channel::unbounded();
    let (reject, rejections) = crossbeam_channel::unbounded();
    let writer = thread::Builder::new()
        .name("stowaway-lsp-writer".to_string())
        .spawn(move || write_loop(output, &from_server, rejections))?;
    let reader = thread::Builder::new()
        .name("stowaway-lsp-reader".to_string())
        .spawn(move || read_loop(input, &to_server, &reject))?;
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    Ok((connection, IoThreads { reader, writer }))
}

/// Reads frames until `exit`, the end of input or a closed server; bad frames are
/// answered through `reject` and skipped.
fn read_loop(input: impl BufRead, messages: &Sender<Message>, reject: &Sender<Rejection>) {
    let mut framer = Framer::new(input);
    loop {
        let frame = match framer.next_frame() {
            Ok(Some(frame)) => frame,
            Ok(None) => return tracing::debug!("end of client input"),
            Err(error) => return tracing::warn!(kind = ?error.kind(), "client input failed"),
        };
        let size = frame_size(&frame);
        let rejection = match frame {
            Frame::Body(body) => match parse_body(&body) {
                Ok(message) => {
                    let is_exit = log_incoming(&message, body.len());
                    if messages.send(message).is_err() || is_exit {
                        return;
                    }
                    continue;
                }
                Err(rejection) => rejection,
            },
            Frame::BadHeader => Rejection::parse_error("Parse error: malformed header"),
            Frame::TooLarge(_) => Rejection {
                code: INVALID_REQUEST,
                message: "Invalid Request: Content-Length exceeds the server's limit",
                id: Value::Null,
            },
        };
        log_rejection(size, &rejection);
        if reject.send(rejection).is_err() {
            return;
        }
    }
}

/// The size to log for a rejected frame.
fn frame_size(frame: &Frame) -> Option<u64> {
    match frame {
        Frame::Body(body) => u64::try_from(body.len()).ok(),
        Frame::TooLarge(length) => Some(*length),
        Frame::BadHeader => None,
    }
}

fn log_rejection(bytes: Option<u64>, rejection: &Rejection) {
    tracing::warn!(
        code = rejection.code,
        bytes = ?bytes,
        "bad message from the client answered with an error and skipped"
    );
}

/// Logs a received message's method, id and size; whether it is `exit`.
fn log_incoming(message: &Message, bytes: usize) -> bool {
    match message {
        Message::Request(request) => {
            tracing::trace!(method = %request.method, id = %request.id, bytes, "request");
        }
        Message::Notification(notification) => {
            tracing::trace!(method = %notification.method, bytes, "notification");
        }
        Message::Response(response) => tracing::trace!(id = %response.id, bytes, "response"),
    }
    matches!(message, Message::Notification(notification) if notification.method == "exit")
}

/// A body as a message, or the error reply it gets: `-32700` when it is not JSON,
/// `-32600` when it is JSON but not a request, response or notification.
pub fn parse_body(body: &[u8]) -> Result<Message, Rejection> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| Rejection::parse_error("Parse error: the body is not valid JSON"))?;
    let id = value
        .get("id")
        .filter(|id| id.is_number() || id.is_string())
        .cloned()
        .unwrap_or(Value::Null);
    serde_json::from_value(value).map_err(|_| Rejection {
        code: INVALID_REQUEST,
        message: "Invalid Request: not a JSON-RPC request, response or notification",
        id,
    })
}

/// What the framer read.
#[derive(Debug, PartialEq)]
pub enum Frame {
    /// A complete body of the announced length.
    Body(Vec<u8>),
    /// A header block without a usable `Content-Length`; its body is skipped.
    BadHeader,
    /// A body longer than [`MAX_CONTENT_LENGTH`], skipped unread: its announced length.
    TooLarge(u64),
}

/// One line of a header block.
enum Line {
    /// The line without its `\r\n` or `\n`.
    Complete(Vec<u8>),
    /// Longer than [`MAX_HEADER_LINE`]; consumed through its newline.
    TooLong,
    /// The input ended before a newline.
    Eof,
}

/// Splits a byte stream into frames; after a bad header block it searches for the next
/// `Content-Length:` (the body in between is unknown, so it is skipped).
pub struct Framer<R> {
    input: R,
    lost: bool,
}

impl<R: BufRead> Framer<R> {
    /// A framer at the start of `input`.
    pub fn new(input: R) -> Self {
        Self { input, lost: false }
    }

    /// The next frame; `None` at the end of input, including inside a header or body.
    pub fn next_frame(&mut self) -> io::Result<Option<Frame>> {
        let mut first = None;
        if self.lost {
            if !self.find_content_length()? {
                return Ok(None);
            }
            self.lost = false;
            match read_line(&mut self.input)? {
                Line::Complete(rest) => first = Some([CONTENT_LENGTH, &rest].concat()),
                Line::TooLong => first = Some(Vec::new()),
                Line::Eof => return Ok(None),
            }
        }
        let Some(length) = self.read_header_block(first)? else {
            return Ok(None);
        };
        let Some(length) = length else {
            self.lost = true;
            return Ok(Some(Frame::BadHeader));
        };
        self.read_body(length)
    }

    /// The announced length after a complete header block: `Some(None)` when the block
    /// is bad, `None` at the end of input.
    fn read_header_block(&mut self, mut first: Option<Vec<u8>>) -> io::Result<Option<Option<u64>>> {
        let (mut length, mut bad, mut lines) = (None, false, 0);
        loop {
            let line = match first.take() {
                Some(line) => Line::Complete(line),
                None => read_line(&mut self.input)?,
            };
            let line = match line {
                Line::Eof => return Ok(None),
                Line::TooLong => {
                    bad = true;
                    continue;
                }
                Line::Complete(line) => line,
            };
            // A stray blank line before any header is tolerated.
            if line.is_empty() && lines == 0 {
                continue;
            }
            if line.is_empty() {
                return Ok(Some(if bad { None } else { length }));
            }
            lines += 1;
            match header_length(&line) {
                Header::Length(value) => length = Some(value),
                Header::Other => {}
                Header::Bad => bad = true,
            }
            if lines > MAX_HEADER_LINES {
                return Ok(Some(None));
            }
        }
    }

    /// Reads or skips a body of `length` bytes.
    fn read_body(&mut self, length: u64) -> io::Result<Option<Frame>> {
        let mut body = (&mut self.input).take(length);
        if length > MAX_CONTENT_LENGTH {
            let skipped = io::copy(&mut body, &mut io::sink())?;
            return Ok((skipped == length).then_some(Frame::TooLarge(length)));
        }
        let mut bytes = Vec::new();
        body.read_to_end(&mut bytes)?;
        let complete = u64::try_from(bytes.len()).is_ok_and(|read| read == length);
        Ok(complete.then_some(Frame::Body(bytes)))
    }

    /// Consumes input through the next `Content-Length:` (any case); false at the end.
    fn find_content_length(&mut self) -> io::Result<bool> {
        let mut matched = 0;
        loop {
            let available = self.input.fill_buf()?;
            if available.is_empty() {
                return Ok(false);
            }
            let mut used = 0;
            for byte in available.iter().map(u8::to_ascii_lowercase) {
                used += 1;
                matched = if CONTENT_LENGTH.get(matched) == Some(&byte) {
                    matched + 1
                } else {
                    usize::from(byte == b'c')
                };
                if matched == CONTENT_LENGTH.len() {
                    break;
                }
            }
            self.input.consume(used);
            if matched == CONTENT_LENGTH.len() {
                return Ok(true);
            }
        }
    }
}

/// What a header line says.
enum Header {
    Length(u64),
    Other,
    Bad,
}

fn header_length(line: &[u8]) -> Header {
    let Some((name, value)) = std::str::from_utf8(line)
        .ok()
        .and_then(|line| line.split_once(':'))
    else {
        return Header::Bad;
    };
    if !name.trim().eq_ignore_ascii_case("content-length") {
        return Header::Other;
    }
    value.trim().parse().map_or(Header::Bad, Header::Length)
}

/// Reads one line, keeping at most [`MAX_HEADER_LINE`] bytes; a trailing `\r` is dropped.
fn read_line(input: &mut impl BufRead) -> io::Result<Line> {
    let (mut line, mut too_long) = (Vec::new(), false);
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            return Ok(Line::Eof);
        }
        let newline = available.iter().position(|&byte| byte == b'\n');
        let (chunk, used) = match newline {
            Some(at) => (available.split_at(at).0, at + 1),
            None => (available, available.len()),
        };
        too_long = too_long || line.len() + chunk.len() > MAX_HEADER_LINE;
        if !too_long {
            line.extend_from_slice(chunk);
        }
        input.consume(used);
        if newline.is_some() {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(if too_long {
                Line::TooLong
            } else {
                Line::Complete(line)
            });
        }
    }
}

/// Writes the server's messages and the reader's rejections until the server drops its
/// connection. Messages are serialized here, not with `Message::write`, which logs them.
fn write_loop(
    output: impl Write,
    messages: &Receiver<Message>,
    mut rejections: Receiver<Rejection>,
) -> io::Result<()> {
    let mut output = io::BufWriter::new(output);
    loop {
        let body = crossbeam_channel::select! {
            recv(messages) -> message => match message {
                Ok(message) => Some(envelope(&message)?),
                // The server is done: the replies to bad frames read before its last
                // message are queued already; write them before ending.
                Err(_) => return drain_rejections(&mut output, &rejections),
            },
            recv(rejections) -> rejection => match rejection {
                Ok(rejection) => Some(serde_json::to_vec(&rejection.to_json())?),
                Err(_) => {
                    rejections = crossbeam_channel::never();
                    None
                }
            },
        };
        if let Some(body) = body {
            write_frame(&mut output, &body)?;
        }
    }
}

/// Writes every rejection already queued, then flushes.
fn drain_rejections(output: &mut impl Write, rejections: &Receiver<Rejection>) -> io::Result<()> {
    for rejection in rejections.try_iter() {
        write_frame(output, &serde_json::to_vec(&rejection.to_json())?)?;
    }
    output.flush()
}

/// A message as a JSON-RPC 2.0 body.
fn envelope(message: &Message) -> serde_json::Result<Vec<u8>> {
    #[derive(Serialize)]
    struct Envelope<'a> {
        jsonrpc: &'static str,
        #[serde(flatten)]
        message: &'a Message,
    }
    serde_json::to_vec(&Envelope {
        jsonrpc: "2.0",
        message,
    })
}

fn write_frame(output: &mut impl Write, body: &[u8]) -> io::Result<()> {
    write!(output, "Content-Length: {}\r\n\r\n", body.len())?;
    output.write_all(body)?;
    output.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut framer = Framer::new(input);
        let mut frames = Vec::new();
        while let Some(frame) = framer.next_frame().expect("reading a slice does not fail") {
            frames.push(frame);
        }
        frames
    }

    fn body(text: &str) -> Frame {
        Frame::Body(text.as_bytes().to_vec())
    }

    #[test]
    fn back_to_back_frames_are_split_by_content_length() {
        let input = b"Content-Length: 2\r\n\r\n{}content-length:3\r\nContent-Type: x\r\n\r\n[1]";
        assert_eq!(frames(input), vec![body("{}"), body("[1]")]);
    }

    #[test]
    fn non_numeric_content_length_is_skipped_up_to_the_next_header() {
        let input = b"Content-Length: abc\r\n\r\n{\"a\":1}Content-Length: 2\r\n\r\n{}";
        assert_eq!(frames(input), vec![Frame::BadHeader, body("{}")]);
    }

    #[test]
    fn header_block_without_content_length_is_skipped() {
        let input = b"Content-Type: x\r\n\r\nnoiseCONTENT-LENGTH: 2\r\n\r\n[]";
        assert_eq!(frames(input), vec![Frame::BadHeader, body("[]")]);
    }

    #[test]
    fn overlong_header_line_makes_the_block_bad() {
        let mut input = vec![b'X'; MAX_HEADER_LINE + 10];
        input.extend_from_slice(b"\r\nContent-Length: 2\r\n\r\n{}Content-Length: 2\r\n\r\n[]");
        assert_eq!(frames(&input), vec![Frame::BadHeader, body("[]")]);
    }

    #[test]
    fn oversized_body_is_skipped_without_being_kept() {
        let length = MAX_CONTENT_LENGTH + 1;
        let mut input = format!("Content-Length: {length}\r\n\r\n").into_bytes();
        input.resize(input.len() + usize::try_from(length).expect("fits"), b' ');
        input.extend_from_slice(b"Content-Length: 2\r\n\r\n{}");
        assert_eq!(frames(&input), vec![Frame::TooLarge(length), body("{}")]);
    }

    #[test]
    fn input_ending_inside_a_header_or_body_ends_without_a_frame() {
        assert_eq!(frames(b"Content-Length: 10\r\n\r\n{\"a\""), vec![]);
        assert_eq!(frames(b"Content-Length: 2\r\n"), vec![]);
        assert_eq!(frames(b"Content-Length: 2"), vec![]);
        assert_eq!(
            frames(b"Content-Length: x\r\n\r\n{}"),
            vec![Frame::BadHeader]
        );
    }

    #[test]
    fn body_that_is_not_json_is_a_parse_error_with_null_id() {
        let rejection = parse_body(b"{not json").expect_err("rejected");
        assert_eq!(
            rejection,
            Rejection::parse_error("Parse error: the body is not valid JSON")
        );
        let invalid_utf8 = parse_body(b"\"\xff\"").expect_err("rejected");
        assert_eq!(invalid_utf8.code, -32700);
    }

    #[test]
    fn json_that_is_not_a_message_is_an_invalid_request() {
        for text in ["{}", "[]", "1", "{\"method\": 3}"] {
            let rejection = parse_body(text.as_bytes()).expect_err("rejected");
            assert_eq!(
                (rejection.code, rejection.id),
                (-32600, Value::Null),
                "{text}"
            );
        }
        let with_id = parse_body(br#"{"id": 7, "method": 3}"#).expect_err("rejected");
        assert_eq!((with_id.code, with_id.id), (-32600, json!(7)));
    }

    #[test]
    fn rejection_reply_is_a_json_rpc_error_response() {
        let reply = Rejection::parse_error("Parse error: malformed header").to_json();
        let expected = json!({
            "jsonrpc": "2.0", "id": null,
            "error": { "code": -32700, "message": "Parse error: malformed header" },
        });
        assert_eq!(reply, expected);
    }

    #[test]
    fn messages_are_written_with_the_json_rpc_envelope() {
        let message =
            Message::Notification(lsp_server::Notification::new("x".to_string(), json!([1])));
        let mut output = Vec::new();
        let body = envelope(&message).expect("serializes");
        write_frame(&mut output, &body).expect("writes to a vector");
        let expected =
            "Content-Length: 43\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":[1]}";
        assert_eq!(String::from_utf8(output).expect("utf-8"), expected);
    }
}
