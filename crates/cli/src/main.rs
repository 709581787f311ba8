//! The `stowaway` command line: `stowaway check [PATH]...` discovers Dockerfiles and
//! pipelines, reads them, runs the library's `check`, renders the report on stdout and
//! exits 0, 1 or 2.

mod args;
mod crash;
mod discover;
mod exit;
mod logging;
mod problem;
mod read;
mod render;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use stowaway_lint_core::secrets::{NameRules, masked_sources};

use crate::args::{CheckArgs, Cli, Command};
use crate::render::RenderOptions;

fn main() -> ExitCode {
    crash::install();
    let Command::Check(args) = Cli::parse().command;
    logging::init(args.quiet, args.verbose);
    match run(&args) {
        Ok(status) => ExitCode::from(status),
        Err(error) => {
            // Only the report can fail here (stdout closed, say); nothing else is left to say.
            let _ = writeln!(io::stderr(), "error: {error:#}");
            ExitCode::from(exit::TROUBLE)
        }
    }
}

/// Runs `stowaway check` and returns its exit status.
fn run(args: &CheckArgs) -> anyhow::Result<u8> {
    let settings = args.settings();
    let discovery = discover::discover(&args.paths, args.stdin_filename.as_deref());
    let read = read::read_all(&discovery.files, args.max_file_size);

    let mut sources = read.sources;
    let mut diagnostics = stowaway_lint_core::check(&sources, &settings);
    read::add_refused(&mut sources, read.refused, &settings, &mut diagnostics);
    render::sort_diagnostics(&sources, &mut diagnostics);
    tracing::info!(
        files = sources.len(),
        findings = diagnostics.len(),
        "checked"
    );

    let problems = [discovery.problems, read.problems].concat();
    problem::print_all(&problems)?;
    // Reports quote source lines: they see only a copy with every literal secret masked.
    let names = NameRules::new(
        &settings.secret_names,
        &settings.not_secret_names,
        &settings.secret_nouns,
    );
    let shown = masked_sources(&sources, &names, &diagnostics);
    render::render(
        args.format,
        &shown,
        &diagnostics,
        render_options(args),
        io::stdout().lock(),
    )?;
    Ok(exit::status(
        &diagnostics,
        args.fail_on,
        !problems.is_empty(),
    ))
}

/// How the report should look, from the flags and the terminal.
fn render_options(args: &CheckArgs) -> RenderOptions {
    let no_color = std::env::var_os("NO_COLOR");
    let terminal = io::stdout().is_terminal();
    let color = render::use_color(args.color, terminal, no_color.as_deref());
    RenderOptions {
        color,
        quiet: args.quiet,
    }
}
