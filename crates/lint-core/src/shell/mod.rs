//! Shell scripts (RUN bodies and pipeline script lines) parsed with positions, and the
//! facts extracted from them: docker commands, variable flow and file writes.
