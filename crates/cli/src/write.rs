//! Writing fixed files: every file is checked against the text that was analyzed, then
//! written to a temporary file in its own folder with the original's permissions, checked
//! again, and renamed over the original. A file that changed on disk in the meantime is
//! not written, and neither is any other file of the same run (a fix spans files).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// One file to replace.
#[derive(Debug)]
pub struct Change<'a> {
    /// Where it is on disk.
    pub path: PathBuf,
    /// The text that was read and analyzed.
    pub original: &'a str,
    /// The fixed text.
    pub fixed: &'a str,
}

/// Why nothing (or not everything) was written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file on disk is no longer the text that was fixed.
    #[error("{0}: changed on disk since it was read; no file was written (run again)")]
    ChangedOnDisk(String),
    /// Reading, writing or renaming failed.
    #[error("{0}: {1}")]
    Io(String, String),
}

/// Writes every change atomically, or none when one of the files changed on disk.
pub fn write_all(changes: &[Change<'_>]) -> Result<(), WriteError> {
    for change in changes {
        unchanged(change)?;
    }
    let mut temps = Vec::new();
    for change in changes {
        match write_temp(change) {
            Ok(temp) => temps.push(temp),
            Err(error) => {
                remove_all(&temps);
                return Err(io_error(&change.path, &error));
            }
        }
    }
    for (index, (change, temp)) in changes.iter().zip(&temps).enumerate() {
        if let Err(error) = unchanged(change) {
            remove_all(&temps[index..]);
            return Err(error);
        }
        if let Err(error) = fs::rename(temp, &change.path) {
            remove_all(&temps[index..]);
            return Err(io_error(&change.path, &error));
        }
    }
    Ok(())
}

/// Fails unless the file still holds the text that was analyzed.
fn unchanged(change: &Change<'_>) -> Result<(), WriteError> {
    let current = fs::read(&change.path).map_err(|error| io_error(&change.path, &error))?;
    if current == change.original.as_bytes() {
        Ok(())
    } else {
        Err(WriteError::ChangedOnDisk(display(&change.path)))
    }
}

/// Writes the fixed text next to the file, with the file's permissions.
fn write_temp(change: &Change<'_>) -> io::Result<PathBuf> {
    let name = change
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder = change.path.parent().unwrap_or(Path::new("."));
    let temp = folder.join(format!(".{name}.stowaway-{}.tmp", std::process::id()));
    let permissions = fs::metadata(&change.path)?.permissions();
    let mut file = fs::File::create(&temp)?;
    let written = file
        .write_all(change.fixed.as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| fs::set_permissions(&temp, permissions));
    if let Err(error) = written {
        let _ = fs::remove_file(&temp);
        return Err(error);
    }
    Ok(temp)
}

fn remove_all(temps: &[PathBuf]) {
    for temp in temps {
        let _ = fs::remove_file(temp);
    }
}

fn io_error(path: &Path, error: &io::Error) -> WriteError {
    WriteError::Io(display(path), crate::problem::io_message(error))
}

fn display(path: &Path) -> String {
    crate::problem::report_path(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("stowaway-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create temp dir");
        dir
    }

    #[test]
    fn a_file_changed_on_disk_is_not_written_and_neither_are_the_others() {
        let dir = temp_dir("changed");
        let first = dir.join("Dockerfile");
        let second = dir.join("bitbucket-pipelines.yml");
        fs::write(&first, "FROM a\n").expect("write");
        fs::write(&second, "edited by someone else\n").expect("write");
        let changes = [
            Change {
                path: first.clone(),
                original: "FROM a\n",
                fixed: "FROM b\n",
            },
            Change {
                path: second.clone(),
                original: "as read\n",
                fixed: "fixed\n",
            },
        ];
        let error = write_all(&changes).expect_err("second file changed");
        assert_eq!(
            error.to_string(),
            format!(
                "{}: changed on disk since it was read; no file was written (run again)",
                display(&second)
            )
        );
        assert_eq!(fs::read_to_string(&first).expect("read"), "FROM a\n");
        assert_eq!(
            fs::read_to_string(&second).expect("read"),
            "edited by someone else\n"
        );
        assert_eq!(
            fs::read_dir(&dir).expect("list").count(),
            2,
            "no temporary file left"
        );
        let _ = fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept_and_no_temporary_file_is_left() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir("mode");
        let path = dir.join("Dockerfile");
        fs::write(&path, "FROM a\n").expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
        let changes = [Change {
            path: path.clone(),
            original: "FROM a\n",
            fixed: "FROM b\r\n",
        }];
        write_all(&changes).expect("written");
        assert_eq!(fs::read(&path).expect("read"), b"FROM b\r\n");
        let mode = fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(fs::read_dir(&dir).expect("list").count(), 1);
        let _ = fs::remove_dir_all(&dir);
    }
}
