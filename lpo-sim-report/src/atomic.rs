//! Output files written atomically: everything goes to a temporary file next to the target,
//! which is renamed over the target only once complete. Readers see the old file or the whole
//! new one, never a truncated one; a failed or interrupted command leaves the target as it
//! was and no temporary file behind.
//!
//! A killed process (SIGKILL, power loss) cannot remove its temporary files, so each writer
//! holds an advisory lock on its temporary file, and creating one first removes the
//! `.lpo-sim-*.tmp` files in that directory whose writer is gone: unlocked (the OS releases a
//! dead process's locks) and untouched for [`STALE_AFTER`]. A live writer's file is locked,
//! and the age covers the instant between its creation and its lock. Removing by age alone
//! would delete the file of a slow live study; reusing files would need their owner known.

use crate::{Format, Render, RenderError, WriteError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;
use tempfile::NamedTempFile;

/// Temporary files being written, so that a second Ctrl-C, which ends the process without
/// running destructors, can still remove them (see [`remove_pending`]).
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A file being written: a temporary file in the target's directory until [`AtomicFile::commit`].
/// Dropping it without committing deletes the temporary file and leaves the target untouched.
#[derive(Debug)]
pub struct AtomicFile {
    /// Always `Some` until `commit` takes it.
    temp: Option<NamedTempFile>,
    path: PathBuf,
}

impl AtomicFile {
    /// Starts writing `path`: creates the temporary file next to it.
    pub fn create(path: &Path) -> Result<Self, WriteError> {
        let mut builder = tempfile::Builder::new();
        builder.prefix(".lpo-sim-").suffix(".tmp");
        // Temporary files are private (0600); give the result the permissions a plain write
        // would: those of the file it replaces, else the umask's default.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let permissions = std::fs::metadata(path)
                .map(|metadata| metadata.permissions())
                .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o666));
            builder.permissions(permissions);
        }
        // Created and registered under one lock, so that the second Ctrl-C cannot fall
        // between the two and miss the file.
        let dir = parent_dir(path);
        remove_stale_temporaries(dir);
        let mut pending = lock_pending();
        let temp = builder
            .tempfile_in(dir)
            .map_err(|source| WriteError::io(path, source))?;
        // Marks the file as having a live writer (see the module documentation); without
        // locks (some network file systems) only the age protects it.
        let _ = temp.as_file().try_lock();
        pending.push(temp.path().to_owned());
        drop(pending);
        Ok(AtomicFile {
            temp: Some(temp),
            path: path.to_owned(),
        })
    }

    /// The file this will become.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Syncs the temporary file and renames it over the target. Without `overwrite` the
    /// rename refuses to replace a file, even one created since an earlier check.
    pub fn commit(mut self, overwrite: bool) -> Result<(), WriteError> {
        let mut temp = self.temp.take().expect("an atomic file is committed once");
        let path = self.path.clone();
        let temp_path = temp.path().to_owned();
        let synced = temp.flush().and_then(|()| temp.as_file().sync_all());
        let result = match synced {
            Err(source) => Err(WriteError::io(&path, source)),
            Ok(()) => {
                let persisted = if overwrite {
                    temp.persist(&path)
                } else {
                    temp.persist_noclobber(&path)
                };
                // On failure the temporary file is dropped here, which deletes it.
                match persisted {
                    Ok(_) => Ok(()),
                    Err(error)
                        if !overwrite && error.error.kind() == io::ErrorKind::AlreadyExists =>
                    {
                        Err(WriteError::AlreadyExists { path: path.clone() })
                    }
                    Err(error) => Err(WriteError::io(&path, error.error)),
                }
            }
        };
        forget_pending(&temp_path);
        result
    }
}

impl AtomicFile {
    fn temp(&mut self) -> &mut NamedTempFile {
        self.temp
            .as_mut()
            .expect("an atomic file is written only before its commit")
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.temp().write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.temp().write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.temp().flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // Abandoned before `commit`: the temporary file deletes itself when dropped.
        if let Some(temp) = &self.temp {
            forget_pending(temp.path());
        }
    }
}

/// Writes `contents` to `path` atomically (see the module documentation).
///
/// # Errors
/// [`WriteError::Io`] naming `path`; [`WriteError::AlreadyExists`] when `path` exists and
/// `overwrite` is false.
pub fn write_atomically(path: &Path, contents: &[u8], overwrite: bool) -> Result<(), WriteError> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(contents)
        .map_err(|source| WriteError::io(path, source))?;
    file.commit(overwrite)
}

/// Writes `view` in `format` to `path` atomically (see the module documentation): the file
/// holds the whole view, or is left as it was.
///
/// # Errors
/// As [`write_atomically`], and [`WriteError::Render`] when the view cannot be rendered.
///
/// # Examples
/// ```
/// use lpo_sim_report::view::ParamsReport;
/// use lpo_sim_report::{Format, atomic::write_file};
///
/// let params = lpo_sim_core::params::list_params(&mut lpo_sim_core::Scenario::default());
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("params.csv");
/// let report = ParamsReport { scenario: "default", filter: None, params: &params, total: params.len() };
/// write_file(&report, Format::Csv, &path, false)?;
/// assert!(std::fs::read_to_string(&path)?.starts_with("path,"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_file(
    view: &dyn Render,
    format: Format,
    path: &Path,
    overwrite: bool,
) -> Result<(), WriteError> {
    let mut file = AtomicFile::create(path)?;
    match view.render(format, &mut file) {
        Ok(()) => {}
        Err(RenderError::Io(source)) => return Err(WriteError::io(path, source)),
        Err(other) => return Err(other.into()),
    }
    file.commit(overwrite)
}

/// The directory a file in `path` goes to: its parent, or `.` for a bare file name.
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// How long an unlocked temporary file must have been left untouched to count as abandoned.
pub const STALE_AFTER: Duration = Duration::from_secs(10);

/// Removes the `.lpo-sim-*.tmp` files in `dir` left by processes that died writing them
/// (see the module documentation). Best effort: what cannot be checked is left alone.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        // Regular files only: opening a FIFO would block, and links are not ours.
        let ours = name.starts_with(".lpo-sim-") && name.ends_with(".tmp");
        if !(ours && entry.file_type().is_ok_and(|t| t.is_file())) {
            continue;
        }
        let path = entry.path();
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        let untouched = file
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if untouched && file.try_lock().is_ok() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Deletes every temporary file still being written and ends the process with `code`. For a
/// program's Ctrl-C handler (the second Ctrl-C of `lpo-sim`): destructors do not run on `exit`. The lock is held until the end, so no
/// new temporary file can appear in between.
pub fn remove_pending_and_exit(code: i32) -> ! {
    let mut pending = lock_pending();
    for path in pending.drain(..) {
        let _ = std::fs::remove_file(path);
    }
    std::process::exit(code)
}

fn forget_pending(path: &Path) {
    lock_pending().retain(|pending| pending != path);
}

fn lock_pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // A panic while holding the lock cannot leave the list inconsistent.
    PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn abandoned_file_leaves_the_target_untouched_and_no_temporary_file() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("out.json");
        std::fs::write(&path, "old").unwrap();
        {
            let mut file = AtomicFile::create(&path).unwrap();
            file.write_all(b"new but unfinished").unwrap();
            assert_eq!(names_in(dir.path()).len(), 2, "the temporary file exists");
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(names_in(dir.path()), ["out.json"]);
        assert!(lock_pending().iter().all(|p| !p.starts_with(dir.path())));
    }

    #[test]
    fn committed_file_replaces_the_target_only_with_overwrite() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("out.json");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert!(matches!(
            write_atomically(&path, b"newer", false),
            Err(WriteError::AlreadyExists { .. })
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(names_in(dir.path()), ["out.json"]);
    }

    #[test]
    fn stale_temporary_files_go_but_locked_or_fresh_ones_stay() {
        let dir = tempfile::TempDir::new().unwrap();
        let old = std::time::SystemTime::now() - STALE_AFTER * 10;
        let make = |name: &str, age: Option<std::time::SystemTime>| {
            let path = dir.path().join(name);
            let file = std::fs::File::create(&path).unwrap();
            if let Some(time) = age {
                file.set_modified(time).unwrap();
            }
            (path, file)
        };
        let (abandoned, _) = make(".lpo-sim-dead.tmp", Some(old));
        let (live, live_file) = make(".lpo-sim-live.tmp", Some(old));
        live_file.lock().unwrap();
        let (fresh, _) = make(".lpo-sim-fresh.tmp", None);
        let (other, _) = make("notes.tmp", Some(old));
        write_atomically(&dir.path().join("out.json"), b"{}", true).unwrap();
        assert!(!abandoned.exists(), "an abandoned file was kept");
        assert!(live.exists(), "a locked file (live writer) was removed");
        assert!(
            fresh.exists(),
            "a file younger than STALE_AFTER was removed"
        );
        assert!(other.exists(), "a file not ours was removed");
        // Once its writer is gone, the lock goes with it.
        drop(live_file);
        write_atomically(&dir.path().join("out.json"), b"{}", true).unwrap();
        assert!(!live.exists());
    }
}
