//! The `stowaway` command line: `stowaway check [PATH]...` discovers Dockerfiles and
//! pipelines, reads them, runs the library's `check`, renders the report on stdout and
//! exits 0, 1 or 2.

mod args;
mod discover;
mod exit;
mod fixing;
mod logging;
mod problem;
mod read;
mod render;
mod write;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::args::{CheckArgs, Cli, Command};
use crate::render::RenderOptions;

fn main() -> ExitCode {
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

    let (mut sources, mut diagnostics, fix_errors) = if args.fixing() {
        let fixed = fixing::run(
            args,
            &discovery.files,
            read.sources,
            &settings,
            io::stdout(),
        )?;
        if let Some(changed) = fixed.diff_changes {
            let problems = [discovery.problems, read.problems].concat();
            problem::print_all(&problems)?;
            print_lines(&fixed.errors)?;
            return Ok(if fixed.errors.is_empty() && problems.is_empty() {
                u8::from(changed)
            } else {
                exit::TROUBLE
            });
        }
        (fixed.sources, fixed.diagnostics, fixed.errors)
    } else {
        let diagnostics = stowaway_lint_core::check(&read.sources, &settings);
        (read.sources, diagnostics, Vec::new())
    };
    read::add_refused(&mut sources, read.refused, &settings, &mut diagnostics);
    render::sort_diagnostics(&sources, &mut diagnostics);
    tracing::info!(
        files = sources.len(),
        findings = diagnostics.len(),
        "checked"
    );

    let problems = [discovery.problems, read.problems].concat();
    problem::print_all(&problems)?;
    print_lines(&fix_errors)?;
    render::render(
        args.format,
        &sources,
        &diagnostics,
        render_options(args),
        io::stdout().lock(),
    )?;
    Ok(exit::status(
        &diagnostics,
        args.fail_on,
        !problems.is_empty() || !fix_errors.is_empty(),
    ))
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
    }
}
