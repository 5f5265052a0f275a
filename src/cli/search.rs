//! `accords search`: ranked clauses with highlights, optionally with facet
//! counts, in any output format.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use clap::{Args, ValueEnum};

use crate::cli::output::{OutputArgs, OutputConfig};
use crate::cli::{text_value, Env, IndexDir, UsageError};
use accords::engine::count;
use accords::error::Error;
use accords::export;
use accords::export::xlsx::WorkbookInfo;
use accords::search::filters::edit_distance;
use accords::search::query::MAX_QUERY_CHARS;
use accords::search::{Hit, Matching, SearchRequest, SearchResults, Sort};
use accords::Engine;

/// The filters shared by `search` and `facets`.
#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Only clauses of this partner; repeat the flag or separate values
    /// with commas for several.
    #[arg(long = "partner", value_parser = text_value(), value_name = "PARTNER")]
    pub partners: Vec<String>,

    /// Only clauses whose partner is or lies in this provincial-level
    /// division (Guangdong finds Shenzhen's meetings too).
    #[arg(long = "province", value_parser = text_value(), value_name = "PROVINCE")]
    pub provinces: Vec<String>,

    /// Only clauses whose partner is of this kind (province, municipality,
    /// city, zone, "regional grouping", "national body", ...).
    #[arg(long = "partner-kind", value_parser = text_value(), value_name = "KIND")]
    pub partner_kinds: Vec<String>,

    /// "meeting" for releases that report a co-operation meeting, "other"
    /// for the rest (courtesy calls, announcements, ...).
    #[arg(long = "document-kind", value_parser = text_value(), value_name = "KIND")]
    pub document_kinds: Vec<String>,

    /// Only clauses in this area; a unique word or prefix is enough
    /// ("health"). Repeat, or separate with commas, for several.
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

    /// Only clauses that first entered the index on or after this day
    /// (YYYY-MM-DD, UTC) or time (RFC 3339, 2024-06-01T09:30:00Z): what is
    /// new since a date. A clause keeps its first time while its text stays
    /// the same across re-indexing.
    #[arg(long = "added-since", value_parser = text_value(), value_name = "DATE")]
    pub added_since: Option<String>,

    /// Which clauses count as matches: "all" only those holding every
    /// word, "any" every clause holding one [default: those holding every
    /// word, then, when they do not fill the page, partial matches marked
    /// as such].
    #[arg(long = "match", value_enum, value_name = "WHICH")]
    pub matching: Option<MatchArg>,

    /// Only the words as typed, with their spellings and inflections: no
    /// synonyms, abbreviations, word families, concepts or corrections.
    #[arg(long)]
    pub exact: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatchArg {
    /// Clauses holding every word of the query.
    All,
    /// Clauses holding any word of the query, those holding all first.
    Any,
}

impl FilterArgs {
    /// A request for `query` under these filters, with the library's
    /// defaults for the rest.
    pub fn request(&self, query: &str) -> SearchRequest {
        SearchRequest {
            query: query.to_string(),
            partner: self.partners.clone(),
            province: self.provinces.clone(),
            partner_kind: self.partner_kinds.clone(),
            document_kind: self.document_kinds.clone(),
            area: self.areas.clone(),
            meeting: self.meetings.clone(),
            kind: self.kinds.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            added_since: self.added_since.clone(),
            matching: self.matching.map(|m| match m {
                MatchArg::All => Matching::All,
                MatchArg::Any => Matching::Any,
            }),
            exact: self.exact,
            ..SearchRequest::default()
        }
    }
}

/// Refuses a query that is really a mistyped flag (`--parner=Beijing`):
/// queries may start with `-` (`-bonds` excludes a word), but no query
/// starts with `--` followed by a flag-like name.
pub fn check_not_a_flag(query: &str, command: &str) -> Result<(), UsageError> {
    let Some(name) = query.strip_prefix("--") else {
        return Ok(());
    };
    let name = name.split('=').next().unwrap_or_default();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Ok(());
    }
    use clap::CommandFactory;
    let cli = crate::cli::Cli::command();
    let flags: Vec<String> = cli
        .find_subcommand(command)
        .map(|c| {
            c.get_arguments()
                .filter_map(|a| a.get_long().map(str::to_string))
                .chain(["help".to_string()])
                .collect()
        })
        .unwrap_or_default();
    let nearest = flags
        .iter()
        .map(|f| (edit_distance(name, f), f))
        .min()
        .filter(|(d, _)| *d <= 3)
        .map(|(_, f)| format!("; did you mean --{f}?"))
        .unwrap_or_default();
    Err(UsageError(format!(
        "unknown flag --{name}{nearest} (to search for text that starts with --, \
         put it in quotes inside the query: accords {command} '\"--{name}\"')"
    )))
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
  chinese medicine        clauses with all the words; partial matches follow if few
  \"green finance\"         a phrase
  standard*               words starting with standard
  finance AND NOT bonds   AND, OR, NOT in capitals; also +required and -excluded
  (bank* OR finance) green
  partner:Beijing area:health kind:agreement year:2023 meeting:plenary
  title:jiangsu heading:health text:fintech

Examples:
  accords search \"Chinese medicine standardisation\" --limit 3
  accords search exchanges --area health,education --from 2023-06 --format csv --output hits.csv
  accords search --queries questions.txt --limit 0 --format xlsx --output answers.xlsx")]
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
    /// --format json (with --format xlsx, one workbook whose rows name their
    /// query). Filters and --limit apply to every query; "-" reads standard
    /// input.
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
    pub index: IndexDir,
    pub request: SearchRequest,
    pub output: OutputConfig,
}

impl SearchArgs {
    /// Checks everything that can be checked without the index: the query's
    /// syntax, the dates, the output flags.
    pub fn resolve(&self, env: &Env) -> anyhow::Result<SearchConfig> {
        let query = self.query.as_deref().unwrap_or("");
        check_not_a_flag(query, "search")?;
        let mut request = self.filters.request(query);
        request.limit = (self.limit > 0).then_some(self.limit);
        request.offset = self.offset;
        request.sort = match self.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        };
        request.facets = self.facets;
        request.explain = self.explain;
        request.validate()?;
        Ok(SearchConfig {
            index: self.index.clone(),
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
    let engine = config.index.open(err)?;
    let results = engine.search(&config.request)?;
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
    config
        .output
        .emit(out, err, &summary, |w| match config.output.format {
            export::Format::Xlsx => {
                let info = WorkbookInfo::for_request(&config.request);
                export::xlsx::write_workbook(w, std::slice::from_ref(&results), &info)
            }
            format => export::write_results(w, format, &results, &config.output.style),
        })?;
    print_hints(&results, err)?;
    Ok(())
}

/// What the results say beside their hits: clauses of other kinds that
/// would have matched, and clauses a date filter left out.
pub fn print_hints(results: &SearchResults, err: &mut dyn Write) -> std::io::Result<()> {
    if let Some(others) = results.other_kinds {
        writeln!(
            err,
            "accords: no commitment or agreement matches, but {} (introductions, quotes) {}; \
             add --kind all to see them",
            count(others as usize, "other clause"),
            if others == 1 { "does" } else { "do" }
        )?;
    }
    if results.undated_left_out > 0 {
        let n = results.undated_left_out;
        writeln!(
            err,
            "accords: the date filter left out {} whose meeting year is unknown; \
             search without --from and --to to include {}, or give the year in a catalog.json",
            count(n as usize, "matching clause"),
            if n == 1 { "it" } else { "them" }
        )?;
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
    partial_total: Option<u64>,
    hits: &'a [Hit],
}

/// Lines of a `--queries` file read and searched at a time: enough to keep
/// every core busy, few enough that results start to flow at once.
const BATCH_CHUNK: usize = 256;

/// A line of a `--queries` file, with its number.
enum BatchLine {
    Query(usize, String),
    /// Not a query; the message says why.
    Bad(usize, String),
}

/// Searches every query of `lines` with `workers` threads sharing the
/// engine, and returns the results in the order of `lines` (`None` for a
/// line that is not a query).
fn search_all(
    engine: &Engine,
    request: &SearchRequest,
    lines: &[BatchLine],
    workers: usize,
) -> Vec<Option<accords::Result<SearchResults>>> {
    let search = |line: &BatchLine| match line {
        BatchLine::Query(_, query) => {
            let mut request = request.clone();
            request.query = query.clone();
            Some(engine.search(&request))
        }
        BatchLine::Bad(..) => None,
    };
    let workers = workers.clamp(1, lines.len().max(1));
    if workers == 1 {
        return lines.iter().map(search).collect();
    }
    // Each thread takes the next unsearched line, so a slow query holds up
    // one thread only.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Option<accords::Result<SearchResults>>> =
        (0..lines.len()).map(|_| None).collect();
    let found: Vec<Vec<(usize, Option<accords::Result<SearchResults>>)>> =
        std::thread::scope(|scope| {
            let threads: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| {
                        let mut mine = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(line) = lines.get(i) else {
                                return mine;
                            };
                            mine.push((i, search(line)));
                        }
                    })
                })
                .collect();
            threads
                .into_iter()
                .map(|t| t.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
    for (i, result) in found.into_iter().flatten() {
        results[i] = result;
    }
    results
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
    let engine = config.index.open(err)?;
    let mut input = input;
    // Room for the longest query in four-byte characters, and a CRLF.
    let longest_line = 4 * MAX_QUERY_CHARS + 2;
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    // A workbook is written once every query has run; JSON lines as each
    // one does.
    let workbook = config.output.format == export::Format::Xlsx;
    let mut collected: Vec<SearchResults> = Vec::new();
    let mut run = |out: &mut dyn Write| -> anyhow::Result<(usize, usize)> {
        let (mut done, mut bad) = (0, 0);
        let mut bytes = Vec::new();
        let mut number = 0;
        let mut finished = false;
        while !finished {
            // A chunk of lines is read, its queries searched on every core,
            // and the chunk written in input order.
            let mut lines: Vec<BatchLine> = Vec::with_capacity(BATCH_CHUNK);
            while lines.len() < BATCH_CHUNK {
                number += 1;
                bytes.clear();
                let read = read_bounded_line(&mut *input, &mut bytes, longest_line)
                    .map_err(|e| Error::io(path, e))?;
                if read == 0 {
                    finished = true;
                    break;
                }
                if read > bytes.len() {
                    lines.push(BatchLine::Bad(
                        number,
                        format!(
                            "a line of {read} bytes is longer than any query \
                             (at most {MAX_QUERY_CHARS} characters); skipped"
                        ),
                    ));
                    continue;
                }
                // One line that is not text is one bad query, not a failed run.
                let Ok(line) = std::str::from_utf8(&bytes) else {
                    lines.push(BatchLine::Bad(
                        number,
                        "not valid UTF-8; skipped".to_string(),
                    ));
                    continue;
                };
                let query = line.trim();
                if !query.is_empty() {
                    lines.push(BatchLine::Query(number, query.to_string()));
                }
            }
            let results = search_all(&engine, &config.request, &lines, workers);
            for (line, result) in lines.iter().zip(results) {
                let (number, query) = match line {
                    BatchLine::Bad(number, message) => {
                        writeln!(err, "accords: {}:{number}: {message}", path.display())?;
                        bad += 1;
                        continue;
                    }
                    BatchLine::Query(number, query) => (number, query),
                };
                let results = match result {
                    Some(Ok(results)) => results,
                    Some(Err(e)) if e.is_user_error() => {
                        writeln!(err, "accords: {}:{number}: {e}", path.display())?;
                        bad += 1;
                        continue;
                    }
                    Some(Err(e)) => return Err(e.into()),
                    None => continue,
                };
                done += 1;
                if workbook {
                    collected.push(results);
                    continue;
                }
                serde_json::to_writer(
                    &mut *out,
                    &BatchResult {
                        query,
                        total: results.total,
                        partial_total: results.partial_total,
                        hits: &results.hits,
                    },
                )?;
                out.write_all(b"\n")?;
            }
        }
        if workbook {
            let mut info = WorkbookInfo::for_request(&config.request);
            info.queries_file = Some(path.display().to_string());
            export::xlsx::write_workbook(out, &collected, &info)?;
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

    fn resolve(args: &[&str]) -> anyhow::Result<SearchConfig> {
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
        assert_eq!(config.request.partner, ["Beijing", "shanghai"]);
        assert_eq!(config.request.limit, None);
        assert_eq!(config.index.path(), PathBuf::from("/nonexistent"));
        let parsed = config.request.validate().unwrap();
        assert_eq!(
            parsed.filters.dates.from.map(|d| d.to_string()).as_deref(),
            Some("2023-01-01")
        );
    }

    #[test]
    fn bad_queries_and_dates_fail_before_any_work() {
        let err = resolve(&["\"unclosed"]).unwrap_err();
        assert!(
            matches!(
                err.downcast_ref::<accords::Error>(),
                Some(accords::Error::QuerySyntax { position: 0, .. })
            ),
            "{err}"
        );
        let err = resolve(&["x", "--to", "2023-13"]).unwrap_err();
        assert!(matches!(
            err.downcast_ref::<accords::Error>(),
            Some(accords::Error::BadDate { .. })
        ));
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
        assert_eq!(config.request.query, "-bonds");
    }

    #[test]
    fn a_mistyped_flag_is_not_a_query() {
        let err = resolve(&["--parner=Beijing"]).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("unknown flag --parner; did you mean --partner?"),
            "{err}"
        );
    }
}
