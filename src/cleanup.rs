//! The temporary files and directories of a run: known while they exist, removed on a
//! signal, and swept up by a later run when their process died without removing them.
//!
//! Every temporary path the library creates (a spill directory, the temporary file of an
//! output being written) is [`register`]ed here for as long as it exists. The binary's
//! signal handler calls [`remove_all`], which deletes them all and keeps the registry
//! locked, so no new one can be created between the clean-up and the exit.
//!
//! Their names carry a marker, `{host}-{pid}`, of the process that made them:
//! [`sweep_stale`] removes those of the same host whose process is no longer running
//! (a run killed with SIGKILL, or a machine that lost power).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};

/// Paths to remove on a signal: an id, the path, and whether it is a directory.
type Entries = Vec<(u64, PathBuf, bool)>;

struct Registry {
    next: u64,
    entries: Entries,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    next: 0,
    entries: Vec::new(),
});

fn lock() -> MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// A registered temporary path: unregistered (not removed) on drop. Whoever owns the
/// path removes it, or renames it into place, before dropping this.
#[derive(Debug)]
pub struct Registered(u64);

impl Drop for Registered {
    fn drop(&mut self) {
        lock().entries.retain(|(id, _, _)| *id != self.0);
    }
}

/// Creates a temporary path with `create` (which returns what it made and its path) and
/// registers it, both while the registry is locked: a signal cannot come between the
/// creation and the registration and leave the path behind.
pub fn create_registered<T, E>(
    is_dir: bool,
    create: impl FnOnce() -> Result<(T, PathBuf), E>,
) -> Result<(T, Registered), E> {
    let mut reg = lock();
    let (made, path) = create()?;
    let id = reg.next;
    reg.next += 1;
    reg.entries.push((id, path, is_dir));
    Ok((made, Registered(id)))
}

/// Registers a path that already exists.
pub fn register(path: PathBuf, is_dir: bool) -> Registered {
    match create_registered(is_dir, || Ok::<_, std::convert::Infallible>(((), path))) {
        Ok(((), r)) => r,
        Err(never) => match never {},
    }
}

/// Child processes to stop on a signal (Graphviz's `dot`): an id and the process id.
static CHILDREN: Mutex<Vec<(u64, u32)>> = Mutex::new(Vec::new());

/// A registered child process: unregistered (not stopped) on drop, once it has ended.
#[derive(Debug)]
pub struct RegisteredChild(u64);

impl Drop for RegisteredChild {
    fn drop(&mut self) {
        children().retain(|(id, _)| *id != self.0);
    }
}

fn children() -> MutexGuard<'static, Vec<(u64, u32)>> {
    CHILDREN.lock().unwrap_or_else(|e| e.into_inner())
}

/// Starts `command` and registers the child process, which [`remove_all`] stops
/// (SIGKILL), so that an interrupted run does not leave it running. Both happen while the
/// registry is locked: a signal cannot come between the start and the registration. Drop
/// the guard once the child was waited for.
pub fn spawn_registered(
    command: &mut std::process::Command,
) -> std::io::Result<(std::process::Child, RegisteredChild)> {
    let mut reg = lock();
    let child = command.spawn()?;
    let id = reg.next;
    reg.next += 1;
    children().push((id, child.id()));
    Ok((child, RegisteredChild(id)))
}

/// Removes every registered path and stops every registered child process, and returns
/// the locked registry: whoever holds it is about to exit (on a signal), and no other
/// thread can create a temporary path meanwhile.
pub fn remove_all() -> MutexGuard<'static, impl Sized> {
    let mut reg = lock();
    for (_, pid) in children().drain(..) {
        #[cfg(unix)]
        if let Ok(pid) = libc::pid_t::try_from(pid) {
            // SAFETY: kill(2) with a process id of our own child and a valid signal
            unsafe {
                libc::kill(pid, libc::SIGKILL);
            }
        }
        #[cfg(not(unix))]
        let _ = pid;
    }
    for (_, path, is_dir) in reg.entries.drain(..) {
        let _ = if is_dir {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
    }
    reg
}

/// The marker of this process in temporary names: `{host}-{pid}`, the host name cut to
/// its ASCII letters and digits (at most 32).
pub fn marker() -> &'static str {
    static MARKER: OnceLock<String> = OnceLock::new();
    MARKER.get_or_init(|| format!("{}-{}", host(), std::process::id()))
}

fn host() -> &'static str {
    static HOST: OnceLock<String> = OnceLock::new();
    HOST.get_or_init(|| {
        let raw = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .or_else(|_| std::fs::read_to_string("/etc/hostname"))
            .unwrap_or_default();
        let h: String = raw
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(32)
            .collect();
        if h.is_empty() {
            "host".into()
        } else {
            h
        }
    })
}

/// Prefix of spill directories: `.stancegraph-spill-{host}-{pid}-{n}`.
pub const SPILL_PREFIX: &str = ".stancegraph-spill-";
/// Infix of temporary output files: `.{name}.stancegraph-tmp-{host}-{pid}-{random}`.
pub const TMP_INFIX: &str = ".stancegraph-tmp-";

/// The host and process id in a temporary name made by this crate, if it is one.
fn owner(name: &str) -> Option<(&str, u32)> {
    let rest = if let Some(r) = name.strip_prefix(SPILL_PREFIX) {
        r
    } else if name.starts_with('.') {
        let at = name.rfind(TMP_INFIX)?;
        &name[at + TMP_INFIX.len()..]
    } else {
        return None;
    };
    // {host}-{pid}-{last}; the host has no '-'
    let mut parts = rest.splitn(3, '-');
    let (host, pid) = (parts.next()?, parts.next()?);
    parts.next()?;
    Some((host, pid.parse().ok()?))
}

/// Is process `pid` running (or there, owned by someone else)?
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    if pid <= 0 {
        return true;
    }
    // SAFETY: kill with signal 0 only checks that the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Removes, in `dir`, the spill directories and temporary output files that a run on
/// this host left behind when it died: those whose process is no longer running. Returns
/// what was removed. Entries of other hosts (a shared directory) and of live processes are
/// left alone; a directory that cannot be read is nothing to sweep.
pub fn sweep_stale(dir: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return removed;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some((h, pid)) = owner(name) else {
            continue;
        };
        if h != host() || pid == std::process::id() || alive(pid) {
            continue;
        }
        let path = e.path();
        let Ok(t) = e.file_type() else { continue };
        let gone = if t.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        if gone.is_ok() {
            removed.push(path);
        }
    }
    removed.sort();
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_are_read_from_names() {
        let cases: &[(&str, Option<(&str, u32)>)] = &[
            (".stancegraph-spill-box1-42-0", Some(("box1", 42))),
            (
                ".graph.json.stancegraph-tmp-box1-42-Ab3x9",
                Some(("box1", 42)),
            ),
            (".a.stancegraph-tmp-b.stancegraph-tmp-h-7-z", Some(("h", 7))),
            (".stancegraph-spill-box1-x-0", None),
            ("graph.json", None),
            (".graph.json.tmp42", None),
            ("stancegraph-tmp-h-7-z", None),
        ];
        for (name, want) in cases {
            assert_eq!(owner(name), *want, "{name}");
        }
    }

    #[test]
    fn this_process_is_alive() {
        assert!(alive(std::process::id()));
    }
}
