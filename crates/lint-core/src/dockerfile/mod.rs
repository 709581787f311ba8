//! The Dockerfile parser, faithful to BuildKit's, and the stage model built on it.
