//! Output flags (`--format`, `--output`, `--color`, `--no-bom`) and writing
//! a result to the terminal or, whole or not at all, to a file.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};

use crate::cli::{Env, UsageError};
use accords::export::{Format, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Readable text, highlighted on a terminal.
    Text,
    /// One JSON object.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
    /// Markdown tables.
    Md,
    /// An Excel workbook (search only; needs --output).
    Xlsx,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Format {
        match arg {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Csv => Format::Csv,
            FormatArg::Md => Format::Md,
            FormatArg::Xlsx => Format::Xlsx,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,

    /// Write to FILE instead of the terminal. The file is replaced whole or
    /// not at all.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// When to highlight with colour.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,

    /// Leave out the UTF-8 byte order mark that starts CSV output by
    /// default (spreadsheet programs need it; some other programs do not).
    #[arg(long)]
    pub no_bom: bool,

    /// CSV starts with a byte order mark anyway; kept so that older
    /// scripts still run.
    #[arg(long, hide = true, conflicts_with = "no_bom")]
    pub bom: bool,
}

/// Where and how to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputConfig {
    pub format: Format,
    pub style: Style,
    pub file: Option<PathBuf>,
}

/// The width text wraps at when nothing says otherwise.
const DEFAULT_WIDTH: usize = 100;

impl OutputArgs {
    pub fn resolve(&self, env: &Env) -> Result<OutputConfig, UsageError> {
        if (self.bom || self.no_bom) && self.format != FormatArg::Csv {
            let flag = if self.bom { "--bom" } else { "--no-bom" };
            return Err(UsageError(format!("{flag} only applies to --format csv")));
        }
        if self.format == FormatArg::Xlsx && self.output.is_none() {
            return Err(UsageError(
                "--format xlsx writes a binary workbook: name the file with --output FILE.xlsx"
                    .to_string(),
            ));
        }
        if let Some(file) = &self.output {
            if file.as_os_str().is_empty() {
                return Err(UsageError(format!(
                    "--output {}: name a file to write, not a folder",
                    file.display()
                )));
            }
        }
        let color = match self.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                self.output.is_none()
                    && env.stdout_is_terminal
                    && !env.no_color
                    && !env.dumb_terminal
            }
        };
        let width = env.columns.unwrap_or(DEFAULT_WIDTH).clamp(40, 240);
        Ok(OutputConfig {
            format: self.format.into(),
            style: Style {
                color,
                width,
                bom: !self.no_bom,
            },
            file: self.output.clone(),
        })
    }
}

impl OutputConfig {
    /// Refuses `--format xlsx` for a command that writes no search results.
    pub fn refuse_workbook(&self, command: &str) -> Result<(), UsageError> {
        if self.format == Format::Xlsx {
            return Err(UsageError(format!(
                "--format xlsx is written by accords search only; accords {command} \
                 writes csv, json, jsonl, md or text"
            )));
        }
        Ok(())
    }

    /// Writes with `write` to the file, if any, else to `out`. A file is
    /// written to a temporary name in its folder and renamed into place, so
    /// it is never left half written; `summary` then says what was written
    /// on `err` (`wrote 37 hits to hits.csv`).
    pub fn emit(
        &self,
        out: &mut dyn Write,
        err: &mut dyn Write,
        summary: &str,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> anyhow::Result<()> {
        let Some(path) = &self.file else {
            let mut buffered = BufWriter::new(out);
            write(&mut buffered)?;
            buffered.flush()?;
            return Ok(());
        };
        write_atomically(path, write)
            .with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(err, "wrote {summary} to {}", path.display())?;
        Ok(())
    }
}

fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{file_name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A temporary file is private by default; the result should get the
    // permissions any new file gets (the umask still applies).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let temp = builder.tempfile_in(folder)?;
    let mut buffered = BufWriter::new(temp);
    write(&mut buffered)?;
    let temp = buffered.into_inner().map_err(|e| e.into_error())?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(format: FormatArg, color: ColorArg) -> OutputArgs {
        OutputArgs {
            format,
            output: None,
            color,
            no_bom: false,
            bom: false,
        }
    }

    fn terminal() -> Env {
        Env {
            stdout_is_terminal: true,
            ..Env::default()
        }
    }

    #[test]
    fn colour_is_automatic_on_a_terminal_only() {
        let auto = args(FormatArg::Text, ColorArg::Auto);
        assert!(auto.resolve(&terminal()).unwrap().style.color);
        assert!(!auto.resolve(&Env::default()).unwrap().style.color);
        let no_color = Env {
            no_color: true,
            ..terminal()
        };
        assert!(!auto.resolve(&no_color).unwrap().style.color);
        let dumb = Env {
            dumb_terminal: true,
            ..terminal()
        };
        assert!(!auto.resolve(&dumb).unwrap().style.color);
        let to_file = OutputArgs {
            output: Some("hits.txt".into()),
            ..auto.clone()
        };
        assert!(!to_file.resolve(&terminal()).unwrap().style.color);
        assert!(
            args(FormatArg::Text, ColorArg::Always)
                .resolve(&Env::default())
                .unwrap()
                .style
                .color
        );
        assert!(
            !args(FormatArg::Text, ColorArg::Never)
                .resolve(&terminal())
                .unwrap()
                .style
                .color
        );
    }

    #[test]
    fn csv_has_a_bom_unless_refused() {
        let mut a = args(FormatArg::Csv, ColorArg::Auto);
        assert!(a.resolve(&Env::default()).unwrap().style.bom);
        a.no_bom = true;
        assert!(!a.resolve(&Env::default()).unwrap().style.bom);
        a.format = FormatArg::Json;
        assert!(a.resolve(&Env::default()).is_err());
    }

    #[test]
    fn a_workbook_needs_a_file() {
        let mut a = args(FormatArg::Xlsx, ColorArg::Auto);
        let err = a.resolve(&terminal()).unwrap_err();
        assert!(err.0.contains("--output"), "{err}");
        a.output = Some("hits.xlsx".into());
        assert_eq!(a.resolve(&terminal()).unwrap().format, Format::Xlsx);
    }

    #[test]
    fn the_width_follows_columns_within_reason() {
        let a = args(FormatArg::Text, ColorArg::Auto);
        let env = |columns| Env {
            columns,
            ..Env::default()
        };
        assert_eq!(a.resolve(&env(None)).unwrap().style.width, 100);
        assert_eq!(a.resolve(&env(Some(80))).unwrap().style.width, 80);
        assert_eq!(a.resolve(&env(Some(3))).unwrap().style.width, 40);
    }

    #[test]
    fn files_are_replaced_whole_or_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hits.csv");
        std::fs::write(&path, "old").unwrap();
        let failed = write_atomically(&path, |w: &mut dyn Write| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        write_atomically(&path, |w: &mut dyn Write| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1);
    }
}
