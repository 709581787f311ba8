//! Benchmark (not a test): time from `didChange` to the `publishDiagnostics` of that
//! version, for a generated 1,000-line Dockerfile that a pipeline builds, over 1,000
//! single-character edits. Prints the median, 90th percentile and worst.
//!
//! Run with `cargo bench -p stowaway-lsp --bench did_change`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use lsp_types::PublishDiagnosticsParams;
use serde_json::{Value, json};

const LINES: usize = 1_000;
const EDITS: usize = 1_000;
const TIMEOUT: Duration = Duration::from_secs(30);

const PIPELINE: &str = "pipelines:
  default:
    - step:
        services: [docker]
        caches: [docker]
        script:
          - docker build --build-arg NPM_TOKEN=$NPM_TOKEN -t app .
";

/// A Dockerfile of exactly [`LINES`] lines: a builder stage that receives the token, a
/// long tail of ordinary instructions (some continued), and a final stage.
fn dockerfile() -> String {
    let head = [
        "FROM node:20-alpine AS deps",
        "WORKDIR /app",
        "ARG NPM_TOKEN",
        "RUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci",
    ];
    let tail = [
        "FROM node:20-alpine",
        "COPY --from=deps /app /app",
        "CMD [\"node\", \"server.js\"]",
    ];
    let body = LINES - head.len() - tail.len();
    let mut lines: Vec<String> = head.iter().map(|line| line.to_string()).collect();
    let mut step = 0;
    while lines.len() < head.len() + body {
        step += 1;
        let room = head.len() + body - lines.len();
        match step % 4 {
            0 => lines.push(format!("RUN echo \"step {step}\" && ls /app/{step}")),
            1 => lines.push(format!("ENV SETTING_{step}=value-{step}")),
            2 => lines.push(format!("COPY src/part{step} /app/part{step}")),
            _ if room >= 2 => {
                lines.push(format!("RUN apk add --no-cache tool{step} \\"));
                lines.push(format!("    && tool{step} --version"));
            }
            _ => lines.push(format!("LABEL step{step}=last")),
        }
    }
    lines.extend(tail.iter().map(|line| line.to_string()));
    assert_eq!(
        lines.len(),
        LINES,
        "the generated Dockerfile has {LINES} lines"
    );
    lines.join("\n") + "\n"
}

fn workspace() -> PathBuf {
    let root = std::env::temp_dir().join(format!("stowaway-lsp-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("create bench workspace");
    std::fs::write(root.join("bitbucket-pipelines.yml"), PIPELINE).expect("write pipeline");
    std::fs::write(root.join("Dockerfile"), dockerfile()).expect("write Dockerfile");
    root
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn send(connection: &Connection, message: impl Into<Message>) {
    connection
        .sender
        .send(message.into())
        .expect("server listens");
}

fn notify(connection: &Connection, method: &str, params: Value) {
    send(connection, Notification::new(method.to_string(), params));
}

/// Waits for the publish of `uri` at `version`, returning its diagnostics count.
fn await_publish(connection: &Connection, uri: &str, version: i32) -> usize {
    loop {
        let message = connection
            .receiver
            .recv_timeout(TIMEOUT)
            .expect("server answers");
        let Message::Notification(notification) = message else {
            continue;
        };
        if notification.method != "textDocument/publishDiagnostics" {
            continue;
        }
        let params: PublishDiagnosticsParams =
            serde_json::from_value(notification.params).expect("publish params");
        if params.uri.as_str() == uri && params.version == Some(version) {
            return params.diagnostics.len();
        }
    }
}

fn initialize(connection: &Connection, root: &Path) {
    let params = json!({
        "processId": null, "capabilities": {},
        "workspaceFolders": [{ "uri": uri(root), "name": "bench" }],
    });
    let id = RequestId::from(1);
    send(
        connection,
        Request::new(id.clone(), "initialize".to_string(), params),
    );
    loop {
        match connection
            .receiver
            .recv_timeout(TIMEOUT)
            .expect("initialize answers")
        {
            Message::Response(response) if response.id == id => break,
            _ => continue,
        }
    }
    notify(connection, "initialized", json!({}));
}

fn main() {
    let root = workspace();
    let (server_side, client) = Connection::memory();
    let server = std::thread::spawn(move || stowaway_lsp::run(server_side));
    initialize(&client, &root);

    let dockerfile_uri = uri(&root.join("Dockerfile"));
    let text = std::fs::read_to_string(root.join("Dockerfile")).expect("read Dockerfile");
    let item =
        json!({ "uri": dockerfile_uri, "languageId": "dockerfile", "version": 1, "text": text });
    notify(
        &client,
        "textDocument/didOpen",
        json!({ "textDocument": item }),
    );
    let findings = await_publish(&client, &dockerfile_uri, 1);

    let mut times = Vec::with_capacity(EDITS);
    for edit in 0..EDITS {
        let version = i32::try_from(edit).expect("small") + 2;
        // Insert one character in a line that moves through the file's middle part.
        let line = 10 + (edit * 7) % (LINES - 20);
        let change = json!({ "range": { "start": { "line": line, "character": 0 },
                                        "end": { "line": line, "character": 0 } }, "text": " " });
        let started = Instant::now();
        notify(
            &client,
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": dockerfile_uri, "version": version },
                "contentChanges": [change],
            }),
        );
        await_publish(&client, &dockerfile_uri, version);
        times.push(started.elapsed());
    }

    let id = RequestId::from(2);
    send(
        &client,
        Request::new(id, "shutdown".to_string(), Value::Null),
    );
    notify(&client, "exit", Value::Null);
    let _ = server.join();
    let _ = std::fs::remove_dir_all(&root);
    report(&times, findings);
}

fn report(times: &[Duration], findings: usize) {
    let mut sorted = times.to_vec();
    sorted.sort();
    let at = |fraction: f64| sorted[((sorted.len() - 1) as f64 * fraction) as usize];
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "didChange -> publishDiagnostics, {LINES}-line Dockerfile built by a pipeline \
         ({findings} finding(s)), {} edits:\n  median {:?}  p90 {:?}  worst {:?}",
        sorted.len(),
        at(0.5),
        at(0.9),
        sorted[sorted.len() - 1],
    );
}
