//! Integration tests: the real `accords` binary run on the bundled seeds and
//! on files each test writes into its own temporary folder.
//!
//! Every test runs the binary through [`accords`] (or the helpers over it),
//! which clears the environment variables that change what accords does
//! (`ACCORDS_INDEX`, `NO_COLOR`, `COLUMNS`); a test that wants one sets it
//! on the command.

mod browser;
mod corpus;
mod eval;
mod export;
mod export_engine;
mod hostile;
mod index;
mod matrix;
mod parse;
mod properties;
mod readme;
mod search;
mod serve;
mod serve_hostile;
mod similar;

use std::ffi::OsStr;
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

/// Copies the first `releases` seed releases, in name order, and the
/// catalog into `to` (`usize::MAX` for all of them); returns the releases'
/// file names.
pub fn copy_seeds(to: &Path, releases: usize) -> Vec<String> {
    std::fs::create_dir_all(to).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names.truncate(releases);
    for name in names.iter().chain([&"catalog.json".to_string()]) {
        std::fs::copy(seeds().join(name), to.join(name)).unwrap();
    }
    names
}

/// The command that runs `accords` with `args` (which need not be UTF-8) in
/// `dir`, with `ACCORDS_INDEX`, `NO_COLOR` and `COLUMNS` removed. Set
/// variables, stdin or pipes on it, or spawn it, as a test needs.
pub fn accords<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_accords"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("ACCORDS_INDEX")
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS");
    command
}

/// Runs `accords` with `args` in `dir` and waits for its output.
pub fn accords_in<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Output {
    accords(dir, args)
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

/// A temporary working folder for one test.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

/// What one run of the binary did, its output read as text.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: stdout(&output),
            stderr: stderr(&output),
        }
    }
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }

    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

impl Sandbox {
    /// An empty folder.
    pub fn empty() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A folder holding a copy of `seeds/` and an `index/` with only a
    /// README, as in a fresh clone.
    pub fn with_seeds() -> Sandbox {
        let sandbox = Sandbox::empty();
        copy_seeds(&sandbox.path("seeds"), usize::MAX);
        sandbox.write("index/README.md", "# index/\n");
        sandbox
    }

    /// A fresh clone's folder whose seeds are indexed into `idx/`.
    pub fn indexed() -> Sandbox {
        let sandbox = Sandbox::with_seeds();
        sandbox.run(&["index", "seeds", "--index", "idx"]).ok();
        sandbox
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn write(&self, relative: &str, content: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    /// The command that runs `accords` in the sandbox (see [`accords`]).
    pub fn command(&self, args: &[&str]) -> Command {
        accords(self.dir(), args)
    }

    /// Runs `accords` in the sandbox.
    pub fn run(&self, args: &[&str]) -> Run {
        accords_in(self.dir(), args).into()
    }
}
