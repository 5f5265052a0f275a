//! Integration tests: the real `accords` binary run on the bundled seeds and
//! on files each test writes into its own temporary folder.

mod browser;
mod corpus;
mod eval;
mod hostile;
mod index;
mod parse;
mod properties;
mod search;
mod serve;
mod serve_hostile;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project's root, where `seeds/` and `tests/fixtures/` live.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn seeds() -> PathBuf {
    root().join("seeds")
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests").join("fixtures").join(name)
}

/// Runs `accords` with `args` (which need not be UTF-8) in `dir`.
pub fn accords_in<S: AsRef<std::ffi::OsStr>>(dir: &Path, args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accords"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the accords binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `accords` and requires it to succeed.
pub fn accords_ok(dir: &Path, args: &[&str]) -> Output {
    let out = accords_in(dir, args);
    assert!(
        out.status.success(),
        "accords {args:?} failed with {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        stdout(&out),
        stderr(&out)
    );
    out
}
