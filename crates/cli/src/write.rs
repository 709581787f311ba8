//! Writing fixed files: every file is checked against the text that was analyzed, then
//! written to a temporary file in its own folder with the original's permissions and owner,
//! checked again, and renamed over the original. A symlink is written through (its target
//! is replaced, the link kept). Nothing is written when one file changed on disk, is
//! read-only, or has several hard links, nor is any other file of the same run (a fix spans
//! files).

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
    /// The file has no write permission for anyone: its owner asked for it to stay as it is.
    #[error("{0}: is read-only; stowaway will not replace it (no file was written)")]
    ReadOnly(String),
    /// Replacing the file would leave its other names holding the old text.
    #[error("{0}: has {1} hard links; stowaway will not split them (no file was written)")]
    HardLinks(String, u64),
    /// Two paths (symlinks) name one file, and their fixes disagree.
    #[error("{0}: is the same file as {1} but was fixed differently; no file was written")]
    SameFile(String, String),
    /// Reading, writing or renaming failed.
    #[error("{0}: {1}")]
    Io(String, String),
}

/// A change and the real file it replaces (symlinks resolved).
#[derive(Debug)]
struct Target<'c, 'a> {
    change: &'c Change<'a>,
    real: PathBuf,
}

/// Writes every change atomically, or none when one of the files cannot be replaced.
pub fn write_all(changes: &[Change<'_>]) -> Result<(), WriteError> {
    let targets = resolve_all(changes)?;
    for target in &targets {
        unchanged(target)?;
    }
    let mut temps = Vec::new();
    for target in &targets {
        match write_temp(target) {
            Ok(temp) => temps.push(temp),
            Err(error) => {
                remove_all(&temps);
                return Err(io_error(&target.change.path, &error));
            }
        }
    }
    for (index, (target, temp)) in targets.iter().zip(&temps).enumerate() {
        if let Err(error) = unchanged(target) {
            remove_all(&temps[index..]);
            return Err(error);
        }
        if let Err(error) = fs::rename(temp, &target.real) {
            remove_all(&temps[index..]);
            return Err(io_error(&target.change.path, &error));
        }
    }
    Ok(())
}

/// Resolves every path to the file it names, refuses files that must not be replaced, and
/// keeps one change per real file.
fn resolve_all<'c, 'a>(changes: &'c [Change<'a>]) -> Result<Vec<Target<'c, 'a>>, WriteError> {
    let mut targets: Vec<Target<'c, 'a>> = Vec::new();
    for change in changes {
        let real = fs::canonicalize(&change.path).map_err(|e| io_error(&change.path, &e))?;
        let meta = fs::metadata(&real).map_err(|e| io_error(&change.path, &e))?;
        replaceable(&change.path, &meta)?;
        match targets.iter().find(|target| target.real == real) {
            Some(same) if same.change.fixed == change.fixed => {}
            Some(same) => {
                let (first, second) = (display(&same.change.path), display(&change.path));
                return Err(WriteError::SameFile(second, first));
            }
            None => targets.push(Target { change, real }),
        }
    }
    Ok(targets)
}

/// Fails for a read-only file, and for a file with other names (hard links).
fn replaceable(path: &Path, meta: &fs::Metadata) -> Result<(), WriteError> {
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly(display(path)));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(WriteError::HardLinks(display(path), meta.nlink()));
        }
    }
    Ok(())
}

/// Fails unless the file still holds the text that was analyzed.
fn unchanged(target: &Target<'_, '_>) -> Result<(), WriteError> {
    let path = &target.change.path;
    let current = fs::read(&target.real).map_err(|error| io_error(path, &error))?;
    if current == target.change.original.as_bytes() {
        Ok(())
    } else {
        Err(WriteError::ChangedOnDisk(display(path)))
    }
}

/// Writes the fixed text next to the real file, with its owner and permissions.
fn write_temp(target: &Target<'_, '_>) -> io::Result<PathBuf> {
    let name = target
        .real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder = target.real.parent().unwrap_or(Path::new("."));
    let temp = folder.join(format!(".{name}.stowaway-{}.tmp", std::process::id()));
    let meta = fs::metadata(&target.real)?;
    // A new file only: a stale or planted name is never written through.
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)?;
    // Owner first: changing it may clear set-id bits, which the permissions then restore.
    let written = file
        .write_all(target.change.fixed.as_bytes())
        .and_then(|()| keep_owner(&file, &meta, &target.change.path))
        .and_then(|()| file.set_permissions(meta.permissions()))
        .and_then(|()| file.sync_all());
    if let Err(error) = written {
        let _ = fs::remove_file(&temp);
        return Err(error);
    }
    Ok(temp)
}

/// Gives the temporary file the original's owner and group, where this process may; a
/// refusal is logged and the write goes on (the file then belongs to whoever runs the fix).
#[cfg(unix)]
fn keep_owner(file: &fs::File, meta: &fs::Metadata, path: &Path) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let (uid, gid) = (meta.uid(), meta.gid());
    match std::os::unix::fs::fchown(file, Some(uid), Some(gid)) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::PermissionDenied => {
            // An unprivileged user may still keep the group when they belong to it.
            let group = std::os::unix::fs::fchown(file, None, Some(gid)).is_ok();
            tracing::warn!(path = %path.display(), uid, gid, group, "owner not kept: {error}");
            Ok(())
        }
        Err(error) => Err(error),
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &fs::File, _meta: &fs::Metadata, _path: &Path) -> io::Result<()> {
    Ok(())
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

    /// A Dockerfile and a pipeline in `dir`, both to be fixed; the Dockerfile is `first`.
    fn two_changes(dir: &Path) -> (PathBuf, PathBuf) {
        let first = dir.join("Dockerfile");
        let second = dir.join("bitbucket-pipelines.yml");
        fs::write(&first, "FROM a\n").expect("write");
        fs::write(&second, "as read\n").expect("write");
        (first, second)
    }

    fn fix_both<'a>(first: &Path, second: &Path) -> [Change<'a>; 2] {
        [
            Change {
                path: first.to_owned(),
                original: "FROM a\n",
                fixed: "FROM b\n",
            },
            Change {
                path: second.to_owned(),
                original: "as read\n",
                fixed: "fixed\n",
            },
        ]
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_is_refused_and_no_file_is_written() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir("read-only");
        let (first, second) = two_changes(&dir);
        fs::set_permissions(&second, fs::Permissions::from_mode(0o444)).expect("chmod");
        let error = write_all(&fix_both(&first, &second)).expect_err("read-only");
        assert_eq!(
            error.to_string(),
            format!(
                "{}: is read-only; stowaway will not replace it (no file was written)",
                display(&second)
            )
        );
        assert_eq!(fs::read_to_string(&first).expect("read"), "FROM a\n");
        assert_eq!(fs::read_to_string(&second).expect("read"), "as read\n");
        let mode = fs::metadata(&second).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode, 0o444);
        assert_eq!(fs::read_dir(&dir).expect("list").count(), 2);
        let _ = fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_with_hard_links_is_refused_and_no_file_is_written() {
        let dir = temp_dir("hard-links");
        let (first, second) = two_changes(&dir);
        fs::hard_link(&first, dir.join("Dockerfile.copy")).expect("link");
        let error = write_all(&fix_both(&first, &second)).expect_err("hard links");
        assert_eq!(
            error.to_string(),
            format!(
                "{}: has 2 hard links; stowaway will not split them (no file was written)",
                display(&first)
            )
        );
        assert_eq!(fs::read_to_string(&first).expect("read"), "FROM a\n");
        let copy = fs::read_to_string(dir.join("Dockerfile.copy")).expect("read");
        assert_eq!(copy, "FROM a\n");
        assert_eq!(fs::read_to_string(&second).expect("read"), "as read\n");
        assert_eq!(fs::read_dir(&dir).expect("list").count(), 3);
        let _ = fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn owner_and_group_are_kept_when_the_process_may_set_them() {
        use std::os::unix::fs::MetadataExt;
        let dir = temp_dir("owner");
        let (first, second) = two_changes(&dir);
        if std::os::unix::fs::chown(&first, Some(1234), Some(1234)).is_err() {
            // Not root: no other owner can be given to test with.
            let _ = fs::remove_dir_all(&dir);
            return;
        }
        write_all(&fix_both(&first, &second)).expect("written");
        let meta = fs::metadata(&first).expect("stat");
        assert_eq!((meta.uid(), meta.gid()), (1234, 1234));
        assert_eq!(fs::read_to_string(&first).expect("read"), "FROM b\n");
        let _ = fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_written_through_and_stays_a_link() {
        let dir = temp_dir("symlink");
        fs::create_dir(dir.join("docker")).expect("mkdir");
        let real = dir.join("docker/Dockerfile.prod");
        fs::write(&real, "FROM a\n").expect("write");
        let link = dir.join("Dockerfile");
        std::os::unix::fs::symlink("docker/Dockerfile.prod", &link).expect("symlink");
        let change = |path: &Path| Change {
            path: path.to_owned(),
            original: "FROM a\n",
            fixed: "FROM b\n",
        };
        // Both names of the file fixed alike: written once.
        write_all(&[change(&link), change(&real)]).expect("written");
        let target = fs::read_link(&link).expect("still a link");
        assert_eq!(target, Path::new("docker/Dockerfile.prod"));
        assert_eq!(fs::read_to_string(&real).expect("read"), "FROM b\n");
        assert_eq!(fs::read_dir(dir.join("docker")).expect("list").count(), 1);
        let _ = fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn two_names_of_one_file_fixed_differently_are_refused() {
        let dir = temp_dir("same-file");
        let real = dir.join("Dockerfile.prod");
        fs::write(&real, "FROM a\n").expect("write");
        let link = dir.join("Dockerfile");
        std::os::unix::fs::symlink("Dockerfile.prod", &link).expect("symlink");
        let changes = [
            Change {
                path: link.clone(),
                original: "FROM a\n",
                fixed: "FROM b\n",
            },
            Change {
                path: real.clone(),
                original: "FROM a\n",
                fixed: "FROM c\n",
            },
        ];
        let error = write_all(&changes).expect_err("disagreeing fixes");
        assert_eq!(
            error.to_string(),
            format!(
                "{}: is the same file as {} but was fixed differently; no file was written",
                display(&real),
                display(&link)
            )
        );
        assert_eq!(fs::read_to_string(&real).expect("read"), "FROM a\n");
        let _ = fs::remove_dir_all(&dir);
    }
}
