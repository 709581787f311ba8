//! End-to-end tests of `stowaway report bitbucket` against a loopback HTTP server started
//! in the test (127.0.0.1, port 0): the requests the binary sends, its exit status and
//! its error message. No other address is ever contacted.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A folder under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "stowaway-report-{name}-{}-{unique}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("create temp dir");
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A request the server saw: method, target, body.
type Seen = (String, String, String);

/// Serves up to `expected` requests on loopback, answering each with `status`; gives up
/// after ten seconds. Returns the base URL and the thread that yields what it saw.
fn serve(expected: usize, status: u16) -> (String, JoinHandle<Vec<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    listener.set_nonblocking(true).expect("non-blocking");
    let handle = std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut seen = Vec::new();
        while seen.len() < expected && Instant::now() < deadline {
            let Ok((stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            stream.set_nonblocking(false).expect("blocking");
            let mut reader = BufReader::new(stream);
            seen.push(read_request(&mut reader));
            let reply = format!(
                "HTTP/1.1 {status} Test\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
            );
            let _ = reader.get_mut().write_all(reply.as_bytes());
        }
        seen
    });
    (url, handle)
}

fn read_request(reader: &mut BufReader<std::net::TcpStream>) -> Seen {
    let mut line = String::new();
    reader.read_line(&mut line).expect("request line");
    let words: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
    let mut length = 0;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).expect("header");
        let lower = header.trim_end().to_ascii_lowercase();
        if lower.is_empty() {
            break;
        }
        if let Some(value) = lower.strip_prefix("content-length:") {
            length = value.trim().parse().expect("length");
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("body");
    let body = String::from_utf8(body).expect("UTF-8");
    (words[0].clone(), words[1].clone(), body)
}

/// Runs `stowaway report bitbucket` in `dir` against `url`, without any proxy.
fn report(dir: &Path, url: &str, extra: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_stowaway"))
        .args(["report", "bitbucket", "--base-url", url, "--proxy", ""])
        .args([
            "--workspace",
            "ws",
            "--repo-slug",
            "repo",
            "--commit",
            "abc123",
        ])
        .args(extra)
        .current_dir(dir)
        .env_remove("BITBUCKET_WORKSPACE")
        .env_remove("BITBUCKET_REPO_SLUG")
        .env_remove("BITBUCKET_COMMIT")
        .env_remove("STOWAWAY_BITBUCKET_URL")
        .env_remove("STOWAWAY_BITBUCKET_PROXY")
        .env_remove("STOWAWAY_LOG")
        .output()
        .expect("run stowaway");
    (
        output.status.code(),
        String::from_utf8(output.stdout).expect("UTF-8"),
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

const REPORT: &str = "/2.0/repositories/ws/repo/commit/abc123/reports/stowaway";

#[test]
fn findings_are_published_as_a_report_and_one_batch_of_annotations() {
    let dir = TempDir::new("publish");
    // A binary Dockerfile is a syntax error found by the CLI itself.
    fs::write(dir.0.join("Dockerfile"), b"FROM x\0\x01\n").expect("write");
    let (url, server) = serve(2, 200);
    let (code, stdout, stderr) = report(&dir.0, &url, &[]);
    let seen = server.join().expect("server");

    assert_eq!((code, stdout.as_str(), stderr.as_str()), (Some(1), "", ""));
    assert_eq!(seen.len(), 2);
    assert_eq!((seen[0].0.as_str(), seen[0].1.as_str()), ("PUT", REPORT));
    let report: serde_json::Value = serde_json::from_str(&seen[0].2).expect("JSON");
    assert_eq!(report["result"], "FAILED");
    assert_eq!(report["report_type"], "SECURITY");
    assert_eq!(seen[1].0, "POST");
    assert_eq!(seen[1].1, format!("{REPORT}/annotations"));
    let annotations: serde_json::Value = serde_json::from_str(&seen[1].2).expect("JSON");
    let annotations = annotations.as_array().expect("array");
    assert_eq!(annotations.len(), 1);
    assert_eq!(annotations[0]["path"], "Dockerfile");
    assert_eq!(annotations[0]["severity"], "CRITICAL");
}

#[test]
fn a_refused_report_exits_2_naming_the_request_and_status() {
    let dir = TempDir::new("refused");
    let (url, server) = serve(1, 401);
    let (code, stdout, stderr) = report(&dir.0, &url, &[]);
    let seen = server.join().expect("server");

    assert_eq!(seen.len(), 1);
    let authority = url.trim_start_matches("http://");
    let expected =
        format!("error: PUT http://{authority}{REPORT} was refused: HTTP 401 Test {{}}\n");
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (Some(2), "", expected.as_str())
    );
}

#[test]
fn an_input_document_is_published_unchanged() {
    let dir = TempDir::new("input");
    let document = r#"{"report":{"title":"t","details":"d","report_type":"SECURITY",
        "reporter":"stowaway","result":"PASSED","data":[]},"annotations":[]}"#;
    fs::write(dir.0.join("report.json"), document).expect("write");
    let (url, server) = serve(1, 200);
    let (code, _, stderr) = report(&dir.0, &url, &["--input", "report.json"]);
    let seen = server.join().expect("server");

    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].2,
        r#"{"title":"t","details":"d","report_type":"SECURITY","reporter":"stowaway","result":"PASSED","data":[]}"#
    );
}

#[test]
fn a_missing_commit_is_a_usage_error_naming_the_variable() {
    let output = Command::new(env!("CARGO_BIN_EXE_stowaway"))
        .args([
            "report",
            "bitbucket",
            "--workspace",
            "ws",
            "--repo-slug",
            "r",
        ])
        .env_remove("BITBUCKET_COMMIT")
        .output()
        .expect("run stowaway");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert_eq!(
        stderr,
        "error: the following required arguments were not provided:\n  --commit <COMMIT>\n\n\
         Usage: stowaway report bitbucket --workspace <WORKSPACE> --repo-slug <REPO_SLUG> \
         --commit <COMMIT> [PATH]...\n\nFor more information, try '--help'.\n"
    );
}
