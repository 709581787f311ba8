//! What counts as a secret: secret-looking names and literal credentials.
