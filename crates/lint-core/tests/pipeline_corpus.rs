//! Real-world `bitbucket-pipelines.yml` files from the shared corpus parse without panics,
//! and every one but the known-invalid file parses without errors. Skipped when the corpus
//! is absent.

use std::path::Path;

use stowaway_lint_core::pipeline::parse;

/// Where the corpus lives, one folder per repository.
const CORPUS: &str = "/work/shared/corpus/bitbucket";

/// The one corpus file that is genuinely invalid YAML.
const INVALID: &str = "1296mhz__ftrade";

#[test]
fn every_corpus_pipeline_parses() {
    let corpus = Path::new(CORPUS);
    if !corpus.exists() {
        return;
    }
    let mut parsed = 0;
    for entry in std::fs::read_dir(corpus).expect("corpus is readable") {
        let folder = entry.expect("corpus entry").path();
        for name in ["bitbucket-pipelines.yml", "bitbucket-pipelines.yaml"] {
            let Ok(text) = std::fs::read_to_string(folder.join(name)) else {
                continue;
            };
            let file = parse(&text);
            let invalid = folder.file_name().is_some_and(|n| n == INVALID);
            let expected_errors = usize::from(invalid);
            assert_eq!(file.errors.len(), expected_errors, "{}", folder.display());
            parsed += 1;
        }
    }
    assert!(parsed > 0, "the corpus holds pipeline files");
}
