//! SQLite FTS5 as a peer, through rusqlite's bundled SQLite: the clause
//! text in an FTS5 table (porter stemmer), everything else in ordinary
//! tables keyed by the same row id, so filters are `WHERE` clauses, facets
//! are `GROUP BY`, ranking is `bm25()` and hits come back through
//! `highlight()` and `snippet()`, as an application built on SQLite would
//! do it.

#![allow(dead_code)]

use std::path::Path;

use rusqlite::{params, Connection};

use crate::corpus;
use crate::queries::{BenchQuery, FacetTally, Filter, Page};

const SCHEMA: &str = "
CREATE TABLE clause (
    id INTEGER PRIMARY KEY,
    cid TEXT NOT NULL,
    partner TEXT,
    year INTEGER,
    date TEXT,
    kind TEXT,
    title TEXT,
    doc_id TEXT,
    source TEXT
);
CREATE TABLE clause_area (clause INTEGER NOT NULL, area TEXT NOT NULL);
CREATE TABLE clause_meeting (clause INTEGER NOT NULL, meeting TEXT NOT NULL);
CREATE VIRTUAL TABLE clause_text USING fts5(text, tokenize = 'porter');
";

/// Built after the rows are in, as a bulk load would.
const INDEXES: &str = "
CREATE INDEX clause_partner ON clause (partner);
CREATE INDEX clause_area_area ON clause_area (area, clause);
CREATE INDEX clause_area_clause ON clause_area (clause);
CREATE INDEX clause_meeting_clause ON clause_meeting (clause);
";

const PAGE: &str = "
SELECT c.cid, c.partner, c.title, c.date,
       highlight(clause_text, 0, '[', ']'),
       snippet(clause_text, 0, '[', ']', '…', 32)
FROM clause_text JOIN clause c ON c.id = clause_text.rowid
WHERE clause_text MATCH ?1 {filter}
ORDER BY bm25(clause_text) LIMIT 10";

pub struct Fts5 {
    db: Connection,
}

/// An FTS5 query for the same words: a phrase in quotes, bare words ANDed
/// (FTS5's only implicit operator; accords ranks all-word matches first).
pub fn fts_match(query: &BenchQuery) -> String {
    if query.phrase {
        format!("\"{}\"", query.words.join(" "))
    } else {
        query
            .words
            .iter()
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl Fts5 {
    /// Loads the records of `jsonl` into a new database file at `path`, in
    /// one transaction.
    pub fn build(path: &Path, jsonl: &Path) -> Result<Fts5, String> {
        Fts5::load(path, jsonl).map_err(|e| format!("{}: {e}", path.display()))
    }

    fn load(path: &Path, jsonl: &Path) -> Result<Fts5, Box<dyn std::error::Error>> {
        let _ = std::fs::remove_file(path);
        let db = Connection::open(path)?;
        db.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
        db.execute_batch(SCHEMA)?;
        let tx = db.unchecked_transaction()?;
        {
            let mut clause = tx.prepare(
                "INSERT INTO clause (id, cid, partner, year, date, kind, title, doc_id, source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let mut text = tx.prepare("INSERT INTO clause_text (rowid, text) VALUES (?1, ?2)")?;
            let mut area = tx.prepare("INSERT INTO clause_area (clause, area) VALUES (?1, ?2)")?;
            let mut meeting =
                tx.prepare("INSERT INTO clause_meeting (clause, meeting) VALUES (?1, ?2)")?;
            let mut row = 0i64;
            corpus::each_record(jsonl, |r| {
                row += 1;
                let sql = |e: rusqlite::Error| e.to_string();
                clause
                    .execute(params![
                        row,
                        r.id,
                        r.partner,
                        r.year(),
                        r.date,
                        r.kind,
                        r.title,
                        r.doc_id,
                        r.source
                    ])
                    .map_err(sql)?;
                text.execute(params![row, r.text]).map_err(sql)?;
                for a in &r.areas {
                    area.execute(params![row, a]).map_err(sql)?;
                }
                for m in &r.meeting_types {
                    meeting.execute(params![row, m]).map_err(sql)?;
                }
                Ok(())
            })?;
        }
        tx.commit()?;
        db.execute_batch(INDEXES)?;
        // Merge the FTS5 segments as a finished index would be.
        db.execute_batch("INSERT INTO clause_text (clause_text) VALUES ('optimize'); ANALYZE;")?;
        Ok(Fts5 { db })
    }

    pub fn clause_count(&self) -> u64 {
        self.db
            .query_row("SELECT count(*) FROM clause_text", [], |row| {
                row.get::<_, i64>(0)
            })
            .expect("the count runs") as u64
    }

    /// The first ten hits by bm25 with the clause highlighted and a snippet.
    pub fn search(&self, query: &BenchQuery) -> Page {
        let filter = match &query.filter {
            None => "",
            Some(Filter::Partner(_)) => "AND c.partner = ?2",
            Some(Filter::Area(_)) => {
                "AND clause_text.rowid IN (SELECT clause FROM clause_area WHERE area = ?2)"
            }
        };
        let sql = PAGE.replace("{filter}", filter);
        let mut statement = self.db.prepare_cached(&sql).expect("the query prepares");
        let fts = fts_match(query);
        let mut page = Page::default();
        let mut tally = |row: &rusqlite::Row| -> rusqlite::Result<()> {
            let highlighted: String = row.get(4)?;
            let snippet: String = row.get(5)?;
            page.hits += 1;
            page.marks += highlighted.matches('[').count() + usize::from(!snippet.is_empty());
            Ok(())
        };
        let mut rows = match &query.filter {
            None => statement.query(params![fts]),
            Some(Filter::Partner(v)) | Some(Filter::Area(v)) => statement.query(params![fts, v]),
        }
        .expect("the query runs");
        while let Some(row) = rows.next().expect("a row reads") {
            tally(row).expect("the columns read");
        }
        page
    }

    /// Facet counts over every clause `query` matches: one `GROUP BY` per
    /// facet over the matching row ids.
    pub fn facets(&self, query: &str) -> FacetTally {
        let fts = format!("\"{query}\"");
        let sqls = [
            "SELECT c.partner, count(*) FROM clause_text JOIN clause c ON c.id = clause_text.rowid
             WHERE clause_text MATCH ?1 AND c.partner IS NOT NULL GROUP BY c.partner",
            "SELECT a.area, count(*) FROM clause_text JOIN clause_area a ON a.clause = clause_text.rowid
             WHERE clause_text MATCH ?1 GROUP BY a.area",
            "SELECT m.meeting, count(*) FROM clause_text JOIN clause_meeting m ON m.clause = clause_text.rowid
             WHERE clause_text MATCH ?1 GROUP BY m.meeting",
            "SELECT c.year, count(*) FROM clause_text JOIN clause c ON c.id = clause_text.rowid
             WHERE clause_text MATCH ?1 AND c.year IS NOT NULL GROUP BY c.year",
        ];
        let mut tally = FacetTally::default();
        for (dim, sql) in sqls.iter().enumerate() {
            let mut statement = self
                .db
                .prepare_cached(sql)
                .expect("the facet query prepares");
            let counts: Vec<i64> = statement
                .query_map(params![fts], |row| row.get(1))
                .expect("the facet query runs")
                .collect::<rusqlite::Result<_>>()
                .expect("the counts read");
            tally.dims[dim] = (counts.len(), counts.iter().map(|&n| n as u64).sum());
        }
        tally
    }
}
