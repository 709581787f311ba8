//! The exit status: 0 clean, 1 when a finding reaches the `--fail-on` threshold, 2 when
//! the run had a usage, configuration or I/O problem (which wins over findings).

use stowaway_lint_core::diagnostic::{Diagnostic, Severity};

use crate::args::FailOn;

/// Exit status 2: usage, configuration or I/O error.
pub const TROUBLE: u8 = 2;

/// The exit status of a run that reported `diagnostics` and had I/O problems or not.
pub fn status(diagnostics: &[Diagnostic], fail_on: FailOn, had_problems: bool) -> u8 {
    if had_problems {
        return TROUBLE;
    }
    u8::from(fails(diagnostics, fail_on))
}

/// Whether a finding reaches the `--fail-on` threshold.
pub fn fails(diagnostics: &[Diagnostic], fail_on: FailOn) -> bool {
    let threshold = match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    threshold.is_some_and(|t| diagnostics.iter().any(|d| d.severity >= t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowaway_lint_core::diagnostic::{Confidence, Location};
    use stowaway_lint_core::rules::Rule;
    use stowaway_lint_core::source::FileId;
    use stowaway_lint_core::text::TextRange;

    fn finding(confidence: Confidence) -> Diagnostic {
        let location = Location::new(FileId(0), TextRange::empty(0));
        Diagnostic::new(Rule::SecretEnv, confidence, location, "m")
    }

    #[test]
    fn threshold_decides_between_zero_and_one() {
        let warning = [finding(Confidence::Medium)];
        assert_eq!(status(&warning, FailOn::Warning, false), 1);
        assert_eq!(status(&warning, FailOn::Info, false), 1);
        assert_eq!(status(&warning, FailOn::Error, false), 0);
        assert_eq!(status(&warning, FailOn::Never, false), 0);
        assert_eq!(
            status(&[finding(Confidence::Low)], FailOn::Warning, false),
            0
        );
        assert_eq!(status(&[], FailOn::Info, false), 0);
    }

    #[test]
    fn io_problems_win_over_findings() {
        assert_eq!(
            status(&[finding(Confidence::High)], FailOn::Warning, true),
            2
        );
        assert_eq!(status(&[], FailOn::Never, true), 2);
    }
}
