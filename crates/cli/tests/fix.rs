//! End-to-end tests of `stowaway check --fix`, `--unsafe-fixes` and `--diff`: the binary
//! runs on a temporary copy of the inputs, and its exit status, stdout, stderr and the
//! files left on disk are compared whole.

mod support;

use std::fs;

use support::{Run, TempDir};

/// Runs `stowaway` in `dir`.
fn stowaway(dir: &TempDir, args: &[&str]) -> Run {
    support::stowaway(&dir.0, args)
}

/// The diff `--diff` prints for the bundled leaky example (also shown in docs/fixing.md).
const EXAMPLE_DIFF: &str = r#"--- a/Dockerfile
+++ b/Dockerfile
@@ -1,8 +1,8 @@
+# syntax=docker/dockerfile:1
 FROM node:20-alpine AS deps
 WORKDIR /app
 COPY package.json package-lock.json ./
-ARG NPM_TOKEN
-RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && \
+RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && \
     npm ci --omit=dev && \
     rm -f .npmrc
 
--- a/bitbucket-pipelines.yml
+++ b/bitbucket-pipelines.yml
@@ -15,8 +15,9 @@
         script:
           - export IMAGE=myorg/web:$BITBUCKET_COMMIT
           - |
+            export DOCKER_BUILDKIT=1
             docker build \
-              --build-arg NPM_TOKEN=$NPM_TOKEN \
+              --secret id=npm_token,env=NPM_TOKEN \
               -t "$IMAGE" .
           - docker push "$IMAGE"
 
"#;

#[test]
fn the_summary_counts_the_findings_fixable_with_fix() {
    let dir = TempDir::example("leaky-node-app");
    let run = stowaway(&dir, &["check", "--color", "never", "."]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stdout
            .ends_with("Found 1 problem (1 error) in 2 files.\n1 fixable with --fix.\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_leaky_example_is_fixed_in_one_run_and_then_checks_clean() {
    let dir = TempDir::example("leaky-node-app");
    let fixed = stowaway(&dir, &["check", "--fix", "--unsafe-fixes", "."]);
    let expected = Run {
        code: Some(0),
        stdout: "No problems found in 2 files.\n".to_string(),
        stderr: "Applied 1 fix (2 files changed).\n".to_string(),
    };
    assert_eq!(fixed, expected);
    let again = stowaway(&dir, &["check", "."]);
    assert_eq!(again.code, Some(0), "{}", again.stdout);
    assert_eq!(again.stdout, "No problems found in 2 files.\n");
    assert!(
        dir.read("Dockerfile")
            .starts_with("# syntax=docker/dockerfile:1\n")
    );
}

#[test]
fn diff_prints_every_change_and_writes_nothing() {
    let dir = TempDir::example("leaky-node-app");
    let before = (dir.read("Dockerfile"), dir.read("bitbucket-pipelines.yml"));
    let run = stowaway(&dir, &["check", "--diff", "."]);
    let expected = Run {
        code: Some(1),
        stdout: EXAMPLE_DIFF.to_string(),
        stderr: "Would apply 1 fix (2 files would change).\n".to_string(),
    };
    assert_eq!(run, expected);
    assert_eq!(
        before,
        (dir.read("Dockerfile"), dir.read("bitbucket-pipelines.yml"))
    );
}

#[test]
fn diff_of_a_clean_folder_is_empty_and_exits_0() {
    let dir = TempDir::example("clean-node-app");
    let run = stowaway(&dir, &["check", "--diff", "."]);
    let expected = Run {
        code: Some(0),
        stdout: String::new(),
        stderr: String::new(),
    };
    assert_eq!(run, expected);
}

const RUNTIME_DOCKERFILE: &str = "FROM alpine:3.20\nARG API_TOKEN\nENV API_TOKEN=$API_TOKEN\n\
                                  CMD [\"sh\", \"-c\", \"serve --token $API_TOKEN\"]\n";
const RUNTIME_PIPELINE: &str = "pipelines:\n  default:\n    - step:\n        script:\n          \
                                - docker build --build-arg API_TOKEN=$API_TOKEN .\n";

#[test]
fn unsafe_fixes_apply_only_with_unsafe_fixes() {
    let dir = TempDir::new("unsafe");
    dir.write("Dockerfile", RUNTIME_DOCKERFILE)
        .write("bitbucket-pipelines.yml", RUNTIME_PIPELINE);
    let safe = stowaway(&dir, &["check", "--fix", "--format", "concise", "."]);
    assert_eq!(safe.code, Some(1));
    assert_eq!(safe.stderr, "");
    assert_eq!(dir.read("Dockerfile"), RUNTIME_DOCKERFILE);

    let run = stowaway(&dir, &["check", "--fix", "--unsafe-fixes", "."]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert_eq!(run.stderr, "Applied 1 fix (2 files changed).\n");
    assert_eq!(
        dir.read("Dockerfile"),
        "FROM alpine:3.20\nCMD [\"sh\", \"-c\", \"serve --token $API_TOKEN\"]\n"
    );
    assert_eq!(
        dir.read("bitbucket-pipelines.yml"),
        "pipelines:\n  default:\n    - step:\n        script:\n          - docker build .\n"
    );
}

#[test]
fn unsafe_fixes_alone_is_a_usage_error() {
    let dir = TempDir::new("usage");
    let run = stowaway(&dir, &["check", "--unsafe-fixes"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("--fix"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn fixed_files_keep_their_permissions_and_crlf_line_endings() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("mode");
    dir.write(
        "Dockerfile",
        "FROM node:20\r\nARG NPM_TOKEN\r\nRUN npm ci --token=$NPM_TOKEN\r\n",
    )
    .write(
        "bitbucket-pipelines.yml",
        "pipelines:\r\n  default:\r\n    - step:\r\n        script:\r\n          \
             - docker build --build-arg NPM_TOKEN .\r\n",
    );
    let path = dir.0.join("Dockerfile");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
    let run = stowaway(&dir, &["check", "--fix", "."]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert_eq!(
        dir.read("Dockerfile"),
        "# syntax=docker/dockerfile:1\r\nFROM node:20\r\n\
         RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci --token=$NPM_TOKEN\r\n"
    );
    let mode = fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let left: Vec<_> = fs::read_dir(&dir.0).expect("list").collect();
    assert_eq!(left.len(), 2, "no temporary file is left behind");
}
