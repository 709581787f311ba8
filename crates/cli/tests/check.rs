//! End-to-end tests of `stowaway check`: the binary runs in a temporary folder and its
//! exit status, stdout and stderr are compared whole. The library's `check` may still
//! find nothing, so findings here come from the CLI itself (binary or oversized files).

mod support;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{Run, TempDir, run};

/// Runs `stowaway` in `dir` with `args`, feeding `stdin`; kills it after 20 seconds.
fn stowaway(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stowaway"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("STOWAWAY_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn stowaway");
    // The child may exit before reading (a usage error): a broken pipe is no failure.
    let _ = child.stdin.take().expect("piped stdin").write_all(stdin);
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().expect("poll child").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("stowaway {args:?} did not finish within 20 seconds");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("collect output");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

/// The JSON report of a run without findings.
fn empty_json(files_checked: usize) -> String {
    format!(
        "{{\n  \"version\": 1,\n  \"tool\": {{\n    \"name\": \"stowaway\",\n    \"version\": \
         \"0.1.0\"\n  }},\n  \"files_checked\": {files_checked},\n  \"diagnostics\": []\n}}\n"
    )
}

/// The JSON report of one `syntax-error` on line 1 from `column` to `end`.
fn syntax_error_json(path: &str, column: usize, end: usize, message: &str) -> String {
    format!(
        r#"{{
  "version": 1,
  "tool": {{
    "name": "stowaway",
    "version": "0.1.0"
  }},
  "files_checked": 1,
  "diagnostics": [
    {{
      "rule": "syntax-error",
      "severity": "error",
      "confidence": "high",
      "message": "{message}",
      "path": "{path}",
      "range": {{
        "start": {{
          "line": 1,
          "column": {column}
        }},
        "end": {{
          "line": 1,
          "column": {end}
        }}
      }},
      "related": [],
      "fix": null
    }}
  ]
}}
"#
    )
}

#[test]
fn empty_folder_is_clean() {
    let dir = TempDir::new("empty");
    assert_eq!(
        stowaway(&dir.0, &["check"], b""),
        run(0, "No problems found in 0 files.\n", "")
    );
}

#[test]
fn clean_text_files_are_counted() {
    let dir = TempDir::new("clean");
    dir.write("Dockerfile", b"FROM alpine\n")
        .write("ci/bitbucket-pipelines.yml", b"image: x\n");
    dir.write("README.md", b"not checked\n");
    assert_eq!(
        stowaway(&dir.0, &["check", "."], b""),
        run(0, "No problems found in 2 files.\n", "")
    );
}

#[test]
fn missing_path_exits_two_and_the_other_path_is_still_checked() {
    let dir = TempDir::new("missing");
    dir.write("Dockerfile", b"FROM alpine\n");
    let args = ["check", "--format", "json", "missing", "Dockerfile"];
    let expected = run(
        2,
        &empty_json(1),
        "error: missing: No such file or directory\n",
    );
    assert_eq!(stowaway(&dir.0, &args, b""), expected);
}

#[test]
fn unknown_select_rule_is_a_usage_error_listing_valid_rules() {
    let dir = TempDir::new("select");
    let stderr = "error: invalid value 'nope' for '--select <RULE>': unknown rule `nope`; \
        valid rules: secret-build-arg, secret-env, secret-file-in-layer, secret-in-build-cache, \
        secret-in-artifact, hardcoded-secret, docker-login-password-arg, buildkit-required, \
        secret-mount-mismatch, syntax-error, unused-suppression\n\nFor more information, try '--help'.\n";
    assert_eq!(
        stowaway(&dir.0, &["check", "--select", "secret-env,nope"], b""),
        run(2, "", stderr)
    );
}

#[test]
fn stdin_is_reported_under_its_stdin_filename() {
    let dir = TempDir::new("stdin");
    let args = [
        "check",
        "-",
        "--stdin-filename",
        "./sub/Dockerfile",
        "--format",
        "json",
    ];
    assert_eq!(
        stowaway(&dir.0, &args, b"FROM alpine\n"),
        run(0, &empty_json(1), "")
    );

    let bad = stowaway(&dir.0, &args, b"FROM \xff");
    let message = "not a text file: invalid UTF-8 at byte 5";
    assert_eq!(
        bad,
        run(1, &syntax_error_json("sub/Dockerfile", 6, 7, message), "")
    );
}

#[test]
fn stdin_without_stdin_filename_is_a_usage_error() {
    let dir = TempDir::new("stdin-name");
    let stderr = "error: the following required arguments were not provided:\n  \
        --stdin-filename <NAME>\n\nUsage: stowaway check --stdin-filename <NAME> <PATH>...\n\n\
        For more information, try '--help'.\n";
    assert_eq!(
        stowaway(&dir.0, &["check", "-"], b"FROM alpine\n"),
        run(2, "", stderr)
    );
}

#[test]
fn binary_dockerfile_is_a_syntax_error_at_its_nul_byte() {
    let dir = TempDir::new("binary");
    dir.write("Dockerfile", "FROM é\0\u{1}".as_bytes());
    let expected = syntax_error_json("Dockerfile", 7, 8, "binary file (NUL byte at 7)");
    assert_eq!(
        stowaway(&dir.0, &["check", "--format", "json"], b""),
        run(1, &expected, "")
    );
}

#[test]
fn refused_files_follow_ignore_and_fail_on() {
    let dir = TempDir::new("binary-flags");
    dir.write("Dockerfile", b"\0");
    let ignored = stowaway(&dir.0, &["check", "--ignore", "syntax-error"], b"");
    assert_eq!(ignored, run(0, "No problems found in 1 file.\n", ""));
    let never = stowaway(
        &dir.0,
        &["check", "--format", "concise", "--fail-on", "never"],
        b"",
    );
    assert_eq!(
        never,
        run(
            0,
            "Dockerfile:1:1: error[syntax-error] binary file (NUL byte at 0)\n",
            ""
        )
    );
}

#[test]
fn oversized_file_is_refused_at_line_one() {
    let dir = TempDir::new("large");
    dir.write("Dockerfile", b"FROM alpine\nRUN true\n");
    let args = ["check", "--format", "concise", "--max-file-size", "10"];
    let stdout = "Dockerfile:1:1: error[syntax-error] file too large: more than 10 bytes \
        (raise the limit with --max-file-size)\n";
    assert_eq!(stowaway(&dir.0, &args, b""), run(1, stdout, ""));
}

#[test]
fn walk_respects_gitignore_keeps_hidden_files_and_skips_dot_git() {
    let dir = TempDir::new("walk");
    dir.write(".gitignore", b"ignored/\n");
    for path in [
        "ignored/Dockerfile",
        ".ci/Dockerfile",
        ".git/Dockerfile",
        "app/api.Dockerfile",
    ] {
        dir.write(path, b"\0");
    }
    dir.write("app/notes.txt", b"\0");
    let stdout = ".ci/Dockerfile:1:1: error[syntax-error] binary file (NUL byte at 0)\n\
        app/api.Dockerfile:1:1: error[syntax-error] binary file (NUL byte at 0)\n";
    assert_eq!(
        stowaway(&dir.0, &["check", "--format", "concise"], b""),
        run(1, stdout, "")
    );
}

#[test]
fn explicit_files_are_always_checked_and_paths_are_deduplicated() {
    let dir = TempDir::new("explicit");
    dir.write("ignored/base.txt", b"\0")
        .write(".gitignore", b"ignored/\n");
    dir.write("sub/Dockerfile", b"\0");
    let absolute = dir.0.join("sub").canonicalize().expect("canonical path");
    let absolute = absolute.to_str().expect("UTF-8 temp path");
    let args = [
        "check",
        "--format",
        "concise",
        "ignored/base.txt",
        absolute,
        "./sub/Dockerfile",
    ];
    let stdout = "ignored/base.txt:1:1: error[syntax-error] binary file (NUL byte at 0)\n\
        sub/Dockerfile:1:1: error[syntax-error] binary file (NUL byte at 0)\n";
    let dir_run = stowaway(&dir.0.canonicalize().expect("canonical dir"), &args, b"");
    assert_eq!(dir_run, run(1, stdout, ""));
}

#[cfg(unix)]
#[test]
fn pipeline_build_of_a_symlinked_dockerfile_reaches_the_link_target() {
    let dir = TempDir::new("symlinked-dockerfile");
    dir.write(
        "docker/Dockerfile.prod",
        b"FROM alpine\nARG NPM_TOKEN\nRUN npm ci\n",
    );
    std::os::unix::fs::symlink("docker/Dockerfile.prod", dir.0.join("Dockerfile"))
        .expect("symlink");
    dir.write(
        "bitbucket-pipelines.yml",
        b"pipelines:\n  default:\n    - step:\n        script:\n          \
          - docker build --build-arg NPM_TOKEN=$NPM_TOKEN .\n",
    );
    let stdout = "Dockerfile:2:5: error[secret-build-arg] build arg `NPM_TOKEN` in stage 0 \
        holds the secret pipeline variable `NPM_TOKEN` and is recorded in the exported \
        image's history: readable by anyone who can pull the image\n\
        docker/Dockerfile.prod:2:5: warning[secret-build-arg] build arg `NPM_TOKEN` in stage \
        0 looks like a secret (its name contains TOKEN) and is recorded in the exported \
        image's history: readable by anyone who can pull the image\n";
    let args = ["check", "--format", "concise"];
    assert_eq!(stowaway(&dir.0, &args, b""), run(1, stdout, ""));
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang() {
    let dir = TempDir::new("loop");
    dir.write("Dockerfile", b"FROM alpine\n");
    std::os::unix::fs::symlink("loop", dir.0.join("loop")).expect("symlink");
    std::os::unix::fs::symlink("..", dir.0.join("sub-up")).expect("symlink");
    fs::create_dir(dir.0.join("nested")).expect("mkdir");
    std::os::unix::fs::symlink("../nested", dir.0.join("nested/again")).expect("symlink");

    // Symlinks met while walking are not followed.
    assert_eq!(
        stowaway(&dir.0, &["check"], b""),
        run(0, "No problems found in 1 file.\n", "")
    );

    // A loop named on the command line cannot be opened: an error, the rest still checked.
    let stderr = "error: loop: Too many levels of symbolic links\n";
    let explicit = stowaway(&dir.0, &["check", "loop", "Dockerfile"], b"");
    assert_eq!(explicit, run(2, "No problems found in 1 file.\n", stderr));
}
