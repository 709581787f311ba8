//! A test client for the language server: runs it on a thread over an in-memory
//! connection, with helpers to send notifications, await responses and collect the
//! `publishDiagnostics` it sends, and a temporary workspace copied from the example.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::{PublishDiagnosticsParams, Uri};
use serde_json::{Value, json};
use stowaway_lsp::{CheckHook, ServerError};

/// How long any expected message may take.
const TIMEOUT: Duration = Duration::from_secs(20);

/// A temporary copy of `examples/leaky-node-app`, removed on drop.
pub struct TempWorkspace {
    /// The folder.
    pub root: PathBuf,
}

impl TempWorkspace {
    /// A fresh copy of the example under the system temp dir, named after `test`.
    pub fn new(test: &str) -> Self {
        let root = std::env::temp_dir().join(format!("stowaway-lsp-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("create temp workspace");
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/leaky-node-app");
        for name in ["Dockerfile", "bitbucket-pipelines.yml", "package.json"] {
            std::fs::copy(example.join(name), root.join(name)).expect("copy example file");
        }
        Self { root }
    }

    /// The `file:` URI of `name` in the workspace.
    pub fn uri(&self, name: &str) -> Uri {
        file_uri(&self.root.join(name))
    }

    /// The text of `name` on disk.
    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.root.join(name)).expect("read workspace file")
    }

    /// Writes `name` on disk.
    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.root.join(name), text).expect("write workspace file");
    }
}

impl Drop for TempWorkspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The `file:` URI of an absolute path (temp dirs hold no characters needing escapes).
pub fn file_uri(path: &Path) -> Uri {
    format!("file://{}", path.display())
        .parse()
        .expect("valid file uri")
}

/// The result of a successful response.
pub fn ok(response: Response) -> Value {
    response.response_result.expect("a successful response")
}

/// The error code of a failed response.
pub fn error_code(response: &Response) -> Option<i32> {
    response
        .response_result
        .as_ref()
        .err()
        .map(|error| error.code)
}

/// A client connected to a server running on its own thread.
pub struct Client {
    connection: Connection,
    server: Option<JoinHandle<Result<(), ServerError>>>,
    next_id: i32,
    publishes: VecDeque<PublishDiagnosticsParams>,
    /// Requests the server sent to the client, by method.
    pub server_requests: Vec<String>,
}

/// `initialize` params for a client with `capabilities`, workspace `root` and `options`.
pub fn initialize_params(root: &Path, capabilities: Value, options: Value) -> Value {
    json!({
        "processId": null,
        "capabilities": capabilities,
        "workspaceFolders": [{ "uri": file_uri(root).as_str(), "name": "ws" }],
        "initializationOptions": options,
    })
}

/// The test's end of a [`CheckHook`]: every workspace check waits for [`HeldChecks::release`].
pub struct HeldChecks {
    started: Receiver<()>,
    release: Sender<()>,
}

impl HeldChecks {
    /// Waits until `count` more checks have started (and are held).
    pub fn wait_started(&self, count: usize) {
        for _ in 0..count {
            self.started
                .recv_timeout(TIMEOUT)
                .expect("a check starts in time");
        }
    }

    /// Lets `count` held checks run.
    pub fn release(&self, count: usize) {
        for _ in 0..count {
            self.release.send(()).expect("the check thread waits");
        }
    }
}

impl Client {
    /// Starts a server with `params` whose checks are held until released.
    pub fn start_held(params: Value) -> (Self, Value, HeldChecks) {
        let (started_sender, started) = crossbeam_channel::unbounded();
        let (release, release_receiver) = crossbeam_channel::unbounded();
        let hook = CheckHook {
            started: started_sender,
            release: release_receiver,
        };
        let run = move |connection| stowaway_lsp::run_with_check_hook(connection, hook);
        let (client, result) = Self::start_running(params, Vec::new(), run);
        (client, result, HeldChecks { started, release })
    }

    /// Queues `initialize`, `initialized` and then `queued` before the server starts, so
    /// that the server finds them all waiting; returns the client and the `initialize` result.
    pub fn start_with_queue(params: Value, queued: Vec<Message>) -> (Self, Value) {
        Self::start_running(params, queued, stowaway_lsp::run)
    }

    /// Like [`Client::start_with_queue`], with the server run by `run`.
    fn start_running(
        params: Value,
        queued: Vec<Message>,
        run: impl FnOnce(Connection) -> Result<(), ServerError> + Send + 'static,
    ) -> (Self, Value) {
        let (server_side, client_side) = Connection::memory();
        let mut client = Client {
            connection: client_side,
            server: None,
            next_id: 0,
            publishes: VecDeque::new(),
            server_requests: Vec::new(),
        };
        let id = client.send_request("initialize", params);
        client.notify("initialized", json!({}));
        for message in queued {
            client
                .connection
                .sender
                .send(message)
                .expect("queue message");
        }
        client.server = Some(std::thread::spawn(move || run(server_side)));
        let response = client.await_response(id);
        (client, ok(response))
    }

    /// Starts a server with `params`.
    pub fn start(params: Value) -> (Self, Value) {
        Self::start_with_queue(params, Vec::new())
    }

    /// Sends a notification.
    pub fn notify(&self, method: &str, params: Value) {
        let notification = Notification::new(method.to_string(), params);
        self.connection
            .sender
            .send(notification.into())
            .expect("server is listening");
    }

    /// Sends a request and returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let request = Request::new(id.clone(), method.to_string(), params);
        self.connection
            .sender
            .send(request.into())
            .expect("server is listening");
        id
    }

    /// Sends a request and waits for its response.
    pub fn request(&mut self, method: &str, params: Value) -> Response {
        let id = self.send_request(method, params);
        self.await_response(id)
    }

    /// Receives until the response to `id`, keeping publishes and answering server requests.
    pub fn await_response(&mut self, id: RequestId) -> Response {
        loop {
            match self.receive() {
                Message::Response(response) if response.id == id => return response,
                other => self.keep(other),
            }
        }
    }

    /// The next `publishDiagnostics` for `uri`; publishes for other files are dropped.
    pub fn publish_for(&mut self, uri: &Uri) -> PublishDiagnosticsParams {
        loop {
            if let Some(publish) = self.publishes.pop_front() {
                if &publish.uri == uri {
                    return publish;
                }
                continue;
            }
            let message = self.receive();
            self.keep(message);
        }
    }

    /// The next `publishDiagnostics` for `uri` at `version`; earlier ones are dropped.
    pub fn publish_at(&mut self, uri: &Uri, version: Option<i32>) -> PublishDiagnosticsParams {
        loop {
            let publish = self.publish_for(uri);
            if publish.version == version {
                return publish;
            }
        }
    }

    /// Every publish received so far and not yet consumed, in order.
    pub fn take_publishes(&mut self) -> Vec<PublishDiagnosticsParams> {
        self.publishes.drain(..).collect()
    }

    /// Sends `shutdown` and `exit`, and returns how the server ended.
    pub fn shutdown(mut self) -> Result<(), ServerError> {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(error_code(&response), None);
        self.notify("exit", Value::Null);
        self.join()
    }

    /// Waits for the server thread to end.
    pub fn join(mut self) -> Result<(), ServerError> {
        self.server
            .take()
            .expect("server started")
            .join()
            .expect("server thread does not panic")
    }

    fn receive(&self) -> Message {
        self.connection
            .receiver
            .recv_timeout(TIMEOUT)
            .expect("server answers in time")
    }

    fn keep(&mut self, message: Message) {
        match message {
            Message::Notification(notification)
                if notification.method == "textDocument/publishDiagnostics" =>
            {
                let params = serde_json::from_value(notification.params).expect("publish params");
                self.publishes.push_back(params);
            }
            Message::Request(request) => {
                self.server_requests.push(request.method.clone());
                let response = Response::new_ok(request.id, Value::Null);
                let _ = self.connection.sender.send(response.into());
            }
            _ => {}
        }
    }
}
