//! `accords cite`: the citation of a clause (or of a whole release) for a
//! report, as plain text, Markdown or BibTeX.

use std::io::Write;

use clap::{Args, ValueEnum};

use crate::cli::{text_value, Env, IndexDir};
use accords::model::Citation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CiteStyle {
    /// One line: "Title", issuer, date, clause number, URL.
    Plain,
    /// One line with the title linked to the source.
    Markdown,
    /// A BibTeX @misc entry.
    Bibtex,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  accords cite b678111fcedf6978-021
  accords cite 88463f97ea07769f-033 --style markdown
  accords cite 2bbc4fd7d71ce70b-019 2bbc4fd7d71ce70b --style bibtex >> report.bib")]
pub struct CiteArgs {
    /// Clause ids, as search results show them (b678111fcedf6978-021), or
    /// document ids (b678111fcedf6978) to cite a whole release.
    #[arg(value_name = "ID", required = true, value_parser = text_value())]
    pub ids: Vec<String>,

    /// How to write each citation.
    #[arg(long, value_enum, default_value_t = CiteStyle::Plain)]
    pub style: CiteStyle,

    #[command(flatten)]
    pub index: IndexDir,
}

pub fn run(
    args: &CiteArgs,
    _env: &Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let engine = args.index.open(err)?;
    let mut citations = Vec::with_capacity(args.ids.len());
    for id in &args.ids {
        let id = id.trim();
        // A clause id is a document id and a position; a document id alone
        // cites the whole release.
        let citation = match engine.show(id, 0) {
            Ok(context) => Citation::of_clause(&context.clause.clause, &context.clause.document),
            Err(no_clause @ accords::Error::NoSuchClause { .. }) => match engine.document(id) {
                Ok(view) => Citation::of_document(&view.document.id, &view.document.facts),
                Err(accords::Error::NoSuchDocument { .. }) => return Err(no_clause.into()),
                Err(e) => return Err(e.into()),
            },
            Err(e) => return Err(e.into()),
        };
        citations.push(citation);
    }
    let separator = match args.style {
        CiteStyle::Bibtex => "\n\n",
        _ => "\n",
    };
    let text: Vec<String> = citations
        .iter()
        .map(|c| match args.style {
            CiteStyle::Plain => c.plain(),
            CiteStyle::Markdown => c.markdown(),
            CiteStyle::Bibtex => c.bibtex(),
        })
        .collect();
    writeln!(out, "{}", text.join(separator))?;
    Ok(())
}
