//! `stowaway report bitbucket`: checks the given paths (or reads a document written by
//! `--format bitbucket`) and publishes it as a Code Insights report on the commit:
//! `PUT .../commit/{commit}/reports/{id}`, then the annotations in batches of 100.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;

use super::http::{self, HttpUrl};
use crate::args::CheckArgs;
use crate::render::bitbucket::{Annotation, Document, MAX_ANNOTATIONS, document};
use crate::{analyze, exit, problem};

/// Bitbucket accepts at most this many annotations per request.
pub const BATCH: usize = 100;

/// The arguments of `stowaway report bitbucket`.
#[derive(Debug, Args)]
pub struct BitbucketArgs {
    /// Publish this document (written by `stowaway check --format bitbucket`) instead of
    /// checking PATHs.
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    pub input: Option<PathBuf>,

    /// The workspace (slug or {UUID}).
    #[arg(long, env = "BITBUCKET_WORKSPACE")]
    pub workspace: String,

    /// The repository slug.
    #[arg(long, env = "BITBUCKET_REPO_SLUG")]
    pub repo_slug: String,

    /// The commit the report belongs to.
    #[arg(long, env = "BITBUCKET_COMMIT")]
    pub commit: String,

    /// The report's id; publishing again with the same id replaces the report.
    #[arg(long, default_value = "stowaway")]
    pub report_id: String,

    /// The API's base URL (http:// only).
    #[arg(
        long,
        env = "STOWAWAY_BITBUCKET_URL",
        default_value = "http://api.bitbucket.org"
    )]
    pub base_url: String,

    /// The HTTP proxy that authenticates requests inside Pipelines; empty for none.
    #[arg(
        long,
        env = "STOWAWAY_BITBUCKET_PROXY",
        default_value = "http://localhost:29418"
    )]
    pub proxy: String,

    /// What to check, and how.
    #[command(flatten)]
    pub check: CheckArgs,
}

/// Where a report goes.
#[derive(Clone, Debug)]
pub struct Target {
    /// `.../commit/{commit}/reports/{id}`.
    pub report: HttpUrl,
    /// The proxy, if any.
    pub proxy: Option<HttpUrl>,
}

/// Runs the subcommand: exit status 1 when the report failed, 0 when it passed; an error
/// (exit status 2) when a request was refused or the input could not be read.
pub fn run(args: &BitbucketArgs) -> anyhow::Result<u8> {
    let target = target(args)?;
    let (document, status) = match &args.input {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let document: Document = serde_json::from_str(&text)
                .with_context(|| format!("{} is not a Bitbucket document", path.display()))?;
            let status = u8::from(document.report.result == "FAILED");
            (document, status)
        }
        None => {
            let checked = analyze(&args.check)?;
            problem::print_all(&checked.problems)?;
            let failed = checked
                .diagnostics
                .iter()
                .any(|d| checked.configs.fails(&checked.sources, d));
            let status = exit::status_of(failed, !checked.problems.is_empty());
            let fail_on = args.check.fail_on.unwrap_or(crate::args::FailOn::Warning);
            let document = document(&checked.sources, &checked.diagnostics, fail_on);
            (document, status)
        }
    };
    publish(&target, &document)?;
    tracing::info!(
        annotations = document.annotations.len(),
        result = document.report.result,
        "published the Bitbucket report"
    );
    Ok(status)
}

/// The report URL and the proxy from the flags.
fn target(args: &BitbucketArgs) -> anyhow::Result<Target> {
    let base = args.base_url.trim_end_matches('/');
    let url = format!(
        "{base}/2.0/repositories/{}/{}/commit/{}/reports/{}",
        segment(&args.workspace),
        segment(&args.repo_slug),
        segment(&args.commit),
        segment(&args.report_id),
    );
    let proxy = match args.proxy.trim() {
        "" => None,
        proxy => Some(HttpUrl::parse(proxy).context("bad --proxy")?),
    };
    Ok(Target {
        report: HttpUrl::parse(&url).context("bad --base-url")?,
        proxy,
    })
}

/// `text` percent-encoded as one path segment.
fn segment(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Creates or replaces the report, then adds its annotations, at most [`BATCH`] per
/// request and [`MAX_ANNOTATIONS`] in all.
pub fn publish(target: &Target, document: &Document) -> anyhow::Result<()> {
    let report = serde_json::to_string(&document.report)?;
    request("PUT", &target.report, target.proxy.as_ref(), &report)?;

    let annotations = HttpUrl {
        path: format!("{}/annotations", target.report.path),
        ..target.report.clone()
    };
    let kept = &document.annotations[..document.annotations.len().min(MAX_ANNOTATIONS)];
    for batch in kept.chunks(BATCH) {
        let body = serde_json::to_string::<[Annotation]>(batch)?;
        request("POST", &annotations, target.proxy.as_ref(), &body)?;
    }
    Ok(())
}

/// One request; anything but a 2xx answer is an error naming the request and the answer.
fn request(method: &str, url: &HttpUrl, proxy: Option<&HttpUrl>, body: &str) -> anyhow::Result<()> {
    let shown = format!("{method} http://{}:{}{}", url.host, url.port, url.path);
    let response = http::send(method, url, proxy, body).with_context(|| shown.clone())?;
    if !(200..300).contains(&response.status) {
        bail!(
            "{shown} was refused: HTTP {} {}",
            response.status,
            excerpt(&response.text)
        );
    }
    Ok(())
}

/// The first 300 characters of a response, on one line.
fn excerpt(text: &str) -> String {
    text.chars()
        .take(300)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_server::{Recorded, TestServer};

    /// A document with `count` annotations numbered from 0.
    fn sample(count: usize) -> Document {
        let annotation = |n: usize| Annotation {
            external_id: format!("stowaway-{n}"),
            annotation_type: "VULNERABILITY".to_owned(),
            summary: "s".to_owned(),
            details: "d".to_owned(),
            severity: "HIGH".to_owned(),
            path: "Dockerfile".to_owned(),
            line: 1,
            result: "FAILED".to_owned(),
            link: "l".to_owned(),
        };
        let document = serde_json::json!({
            "report": { "title": "stowaway", "details": "d", "report_type": "SECURITY",
                "reporter": "stowaway", "result": "FAILED", "data": [] },
            "annotations": [],
        });
        let mut document: Document = serde_json::from_value(document).expect("valid");
        document.annotations = (0..count).map(annotation).collect();
        document
    }

    fn target_at(base: &str, proxy: Option<&str>) -> Target {
        let url = format!("{base}/2.0/repositories/ws/repo/commit/abc123/reports/stowaway");
        Target {
            report: HttpUrl::parse(&url).expect("valid"),
            proxy: proxy.map(|p| HttpUrl::parse(p).expect("valid")),
        }
    }

    fn ids(request: &Recorded) -> Vec<String> {
        let batch: Vec<Annotation> = serde_json::from_str(&request.body).expect("annotations");
        batch.into_iter().map(|a| a.external_id).collect()
    }

    #[test]
    fn report_then_annotations_in_batches_of_one_hundred() {
        let server = TestServer::start(4, |_, _| 200);
        let document = sample(250);
        publish(&target_at(&server.url(), None), &document).expect("published");
        let requests = server.finish();

        let report = "/2.0/repositories/ws/repo/commit/abc123/reports/stowaway";
        let annotations = format!("{report}/annotations");
        let shape: Vec<(&str, &str)> = requests
            .iter()
            .map(|r| (r.method.as_str(), r.target.as_str()))
            .collect();
        assert_eq!(
            shape,
            [
                ("PUT", report),
                ("POST", &annotations),
                ("POST", &annotations),
                ("POST", &annotations)
            ]
        );
        let report_body: serde_json::Value = serde_json::from_str(&requests[0].body).expect("json");
        assert_eq!(
            report_body,
            serde_json::to_value(&document.report).expect("json")
        );
        let sizes: Vec<usize> = requests[1..].iter().map(|r| ids(r).len()).collect();
        assert_eq!(sizes, [100, 100, 50]);
        assert_eq!(ids(&requests[1])[0], "stowaway-0");
        assert_eq!(ids(&requests[3])[49], "stowaway-249");
    }

    #[test]
    fn at_most_one_thousand_annotations_are_sent() {
        let server = TestServer::start(11, |_, _| 201);
        publish(&target_at(&server.url(), None), &sample(1005)).expect("published");
        let requests = server.finish();
        assert_eq!(requests.len(), 11);
        let sent: usize = requests[1..].iter().map(|r| ids(r).len()).sum();
        assert_eq!(sent, 1000);
    }

    #[test]
    fn through_a_proxy_the_absolute_url_is_sent_to_the_proxy() {
        // The API host is a closed loopback port: only the proxy can answer.
        let proxy = TestServer::start(2, |_, _| 200);
        let target = target_at("http://127.0.0.1:9", Some(&proxy.url()));
        publish(&target, &sample(1)).expect("published");
        let requests = proxy.finish();
        assert_eq!(
            requests[0].target,
            "http://127.0.0.1:9/2.0/repositories/ws/repo/commit/abc123/reports/stowaway"
        );
        assert_eq!(requests[1].method, "POST");
    }

    #[test]
    fn a_refused_request_stops_publishing_with_its_status() {
        let server = TestServer::start(1, |_, _| 403);
        let target = target_at(&server.url(), None);
        let error = publish(&target, &sample(3)).expect_err("refused");
        let requests = server.finish();
        assert_eq!(requests.len(), 1);
        assert_eq!(
            error.to_string(),
            format!(
                "PUT http://{}/2.0/repositories/ws/repo/commit/abc123/reports/stowaway was \
                 refused: HTTP 403 Test {{\"status\":403}}",
                server_address(&target)
            )
        );
    }

    fn server_address(target: &Target) -> String {
        format!("{}:{}", target.report.host, target.report.port)
    }

    #[test]
    fn path_segments_are_percent_encoded() {
        assert_eq!(segment("{1234-ab}"), "%7B1234-ab%7D");
        assert_eq!(segment("my repo/x"), "my%20repo%2Fx");
        assert_eq!(segment("a.b_c~d"), "a.b_c~d");
    }
}
