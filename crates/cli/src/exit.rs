//! The exit status: 0 clean, 1 when a finding reaches the failure threshold of its file's
//! configuration (`--fail-on`, else `fail-on`, else warning), 2 when the run had a usage,
//! configuration or I/O problem (which wins over findings).

use stowaway_lint_core::diagnostic::Diagnostic;

use crate::args::FailOn;

/// Exit status 2: usage, configuration or I/O error.
pub const TROUBLE: u8 = 2;

/// The exit status of a run where a finding reached its threshold or not, and that had
/// I/O or usage problems or not.
pub fn status_of(failed: bool, had_problems: bool) -> u8 {
    if had_problems {
        TROUBLE
    } else {
        u8::from(failed)
    }
}

/// Whether a finding reaches the `--fail-on` threshold (for reports that say pass or fail).
pub fn fails(diagnostics: &[Diagnostic], fail_on: FailOn) -> bool {
    let threshold = fail_on.to_config();
    diagnostics.iter().any(|d| threshold.fails(d.severity))
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowaway_lint_core::config::FailOn;
    use stowaway_lint_core::diagnostic::Severity;

    #[test]
    fn threshold_decides_between_zero_and_one() {
        assert!(FailOn::Warning.fails(Severity::Warning));
        assert!(!FailOn::Warning.fails(Severity::Info));
        assert!(FailOn::Info.fails(Severity::Info));
        assert!(!FailOn::Error.fails(Severity::Warning));
        assert!(FailOn::Error.fails(Severity::Error));
        assert!(!FailOn::Never.fails(Severity::Error));
        assert_eq!(status_of(true, false), 1);
        assert_eq!(status_of(false, false), 0);
    }

    #[test]
    fn io_problems_win_over_findings() {
        assert_eq!(status_of(true, true), 2);
        assert_eq!(status_of(false, true), 2);
    }
}
