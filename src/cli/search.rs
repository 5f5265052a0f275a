//! `accords search`: ranked clauses with highlights, optionally with facet
//! counts, in any output format.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use clap::{Args, ValueEnum};

use crate::cli::output::{OutputArgs, OutputConfig};
use crate::cli::refresh::open_fresh;
use crate::cli::{text_value, Env, IndexDir};
use crate::error::{Error, Result};
use crate::export;
use crate::search::filters::ALL_KINDS;
use crate::search::query::MAX_QUERY_CHARS;
use crate::search::{self, DateRange, Filters, Hit, SearchRequest, Sort};

/// The filters shared by `search` and `facets`.
#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Only clauses of this partner (repeat for several).
    #[arg(long = "partner", value_parser = text_value(), value_name = "PARTNER")]
    pub partners: Vec<String>,

    /// Only clauses in this area; a unique word or prefix is enough
    /// ("health"). Repeat for several.
    #[arg(long = "area", value_parser = text_value(), value_name = "AREA")]
    pub areas: Vec<String>,

    /// Only clauses from this kind of meeting ("plenary", "signing").
    #[arg(long = "meeting", value_parser = text_value(), value_name = "TYPE")]
    pub meetings: Vec<String>,

    /// Clause kinds: commitment, agreement, statement or all [default:
    /// commitment and agreement].
    #[arg(long = "kind", value_parser = text_value(), value_name = "KIND")]
    pub kinds: Vec<String>,

    /// Only meetings on or after DATE (2023, 2023-06 or 2023-06-26).
    #[arg(long, value_parser = text_value(), value_name = "DATE")]
    pub from: Option<String>,

    /// Only meetings on or before DATE (2023 means to the end of 2023).
    #[arg(long, value_parser = text_value(), value_name = "DATE")]
    pub to: Option<String>,
}

impl FilterArgs {
    pub fn resolve(&self) -> Result<Filters> {
        Ok(Filters {
            partners: self.partners.clone(),
            areas: self.areas.clone(),
            meetings: self.meetings.clone(),
            kinds: self.kinds.clone(),
            dates: DateRange::parse(self.from.as_deref(), self.to.as_deref())?,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Latest meeting first, ties by relevance.
    Date,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Query syntax:
  chinese medicine        clauses with all the words rank first, then those with some
  \"green finance\"         a phrase
  standard*               words starting with standard
  finance AND NOT bonds   AND, OR, NOT in capitals; also +required and -excluded
  (bank* OR finance) green
  partner:Beijing area:health kind:agreement year:2023 meeting:plenary
  title:jiangsu heading:health text:fintech")]
pub struct SearchArgs {
    /// What to search for (see the syntax below); "" lists every clause.
    #[arg(
        value_name = "QUERY",
        value_parser = text_value(),
        allow_hyphen_values = true,
        required_unless_present = "queries"
    )]
    pub query: Option<String>,

    /// Run every line of FILE as a query, in one process, and write one
    /// JSON line per query: {"query", "total", "hits"}, hits as in
    /// --format json. Filters and --limit apply to every query; "-" reads
    /// standard input.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["query", "facets"])]
    pub queries: Option<PathBuf>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Hits to show; 0 shows every hit.
    #[arg(
        long,
        default_value_t = 10,
        value_name = "N",
        allow_negative_numbers = true
    )]
    pub limit: usize,

    /// Hits to skip first, for the next page.
    #[arg(
        long,
        default_value_t = 0,
        value_name = "N",
        allow_negative_numbers = true
    )]
    pub offset: usize,

    /// Order of the hits.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,

    /// Add counts per partner, area, meeting type, kind and year over all
    /// hits.
    #[arg(long)]
    pub facets: bool,

    /// Say how the query was understood: the terms of each word, synonyms
    /// and abbreviations, filters, corrections (on stderr; in JSON, an
    /// "explain" object).
    #[arg(long)]
    pub explain: bool,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub index: IndexDir,
}

/// A search, fully checked, ready to run.
#[derive(Debug, Clone)]
pub struct SearchConfig {
    pub index_dir: PathBuf,
    pub request: SearchRequest,
    pub output: OutputConfig,
}

impl SearchArgs {
    /// Checks everything that can be checked without the index: the query's
    /// syntax, the dates, the output flags.
    pub fn resolve(&self, env: &Env) -> Result<SearchConfig> {
        let mut request = SearchRequest::new(self.query.as_deref().unwrap_or(""))?;
        request.filters = self.filters.resolve()?;
        request.limit = (self.limit > 0).then_some(self.limit);
        request.offset = self.offset;
        request.sort = match self.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        };
        request.facets = self.facets;
        request.explain = self.explain;
        Ok(SearchConfig {
            index_dir: self.index.dir.clone(),
            request,
            output: self.output.resolve(env)?,
        })
    }
}

pub fn run(
    args: &SearchArgs,
    env: &Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let config = args.resolve(env)?;
    if let Some(path) = &args.queries {
        return run_batch(&config, path, out, err);
    }
    let index = open_fresh(&config.index_dir, err)?;
    let results = search::search(&index, &config.request)?;
    // JSON carries both as fields; every other format gets them on stderr.
    if config.output.format != export::Format::Json {
        if let Some(explain) = &results.explain {
            write!(err, "{explain}")?;
        }
        if let Some(suggestion) = &results.suggestion {
            writeln!(err, "accords: did you mean: {suggestion}")?;
        }
    }
    let summary = match results.hits.len() {
        1 => "1 hit".to_string(),
        n => format!("{n} hits"),
    };
    config.output.emit(out, err, &summary, |w| {
        export::write_results(w, config.output.format, &results, &config.output.style)
    })?;
    if results.total == 0 && results.default_kinds {
        // Say so when the clauses left out by default would have matched.
        let mut every_kind = config.request.clone();
        every_kind.filters.kinds = vec![ALL_KINDS.to_string()];
        every_kind.limit = Some(0);
        every_kind.facets = false;
        let others = search::search(&index, &every_kind)?.total;
        if others > 0 {
            writeln!(
                err,
                "accords: no commitment or agreement matches, but {others} other clauses \
                 (introductions, quotes) do; add --kind all to see them"
            )?;
        }
    }
    Ok(())
}

/// Reads one line into `line`, keeping at most `limit` bytes of it and
/// reading past the rest, so no line can fill memory. Returns the line's
/// whole length in bytes, its LF included; 0 at the end of the input.
fn read_bounded_line(
    input: &mut dyn BufRead,
    line: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<usize> {
    let mut total = 0;
    loop {
        let buf = match input.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(total);
        }
        let (chunk, ends) = match buf.iter().position(|&b| b == b'\n') {
            Some(at) => (&buf[..=at], true),
            None => (buf, false),
        };
        let room = limit.saturating_sub(line.len());
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = chunk.len();
        total += used;
        input.consume(used);
        if ends {
            return Ok(total);
        }
    }
}

/// One line of `--queries` output.
#[derive(Serialize)]
struct BatchResult<'a> {
    query: &'a str,
    total: u64,
    hits: &'a [Hit],
}

/// Runs each line of `path` as a query against one opened index. A line
/// that is not a valid query is reported on stderr with its number and
/// skipped.
fn run_batch(
    config: &SearchConfig,
    path: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let input: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        Box::new(BufReader::new(file))
    };
    let index = open_fresh(&config.index_dir, err)?;
    let mut input = input;
    // Room for the longest query in four-byte characters, and a CRLF.
    let longest_line = 4 * MAX_QUERY_CHARS + 2;
    let mut run = |out: &mut dyn Write| -> anyhow::Result<(usize, usize)> {
        let (mut done, mut bad) = (0, 0);
        let mut bytes = Vec::new();
        for number in 1.. {
            bytes.clear();
            let read = read_bounded_line(&mut *input, &mut bytes, longest_line)
                .map_err(|e| Error::io(path, e))?;
            if read == 0 {
                break;
            }
            if read > bytes.len() {
                writeln!(
                    err,
                    "accords: {}:{number}: a line of {read} bytes is longer than any query \
                     (at most {MAX_QUERY_CHARS} characters); skipped",
                    path.display()
                )?;
                bad += 1;
                continue;
            }
            // One line that is not text is one bad query, not a failed run.
            let Ok(line) = std::str::from_utf8(&bytes) else {
                writeln!(
                    err,
                    "accords: {}:{number}: not valid UTF-8; skipped",
                    path.display()
                )?;
                bad += 1;
                continue;
            };
            let query = line.trim();
            if query.is_empty() {
                continue;
            }
            let mut request = config.request.clone();
            request.query = match SearchRequest::new(query) {
                Ok(parsed) => parsed.query,
                Err(e) => {
                    writeln!(err, "accords: {}:{number}: {e}", path.display())?;
                    bad += 1;
                    continue;
                }
            };
            let results = search::search(&index, &request)?;
            serde_json::to_writer(
                &mut *out,
                &BatchResult {
                    query,
                    total: results.total,
                    hits: &results.hits,
                },
            )?;
            out.write_all(b"\n")?;
            done += 1;
        }
        Ok((done, bad))
    };
    let (done, bad) = match &config.output.file {
        None => {
            let mut buffered = BufWriter::new(out);
            let counts = run(&mut buffered)?;
            buffered.flush()?;
            counts
        }
        Some(file) => {
            let mut buffered = BufWriter::new(File::create(file).map_err(|e| Error::io(file, e))?);
            let counts = run(&mut buffered)?;
            buffered.flush().map_err(|e| Error::io(file, e))?;
            writeln!(
                err,
                "wrote {done} results to {}",
                file.display(),
                done = counts.0
            )?;
            counts
        }
    };
    if bad > 0 {
        writeln!(
            err,
            "accords: ran {done} queries; skipped {bad} invalid ones"
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};

    fn resolve(args: &[&str]) -> Result<SearchConfig> {
        let cli = Cli::try_parse_from(["accords", "search"].iter().chain(args)).unwrap();
        let Command::Search(search) = cli.command else {
            panic!("not a search")
        };
        search.resolve(&Env::default())
    }

    #[test]
    fn arguments_resolve_without_touching_the_disk() {
        let config = resolve(&[
            "green finance",
            "--partner",
            "Beijing",
            "--partner",
            "shanghai",
            "--from",
            "2023",
            "--limit",
            "0",
            "--index",
            "/nonexistent",
        ])
        .unwrap();
        assert_eq!(config.request.filters.partners, ["Beijing", "shanghai"]);
        assert_eq!(config.request.limit, None);
        assert_eq!(config.index_dir, PathBuf::from("/nonexistent"));
        assert_eq!(
            config
                .request
                .filters
                .dates
                .from
                .map(|d| d.to_string())
                .as_deref(),
            Some("2023-01-01")
        );
    }

    #[test]
    fn bad_queries_and_dates_fail_before_any_work() {
        let err = resolve(&["\"unclosed"]).unwrap_err();
        assert!(
            matches!(err, crate::Error::QuerySyntax { position: 0, .. }),
            "{err}"
        );
        let err = resolve(&["x", "--to", "2023-13"]).unwrap_err();
        assert!(err.is_user_error());
    }

    #[test]
    fn long_lines_are_read_in_bounded_memory() {
        let text = format!("short\n{}\nlast", "x".repeat(10_000));
        let mut input = std::io::BufReader::with_capacity(64, text.as_bytes());
        let mut line = Vec::new();
        let mut lines = Vec::new();
        loop {
            line.clear();
            let read = read_bounded_line(&mut input, &mut line, 100).unwrap();
            if read == 0 {
                break;
            }
            lines.push((read, String::from_utf8(line.clone()).unwrap()));
        }
        assert_eq!(
            lines,
            [
                (6, "short\n".to_string()),
                (10_001, "x".repeat(100)),
                (4, "last".to_string())
            ]
        );
    }

    #[test]
    fn a_query_may_start_with_a_minus() {
        let config = resolve(&["-bonds"]).unwrap();
        assert_eq!(config.request.query.text, "-bonds");
    }
}
