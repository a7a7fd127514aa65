//! `lpo-sim init`: write the commented default scenario.

use crate::args::InitArgs;
use crate::error::CliError;
use crate::request::{InitTarget, already_exists, parent_dir};
use lpo_sim_core::DEFAULT_SCENARIO_TOML;
use std::io::{self, Write};
use std::path::Path;

pub fn execute(args: InitArgs, out: &mut dyn Write) -> Result<(), CliError> {
    match InitTarget::from_args(args)? {
        InitTarget::Stdout => out
            .write_all(DEFAULT_SCENARIO_TOML.as_bytes())
            .map_err(CliError::stdout),
        InitTarget::File { path, overwrite } => {
            write_atomically(&path, DEFAULT_SCENARIO_TOML.as_bytes(), overwrite)?;
            writeln!(
                out,
                "wrote {shown}; edit it, then run `lpo-sim validate {shown}` and `lpo-sim run {shown}`",
                shown = path.display()
            )
            .map_err(CliError::stdout)
        }
    }
}

/// Writes `contents` to a temporary file next to `path`, syncs it, then renames it over
/// `path`: readers see the old file or the whole new one, never a truncated one. Without
/// `overwrite` the rename refuses to replace a file, even one created since the first check.
fn write_atomically(path: &Path, contents: &[u8], overwrite: bool) -> Result<(), CliError> {
    let failed = |source: io::Error| CliError::Output {
        target: format!("`{}`", path.display()),
        source,
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".lpo-sim-init-").suffix(".tmp");
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
    let mut file = builder.tempfile_in(parent_dir(path)).map_err(failed)?;
    file.write_all(contents).map_err(failed)?;
    file.as_file().sync_all().map_err(failed)?;
    let persisted = if overwrite {
        file.persist(path)
    } else {
        file.persist_noclobber(path)
    };
    // On failure the temporary file is dropped, which deletes it.
    match persisted {
        Ok(_) => Ok(()),
        Err(error) if !overwrite && error.error.kind() == io::ErrorKind::AlreadyExists => {
            Err(already_exists(path))
        }
        Err(error) => Err(failed(error.error)),
    }
}
