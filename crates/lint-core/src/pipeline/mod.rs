//! The `bitbucket-pipelines.yml` parser: a YAML tree with byte ranges, and the typed
//! pipeline model built on it.
