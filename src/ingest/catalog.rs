//! The catalog: facts about releases that their texts do not give, such as
//! the year of a release that says only "today (May 11)".
//!
//! A catalog is a `catalog.json` file in a corpus folder. Its `documents`
//! object maps a file's path, relative to the catalog's folder and written
//! with `/`, to an entry. A release uses the nearest catalog in its folder
//! or any folder above it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::FileWarning;
use crate::model::MeetingDate;

pub const CATALOG_FILE: &str = "catalog.json";

/// What the catalog knows of one release.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogEntry {
    /// The meeting date, in full.
    pub date: Option<MeetingDate>,
    /// Where the release was published.
    pub url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Catalog {
    #[serde(default)]
    pub documents: HashMap<String, CatalogEntry>,
}

impl Catalog {
    pub fn from_json(json: &str) -> Result<Catalog, String> {
        let catalog: Catalog =
            serde_json::from_str(json).map_err(|e| format!("line {}: {e}", e.line()))?;
        if let Some((file, _)) = catalog
            .documents
            .iter()
            .find(|(_, e)| e.date.is_some_and(|d| d.year.is_none()))
        {
            return Err(format!("entry {file:?}: a catalog date needs its year"));
        }
        Ok(catalog)
    }
}

/// Catalogs found so far, by folder, so each is read once per run.
#[derive(Default)]
pub(crate) struct Catalogs {
    by_dir: HashMap<PathBuf, Option<Catalog>>,
}

impl Catalogs {
    /// The entry for `file` in the nearest catalog above it. A catalog that
    /// cannot be read is reported once, in `warnings`, and ignored.
    pub(crate) fn entry_for(
        &mut self,
        file: &Path,
        warnings: &mut Vec<FileWarning>,
    ) -> Option<CatalogEntry> {
        let mut dir = file.parent();
        while let Some(d) = dir {
            if let Some(catalog) = self.load(d, warnings) {
                let relative = file.strip_prefix(d).ok()?;
                let key: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                return catalog.documents.get(&key.join("/")).cloned();
            }
            dir = d.parent().filter(|p| !p.as_os_str().is_empty());
        }
        None
    }

    fn load(&mut self, dir: &Path, warnings: &mut Vec<FileWarning>) -> Option<&Catalog> {
        self.by_dir
            .entry(dir.to_path_buf())
            .or_insert_with(|| {
                let path = dir.join(CATALOG_FILE);
                let text = std::fs::read_to_string(&path).ok()?;
                match Catalog::from_json(&text) {
                    Ok(catalog) => Some(catalog),
                    Err(message) => {
                        warnings.push(FileWarning {
                            path,
                            line: None,
                            message: format!("catalog ignored: {message}"),
                        });
                        None
                    }
                }
            })
            .as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_parse_with_dates_and_urls() {
        let c =
            Catalog::from_json(r#"{"documents": {"a.txt": {"date": "2023-05-11", "url": "u"}}}"#)
                .unwrap();
        assert_eq!(
            c.documents["a.txt"],
            CatalogEntry {
                date: Some(MeetingDate::full(2023, 5, 11)),
                url: Some("u".into())
            }
        );
    }

    #[test]
    fn bad_catalogs_are_reported() {
        assert!(
            Catalog::from_json(r#"{"documents": {"a.txt": {"date": "May 11"}}}"#)
                .unwrap_err()
                .contains("invalid date")
        );
        assert!(
            Catalog::from_json(r#"{"documents": {"a.txt": {"date": "--05-11"}}}"#)
                .unwrap_err()
                .contains("needs its year")
        );
        assert!(Catalog::from_json(r#"{"documents": {"a.txt": {"dat": "2023-01-01"}}}"#).is_err());
    }

    #[test]
    fn nearest_catalog_above_a_file_is_used() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("2023");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(
            dir.path().join(CATALOG_FILE),
            r#"{"documents": {"2023/x.txt": {"date": "2023-01-02"}}}"#,
        )
        .unwrap();
        let mut catalogs = Catalogs::default();
        let mut warnings = Vec::new();
        let entry = catalogs
            .entry_for(&sub.join("x.txt"), &mut warnings)
            .unwrap();
        assert_eq!(entry.date, Some(MeetingDate::full(2023, 1, 2)));
        assert_eq!(catalogs.entry_for(&sub.join("y.txt"), &mut warnings), None);
        assert!(warnings.is_empty());
    }
}
