//! End-to-end tests of the configuration file, suppressions through the CLI, the rule
//! catalogue subcommands, shell completions, and the repository's own Dockerfile. The
//! binary runs in a temporary folder; exit status, stdout and stderr are compared whole.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use support::{TempDir, run, stowaway};

const NAME_ONLY: &str = "FROM alpine:3.20\nARG GITHUB_TOKEN\n";

fn name_only_finding(path: &str, severity: &str) -> String {
    format!(
        "{path}:2:5: {severity}[secret-build-arg] build arg `GITHUB_TOKEN` in stage 0 looks \
         like a secret (its name contains TOKEN) and is recorded in the exported image's \
         history: readable by anyone who can pull the image\n"
    )
}

#[test]
fn unknown_key_is_a_configuration_error_with_line_and_column() {
    let dir = TempDir::new("unknown-key");
    dir.write(
        "stowaway.toml",
        "select = []\n\n[secrets]\nnamez = [\"A\"]\n",
    )
    .write("Dockerfile", NAME_ONLY);
    let stderr = "error: stowaway.toml:4:1: unknown field `namez`, expected one of `names`, \
                  `not-secret`, `nouns`\n";
    assert_eq!(stowaway(&dir.0, &["check"]), run(2, "", stderr));
}

#[test]
fn wrong_type_in_a_parent_folder_config_names_its_relative_path() {
    let dir = TempDir::new("wrong-type");
    dir.write(".stowaway.toml", "fail-on = 3\n")
        .write("app/Dockerfile", NAME_ONLY);
    let stderr = "error: .stowaway.toml:1:11: wanted string or table\n";
    assert_eq!(stowaway(&dir.0, &["check", "app"]), run(2, "", stderr));
}

#[test]
fn each_file_follows_its_nearest_configuration() {
    let dir = TempDir::new("nearest");
    dir.write(
        "stowaway.toml",
        "[rules.secret-build-arg]\nseverity = \"info\"\n",
    )
    .write("quiet/stowaway.toml", "ignore = [\"secret-build-arg\"]\n")
    .write("Dockerfile", NAME_ONLY)
    .write("quiet/Dockerfile", NAME_ONLY)
    .write("quiet/deeper/Dockerfile", NAME_ONLY);
    let stdout = name_only_finding("Dockerfile", "info");
    assert_eq!(
        stowaway(&dir.0, &["check", "--format", "concise"]),
        run(0, &stdout, "")
    );
}

#[test]
fn no_config_ignores_the_files_and_config_uses_one_for_all() {
    let dir = TempDir::new("no-config");
    dir.write("stowaway.toml", "ignore = [\"secret-build-arg\"]\n")
        .write(
            "ci/strict.toml",
            "fail-on = \"info\"\n[rules.secret-build-arg]\nseverity = \"info\"\n",
        )
        .write("a/Dockerfile", NAME_ONLY);
    let warning = name_only_finding("a/Dockerfile", "warning");
    assert_eq!(
        stowaway(&dir.0, &["check", "--format", "concise", "--no-config"]),
        run(1, &warning, "")
    );
    let info = name_only_finding("a/Dockerfile", "info");
    let args = ["check", "--format", "concise", "--config", "ci/strict.toml"];
    assert_eq!(stowaway(&dir.0, &args), run(1, &info, ""));
}

#[test]
fn exclude_patterns_drop_walked_and_named_files() {
    let dir = TempDir::new("exclude");
    dir.write(
        "stowaway.toml",
        "exclude = [\"vendor\", \"**/*.test.Dockerfile\"]\n",
    )
    .write("vendor/lib/Dockerfile", NAME_ONLY)
    .write("app/api.test.Dockerfile", NAME_ONLY)
    .write("app/Dockerfile", NAME_ONLY);
    let stdout = name_only_finding("app/Dockerfile", "warning");
    assert_eq!(
        stowaway(&dir.0, &["check", "--format", "concise"]),
        run(1, &stdout, "")
    );
    let named = ["check", "--format", "concise", "vendor/lib/Dockerfile"];
    assert_eq!(stowaway(&dir.0, &named), run(0, "", ""));
}

#[test]
fn fail_on_comes_from_the_flag_then_the_file() {
    let dir = TempDir::new("fail-on");
    dir.write("stowaway.toml", "fail-on = \"error\"\n")
        .write("Dockerfile", NAME_ONLY);
    let stdout = name_only_finding("Dockerfile", "warning");
    assert_eq!(
        stowaway(&dir.0, &["check", "--format", "concise"]),
        run(0, &stdout, "")
    );
    let args = ["check", "--format", "concise", "--fail-on", "warning"];
    assert_eq!(stowaway(&dir.0, &args), run(1, &stdout, ""));
}

#[test]
fn flags_add_to_the_configured_lists() {
    let dir = TempDir::new("flags");
    dir.write(
        "stowaway.toml",
        "[secrets]\nnot-secret = [\"GITHUB_TOKEN\"]\n",
    )
    .write(
        "Dockerfile",
        "FROM alpine:3.20\nARG GITHUB_TOKEN\nARG LICENSE\n",
    );
    let stdout = "Dockerfile:3:5: error[secret-build-arg] build arg `LICENSE` in stage 0 holds \
                  `LICENSE` (configured as a secret) and is recorded in the exported image's \
                  history: readable by anyone who can pull the image\n";
    let args = ["check", "--format", "concise", "--secret", "LICENSE"];
    assert_eq!(stowaway(&dir.0, &args), run(1, stdout, ""));
}

#[test]
fn suppressions_and_unused_suppressions_through_the_cli() {
    let dir = TempDir::new("suppress");
    dir.write(
        "Dockerfile",
        "FROM alpine:3.20\n# stowaway: ignore[secret-build-arg] read-only token\nARG GITHUB_TOKEN\n\
         # stowaway: ignore[secret-env]\nRUN true\n",
    );
    let stdout = "Dockerfile:4:20: warning[unused-suppression] suppression of `secret-env` \
                  silences nothing\n";
    assert_eq!(
        stowaway(&dir.0, &["check", "--format", "concise"]),
        run(1, stdout, "")
    );
    let args = [
        "check",
        "--format",
        "concise",
        "--ignore",
        "unused-suppression",
    ];
    assert_eq!(stowaway(&dir.0, &args), run(0, "", ""));
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn rule_prints_the_committed_page() {
    let page = fs::read_to_string(repo_root().join("rules/secret-env.md")).expect("page");
    assert_eq!(
        stowaway(&repo_root(), &["rule", "secret-env"]),
        run(0, &page, "")
    );
}

#[test]
fn rule_as_json_carries_metadata_and_page() {
    let out = stowaway(
        &repo_root(),
        &["rule", "unused-suppression", "--format", "json"],
    );
    assert_eq!((out.code, out.stderr.as_str()), (Some(0), ""));
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let page = fs::read_to_string(repo_root().join("rules/unused-suppression.md")).expect("page");
    assert_eq!(
        value,
        serde_json::json!({
            "name": "unused-suppression",
            "summary": "A `# stowaway: ignore[...]` comment that silences nothing.",
            "default_severity": "warning",
            "has_fix": false,
            "documentation": page,
        })
    );
}

#[test]
fn unknown_rule_name_is_a_usage_error() {
    let out = stowaway(&repo_root(), &["rule", "nope"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .starts_with("error: invalid value 'nope' for '<RULE>': unknown rule `nope`"),
        "{}",
        out.stderr
    );
}

#[test]
fn rules_lists_every_rule_as_a_table() {
    let stdout = "\
RULE                       SEVERITY  FIX  SUMMARY
secret-build-arg           error     yes  A secret reaches an ARG of a stage in the exported image.
secret-env                 error     yes  A secret is stored with ENV, in the image config.
secret-file-in-layer       error     yes  Secret content written into a layer of the exported image.
secret-in-build-cache      error     yes  A secret confined to stages outside the image is persisted by the pipeline.
secret-in-artifact         error     no   A pipeline writes a secret into a file that an artifact keeps.
hardcoded-secret           error     yes  A literal credential in a Dockerfile or pipeline.
docker-login-password-arg  error     yes  `docker login -p/--password` with the password on the command line.
buildkit-required          warning   no   A build uses BuildKit-only features in a step that does not enable BuildKit.
secret-mount-mismatch      warning   no   A `--secret` that no mount uses, or a secret mount whose id no build provides.
syntax-error               error     no   A Dockerfile or YAML file that does not parse.
unused-suppression         warning   no   A `# stowaway: ignore[...]` comment that silences nothing.
";
    assert_eq!(stowaway(&repo_root(), &["rules"]), run(0, stdout, ""));
}

#[test]
fn rules_as_json_is_an_array_in_catalogue_order() {
    let out = stowaway(&repo_root(), &["rules", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let names: Vec<&str> = value
        .as_array()
        .expect("array")
        .iter()
        .map(|rule| rule["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names.len(), 11);
    assert_eq!(names.first(), Some(&"secret-build-arg"));
    assert_eq!(names.last(), Some(&"unused-suppression"));
    assert_eq!(
        value[7],
        serde_json::json!({
            "name": "buildkit-required",
            "summary": "A build uses BuildKit-only features in a step that does not enable BuildKit.",
            "default_severity": "warning",
            "has_fix": false,
        })
    );
}

#[test]
fn completions_for_each_shell() {
    let first_line = |shell: &str| {
        let out = stowaway(&repo_root(), &["completions", shell]);
        assert_eq!((out.code, out.stderr.as_str()), (Some(0), ""), "{shell}");
        out.stdout.lines().next().unwrap_or("").to_owned()
    };
    assert_eq!(first_line("bash"), "_stowaway() {");
    assert_eq!(first_line("zsh"), "#compdef stowaway");
    let fish = stowaway(&repo_root(), &["completions", "fish"]).stdout;
    assert!(
        fish.lines()
            .any(|line| line.starts_with("complete -c stowaway ") && line.contains("-a \"check\"")),
        "{fish}"
    );
}

#[test]
fn the_repository_dockerfile_passes_its_own_check() {
    assert_eq!(
        stowaway(
            &repo_root(),
            &["check", "--format", "concise", "Dockerfile"]
        ),
        run(0, "", "")
    );
    assert_eq!(
        stowaway(&repo_root(), &["check", "Dockerfile"]),
        run(0, "No problems found in 1 file.\n", "")
    );
}
