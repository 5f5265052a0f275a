//! `accords matrix`: clause counts for every pair of two facets' values
//! (partner × area by default), over the clauses a query matches or over
//! every clause.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::output::{ColorArg, FormatArg, OutputArgs};
use crate::cli::search::{check_not_a_flag, FilterArgs};
use crate::cli::{Env, IndexDir};
use accords::export::{self, xlsx::WorkbookInfo};
use accords::search::MatrixAxis;

#[derive(Debug, Args)]
#[command(after_help = "\
A clause with several areas (or meeting types) counts once in each of its
cells; the total column and row count distinct clauses, so a total can be
less than the sum of its cells. --rows year gives a timeline.

Examples:
  accords matrix
  accords matrix \"green finance\" --rows year --cols partner
  accords matrix --rows province --cols meeting --format xlsx --output coverage.xlsx")]
pub struct MatrixArgs {
    /// Count only the clauses this query matches [default: every clause].
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    pub query: Option<String>,

    /// What the rows are.
    #[arg(long, value_enum, default_value_t = AxisArg::Partner)]
    pub rows: AxisArg,

    /// What the columns are.
    #[arg(long = "cols", value_enum, default_value_t = AxisArg::Area)]
    pub columns: AxisArg,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Output format: a table that fits the terminal (COLUMNS), or data.
    #[arg(long, value_enum, default_value_t = MatrixFormat::Table)]
    pub format: MatrixFormat,

    /// Write to FILE instead of the terminal. The file is replaced whole or
    /// not at all.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// When to use bold and dim text in the table.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,

    /// Leave out the UTF-8 byte order mark that starts CSV output.
    #[arg(long)]
    pub no_bom: bool,

    #[command(flatten)]
    pub index: IndexDir,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AxisArg {
    Partner,
    Province,
    Area,
    Meeting,
    Year,
    Kind,
}

impl From<AxisArg> for MatrixAxis {
    fn from(axis: AxisArg) -> MatrixAxis {
        match axis {
            AxisArg::Partner => MatrixAxis::Partner,
            AxisArg::Province => MatrixAxis::Province,
            AxisArg::Area => MatrixAxis::Area,
            AxisArg::Meeting => MatrixAxis::Meeting,
            AxisArg::Year => MatrixAxis::Year,
            AxisArg::Kind => MatrixAxis::Kind,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatrixFormat {
    /// A table fitted to the terminal's width, zeros blank.
    Table,
    /// CSV: a header row, one row per row value, a total row.
    Csv,
    /// The matrix as one JSON object.
    Json,
    /// A Markdown table.
    Md,
    /// An Excel workbook (needs --output).
    Xlsx,
}

pub fn run(
    args: &MatrixArgs,
    env: &Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let query = args.query.as_deref().unwrap_or("");
    check_not_a_flag(query, "matrix")?;
    let request = args.filters.request(query);
    request.validate()?;
    let output = OutputArgs {
        format: match args.format {
            MatrixFormat::Table => FormatArg::Text,
            MatrixFormat::Csv => FormatArg::Csv,
            MatrixFormat::Json => FormatArg::Json,
            MatrixFormat::Md => FormatArg::Md,
            MatrixFormat::Xlsx => FormatArg::Xlsx,
        },
        output: args.output.clone(),
        color: args.color,
        no_bom: args.no_bom,
        bom: false,
    }
    .resolve(env)?;
    let mut output = output;
    // The table fits the terminal: COLUMNS, else the terminal's own width.
    if let (None, Some(columns), None) = (env.columns, env.terminal_columns, &args.output) {
        output.style.width = columns.max(20);
    }
    if let Some(columns) = env.columns {
        output.style.width = columns.max(20);
    }
    let (rows, columns) = (MatrixAxis::from(args.rows), MatrixAxis::from(args.columns));
    let mut info = WorkbookInfo::for_request(&request);
    info.filters
        .retain(|(name, _)| name != "sort" && name != "limit");
    let engine = args.index.open(err)?;
    let matrix = engine.matrix(&request, rows, columns)?;
    let summary = format!(
        "a matrix of {} {} by {} {}",
        matrix.row_labels.len(),
        rows.name(),
        matrix.column_labels.len(),
        columns.name()
    );
    output.emit(out, err, &summary, |w| {
        export::write_matrix(w, output.format, &matrix, &output.style, &info)
    })?;
    Ok(())
}
