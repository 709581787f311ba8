//! No log line, at any level, holds document text or message params: the whole server
//! runs over byte streams under a global TRACE subscriber (which also receives the `log`
//! records of `lsp_server`) while secrets travel in documents and in malformed messages.

use std::io::{Cursor, Write};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

const AWS_KEY: &str = "AKIAZQ9VQ2XK3LWMF7TB";
const GITHUB_TOKEN: &str = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";

/// A shared buffer, usable as the subscriber's writer and as the server's output.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("not poisoned")).into_owned()
    }
}

impl Write for Buffer {
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

fn session() -> String {
    let dockerfile = format!("FROM alpine\nENV AWS_ACCESS_KEY_ID={AWS_KEY}\n");
    let uri = "file:///tmp/stowaway-log-redaction/Dockerfile";
    [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"processId": null, "capabilities": {},
                "initializationOptions": {"select": GITHUB_TOKEN}}}),
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
            {"uri": uri, "languageId": "dockerfile", "version": 1, "text": dockerfile}}}),
        // Params that fail to parse, with a secret where serde's error would quote it.
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
            {"uri": uri, "languageId": "dockerfile", "version": GITHUB_TOKEN, "text": "x"}}}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
            "params": {"textDocument": {"uri": uri}, "position": GITHUB_TOKEN}}),
        json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/codeAction", "params": {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 9}},
            "context": {"diagnostics": []}}}),
    ]
    .iter()
    .map(message)
    .collect::<String>()
        + &frame(&format!(
            "{{\"jsonrpc\": \"2.0\", \"token\": \"{GITHUB_TOKEN}\""
        ))
        + &frame(&format!(
            "{{\"jsonrpc\": \"2.0\", \"id\": 4, \"method\": 5, \"params\": \"{GITHUB_TOKEN}\"}}"
        ))
        + &format!("Content-Length: {GITHUB_TOKEN}\r\n\r\n{AWS_KEY}")
        + &message(&json!({"jsonrpc": "2.0", "id": 9, "method": "shutdown"}))
        + &message(&json!({"jsonrpc": "2.0", "method": "exit"}))
}

#[test]
fn no_log_line_at_trace_holds_document_text_or_params() {
    let logs = Buffer::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .try_init()
        .expect("the only subscriber of this test binary");

    let output = Buffer::default();
    let result = stowaway_lsp::run_streams(Cursor::new(session().into_bytes()), output.clone());
    assert!(matches!(result, Ok(())), "{result:?}");

    let logs = logs.text();
    assert!(!logs.contains(AWS_KEY), "{logs}");
    assert!(!logs.contains(GITHUB_TOKEN), "{logs}");
    assert!(
        !logs.contains("AWS_ACCESS_KEY_ID"),
        "document text logged: {logs}"
    );
    // The run did log, at every level the secrets passed through.
    let bad_frames = logs.matches("bad message from the client").count();
    assert_eq!(bad_frames, 3, "{logs}");
    assert_eq!(
        logs.matches("malformed notification ignored").count(),
        1,
        "{logs}"
    );
    assert_eq!(
        logs.matches("malformed request params").count(),
        1,
        "{logs}"
    );
    assert_eq!(
        logs.matches("initializationOptions ignored").count(),
        1,
        "{logs}"
    );
    assert!(
        logs.contains("method=textDocument/didOpen bytes="),
        "{logs}"
    );
    // The client, though, got its answers: invalid params for the hover.
    assert_eq!(output.text().matches("\"code\":-32602").count(), 1);
}
