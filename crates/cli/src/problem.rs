//! Problems with the run itself rather than findings in a file: a missing path, an
//! unreadable file or folder. Each is printed on stderr and makes the exit status 2.

use std::io::{self, Write};
use std::path::Path;

/// How a problem is printed; both kinds make the exit status 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// An entry met while walking a folder was skipped.
    Warning,
    /// A path given on the command line could not be checked.
    Error,
}

/// One problem, with the path it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Printed as `warning:` or `error:`.
    pub level: Level,
    /// The path as reported (relative, `/` separators).
    pub path: String,
    /// What went wrong, without the OS error number.
    pub message: String,
}

impl Problem {
    /// A problem of `level` about `path` caused by `error`.
    pub fn from_io(level: Level, path: &Path, error: &io::Error) -> Self {
        Self {
            level,
            path: report_path(path),
            message: io_message(error),
        }
    }

    /// The line printed on stderr, without its newline.
    pub fn line(&self) -> String {
        let level = match self.level {
            Level::Warning => "warning",
            Level::Error => "error",
        };
        format!("{level}: {}: {}", self.path, self.message)
    }
}

/// Prints every problem on stderr, one line each.
pub fn print_all(problems: &[Problem]) -> io::Result<()> {
    let mut stderr = io::stderr().lock();
    for problem in problems {
        writeln!(stderr, "{}", problem.line())?;
    }
    Ok(())
}

/// A path as reports show it: `./` components dropped, `/` separators.
pub fn report_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter(|part| !matches!(part, std::path::Component::CurDir))
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [] => ".".to_owned(),
        [root, rest @ ..] if root == "/" => format!("/{}", rest.join("/")),
        _ => parts.join("/"),
    }
}

/// The message of an I/O error without the trailing `(os error N)`.
pub fn io_message(error: &io::Error) -> String {
    let text = error.to_string();
    match text.rfind(" (os error ") {
        Some(at) if text.ends_with(')') => text[..at].to_owned(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_path_drops_current_dir_components() {
        assert_eq!(report_path(Path::new("./a/./Dockerfile")), "a/Dockerfile");
        assert_eq!(report_path(Path::new(".")), ".");
        assert_eq!(report_path(Path::new("/abs/x")), "/abs/x");
        assert_eq!(report_path(Path::new("../up/x")), "../up/x");
    }

    #[test]
    fn io_message_drops_the_os_error_number() {
        let error = io::Error::from_raw_os_error(2);
        assert_eq!(io_message(&error), "No such file or directory");
    }

    #[test]
    fn problem_line_names_level_path_and_message() {
        let error = io::Error::from_raw_os_error(2);
        let problem = Problem::from_io(Level::Error, Path::new("./missing"), &error);
        assert_eq!(problem.line(), "error: missing: No such file or directory");
    }
}
