//! Exporters: the graph written out for people and other tools.
//!
//! Each exporter is a pure function from a [`GraphJson`](crate::graph::GraphJson) to
//! text, so output is deterministic and testable with golden files; writing files
//! (atomically) and running Graphviz are the only side effects, kept in [`write_atomic`]
//! and [`dot::render_svg`].

pub mod dot;

use std::path::Path;

use crate::error::{Error, Result};

/// Writes `contents` to `path` via a temporary file in the same directory and a rename,
/// so a failed or interrupted run never leaves a truncated file behind.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("output");
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    std::fs::write(&tmp, contents).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(e)
    })
}
