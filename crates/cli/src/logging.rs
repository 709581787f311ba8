//! Logging: `tracing` events go to stderr, never stdout. `-q` keeps errors only, `-v`
//! adds info, `-vv` debug, `-vvv` trace; `STOWAWAY_LOG` (an env-filter) overrides both.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// The environment variable holding an env-filter directive, e.g. `stowaway=debug`.
const FILTER_VARIABLE: &str = "STOWAWAY_LOG";

/// The default level for `-q` and a count of `-v`.
pub fn level(quiet: bool, verbose: u8) -> &'static str {
    match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        (false, _) => "trace",
    }
}

/// Installs the stderr subscriber.
pub fn init(quiet: bool, verbose: u8) {
    let filter = std::env::var(FILTER_VARIABLE)
        .ok()
        .filter(|value| !value.is_empty())
        .and_then(|value| EnvFilter::try_new(value).ok())
        .unwrap_or_else(|| EnvFilter::new(level(quiet, verbose)));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .without_time()
        .init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_and_verbose_pick_levels() {
        assert_eq!(level(true, 0), "error");
        assert_eq!(level(false, 0), "warn");
        assert_eq!(level(false, 1), "info");
        assert_eq!(level(false, 2), "debug");
        assert_eq!(level(false, 5), "trace");
    }
}
