//! Helpers shared by the end-to-end tests that run the real `stowaway` binary: a
//! temporary folder removed on drop, and a run with a deadline that kills a hung child.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A folder under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A fresh, empty folder whose name contains `name`.
    pub fn new(name: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "stowaway-cli-{name}-{}-{unique}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("create temp dir");
        Self(path)
    }

    /// A fresh folder holding a copy of the repository's `examples/<name>`.
    pub fn example(name: &str) -> Self {
        let dir = Self::new(name);
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples")
            .join(name);
        for entry in fs::read_dir(source).expect("example exists") {
            let path = entry.expect("entry").path();
            let target = dir.0.join(path.file_name().expect("file name"));
            fs::copy(&path, target).expect("copy example file");
        }
        dir
    }

    /// The text of `relative`.
    pub fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).expect("read file")
    }

    /// Writes `content` at `relative`, creating parent folders.
    pub fn write(&self, relative: &str, content: impl AsRef<[u8]>) -> &Self {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().expect("has a parent")).expect("create parents");
        fs::write(path, content).expect("write file");
        self
    }

    /// The absolute path of `relative`.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.0.join(relative)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// What a run printed and returned.
#[derive(Debug, PartialEq, Eq)]
pub struct Run {
    /// The exit status, `None` when killed by a signal.
    pub code: Option<i32>,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

/// The expected run: exit `code`, exactly `stdout` and `stderr`.
pub fn run(code: i32, stdout: &str, stderr: &str) -> Run {
    Run {
        code: Some(code),
        stdout: stdout.to_owned(),
        stderr: stderr.to_owned(),
    }
}

/// Runs `stowaway` in `dir` with `args` and extra environment `env`, stdin empty; kills it
/// and fails after `limit` (a hang is a bug).
pub fn stowaway_env(dir: &Path, args: &[&str], env: &[(&str, &str)], limit: Duration) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_stowaway"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("STOWAWAY_LOG")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("spawn stowaway");
    drop(child.stdin.take());
    let deadline = Instant::now() + limit;
    while child.try_wait().expect("poll child").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("stowaway {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("collect output");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `stowaway` in `dir` with `args`; a hang fails after 60 seconds.
pub fn stowaway(dir: &Path, args: &[&str]) -> Run {
    stowaway_env(dir, args, &[], Duration::from_secs(60))
}
