//! A stand-in for the engine API, over today's library calls.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::index::{ClauseIndex, DocumentRecord, SkippedFile};
use crate::search::{self, ClauseContext, ClauseView, DateRange, Filters, SearchResults, Sort};

pub struct Engine {
    index: std::sync::RwLock<Arc<ClauseIndex>>,
    dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchRequest {
    pub query: String,
    pub partner: Vec<String>,
    pub province: Vec<String>,
    pub area: Vec<String>,
    pub meeting: Vec<String>,
    pub kind: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub sort: Option<String>,
    pub limit: Option<usize>,
    pub offset: usize,
    pub facets: bool,
    pub explain: bool,
}

impl Default for SearchRequest {
    fn default() -> SearchRequest {
        SearchRequest {
            query: String::new(),
            partner: vec![],
            province: vec![],
            area: vec![],
            meeting: vec![],
            kind: vec![],
            from: None,
            to: None,
            sort: None,
            limit: Some(10),
            offset: 0,
            facets: false,
            explain: false,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct DocumentView {
    pub document: DocumentRecord,
    pub clauses: Vec<ClauseView>,
}

#[derive(Debug, Serialize)]
pub struct DocumentList {
    pub documents: Vec<DocumentRecord>,
    pub skipped: Vec<SkippedFile>,
}

#[derive(Debug, Serialize)]
pub struct Health {
    pub clauses: u64,
    pub documents: usize,
}

impl Engine {
    pub fn open(dir: &Path) -> Result<Engine> {
        Ok(Engine {
            index: std::sync::RwLock::new(Arc::new(ClauseIndex::open(dir)?)),
            dir: dir.to_path_buf(),
        })
    }

    pub fn open_or_build(dir: &Path, _root: &Path) -> Result<(Engine, Vec<String>)> {
        let mut notes = Vec::new();
        let index = crate::cli::refresh::open_fresh(dir, &mut notes)
            .map_err(|e| Error::Index(e.to_string()))?;
        let notes = String::from_utf8_lossy(&notes)
            .lines()
            .map(str::to_string)
            .collect();
        Ok((
            Engine {
                index: std::sync::RwLock::new(Arc::new(index)),
                dir: dir.to_path_buf(),
            },
            notes,
        ))
    }

    fn index(&self) -> Arc<ClauseIndex> {
        self.index.read().unwrap().clone()
    }

    pub fn reload(&self) -> Result<bool> {
        let _ = &self.dir;
        Ok(false)
    }

    pub fn search(&self, r: &SearchRequest) -> Result<SearchResults> {
        let mut request = search::SearchRequest::new(&r.query)?;
        request.filters = Filters {
            partners: r.partner.clone(),
            areas: r.area.clone(),
            meetings: r.meeting.clone(),
            kinds: r.kind.clone(),
            dates: DateRange::parse(r.from.as_deref(), r.to.as_deref())?,
        };
        request.sort = match r.sort.as_deref() {
            Some("date") => Sort::Date,
            _ => Sort::Relevance,
        };
        request.limit = r.limit;
        request.offset = r.offset;
        request.facets = r.facets;
        request.explain = r.explain;
        search::search(&self.index(), &request)
    }

    pub fn show(&self, id: &str, around: usize) -> Result<ClauseContext> {
        search::show(&self.index(), id, around)
    }

    pub fn documents(&self) -> Result<DocumentList> {
        let (documents, skipped) = self.index().documents()?;
        Ok(DocumentList { documents, skipped })
    }

    pub fn document(&self, doc_id: &str) -> Result<DocumentView> {
        let list = self.documents()?;
        let Some(document) = list.documents.into_iter().find(|d| d.id == doc_id) else {
            return Err(Error::Usage(format!("no document has the id {doc_id:?}")));
        };
        let context = self.show(&format!("{doc_id}-000"), document.clauses)?;
        let mut clauses = context.before;
        clauses.push(context.clause);
        clauses.extend(context.after);
        Ok(DocumentView { document, clauses })
    }

    pub fn health(&self) -> Health {
        let index = self.index();
        Health {
            clauses: index.clause_count(),
            documents: index.documents().map(|d| d.0.len()).unwrap_or(0),
        }
    }
}
