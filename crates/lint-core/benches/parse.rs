//! `cargo bench -p stowaway-lint-core`: time per file of the Dockerfile parser, the
//! pipeline parser, `shell::analyze` on a long RUN chain, and the whole `check()` on a
//! Dockerfile and the pipeline that builds it. A plain timing loop (no harness): each case
//! runs for about a second after a warm-up and prints the mean time per iteration.
//! The inputs are generated here, shaped like `bench/gen.py`'s corpus. A first argument
//! keeps only the cases whose name contains it: `cargo bench -p stowaway-lint-core -- check`.

#![allow(clippy::print_stdout)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use stowaway_lint_core::settings::Settings;
use stowaway_lint_core::source::{FileKind, SourceFile, SourceSet};
use stowaway_lint_core::text::MappedText;
use stowaway_lint_core::{check, dockerfile, pipeline, shell};

/// A multi-stage Dockerfile with a long RUN chain, a heredoc, ARG/ENV and a secret arg.
fn dockerfile_text() -> String {
    let mut text = String::from("# syntax=docker/dockerfile:1\nARG BASE=node:20\n");
    for stage in 0..3 {
        text.push_str(&format!(
            "FROM ${{BASE}} AS s{stage}\nWORKDIR /app\nARG APP_VERSION\n"
        ));
        text.push_str("ENV APP_HOME=/app PORT=8080\nARG NPM_TOKEN\n");
        text.push_str(&run_chain(15));
        text.push_str("RUN <<EOF\nset -eux\necho one\necho two\nEOF\n");
        text.push_str("COPY . .\n");
    }
    text.push_str("CMD [\"node\", \"server.js\"]\n");
    text
}

/// `RUN a && \ b && \ ...` with `commands` commands.
fn run_chain(commands: usize) -> String {
    let parts: Vec<String> = (0..commands)
        .map(|i| format!("echo \"step {i}: $APP_VERSION\" >> /var/log/build.log"))
        .collect();
    format!("RUN {}\n", parts.join(" && \\\n    "))
}

/// A pipeline with an anchored step that builds the Dockerfile, used twice.
fn pipeline_text() -> String {
    "definitions:
  steps:
    - step: &build
        name: Build
        services: [docker]
        caches: [docker]
        script:
          - docker build --build-arg NPM_TOKEN=$NPM_TOKEN -t app:$BITBUCKET_COMMIT .
          - echo \"$PASS\" | docker login -u u --password-stdin
pipelines:
  default:
    - step: *build
  branches:
    main:
      - step:
          <<: *build
          name: Build main
"
    .to_owned()
}

/// Runs `f` for about a second and prints the mean time per call, unless a filter was
/// given (`cargo bench -p stowaway-lint-core -- check`) that `name` does not contain.
fn bench(name: &str, bytes: usize, mut f: impl FnMut()) {
    let filter = std::env::args().skip(1).find(|arg| !arg.starts_with('-'));
    if filter.is_some_and(|filter| !name.contains(&filter)) {
        return;
    }
    for _ in 0..10 {
        f();
    }
    let started = Instant::now();
    let mut iterations: u32 = 0;
    while started.elapsed() < Duration::from_secs(1) {
        f();
        iterations += 1;
    }
    let per = started.elapsed() / iterations.max(1);
    let rate = bytes as f64 / per.as_secs_f64() / 1e6;
    println!("{name:<34} {per:>12.2?} per file  {rate:>8.1} MB/s  ({iterations} runs)");
}

fn main() {
    // Like the CLI's worker threads: a stack for the YAML parser, declared, so that a
    // pipeline is parsed in place.
    let worker = std::thread::Builder::new()
        .stack_size(pipeline::PARSER_STACK + (1 << 20))
        .spawn(|| {
            pipeline::declare_parser_stack();
            run_benches();
        })
        .expect("bench thread");
    worker.join().expect("benches ran");
}

fn run_benches() {
    let docker = dockerfile_text();
    let pipe = pipeline_text();
    let chain = run_chain(200);
    let script = MappedText::verbatim(&chain, 0);

    bench("dockerfile::parse", docker.len(), || {
        black_box(dockerfile::parse(black_box(&docker)));
    });
    bench("pipeline::parse", pipe.len(), || {
        black_box(pipeline::parse(black_box(&pipe)));
    });
    bench("shell::analyze (200-command RUN)", chain.len(), || {
        black_box(shell::analyze(&[black_box(&script)]));
    });

    let short = MappedText::verbatim("npm ci --omit=dev", 0);
    bench(
        "shell::analyze (one short command)",
        short.as_str().len(),
        || {
            black_box(shell::analyze(&[black_box(&short)]));
        },
    );

    bench("secrets::find_credentials", docker.len(), || {
        black_box(stowaway_lint_core::secrets::find_credentials(black_box(
            &docker,
        )));
    });

    let mut sources = SourceSet::new();
    sources.add(SourceFile::new(
        "Dockerfile",
        docker.clone(),
        FileKind::Dockerfile,
    ));
    sources.add(SourceFile::new(
        "bitbucket-pipelines.yml",
        pipe.clone(),
        FileKind::Pipeline,
    ));
    let settings = Settings::default();
    bench(
        "check (Dockerfile + pipeline)",
        docker.len() + pipe.len(),
        || {
            black_box(check(black_box(&sources), &settings));
        },
    );
}
