//! The command line: every subcommand, flag and value, parsed with clap derive, and the
//! conversion of those choices into the library's [`Settings`].

use std::path::{Path, PathBuf};

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use stowaway_lint_core::config;
use stowaway_lint_core::rules::Rule;
use stowaway_lint_core::settings::Settings;

/// Default for `--max-file-size`: 10 MiB.
const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// `stowaway`: finds build secrets leaking through Dockerfiles and bitbucket-pipelines.yml.
#[derive(Debug, Parser)]
#[command(name = "stowaway", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Dockerfiles and bitbucket-pipelines.yml files for leaking secrets.
    Check(CheckArgs),
    /// Publish the findings to a CI service.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Run the language server over stdio (for editors).
    Server,
    /// Print a rule's documentation.
    Rule(RuleArgs),
    /// List every rule with its default severity and whether it has a fix.
    Rules(RulesArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
}

/// The services `stowaway report` publishes to.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Publish a Code Insights report on the current commit, from a Bitbucket Pipelines step.
    Bitbucket(crate::report::bitbucket::BitbucketArgs),
}

/// The arguments of `stowaway rule`.
#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule's name.
    #[arg(value_name = "RULE", value_parser = parse_rule)]
    pub rule: Rule,

    /// Output format.
    #[arg(long, value_enum, default_value_t = PageFormat::Text)]
    pub format: PageFormat,
}

/// The arguments of `stowaway rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = PageFormat::Text)]
    pub format: PageFormat,
}

/// The arguments of `stowaway completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// How `stowaway rule` and `stowaway rules` print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PageFormat {
    /// Markdown page, or an aligned table.
    Text,
    /// JSON.
    Json,
}

/// The arguments of `stowaway check`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("fixing").args(["fix", "diff"]).multiple(true)))]
pub struct CheckArgs {
    /// Files or folders to check; `-` reads standard input (needs --stdin-filename).
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Run only these rules (comma-separated).
    #[arg(long, value_name = "RULE", value_delimiter = ',', value_parser = parse_rule)]
    pub select: Option<Vec<Rule>>,

    /// Never run these rules (comma-separated).
    #[arg(long, value_name = "RULE", value_delimiter = ',', value_parser = parse_rule)]
    pub ignore: Vec<Rule>,

    /// A variable name that is secret whatever it looks like (repeatable).
    #[arg(long = "secret", value_name = "NAME")]
    pub secret_names: Vec<String>,

    /// A variable name that looks secret and is not (repeatable).
    #[arg(long = "not-secret", value_name = "NAME")]
    pub not_secret_names: Vec<String>,

    /// Lowest severity that makes the exit status 1 [default: the configuration's
    /// `fail-on`, else warning].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Use this configuration file for every checked file instead of the nearest
    /// `stowaway.toml` or `.stowaway.toml`.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Ignore every configuration file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,

    /// When to colour the human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// The path that standard input stands for; its name decides the file kind.
    /// Required when a PATH is `-`.
    #[arg(long, value_name = "NAME", required_if_eq("paths", "-"))]
    pub stdin_filename: Option<PathBuf>,

    /// Files larger than this many bytes are refused without being read.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,

    /// Apply the safe fixes, then report what is left.
    #[arg(long)]
    pub fix: bool,

    /// Apply the unsafe fixes too (with --fix or --diff).
    #[arg(long, requires = "fixing")]
    pub unsafe_fixes: bool,

    /// Print a unified diff of every file the fixes would change, and write nothing.
    #[arg(long)]
    pub diff: bool,

    /// Print only errors on stderr, and no summary line.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,

    /// More logging on stderr (repeat for more).
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// The report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Annotated source snippets and a summary.
    Human,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// The versioned JSON report.
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub and others).
    Sarif,
    /// GitHub Actions workflow commands: one annotation per finding.
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// Checkstyle XML.
    Checkstyle,
    /// A Bitbucket Code Insights report and its annotations, as one JSON document.
    Bitbucket,
}

impl Format {
    /// Whether the report quotes or hashes source text (snippets, fingerprints), so that it
    /// must only see sources with their literal secrets masked. The others read positions
    /// alone.
    pub fn reads_source_text(self) -> bool {
        match self {
            Format::Human | Format::Sarif | Format::Gitlab | Format::Bitbucket => true,
            Format::Concise | Format::Json | Format::Github | Format::Checkstyle => false,
        }
    }
}

/// The `--fail-on` threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Only errors fail the run.
    Error,
    /// Warnings and errors fail the run.
    Warning,
    /// Every finding fails the run.
    Info,
    /// Findings never fail the run.
    Never,
}

/// The `--color` choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and `NO_COLOR` is unset or empty.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl CheckArgs {
    /// Whether the run applies fixes (to write them, or to show their diff).
    pub fn fixing(&self) -> bool {
        self.fix || self.diff
    }

    /// `settings` (from a configuration file, or the defaults) with the flags applied:
    /// `--select` replaces the selection; `--ignore`, `--secret` and `--not-secret` add to
    /// the lists.
    pub fn apply(&self, mut settings: Settings) -> Settings {
        if let Some(select) = &self.select {
            settings.select = Some(select.clone());
        }
        extend_unique(&mut settings.ignore, &self.ignore);
        extend_unique(&mut settings.secret_names, &self.secret_names);
        extend_unique(&mut settings.not_secret_names, &self.not_secret_names);
        settings
    }

    /// The failure threshold: the flag, else the configuration's, else warning.
    pub fn fail_on(&self, configured: Option<config::FailOn>) -> config::FailOn {
        self.fail_on
            .map(FailOn::to_config)
            .or(configured)
            .unwrap_or(config::FailOn::Warning)
    }
}

impl FailOn {
    /// The same threshold as the library names it.
    pub const fn to_config(self) -> config::FailOn {
        match self {
            FailOn::Error => config::FailOn::Error,
            FailOn::Warning => config::FailOn::Warning,
            FailOn::Info => config::FailOn::Info,
            FailOn::Never => config::FailOn::Never,
        }
    }
}

/// Appends the items of `extra` that `list` does not hold yet.
fn extend_unique<T: Clone + PartialEq>(list: &mut Vec<T>, extra: &[T]) {
    for item in extra {
        if !list.contains(item) {
            list.push(item.clone());
        }
    }
}

/// Whether `path` is the `-` that stands for standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Parses a rule name, listing the valid names when it is unknown.
fn parse_rule(name: &str) -> Result<Rule, String> {
    Rule::from_name(name).ok_or_else(|| {
        let valid: Vec<&str> = Rule::ALL.iter().map(|rule| rule.name()).collect();
        format!("unknown rule `{name}`; valid rules: {}", valid.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn select_splits_on_commas_into_rules() {
        let cli = Cli::try_parse_from(["stowaway", "check", "--select", "secret-env,syntax-error"])
            .expect("valid arguments");
        let Command::Check(args) = cli.command else {
            panic!("parsed as check");
        };
        assert_eq!(args.select, Some(vec![Rule::SecretEnv, Rule::SyntaxError]));
        assert_eq!(args.paths, vec![PathBuf::from(".")]);
    }

    fn check_args(args: &[&str]) -> CheckArgs {
        let cli = Cli::try_parse_from(args).expect("valid arguments");
        let Command::Check(args) = cli.command else {
            panic!("a check command");
        };
        args
    }

    #[test]
    fn flags_override_the_configuration() {
        let args = check_args(&[
            "stowaway",
            "check",
            "--select",
            "secret-env",
            "--ignore",
            "syntax-error",
            "--secret",
            "A",
            "--not-secret",
            "B",
        ]);
        let configured = Settings {
            select: Some(vec![Rule::SecretBuildArg]),
            ignore: vec![Rule::SyntaxError, Rule::SecretInArtifact],
            secret_names: vec!["C".to_owned()],
            ..Settings::default()
        };
        assert_eq!(
            args.apply(configured),
            Settings {
                select: Some(vec![Rule::SecretEnv]),
                ignore: vec![Rule::SyntaxError, Rule::SecretInArtifact],
                secret_names: vec!["C".to_owned(), "A".to_owned()],
                not_secret_names: vec!["B".to_owned()],
                ..Settings::default()
            }
        );
    }

    #[test]
    fn fail_on_flag_wins_over_the_configuration_which_wins_over_the_default() {
        let flag = check_args(&["stowaway", "check", "--fail-on", "never"]);
        assert_eq!(
            flag.fail_on(Some(config::FailOn::Info)),
            config::FailOn::Never
        );
        let none = check_args(&["stowaway", "check"]);
        assert_eq!(
            none.fail_on(Some(config::FailOn::Info)),
            config::FailOn::Info
        );
        assert_eq!(none.fail_on(None), config::FailOn::Warning);
    }

    #[test]
    fn config_and_no_config_conflict() {
        let err = Cli::try_parse_from(["stowaway", "check", "--config", "a.toml", "--no-config"])
            .expect_err("conflict");
        assert_eq!(err.kind(), clap::error::ErrorKind::ArgumentConflict);
    }

    #[test]
    fn unknown_rule_is_a_usage_error_naming_the_valid_rules() {
        let err = Cli::try_parse_from(["stowaway", "check", "--ignore", "nope"])
            .expect_err("unknown rule");
        assert_eq!(err.kind(), clap::error::ErrorKind::ValueValidation);
        assert_eq!(err.exit_code(), 2);
        // The whole message is pinned by the end-to-end test `unknown_select_rule_...`.
    }

    #[test]
    fn unsafe_fixes_needs_fix_or_diff() {
        let err = Cli::try_parse_from(["stowaway", "check", "--unsafe-fixes"])
            .expect_err("needs --fix or --diff");
        assert_eq!(err.kind(), clap::error::ErrorKind::MissingRequiredArgument);
        for flag in ["--fix", "--diff"] {
            let cli = Cli::try_parse_from(["stowaway", "check", flag, "--unsafe-fixes"])
                .expect("valid arguments");
            let Command::Check(args) = cli.command else {
                panic!("parsed as check");
            };
            assert!(args.fixing() && args.unsafe_fixes);
        }
    }

    #[test]
    fn stdin_without_a_filename_is_a_usage_error() {
        let err = Cli::try_parse_from(["stowaway", "check", "a", "-"]).expect_err("needs a name");
        assert_eq!(err.kind(), clap::error::ErrorKind::MissingRequiredArgument);
        assert_eq!(err.exit_code(), 2);
    }
}
