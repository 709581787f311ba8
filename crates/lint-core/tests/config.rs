//! The configuration file: parsing into settings, errors located at line and column,
//! exclude patterns, the upward search, per-file settings, and the committed JSON schema.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use stowaway_lint_core::config::{self, Config, ConfigError, FailOn, SettingsByFile};
use stowaway_lint_core::diagnostic::Severity;
use stowaway_lint_core::rules::Rule;
use stowaway_lint_core::settings::{FixBuildkitStyle, Settings};
use stowaway_lint_core::source::{FileKind, SourceFile, SourceSet};

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(Path::new("stowaway.toml"), text)
}

fn error(text: &str) -> String {
    parse(text).expect_err("invalid").to_string()
}

#[test]
fn every_key_lands_in_the_settings() {
    let text = r#"
select = ["secret-env", "secret-build-arg"]
ignore = ["secret-build-arg"]
exclude = ["vendor", "**/fixtures/**"]
fail-on = "error"

[rules.secret-env]
severity = "info"

[rules.buildkit-required]

[secrets]
names = ["DEPLOY_SIGNATURE"]
not-secret = ["PUBLIC_TOKEN"]
nouns = ["BLOB"]

[fix]
buildkit = "export"
"#;
    let config = parse(text).expect("valid");
    assert_eq!(config.file.fail_on, Some(FailOn::Error));
    assert_eq!(
        config.settings(),
        Settings {
            select: Some(vec![Rule::SecretEnv, Rule::SecretBuildArg]),
            ignore: vec![Rule::SecretBuildArg],
            secret_names: vec!["DEPLOY_SIGNATURE".to_owned()],
            not_secret_names: vec!["PUBLIC_TOKEN".to_owned()],
            secret_nouns: vec!["BLOB".to_owned()],
            severity_overrides: BTreeMap::from([(Rule::SecretEnv, Severity::Info)]),
            fix_buildkit_style: FixBuildkitStyle::Export,
        }
    );
}

#[test]
fn an_empty_file_gives_the_default_settings() {
    let config = parse("").expect("valid");
    assert_eq!(config.settings(), Settings::default());
    assert_eq!(config.file.fail_on, None);
}

#[test]
fn unknown_top_level_key_is_located() {
    assert_eq!(
        error("select = []\n\nselekt = [\"secret-env\"]\n"),
        "stowaway.toml:3:1: unknown field `selekt`, expected one of `select`, `ignore`, \
         `exclude`, `fail-on`, `rules`, `secrets`, `fix`"
    );
}

#[test]
fn unknown_nested_key_is_located() {
    assert_eq!(
        error("[secrets]\nnames = []\nnot_secret = [\"A\"]\n"),
        "stowaway.toml:3:1: unknown field `not_secret`, expected one of `names`, \
         `not-secret`, `nouns`"
    );
}

#[test]
fn wrong_type_is_located_at_the_value() {
    assert_eq!(
        error("fail-on = \"error\"\nignore = \"secret-env\"\n"),
        "stowaway.toml:2:10: invalid type: string \"secret-env\", expected a sequence"
    );
}

#[test]
fn unknown_rule_names_are_located() {
    let message = error("select = [\"secret-env\", \"secret-envv\"]\n");
    assert!(
        message.starts_with("stowaway.toml:1:25: unknown variant `secret-envv`, expected one of"),
        "{message}"
    );
    let message = error("[rules.no-such-rule]\nseverity = \"info\"\n");
    assert!(
        message.starts_with("stowaway.toml:1:8: unknown variant `no-such-rule`"),
        "{message}"
    );
}

#[test]
fn bad_severity_and_fix_style_are_located() {
    assert_eq!(
        error("[rules.secret-env]\nseverity = \"fatal\"\n"),
        "stowaway.toml:2:12: unknown variant `fatal`, expected one of `info`, `warning`, `error`"
    );
    assert_eq!(
        error("[fix]\nbuildkit = \"env\"\n"),
        "stowaway.toml:2:12: unknown variant `env`, expected one of `auto`, `prefix`, `export`"
    );
}

#[test]
fn invalid_exclude_glob_is_located() {
    assert_eq!(
        error("exclude = [\"ok/**\", \"a[b\"]\n"),
        "stowaway.toml:1:21: invalid exclude pattern: unclosed character class; missing ']'"
    );
}

#[test]
fn toml_syntax_error_is_located() {
    assert_eq!(
        error("select = [\n"),
        "stowaway.toml:1:11: unclosed array, expected `]`"
    );
}

#[test]
fn unreadable_file_names_the_path() {
    let error = Config::load(Path::new("/nonexistent/stowaway.toml")).expect_err("missing");
    assert_eq!(
        error.to_string(),
        "/nonexistent/stowaway.toml: No such file or directory"
    );
}

#[test]
fn exclude_patterns_match_paths_and_their_folders_below_the_config() {
    let config = Config::parse(
        Path::new("repo/stowaway.toml"),
        "exclude = [\"vendor\", \"**/testdata/**\", \"*.dev.Dockerfile\"]\n",
    )
    .expect("valid");
    let cwd = Path::new("/work");
    let excluded = |path: &str| config.is_excluded(Path::new(path), cwd);
    assert!(excluded("repo/vendor/Dockerfile"));
    assert!(excluded("/work/repo/vendor/lib/Dockerfile"));
    assert!(excluded("repo/a/testdata/x/Dockerfile"));
    assert!(excluded("repo/api.dev.Dockerfile"));
    assert!(!excluded("repo/src/vendor/Dockerfile"));
    assert!(!excluded("repo/src/api.dev.Dockerfile"));
    assert!(!excluded("repo/Dockerfile"));
    assert!(!excluded("other/vendor/Dockerfile"));
    assert!(excluded("repo/./x/../vendor/Dockerfile"));
}

/// A folder under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("stowaway-config-{name}-{}", std::process::id()));
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

#[test]
fn find_prefers_the_nearest_folder_then_the_plain_name() {
    let dir = TempDir::new("find");
    let root = &dir.0;
    fs::create_dir_all(root.join("a/b/c")).expect("dirs");
    fs::write(root.join("stowaway.toml"), "").expect("write");
    fs::write(root.join("a/.stowaway.toml"), "").expect("write");
    fs::write(root.join("a/b/.stowaway.toml"), "").expect("write");
    fs::write(root.join("a/b/stowaway.toml"), "").expect("write");
    assert_eq!(
        config::find(&root.join("a/b/c")),
        Some(root.join("a/b/stowaway.toml"))
    );
    assert_eq!(
        config::find(&root.join("a")),
        Some(root.join("a/.stowaway.toml"))
    );
    assert_eq!(config::find(root), Some(root.join("stowaway.toml")));
}

#[test]
fn each_finding_follows_the_settings_of_its_primary_file() {
    let mut sources = SourceSet::new();
    let dockerfile = "FROM alpine:3.20\nARG GITHUB_TOKEN\n";
    let strict = sources.add(SourceFile::new(
        "a/Dockerfile",
        dockerfile,
        FileKind::Dockerfile,
    ));
    let relaxed = sources.add(SourceFile::new(
        "b/Dockerfile",
        dockerfile,
        FileKind::Dockerfile,
    ));
    let quiet = sources.add(SourceFile::new(
        "c/Dockerfile",
        dockerfile,
        FileKind::Dockerfile,
    ));

    let mut by_file = SettingsByFile::uniform(Settings::default());
    by_file.assign(strict, Settings::default());
    by_file.assign(
        relaxed,
        Settings {
            severity_overrides: BTreeMap::from([(Rule::SecretBuildArg, Severity::Info)]),
            ..Settings::default()
        },
    );
    by_file.assign(
        quiet,
        Settings {
            not_secret_names: vec!["GITHUB_TOKEN".to_owned()],
            ..Settings::default()
        },
    );

    let found: Vec<(String, Rule, Severity)> = by_file
        .check(&sources)
        .iter()
        .map(|d| {
            let path = sources.get(d.primary.file).path.display().to_string();
            (path, d.rule, d.severity)
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "a/Dockerfile".to_owned(),
                Rule::SecretBuildArg,
                Severity::Warning
            ),
            (
                "b/Dockerfile".to_owned(),
                Rule::SecretBuildArg,
                Severity::Info
            ),
        ]
    );
}

#[test]
fn committed_json_schema_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../stowaway.schema.json");
    let schema = config::json_schema();
    if std::env::var_os("STOWAWAY_BLESS").is_some() {
        fs::write(&path, &schema).expect("writable");
        return;
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == schema,
        "stowaway.schema.json is out of date: run `STOWAWAY_BLESS=1 cargo test -p \
         stowaway-lint-core --test config` and commit it"
    );
}

#[test]
fn schema_rejects_unknown_keys_and_lists_rule_names() {
    let schema: serde_json::Value = serde_json::from_str(&config::json_schema()).expect("JSON");
    assert_eq!(schema["additionalProperties"], serde_json::json!(false));
    assert_eq!(schema["title"], serde_json::json!("stowaway configuration"));
    let text = schema.to_string();
    for rule in Rule::ALL {
        assert!(text.contains(&format!("\"{}\"", rule.name())), "{rule}");
    }
}
