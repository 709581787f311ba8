//! The `bitbucket-pipelines.yml` parser: a YAML tree with byte ranges ([`yaml`]), source
//! maps for scalar values ([`scalar_map`]), and the typed pipeline model ([`model`]) that
//! [`parse`] builds from them.

mod build;
pub mod model;
pub mod scalar_map;
pub mod yaml;

pub use build::parse;
pub use model::{
    CacheDefinition, Definitions, Image, PipeCall, PipeVariable, Pipeline, PipelineFile,
    PipelineKind, ScalarText, ScriptItem, ServiceDefinition, Step,
};
pub use scalar_map::scalar_text;
pub use yaml::{PARSER_STACK, SyntaxError, YamlNode, YamlValue, declare_parser_stack, parse_yaml};
