//! The `stowaway` command line: `stowaway check [PATH]...` discovers Dockerfiles and
//! pipelines, reads them, runs the library's `check`, renders the report on stdout and
//! exits 0, 1 or 2.

mod args;
mod configure;
mod discover;
mod exit;
mod logging;
mod problem;
mod read;
mod render;
mod rule_pages;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::args::{CheckArgs, Cli, Command};
use crate::render::RenderOptions;

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Check(args) => {
            logging::init(args.quiet, args.verbose);
            run(&args)
        }
        Command::Rule(args) => rule_pages::rule(&args).map(|()| 0),
        Command::Rules(args) => rule_pages::rules(&args).map(|()| 0),
        Command::Completions(args) => rule_pages::completions(&args).map(|()| 0),
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

/// Runs `stowaway check` and returns its exit status.
fn run(args: &CheckArgs) -> anyhow::Result<u8> {
    let discovery = discover::discover(&args.paths, args.stdin_filename.as_deref());
    let (files, configs) = configure::resolve(args, discovery.files)?;
    let read = read::read_all(&files, args.max_file_size);

    let mut sources = read.sources;
    let mut diagnostics = configs.settings_by_file(&sources).check(&sources);
    let fallback = &configs.scopes[0].settings;
    read::add_refused(&mut sources, read.refused, fallback, &mut diagnostics);
    render::sort_diagnostics(&sources, &mut diagnostics);
    tracing::info!(
        files = sources.len(),
        findings = diagnostics.len(),
        "checked"
    );

    let problems = [discovery.problems, read.problems].concat();
    problem::print_all(&problems)?;
    render::render(
        args.format,
        &sources,
        &diagnostics,
        render_options(args),
        io::stdout().lock(),
    )?;
    let failed = diagnostics.iter().any(|d| configs.fails(&sources, d));
    Ok(exit::status_of(failed, !problems.is_empty()))
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
