//! Errors, one enum per phase: rendering a view, and writing a file.

use crate::Format;
use std::fmt;
use std::io;
use std::path::PathBuf;

/// A view could not be rendered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// Writing to the output failed (a closed pipe, a full disk).
    #[error(transparent)]
    Io(#[from] io::Error),
    /// plotters failed to draw a chart of an HTML report (it does not for any result the
    /// engine produces, including empty and degenerate ones).
    #[error("cannot draw the {chart} of the report: {message}")]
    Chart {
        /// Which chart.
        chart: &'static str,
        /// plotters' message.
        message: String,
    },
    /// Formatting text failed (does not happen when writing to a `String`).
    #[error("cannot format the report: {0}")]
    Format(#[from] fmt::Error),
    /// The view has no form in this format (see [`crate::Render::formats`]).
    #[error("{view} has no {format} form")]
    Unsupported {
        /// What was to be rendered.
        view: &'static str,
        /// The format asked for.
        format: Format,
    },
}

/// An output file could not be written. The target is then as it was, and no temporary file
/// is left behind (see [`crate::atomic`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// Creating, writing, syncing or renaming the file failed.
    #[error("cannot write to `{}`: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The file exists, and replacing it was not allowed.
    #[error("`{}` already exists; not overwriting it", path.display())]
    AlreadyExists {
        /// The file.
        path: PathBuf,
    },
    /// The contents could not be rendered.
    #[error(transparent)]
    Render(#[from] RenderError),
}

impl WriteError {
    /// The error for a failed write to `path`.
    pub fn io(path: &std::path::Path, source: io::Error) -> Self {
        WriteError::Io {
            path: path.to_owned(),
            source,
        }
    }
}
