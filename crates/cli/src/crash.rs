//! The panic hook: a panic is a bug, and its message may quote user input (a slice of
//! text that held a secret, say). The hook reports where the panic happened and never
//! what its payload says.

use std::io::{self, Write};
use std::panic::PanicHookInfo;

/// Replaces the default panic hook with [`report`] on stderr.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let _ = report(info, &mut io::stderr().lock());
    }));
}

/// Writes what a user needs to report the bug: the place, not the payload.
pub fn report(info: &PanicHookInfo<'_>, out: &mut dyn Write) -> io::Result<()> {
    let place = info.location().map_or_else(
        || "an unknown place".to_owned(),
        |location| format!("{}:{}", location.file(), location.line()),
    );
    writeln!(
        out,
        "error: stowaway crashed at {place} (a bug; its message is withheld because it may \
         quote your files). Please report it with the command that caused it."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[test]
    fn panic_report_names_the_place_and_never_the_payload() {
        let written = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&written);
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let mut buffer = sink.lock().expect("sink lock");
            report(info, &mut *buffer).expect("write to a vector");
        }));
        let secret = "ghp_R7mK2pX9vL4qT8nW3sZ6yB1cF5hJ0dG2aE4u";
        let line = line!() + 1;
        let result = std::panic::catch_unwind(|| panic!("token {secret}"));
        std::panic::set_hook(previous);

        assert!(result.is_err());
        let text = String::from_utf8(written.lock().expect("lock").clone()).expect("UTF-8");
        let expected = format!(
            "error: stowaway crashed at crates/cli/src/crash.rs:{line} (a bug; its message is \
             withheld because it may quote your files). Please report it with the command \
             that caused it.\n"
        );
        assert_eq!(text, expected);
    }
}
