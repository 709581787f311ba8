//! Literal credentials: each shape found with its exact range, look-alikes left alone,
//! values judged for secret names, and robustness on multi-byte text.
//!
//! Test tokens are assembled at run time from harmless pieces, so that no complete
//! credential shape appears in the source.

use stowaway_lint_core::secrets::{
    CredentialKind, CredentialMatch, find_credentials, is_fingerprint, looks_like_secret_value,
};
use stowaway_lint_core::text::TextRange;

/// Scans `before + token + after` and expects exactly `token`, as `kind`.
fn assert_found(before: &str, token: &str, after: &str, kind: CredentialKind) {
    let text = format!("{before}{token}{after}");
    let start = before.len();
    let expected = vec![CredentialMatch {
        range: TextRange::new(start, start + token.len()),
        kind,
    }];
    assert_eq!(find_credentials(&text), expected, "in {text:?}");
}

fn aws_key_id() -> String {
    format!("AKIA{}", "2E0A8F3B244C9986")
}

fn github_token() -> String {
    format!("ghp_{}", "a1B2".repeat(9))
}

#[test]
fn aws_access_key_ids() {
    assert_found(
        "export AWS_ACCESS_KEY_ID=",
        &aws_key_id(),
        "\n",
        CredentialKind::AwsAccessKeyId,
    );
    let session = format!("ASIA{}", "Q7W3E9R1T5Y2U8I4");
    assert_found("key: \"", &session, "\"", CredentialKind::AwsAccessKeyId);
}

#[test]
fn aws_secret_access_keys_after_their_name() {
    let secret = "9aZ/".repeat(10);
    assert_found(
        "aws_secret_access_key = ",
        &secret,
        "\n",
        CredentialKind::AwsSecretAccessKey,
    );
    assert_found(
        "AWS_SECRET_ACCESS_KEY: \"",
        &secret,
        "\"",
        CredentialKind::AwsSecretAccessKey,
    );
    assert_eq!(find_credentials(&format!("some_value = {secret}")), vec![]);
}

#[test]
fn github_tokens() {
    assert_found(
        "git clone https://x:",
        &github_token(),
        "@github.com/o/r",
        CredentialKind::GitHubToken,
    );
    for prefix in ["gho_", "ghu_", "ghs_", "ghr_"] {
        let token = format!("{prefix}{}", "Zq9x".repeat(9));
        assert_found("T=", &token, "", CredentialKind::GitHubToken);
    }
    let fine_grained = format!("github_pat_{}x9", "aB3_".repeat(20));
    assert_found("--token ", &fine_grained, " ", CredentialKind::GitHubToken);
}

#[test]
fn gitlab_token_stops_before_a_full_stop() {
    let token = format!("glpat-{}", "xY7-zQ2_wE5rT8uI9oP0");
    assert_found("use ", &token, ". Then", CredentialKind::GitLabToken);
}

#[test]
fn slack_tokens_and_webhooks() {
    let token = format!(
        "xoxb-{}",
        "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
    );
    assert_found("SLACK=", &token, "\n", CredentialKind::SlackToken);
    let hook = format!(
        "https://hooks.slack.com/services/{}",
        "T0ABCDEF1/B0ABCDEF2/aB3dE5fG7hI9jK1lM3nO5pQ7"
    );
    assert_found(
        "curl -X POST \"",
        &hook,
        "\" -d '{}'",
        CredentialKind::SlackWebhook,
    );
}

#[test]
fn npm_tokens() {
    let token = format!("npm_{}", "a1B2".repeat(9));
    assert_found(
        "//registry.npmjs.org/:_authToken=",
        &token,
        "\n",
        CredentialKind::NpmToken,
    );
}

#[test]
fn stripe_google_docker_hub_and_bitbucket() {
    let stripe = format!("sk_live_{}", "4eC39HqLyjWDarjtT1zdp7dc");
    assert_found("STRIPE=", &stripe, " ", CredentialKind::StripeKey);
    let restricted = format!("rk_live_{}", "4eC39HqLyjWDarjtT1zdp7dc");
    assert_found("", &restricted, "", CredentialKind::StripeKey);
    let google = format!("AIza{}", "aB3-_".repeat(7));
    assert_found("key=", &google, "&q=x", CredentialKind::GoogleApiKey);
    let docker = format!("dckr_pat_{}Y7", "aB3-x".repeat(5));
    assert_found(
        "echo ",
        &docker,
        " | docker login",
        CredentialKind::DockerHubToken,
    );
    let bitbucket = format!("ATBB{}", "a1B2".repeat(8));
    assert_found(
        "https://me:",
        &bitbucket,
        "@bitbucket.org/w/r.git",
        CredentialKind::BitbucketAppPassword,
    );
}

fn key_body() -> String {
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n".repeat(2)
}

#[test]
fn private_key_block_up_to_its_end_line() {
    let block = format!(
        "{}\n{}{}",
        "-----BEGIN OPENSSH PRIVATE KEY-----",
        key_body(),
        "-----END OPENSSH PRIVATE KEY-----"
    );
    assert_found(
        "RUN echo \"",
        &block,
        "\" > /root/.ssh/id\n",
        CredentialKind::PrivateKeyBlock,
    );
}

#[test]
fn private_key_block_in_an_escaped_string() {
    let block = format!(
        "-----BEGIN RSA PRIVATE KEY-----\\n{}\\n-----END RSA PRIVATE KEY-----",
        "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw"
    );
    assert_found(
        "{\"key\": \"",
        &block,
        "\"}",
        CredentialKind::PrivateKeyBlock,
    );
}

#[test]
fn unterminated_private_key_block_ends_at_its_last_key_material() {
    let body = key_body();
    let block = format!("-----BEGIN EC PRIVATE KEY-----\n{}", body.trim_end());
    assert_found("    ", &block, "\n", CredentialKind::PrivateKeyBlock);
    assert_found(
        "    ",
        &block,
        "\n\nRUN make\n",
        CredentialKind::PrivateKeyBlock,
    );
}

/// The ranges of `find_credentials(text)`, as (start, end) byte offsets.
fn key_ranges(text: &str) -> Vec<(usize, usize)> {
    find_credentials(text)
        .into_iter()
        .map(|m| {
            assert_eq!(m.kind, CredentialKind::PrivateKeyBlock, "in {text:?}");
            (m.range.start, m.range.end)
        })
        .collect()
}

#[test]
fn begin_line_alone_does_not_reach_the_end_of_a_later_key() {
    let key = format!(
        "-----BEGIN RSA PRIVATE KEY-----\n{}-----END RSA PRIVATE KEY-----",
        key_body()
    );
    let printf = "RUN printf '%s\\n' '-----BEGIN RSA PRIVATE KEY-----' > /tmp/header\n";
    let text = format!("{printf}COPY <<EOF /root/.ssh/id_rsa\n{key}\nEOF\n");
    let start = printf.len() + "COPY <<EOF /root/.ssh/id_rsa\n".len();
    assert_eq!(key_ranges(&text), vec![(start, start + key.len())]);
}

#[test]
fn begin_with_material_but_no_end_is_reported_alone_before_a_later_key() {
    let material = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw";
    let printf = format!("RUN printf '-----BEGIN RSA PRIVATE KEY-----\\n{material}' > k\n");
    let key = format!(
        "-----BEGIN RSA PRIVATE KEY-----\n{}-----END RSA PRIVATE KEY-----",
        key_body()
    );
    let text = format!("{printf}COPY <<EOF /k\n{key}\nEOF\n");
    let first = "RUN printf '".len();
    let first_end = first + "-----BEGIN RSA PRIVATE KEY-----\\n".len() + material.len();
    let second = printf.len() + "COPY <<EOF /k\n".len();
    assert_eq!(
        key_ranges(&text),
        vec![(first, first_end), (second, second + key.len())]
    );
}

#[test]
fn two_keys_in_one_file_are_two_findings() {
    let key = |label: &str| {
        format!(
            "-----BEGIN {label}-----\n{}-----END {label}-----",
            key_body()
        )
    };
    let (rsa, ssh) = (key("RSA PRIVATE KEY"), key("OPENSSH PRIVATE KEY"));
    let text = format!("{rsa}\n\n{ssh}\n");
    let second = rsa.len() + 2;
    assert_eq!(
        key_ranges(&text),
        vec![(0, rsa.len()), (second, second + ssh.len())]
    );
}

#[test]
fn end_marker_of_another_label_does_not_close_a_block() {
    let body = key_body();
    let text = format!("-----BEGIN RSA PRIVATE KEY-----\n{body}-----END EC PRIVATE KEY-----\n");
    let material_end = "-----BEGIN RSA PRIVATE KEY-----\n".len() + body.trim_end().len();
    assert_eq!(key_ranges(&text), vec![(0, material_end)]);
}

#[test]
fn encrypted_key_with_pem_headers_and_indented_yaml_lines_is_one_block() {
    let body: String = key_body()
        .lines()
        .map(|line| format!("      {line}\n"))
        .collect();
    let block = format!(
        "-----BEGIN RSA PRIVATE KEY-----\n      Proc-Type: 4,ENCRYPTED\n      \
         DEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\n{body}      -----END RSA PRIVATE KEY-----"
    );
    assert_found(
        "  key: |\n      ",
        &block,
        "\n",
        CredentialKind::PrivateKeyBlock,
    );
}

#[test]
fn key_in_continued_dockerfile_string_is_one_block() {
    let block = format!(
        "-----BEGIN OPENSSH PRIVATE KEY-----\\n\\\n{}\\n\\\n-----END OPENSSH PRIVATE KEY-----",
        key_body().replace('\n', "")
    );
    assert_found(
        "RUN echo \"",
        &block,
        "\" > /k\n",
        CredentialKind::PrivateKeyBlock,
    );
}

#[test]
fn private_key_markers_without_key_material_are_ignored() {
    let grep = "grep -q -- '-----BEGIN RSA PRIVATE KEY-----' key.pem && echo ok\n";
    assert_eq!(find_credentials(grep), vec![]);
    let empty = "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----";
    assert_eq!(find_credentials(empty), vec![]);
    let public = format!(
        "-----BEGIN PUBLIC KEY-----\n{}-----END PUBLIC KEY-----",
        key_body()
    );
    assert_eq!(find_credentials(&public), vec![]);
}

#[test]
fn token_shapes_inside_a_key_block_are_not_reported_twice() {
    let inner = format!("AIza{}", "aB3-_".repeat(7));
    let block = format!(
        "-----BEGIN PRIVATE KEY-----\n{}/{inner}/\n-----END PRIVATE KEY-----",
        key_body()
    );
    assert_found("", &block, "", CredentialKind::PrivateKeyBlock);
}

#[test]
fn several_tokens_in_order() {
    let text = format!("A={} B={}", github_token(), aws_key_id());
    let ranges: Vec<(usize, usize, CredentialKind)> = find_credentials(&text)
        .into_iter()
        .map(|m| (m.range.start, m.range.end, m.kind))
        .collect();
    assert_eq!(
        ranges,
        vec![
            (2, 42, CredentialKind::GitHubToken),
            (45, 65, CredentialKind::AwsAccessKeyId)
        ]
    );
}

#[test]
fn look_alikes_are_not_credentials() {
    let texts = [
        "id: 123e4567-e89b-12d3-a456-426614174000".to_string(),
        "git checkout a94a8fe5ccb19ba61c4c0873d391e987982fbbd3".to_string(),
        format!("FROM alpine@sha256:{}", "c0ffee12".repeat(8)),
        format!("data:image/png;base64,iVBORw0KGgo+{}+AAAA==", aws_key_id()),
        format!("MY{}", github_token()),
        format!("{}Z", aws_key_id()),
        format!("AKIA{}", "IOSFODNN7EXAMPLE"),
        format!("ghp_{}", "x".repeat(36)),
        format!(
            "https://hooks.slack.com/services/T00000000/B00000000/{}",
            "X".repeat(24)
        ),
        format!("npm_{}", "a1B2".repeat(8)),
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc".to_string(),
        "ENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D".to_string(),
    ];
    for text in texts {
        assert_eq!(find_credentials(&text), vec![], "in {text:?}");
    }
}

#[test]
fn ranges_count_bytes_after_multibyte_text() {
    assert_found("🔑 é ", &github_token(), " 𝄞", CredentialKind::GitHubToken);
}

#[test]
fn multibyte_characters_at_every_position_never_panic() {
    let block = format!(
        "-----BEGIN RSA PRIVATE KEY-----\n{}-----END RSA PRIVATE KEY-----",
        key_body()
    );
    let base = format!(
        "A={} B={} aws_secret_access_key={} https://hooks.slack.com/services/{} {block}",
        github_token(),
        aws_key_id(),
        "9aZ/".repeat(10),
        "T0ABCDEF1/B0ABCDEF2/aB3dE5fG7hI9jK1lM3nO5pQ7",
    );
    let boundaries: Vec<usize> = base
        .char_indices()
        .map(|(i, _)| i)
        .chain([base.len()])
        .collect();
    for &at in &boundaries {
        for wide in ["🔑", "𝄞", "é", "日"] {
            let mut text = base.clone();
            text.insert_str(at, wide);
            for found in find_credentials(&text) {
                assert!(
                    text.get(found.range.start..found.range.end).is_some(),
                    "{found:?}"
                );
            }
        }
        let truncated = base.get(..at).unwrap_or_default();
        for found in find_credentials(truncated) {
            assert!(
                truncated.get(found.range.start..found.range.end).is_some(),
                "{found:?}"
            );
        }
    }
}

#[test]
fn high_entropy_values_of_secret_names() {
    assert_eq!(
        looks_like_secret_value(true, "Zx8#kq2!Lm9@pR"),
        Some(CredentialKind::GenericHighEntropy)
    );
    assert_eq!(
        looks_like_secret_value(true, "\"Zx8#kq2!Lm9@pR\""),
        Some(CredentialKind::GenericHighEntropy)
    );
    assert_eq!(
        looks_like_secret_value(true, "postgres123"),
        Some(CredentialKind::GenericHighEntropy)
    );
    assert_eq!(looks_like_secret_value(false, "Zx8#kq2!Lm9@pR"), None);
    assert_eq!(looks_like_secret_value(true, "Hunter2!"), None);
}

#[test]
fn known_shapes_are_credentials_whatever_the_name() {
    assert_eq!(
        looks_like_secret_value(false, &aws_key_id()),
        Some(CredentialKind::AwsAccessKeyId)
    );
    let bearer = format!("Bearer {}", github_token());
    assert_eq!(
        looks_like_secret_value(false, &bearer),
        Some(CredentialKind::GitHubToken)
    );
}

#[test]
fn urls_with_a_literal_password() {
    let url = "https://deploy:Zx8kq2Lm9pR@registry.example.com/simple";
    assert_eq!(
        looks_like_secret_value(true, url),
        Some(CredentialKind::UrlWithCredentials)
    );
    assert_eq!(
        looks_like_secret_value(false, url),
        Some(CredentialKind::UrlWithCredentials)
    );
    for url in [
        "https://registry.example.com/simple",
        "https://x-token-auth:${TOKEN}@bitbucket.org/w/r.git",
        "https://x-token-auth:$TOKEN@bitbucket.org/w/r.git",
        "postgres://postgres:postgres@db:5432/app",
        "https://user:<password>@host/x",
        "https://user@host/x",
        "https://host/x?next=a:b@c",
    ] {
        assert_eq!(looks_like_secret_value(true, url), None, "{url}");
    }
}

#[test]
fn values_that_are_not_secrets() {
    let values = [
        "",
        "\"\"",
        "$NPM_TOKEN",
        "${NPM_TOKEN}",
        "$(cat /run/secrets/npm_token)",
        "`cat /run/secrets/npm_token`",
        "/run/secrets/npm_token",
        "./secrets/token.txt",
        "../token.txt",
        "~/.ssh/id_rsa",
        "A035C8C19219BA821ECEA86B64E628F8D684696D",
        "64E628F8D684696D",
        "0x64E628F8D684696D",
        "A035 C8C1 9219 BA82 1ECE  A86B 64E6 28F8 D684 696D",
        "changeme",
        "CHANGE_ME_Pl3ase!",
        "xxx",
        &format!("{}{}{}", "x".repeat(12), "X".repeat(4), "x".repeat(4)),
        "<token>",
        "{{ secrets.NPM_TOKEN }}",
        "your-token-here",
        "dummy",
        "Dummy-Value-123!",
        "example",
        "test",
        "password",
        "secret",
        "aaaaaaaaaaaaaaaa",
        "true",
        "off",
        "1234567890",
        "10.0.0.1:5432",
        "my-app-name",
        "prod-eu-west-1",
        "AwsSecretsManager",
        "Release Candidate 2024",
    ];
    for value in values {
        assert_eq!(looks_like_secret_value(true, value), None, "{value:?}");
    }
}

#[test]
fn fingerprints() {
    assert!(is_fingerprint("A035C8C19219BA821ECEA86B64E628F8D684696D"));
    assert!(is_fingerprint("a035c8c19219ba821ecea86b64e628f8d684696d"));
    assert!(is_fingerprint("0x64E628F8D684696D"));
    assert!(is_fingerprint(
        "A035 C8C1 9219 BA82 1ECE  A86B 64E6 28F8 D684 696D"
    ));
    assert!(!is_fingerprint("A035c8C19219BA821ECEA86B64E628F8D684696D"));
    assert!(!is_fingerprint("A035C8C19219BA821ECEA86B64E628F8D684696"));
    assert!(!is_fingerprint("c0ffee12c0ffee12c0ffee12c0ffee12"));
    assert!(!is_fingerprint("G035C8C19219BA82"));
    assert!(!is_fingerprint(""));
}

#[test]
fn every_kind_has_a_description() {
    assert_eq!(
        CredentialKind::AwsAccessKeyId.description(),
        "AWS access key ID"
    );
    assert_eq!(CredentialKind::PrivateKeyBlock.description(), "private key");
    assert_eq!(
        CredentialKind::GenericHighEntropy.description(),
        "high-entropy secret value"
    );
}

#[test]
fn repetitive_input_is_scanned_in_linear_time() {
    let inputs = [
        "-----BEGIN PRIVATE KEY-----".repeat(5_000),
        format!(
            "{}{}",
            "-----BEGIN RSA PRIVATE KEY-----   ".repeat(2_500),
            "-----END X-----"
        ),
        "xoxb-".repeat(25_000),
        "secret_access_key=".repeat(5_000),
        "hooks.slack.com/services/T".repeat(5_000),
    ];
    let started = std::time::Instant::now();
    for text in &inputs {
        assert_eq!(find_credentials(text), vec![]);
    }
    // Garbage made of one prefix: only the time matters.
    let _ = find_credentials(&"glpat-.".repeat(25_000));
    let _ = find_credentials(&"ghp_".repeat(25_000));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn key_written_one_quoted_printf_argument_a_line_is_one_block() {
    let lines: String = key_body()
        .lines()
        .map(|line| format!("    '{line}' \\\n"))
        .collect();
    let block =
        format!("-----BEGIN RSA PRIVATE KEY-----' \\\n{lines}    '-----END RSA PRIVATE KEY-----");
    assert_found(
        "RUN printf '%s\\n' '",
        &block,
        "' > /root/.ssh/id_rsa\n",
        CredentialKind::PrivateKeyBlock,
    );
}
