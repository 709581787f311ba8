//! The `stowaway` command line: `stowaway check [PATH]...` discovers Dockerfiles and
//! pipelines, reads them, runs the library's `check`, renders the report on stdout and
//! exits 0, 1 or 2.

mod args;
mod configure;
mod crash;
mod discover;
mod exit;
mod fixing;
mod logging;
mod problem;
mod read;
mod render;
mod report;
mod rule_pages;
mod write;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: the analysis makes millions of small, short-lived
/// allocations across threads, where glibc's malloc spent about a fifth of the run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use stowaway_lint_core::secrets::{NameRules, masked_sources};

use stowaway_lint_core::diagnostic::Diagnostic;
use stowaway_lint_core::source::SourceSet;

use crate::args::{CheckArgs, Cli, Command, ReportCommand};
use crate::problem::Problem;
use crate::render::RenderOptions;

fn main() -> ExitCode {
    crash::install();
    use_deep_stacks();
    let command = Cli::parse().command;
    let result = match &command {
        Command::Check(args) => {
            logging::init(args.quiet, args.verbose);
            run(args)
        }
        Command::Report(ReportCommand::Bitbucket(args)) => {
            logging::init(args.check.quiet, args.check.verbose);
            report::bitbucket::run(args)
        }
        Command::Server => return server(),
        Command::Rule(args) => rule_pages::rule(args).map(|()| 0),
        Command::Rules(args) => rule_pages::rules(args).map(|()| 0),
        Command::Completions(args) => rule_pages::completions(args).map(|()| 0),
    };
    match result {
        Ok(status) => ExitCode::from(status),
        Err(error) => {
            // Only the report can fail here (stdout closed, say); nothing else is left to say.
            let _ = writeln!(io::stderr(), "error: {error:#}");
            ExitCode::from(exit::TROUBLE)
        }
    }
}

/// Builds the worker threads with the stack the YAML parser needs, so that each pipeline
/// is parsed in place rather than on a thread started for it.
fn use_deep_stacks() {
    use stowaway_lint_core::pipeline::{PARSER_STACK, declare_parser_stack};
    let built = rayon::ThreadPoolBuilder::new()
        .stack_size(PARSER_STACK + (1 << 20))
        .start_handler(|_| declare_parser_stack())
        .build_global();
    if let Err(error) = built {
        tracing::debug!(%error, "default thread pool kept");
    }
}

/// Runs `stowaway server`: the language server over stdio, logging to stderr.
fn server() -> ExitCode {
    logging::init(false, 0);
    match stowaway_lsp::run_stdio() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error}");
            ExitCode::FAILURE
        }
    }
}

/// What a check found: the files, the sorted findings and the problems met on the way.
struct Checked {
    sources: SourceSet,
    diagnostics: Vec<Diagnostic>,
    problems: Vec<Problem>,
    /// The configuration of each file.
    configs: configure::Resolved,
    /// Fixes that could not be applied or written.
    fix_errors: Vec<String>,
    /// With `--diff`: whether a file would change (the diff is already printed).
    diff_changes: Option<bool>,
}

/// Discovers, reads and checks the files the flags name (applying fixes when asked);
/// findings in report order.
fn analyze(args: &CheckArgs) -> anyhow::Result<Checked> {
    let discovery = discover::discover(&args.paths, args.stdin_filename.as_deref());
    let (files, configs) = configure::resolve(args, discovery.files)?;
    let read = read::read_all(&files, args.max_file_size);

    let fallback = configs.scopes[0].settings.clone();
    let (mut sources, fix_errors, diff_changes) = if args.fixing() {
        let fixed = fixing::run(args, &files, read.sources, &fallback, io::stdout())?;
        (fixed.sources, fixed.errors, fixed.diff_changes)
    } else {
        (read.sources, Vec::new(), None)
    };
    let mut diagnostics = configs.settings_by_file(&sources).check(&sources);
    read::add_refused(&mut sources, read.refused, &fallback, &mut diagnostics);
    render::sort_diagnostics(&sources, &mut diagnostics);
    tracing::info!(
        files = sources.len(),
        findings = diagnostics.len(),
        "checked"
    );
    Ok(Checked {
        sources,
        diagnostics,
        problems: [discovery.problems, read.problems].concat(),
        configs,
        fix_errors,
        diff_changes,
    })
}

/// Runs `stowaway check` and returns its exit status.
fn run(args: &CheckArgs) -> anyhow::Result<u8> {
    let checked = analyze(args)?;
    problem::print_all(&checked.problems)?;
    print_lines(&checked.fix_errors)?;
    let trouble = !checked.problems.is_empty() || !checked.fix_errors.is_empty();
    if let Some(changed) = checked.diff_changes {
        return Ok(exit::status_of(changed, trouble));
    }
    // Reports that quote or hash source text see only a copy with every literal secret
    // masked; the others read positions alone, which masking keeps.
    let masked;
    let shown = if args.format.reads_source_text() {
        let settings = &checked.configs.scopes[0].settings;
        let names = NameRules::new(
            &settings.secret_names,
            &settings.not_secret_names,
            &settings.secret_nouns,
        );
        masked = masked_sources(&checked.sources, &names, &checked.diagnostics);
        &masked
    } else {
        &checked.sources
    };
    // Buffered: a report is written in thousands of small pieces, and stdout alone flushes
    // at every line.
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    render::render(
        args.format,
        shown,
        &checked.diagnostics,
        render_options(args),
        &mut out,
    )?;
    out.flush()?;
    let failed = checked
        .diagnostics
        .iter()
        .any(|d| checked.configs.fails(&checked.sources, d));
    Ok(exit::status_of(failed, trouble))
}

/// Prints each line on stderr.
fn print_lines(lines: &[String]) -> io::Result<()> {
    let mut stderr = io::stderr().lock();
    for line in lines {
        writeln!(stderr, "{line}")?;
    }
    Ok(())
}

/// How the report should look, from the flags and the terminal.
fn render_options(args: &CheckArgs) -> RenderOptions {
    let no_color = std::env::var_os("NO_COLOR");
    let terminal = io::stdout().is_terminal();
    let color = render::use_color(args.color, terminal, no_color.as_deref());
    RenderOptions {
        color,
        quiet: args.quiet,
        fail_on: args.fail_on.unwrap_or(args::FailOn::Warning),
    }
}
