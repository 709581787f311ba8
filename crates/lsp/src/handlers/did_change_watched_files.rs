//! `workspace/didChangeWatchedFiles`: re-read changed Dockerfiles and pipelines from
//! disk, and reload the settings when a configuration file changed.

use lsp_types::DidChangeWatchedFilesParams;

use crate::options::is_config_file;
use crate::session::Session;
use crate::uri::to_path;

/// Refreshes the disk cache for each changed file and marks its unit dirty.
pub fn handle(session: &mut Session, params: DidChangeWatchedFilesParams) {
    let mut reload_settings = false;
    for change in params.changes {
        let Some(path) = to_path(&change.uri) else {
            continue;
        };
        if is_config_file(&path) {
            reload_settings = true;
            continue;
        }
        session.workspace.refresh(&path);
        session.mark_dirty(&path);
    }
    if reload_settings {
        session.reload_settings();
    }
}
