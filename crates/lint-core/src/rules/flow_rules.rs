//! Shared construction of diagnostics from [`SecretFlow`]s: the primary location is the
//! sink, the related locations are the secret's trail.

use crate::diagnostic::{Diagnostic, Location};
use crate::flow::SecretFlow;
use crate::rules::Rule;

/// A diagnostic of `rule` for `flow`, with `message`, whose related locations trace the
/// secret from its origin to the sink (the sink itself left out).
pub fn flow_diagnostic(rule: Rule, flow: &SecretFlow, message: String) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(rule, flow.taint.confidence, flow.at, message);
    for step in &flow.taint.trail {
        if step.location != flow.at {
            diagnostic = diagnostic.with_related(step.location, step.message.clone());
        }
    }
    diagnostic
}

/// Adds `location` with `message` to the related locations of `diagnostic`.
pub fn add_related(diagnostic: &mut Diagnostic, location: Location, message: impl Into<String>) {
    let message = message.into();
    let known = diagnostic
        .related
        .iter()
        .any(|r| r.location == location && r.message == message);
    if !known {
        diagnostic
            .related
            .push(crate::diagnostic::Related { location, message });
    }
}

/// " in stage `x`" or "" when the flow has no stage.
pub fn in_stage(flow: &SecretFlow) -> String {
    flow.stage
        .as_ref()
        .map_or(String::new(), |stage| format!(" in stage {stage}"))
}

/// What the sink holds, for messages ("holds the secret pipeline variable `NPM_TOKEN`").
pub fn holds(flow: &SecretFlow) -> String {
    flow.taint.describe(&flow.stored_as)
}
