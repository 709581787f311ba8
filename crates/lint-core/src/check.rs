//! [`check`]: parse every file of a [`SourceSet`], link pipelines to the Dockerfiles they
//! build, follow secrets, and run the enabled rules.

use crate::diagnostic::Diagnostic;
use crate::settings::Settings;
use crate::source::SourceSet;

/// Analyzes `sources` together and returns every enabled finding, sorted by file and
/// position.
pub fn check(sources: &SourceSet, settings: &Settings) -> Vec<Diagnostic> {
    let _ = (sources, settings);
    // TODO(#2): parse, link, follow and run the rules.
    Vec::new()
}
