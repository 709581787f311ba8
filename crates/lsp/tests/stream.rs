//! The server driven over byte streams through stowaway's own transport: bad frames are
//! answered with JSON-RPC errors and skipped, and the valid messages around them are
//! still served.

use std::io::{Cursor, Write};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use stowaway_lsp::{ServerError, run_streams};

/// A `Write` whose bytes the test reads after the server ends.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .expect("not poisoned")
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn frame(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

fn message(value: &Value) -> String {
    frame(&value.to_string())
}

fn handshake() -> String {
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "capabilities": {}}});
    let initialized = json!({"jsonrpc": "2.0", "method": "initialized", "params": {}});
    message(&init) + &message(&initialized)
}

fn shutdown_and_exit() -> String {
    message(&json!({"jsonrpc": "2.0", "id": 99, "method": "shutdown"}))
        + &message(&json!({"jsonrpc": "2.0", "method": "exit"}))
}

/// Runs the server on `input`; how it ended and the bodies it wrote, in order.
fn serve(input: String) -> (Result<(), ServerError>, Vec<Value>) {
    let output = Captured::default();
    let result = run_streams(Cursor::new(input.into_bytes()), output.clone());
    let bytes = output.0.lock().expect("not poisoned").clone();
    (result, bodies(&bytes))
}

fn bodies(mut bytes: &[u8]) -> Vec<Value> {
    let mut bodies = Vec::new();
    while let Some(start) = bytes.windows(4).position(|window| window == b"\r\n\r\n") {
        let header = std::str::from_utf8(&bytes[..start]).expect("ascii header");
        let length: usize = header["Content-Length: ".len()..].parse().expect("length");
        let body = &bytes[start + 4..start + 4 + length];
        bodies.push(serde_json::from_slice(body).expect("json body"));
        bytes = &bytes[start + 4 + length..];
    }
    bodies
}

fn error_reply(code: i32, id: Value) -> (Value, Value) {
    (id, json!(code))
}

fn errors(replies: &[Value]) -> Vec<(Value, Value)> {
    replies
        .iter()
        .filter(|reply| reply.get("error").is_some())
        .map(|reply| (reply["id"].clone(), reply["error"]["code"].clone()))
        .collect()
}

#[test]
fn bad_bodies_get_error_replies_and_later_messages_are_still_served() {
    let input = handshake()
        + &frame("this is not json")
        + &frame("{}")
        + &frame("[]")
        + &frame(r#"{"id": 5, "method": 7}"#)
        + "Content-Length: abc\r\n\r\n{\"id\": 6, \"method\": \"x\"}"
        + &message(&json!({"jsonrpc": "2.0", "id": 2, "method": "no/such/method"}))
        + &shutdown_and_exit();
    let (result, replies) = serve(input);
    assert!(matches!(result, Ok(())), "{result:?}");
    // The transport answers bad frames itself while the server answers messages, so the
    // transport's replies keep their order but may interleave with the server's.
    let (transport, server): (Vec<_>, Vec<_>) = errors(&replies)
        .into_iter()
        .partition(|(_, code)| *code != json!(-32601));
    assert_eq!(
        transport,
        vec![
            error_reply(-32700, Value::Null),
            error_reply(-32600, Value::Null),
            error_reply(-32600, Value::Null),
            error_reply(-32600, json!(5)),
            error_reply(-32700, Value::Null),
        ]
    );
    assert_eq!(server, vec![error_reply(-32601, json!(2))]);
    let shutdown = replies.iter().find(|reply| reply["id"] == json!(99));
    assert_eq!(
        shutdown.map(|reply| reply["result"].clone()),
        Some(Value::Null)
    );
}

#[test]
fn oversized_content_length_is_refused_and_its_body_skipped() {
    let length = stowaway_lsp::transport::MAX_CONTENT_LENGTH + 1;
    let padding = " ".repeat(usize::try_from(length).expect("fits"));
    let input = handshake()
        + &format!("Content-Length: {length}\r\n\r\n")
        + &padding
        + &shutdown_and_exit();
    let (result, replies) = serve(input);
    assert!(matches!(result, Ok(())), "{result:?}");
    assert_eq!(errors(&replies), vec![error_reply(-32600, Value::Null)]);
}

#[test]
fn input_ending_mid_body_ends_the_server_cleanly() {
    let input = handshake() + "Content-Length: 100\r\n\r\n{\"jsonrpc\": \"2.0\"";
    let (result, replies) = serve(input);
    assert!(matches!(result, Ok(())), "{result:?}");
    assert_eq!(replies.len(), 1, "only the initialize result: {replies:?}");
    assert_eq!(replies[0]["id"], json!(1));
}

#[test]
fn handshake_failure_names_no_part_of_the_offending_message() {
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}});
    let open = json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"text": "AKIAZQ9VQ2XK3LWMF7TB"}});
    let (result, _) = serve(message(&init) + &message(&open));
    let error = result.expect_err("initialized was expected");
    assert_eq!(
        format!("{error} / {error:?}"),
        "initialize handshake failed: unexpected message during the handshake \
         / Handshake(UnexpectedMessage)"
    );
}
