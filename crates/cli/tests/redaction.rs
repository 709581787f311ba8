//! Redaction: every output format, at every log level, over files holding literal
//! credentials, never prints a credential in full nor any 12-character piece of one, on
//! stdout or stderr. The formats are read from the binary itself (the list clap prints
//! for an invalid `--format`), so a format added later is covered without editing this.

mod support;

use std::time::Duration;

use support::{TempDir, stowaway_env};

const DOCKERFILE: &str = "FROM alpine AS build
ENV AWS_ACCESS_KEY_ID=AKIAQ3EGRYLMTXZ4PN5V
ENV AWS_SECRET_ACCESS_KEY=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
ENV DB_PASSWORD=q8Zr2VxP9mLk4TnW7sYbJ3cD
RUN echo \"ghp_R7mK2pX9vL4qT8nW3sZ6yB1cF5hJ0dG2aE4u\" > /root/.git-credentials
RUN printf '%s\\n' '-----BEGIN RSA PRIVATE KEY-----' \\
    'MIIEowIBAAKCAQEAr7Yq9XmZ2vK4pL8nT3wB6sR1cF5hJ0dG2aE4uQ7mK2pX9vL4' \\
    'qT8nW3sZ6yB1cF5hJ0dG2aE4uR7mK2pX9vL4qT8nW3sZ6yB1cF5hJ0dG2aE4uQ7m' \\
    '-----END RSA PRIVATE KEY-----' > /root/.ssh/id_rsa
ARG NPM_TOKEN
ARG TOKEN
RUN npm ci
";

const PIPELINE: &str = "pipelines:
  default:
    - step:
        services: [docker]
        caches: [docker]
        script:
          - docker build --build-arg NPM_TOKEN=npm_Wq3Rt7Yu1Io9Pa5Sd2Fg8Hj4Kl6Zx0CvBn3M -t app .
          - docker build --build-arg TOKEN=s3cr3t-Literal-Value-42 -t app2 .
          - export GITHUB_TOKEN=ghp_T5nB8vC2xZ7mL1kJ4hG9fD3sA6qW0eR2tY8u
          - docker login -u me -p Pw-9sKq2Lm7Xv4Rt myregistry.example
          - |
            cat > key.pem <<KEY
            -----BEGIN OPENSSH PRIVATE KEY-----
            b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
            QyNTUxOQAAACBmT2xQ8rV5kY3pW7nZ1cX4sJ9hB6gF2dL0aE8uR4tM3qAAAAJi8Zk3lvGZN
            -----END OPENSSH PRIVATE KEY-----
            KEY
";

/// Every secret value written above (private keys by their body lines).
const SECRETS: &[&str] = &[
    "AKIAQ3EGRYLMTXZ4PN5V",
    "Zq9vT4mW2xKp7LrN8bYc3HdF6gJs1QaE5uVo0iXz",
    "q8Zr2VxP9mLk4TnW7sYbJ3cD",
    "ghp_R7mK2pX9vL4qT8nW3sZ6yB1cF5hJ0dG2aE4u",
    "MIIEowIBAAKCAQEAr7Yq9XmZ2vK4pL8nT3wB6sR1cF5hJ0dG2aE4uQ7mK2pX9vL4",
    "qT8nW3sZ6yB1cF5hJ0dG2aE4uR7mK2pX9vL4qT8nW3sZ6yB1cF5hJ0dG2aE4uQ7m",
    "npm_Wq3Rt7Yu1Io9Pa5Sd2Fg8Hj4Kl6Zx0CvBn3M",
    "s3cr3t-Literal-Value-42",
    "ghp_T5nB8vC2xZ7mL1kJ4hG9fD3sA6qW0eR2tY8u",
    "Pw-9sKq2Lm7Xv4Rt",
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
    "QyNTUxOQAAACBmT2xQ8rV5kY3pW7nZ1cX4sJ9hB6gF2dL0aE8uR4tM3qAAAAJi8Zk3lvGZN",
];

/// Extra flags and environment variables that set a log level.
type LogLevel = (
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

/// The length of the pieces of a secret that must not appear either.
const PIECE: usize = 12;

/// The `--format` values the binary accepts, from clap's own error message.
fn formats(dir: &TempDir) -> Vec<String> {
    let run = stowaway_env(
        &dir.0,
        &["check", "--format", "no-such-format"],
        &[],
        Duration::from_secs(60),
    );
    assert_eq!(run.code, Some(2), "an unknown format is a usage error");
    let list = run
        .stderr
        .split_once("[possible values: ")
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(list, _)| list)
        .expect("clap lists the possible values");
    list.split(", ").map(str::to_owned).collect()
}

/// The first piece of a secret found in `output`, if any.
fn leaked<'a>(output: &str) -> Option<&'a str> {
    SECRETS.iter().find_map(|secret| {
        let pieces = (0..=secret.len() - PIECE).map(|at| &secret[at..at + PIECE]);
        pieces.into_iter().find(|piece| output.contains(piece))
    })
}

#[test]
fn no_format_at_any_log_level_prints_a_secret() {
    let dir = TempDir::new("redaction");
    dir.write("Dockerfile", DOCKERFILE.as_bytes())
        .write("bitbucket-pipelines.yml", PIPELINE.as_bytes());
    let formats = formats(&dir);
    assert_eq!(
        formats,
        [
            "human",
            "concise",
            "json",
            "sarif",
            "github",
            "gitlab",
            "checkstyle",
            "bitbucket"
        ],
        "update the list below"
    );

    let levels: [LogLevel; 6] = [
        (&[], &[]),
        (&["-q"], &[]),
        (&["-v"], &[]),
        (&["-vv"], &[]),
        (&["-vvv"], &[]),
        (&[], &[("STOWAWAY_LOG", "trace")]),
    ];
    let mut runs = 0;
    for format in &formats {
        for color in ["never", "always"] {
            for (flags, env) in levels {
                let mut args = vec!["check", "--format", format, "--color", color];
                args.extend_from_slice(flags);
                let run = stowaway_env(&dir.0, &args, env, Duration::from_secs(60));
                assert_eq!(run.code, Some(1), "{args:?} {env:?}: findings expected");
                assert!(!run.stdout.is_empty(), "{args:?}: a report is printed");
                let both = format!("{}\n{}", run.stdout, run.stderr);
                assert_eq!(leaked(&both), None, "{args:?} {env:?} printed:\n{both}");
                runs += 1;
            }
        }
    }
    assert_eq!(runs, formats.len() * 2 * levels.len());
}

#[test]
fn the_inputs_hold_every_secret_and_the_report_names_them_redacted() {
    // Guards the test above: each secret is really in the inputs, and the report does
    // find the literal credentials (so silence is not what keeps them out).
    for secret in SECRETS {
        assert!(
            DOCKERFILE.contains(secret) || PIPELINE.contains(secret),
            "{secret} is in an input"
        );
    }
    let dir = TempDir::new("redaction-found");
    dir.write("Dockerfile", DOCKERFILE.as_bytes())
        .write("bitbucket-pipelines.yml", PIPELINE.as_bytes());
    let run = stowaway_env(
        &dir.0,
        &[
            "check",
            "--format",
            "concise",
            "--select",
            "hardcoded-secret",
        ],
        &[],
        Duration::from_secs(60),
    );
    let redacted: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|line| line.split_once(" written in the file (")?.1.split_once(')'))
        .map(|(shown, _)| shown)
        .collect();
    assert_eq!(
        redacted,
        [
            "AKIA…[redacted, 20 chars]",
            "Zq9v…[redacted, 40 chars]",
            "q8Zr…[redacted, 24 chars]",
            "ghp_…[redacted, 40 chars]",
            "----…[redacted, 215 chars]",
            "npm_…[redacted, 40 chars]",
            "s3cr…[redacted, 23 chars]",
            "ghp_…[redacted, 40 chars]",
            "Pw-9…[redacted, 16 chars]",
            "----…[redacted, 248 chars]",
        ]
    );
}
