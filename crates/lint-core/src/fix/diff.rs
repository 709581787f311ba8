//! Unified diffs of fixed files, as `--diff` prints them and fix fixtures pin them.

use similar::TextDiff;

/// The unified diff (3 lines of context) turning `old` into `new`, with `a/PATH` and
/// `b/PATH` headers; "" when they are equal.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    // An absolute path keeps a single slash after the prefix, as git writes it.
    let path = path.trim_start_matches('/');
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn diff_has_headers_hunks_and_context() {
        let diff = unified("Dockerfile", "FROM a\nARG T\nRUN x\n", "FROM a\nRUN x\n");
        assert_eq!(
            diff,
            "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,3 +1,2 @@\n FROM a\n-ARG T\n RUN x\n"
        );
        assert_eq!(unified("x", "same\n", "same\n"), "");
    }
}
