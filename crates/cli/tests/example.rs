//! End-to-end tests on the bundled examples, run from the repository root as the README's
//! first command is: the real findings in every format, and the flags that change them.

use std::path::Path;
use std::process::Command;

/// Runs `stowaway` from the repository root; returns the exit code and stdout.
fn stowaway(args: &[&str]) -> (i32, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let output = Command::new(env!("CARGO_BIN_EXE_stowaway"))
        .args(args)
        .current_dir(root)
        .env_remove("STOWAWAY_LOG")
        .env("NO_COLOR", "1")
        .output()
        .expect("run stowaway");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 stdout");
    (output.status.code().unwrap_or(-1), stdout)
}

#[test]
fn leaky_example_traces_the_token_to_the_docker_cache() {
    let (code, stdout) = stowaway(&["check", "examples/leaky-node-app"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn leaky_example_as_json() {
    let (code, stdout) = stowaway(&["check", "--format", "json", "examples/leaky-node-app"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn leaky_example_as_concise() {
    let (code, stdout) = stowaway(&["check", "--format", "concise", "examples/leaky-node-app"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "examples/leaky-node-app/Dockerfile:4:5: error[secret-in-build-cache] build arg \
         `NPM_TOKEN` in stage `deps` holds the secret pipeline variable `NPM_TOKEN`; the image \
         does not export that stage, but it is kept for a week in the repository's docker cache \
         and restored in any later step that lists it, on any branch\n"
    );
}

#[test]
fn clean_example_is_clean() {
    let (code, stdout) = stowaway(&["check", "examples/clean-node-app"]);
    assert_eq!(
        (code, stdout.as_str()),
        (0, "No problems found in 2 files.\n")
    );
}

#[test]
fn not_secret_flag_silences_a_name() {
    let args = [
        "check",
        "--not-secret",
        "NPM_TOKEN",
        "examples/leaky-node-app",
    ];
    assert_eq!(
        stowaway(&args),
        (0, "No problems found in 2 files.\n".to_string())
    );
}

#[test]
fn ignore_and_select_filter_rules() {
    let ignored = [
        "check",
        "--ignore",
        "secret-in-build-cache",
        "examples/leaky-node-app",
    ];
    assert_eq!(
        stowaway(&ignored),
        (0, "No problems found in 2 files.\n".to_string())
    );
    let selected = [
        "check",
        "--select",
        "secret-env,syntax-error",
        "examples/leaky-node-app",
    ];
    assert_eq!(
        stowaway(&selected),
        (0, "No problems found in 2 files.\n".to_string())
    );
}

#[test]
fn fail_on_threshold_decides_the_exit_status() {
    let concise = ["check", "--format", "concise", "examples/leaky-node-app"];
    let with = |threshold: &str| {
        let mut args = concise.to_vec();
        args.extend(["--fail-on", threshold]);
        stowaway(&args).0
    };
    assert_eq!(
        (with("error"), with("warning"), with("info"), with("never")),
        (1, 1, 1, 0)
    );
}

#[test]
fn secret_flag_makes_a_neutral_name_secret() {
    let dir = std::env::temp_dir().join(format!("stowaway-secret-flag-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("bitbucket-pipelines.yml"),
        "pipelines:\n  default:\n    - step:\n        script:\n          - docker build --build-arg REGISTRY_CONFIG=$REGISTRY_CONFIG .\n",
    )
    .expect("write pipeline");
    std::fs::write(dir.join("Dockerfile"), "FROM alpine\nARG REGISTRY_CONFIG\n").expect("write");
    let path = dir.to_string_lossy().into_owned();
    let plain = stowaway(&["check", "--format", "concise", &path]);
    let flagged = stowaway(&[
        "check",
        "--format",
        "concise",
        "--secret",
        "REGISTRY_CONFIG",
        &path,
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(plain.0, 0);
    assert_eq!(flagged.0, 1);
    assert!(
        flagged.1.ends_with(
            "Dockerfile:2:5: error[secret-build-arg] build arg `REGISTRY_CONFIG` in stage 0 \
             holds `REGISTRY_CONFIG` (configured as a secret) and is recorded in the exported \
             image's history: readable by anyone who can pull the image\n"
        ),
        "{}",
        flagged.1
    );
}
