//! `graph.sqlite`: the graph as a SQLite database, for graphs too big to load whole.
//!
//! The same graph as `graph.json`, in four tables (`documents`, `actors`, `edges`,
//! `evidence`) with indexes on the columns queries look up, and a `meta` table and
//! `PRAGMA user_version` giving the schema version ([`SCHEMA_VERSION`]). The schema is
//! [`SCHEMA`], documented in `docs/FORMAT.md` ("graph.sqlite"). [`write_store`] writes
//! it in one transaction with prepared statements; [`Store`] reads it back, either whole
//! ([`Store::graph`]) or only the edges touching some actors ([`Store::around`]), which
//! is what `stancegraph query` needs: the answer is the same as from `graph.json`.
//!
//! Every list keeps the order of `graph.json` (rows are inserted in that order and read
//! back by `rowid`), so a graph read back is equal to the one written.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OpenFlags};

use crate::error::{Error, Result};
use crate::export::json::DocumentsOf;
use crate::export::EvidenceOf;
use crate::graph::{DocumentMeta, EdgeJson, Evidence, GraphJson, Node, FORMAT_VERSION};

/// The version of the schema below, in `PRAGMA user_version` and in `meta`
/// (`store_version`). A reader refuses a store of another version.
pub const SCHEMA_VERSION: i64 = 1;

/// The first 16 bytes of every SQLite database file.
pub const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The tables, written before the rows; [`INDEXES`] are made after them.
pub const SCHEMA: &str = "
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE documents (
  id     TEXT PRIMARY KEY,
  title  TEXT,
  date   TEXT,
  source TEXT,
  url    TEXT
);
CREATE TABLE actors (
  id       TEXT PRIMARY KEY,
  name     TEXT NOT NULL,
  kind     TEXT NOT NULL,
  mentions INTEGER NOT NULL
);
CREATE TABLE edges (
  id       INTEGER PRIMARY KEY,
  source   TEXT NOT NULL REFERENCES actors(id),
  target   TEXT NOT NULL REFERENCES actors(id),
  type     TEXT NOT NULL,
  polarity TEXT NOT NULL,
  count    INTEGER NOT NULL,
  weight   REAL NOT NULL,
  cameo    TEXT NOT NULL,
  plover   TEXT NOT NULL
);
CREATE TABLE evidence (
  id            INTEGER PRIMARY KEY,
  edge          INTEGER NOT NULL REFERENCES edges(id),
  doc           TEXT NOT NULL REFERENCES documents(id),
  sentence      INTEGER NOT NULL,
  char_start    INTEGER NOT NULL,
  char_end      INTEGER NOT NULL,
  text          TEXT NOT NULL,
  cue           TEXT NOT NULL,
  said_by       TEXT,
  confidence    REAL NOT NULL,
  between_actor TEXT
);
";

/// The indexes, made once the rows are in.
pub const INDEXES: &str = "
CREATE INDEX edges_source ON edges(source, target);
CREATE INDEX edges_target ON edges(target, source);
CREATE INDEX edges_type ON edges(type, polarity);
CREATE INDEX evidence_edge ON evidence(edge);
CREATE INDEX evidence_doc ON evidence(doc);
CREATE INDEX documents_date ON documents(date);
";

fn sql_error(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |source| Error::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// An integer as SQLite keeps it.
fn int(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Writes the store of `g` into `path`, a new empty file (or none): the nodes and edges
/// of `g`, the documents from `documents` and each edge's evidence from `evidence` (the
/// `documents` and `evidence` lists of `g` itself are not read), all in one transaction.
/// The file is written without a journal: it is a temporary file renamed into place
/// once complete ([`crate::export::stage_at`]).
pub fn write_store_with(
    path: &Path,
    g: &GraphJson,
    documents: &mut DocumentsOf<'_>,
    evidence: &mut EvidenceOf<'_>,
) -> Result<()> {
    let sql = sql_error(path);
    let mut conn = Connection::open(path).map_err(&sql)?;
    conn.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 8192;",
    )
    .map_err(&sql)?;
    let tx = conn.transaction().map_err(&sql)?;
    tx.execute_batch(SCHEMA).map_err(&sql)?;
    {
        let mut meta = tx
            .prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)")
            .map_err(&sql)?;
        for (k, v) in [
            ("format", g.format.clone()),
            ("version", g.version.to_string()),
            ("store_version", SCHEMA_VERSION.to_string()),
            (
                "writer",
                format!("stancegraph {}", env!("CARGO_PKG_VERSION")),
            ),
        ] {
            meta.execute(params![k, v]).map_err(&sql)?;
        }

        let mut doc = tx
            .prepare(
                "INSERT INTO documents (id, title, date, source, url) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(&sql)?;
        // an SQL error cannot pass through the callback's io::Error: kept aside
        let mut failed: Option<rusqlite::Error> = None;
        let mut keep = |e: rusqlite::Error| {
            let msg = e.to_string();
            failed.get_or_insert(e);
            std::io::Error::other(msg)
        };
        let done = documents(&mut |d| {
            doc.execute(params![d.id, d.title, d.date, d.source, d.url])
                .map(drop)
                .map_err(&mut keep)
        });
        if let Some(e) = failed.take() {
            return Err(sql(e));
        }
        done.map_err(io_error(path))?;

        let mut actor = tx
            .prepare("INSERT INTO actors (id, name, kind, mentions) VALUES (?1, ?2, ?3, ?4)")
            .map_err(&sql)?;
        for n in &g.nodes {
            actor
                .execute(params![n.id, n.name, n.kind.as_str(), int(n.mentions)])
                .map_err(&sql)?;
        }

        let mut edge = tx
            .prepare(
                "INSERT INTO edges (id, source, target, type, polarity, count, weight, cameo, \
                 plover) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .map_err(&sql)?;
        let mut ev = tx
            .prepare(
                "INSERT INTO evidence (edge, doc, sentence, char_start, char_end, text, cue, \
                 said_by, confidence, between_actor) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .map_err(&sql)?;
        let mut failed: Option<rusqlite::Error> = None;
        for (i, e) in g.edges.iter().enumerate() {
            edge.execute(params![
                int(i),
                e.source,
                e.target,
                e.stance.as_str(),
                e.polarity.as_str(),
                int(e.count),
                e.weight,
                e.cameo,
                e.plover
            ])
            .map_err(&sql)?;
            let done = evidence(i, &mut |r| {
                ev.execute(params![
                    int(i),
                    r.doc,
                    int(r.sentence),
                    int(r.start),
                    int(r.end),
                    r.text,
                    r.cue,
                    r.said_by,
                    r.confidence,
                    r.between
                ])
                .map(drop)
                .map_err(|e| {
                    let msg = e.to_string();
                    failed.get_or_insert(e);
                    std::io::Error::other(msg)
                })
            });
            if let Some(e) = failed.take() {
                return Err(sql(e));
            }
            done.map_err(io_error(path))?;
        }
    }
    tx.execute_batch(INDEXES).map_err(&sql)?;
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)
        .map_err(&sql)?;
    tx.commit().map_err(&sql)?;
    conn.close().map_err(|(_, e)| sql(e))?;
    Ok(())
}

/// [`write_store_with`] for a graph in memory, its documents and evidence included.
pub fn write_store(path: &Path, g: &GraphJson) -> Result<()> {
    write_store_with(
        path,
        g,
        &mut |f| g.documents.iter().try_for_each(|d| f(d.view())),
        &mut |i, f| match g.edges.get(i) {
            Some(e) => e.evidence.iter().try_for_each(|ev| f(ev.view())),
            None => Ok(()),
        },
    )
}

/// Does a file start like a SQLite database?
pub fn is_sqlite(head: &[u8]) -> bool {
    head.starts_with(SQLITE_HEADER)
}

/// A `graph.sqlite` opened for reading.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// A value of one of the graph's enumerations (type, polarity, kind) from its name.
fn named<T: serde::de::DeserializeOwned>(s: String) -> rusqlite::Result<T> {
    serde_json::from_value(serde_json::Value::String(s.clone())).map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown value {}", crate::error::preview(&s)).into(),
        )
    })
}

impl Store {
    /// Opens a store read-only and checks that it is a stancegraph store of
    /// [`SCHEMA_VERSION`].
    pub fn open(path: &Path) -> Result<Store> {
        let sql = sql_error(path);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(&sql)?;
        let bad = |message: String| Error::BadGraph {
            path: path.display().to_string(),
            message,
        };
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(&sql)?;
        let format: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'format'", [], |r| {
                r.get(0)
            })
            .ok();
        if format.as_deref() != Some("stancegraph") {
            return Err(bad(
                "a SQLite database, but not a stancegraph graph store (no meta table naming \
                 the format stancegraph)"
                    .into(),
            ));
        }
        if version != SCHEMA_VERSION {
            return Err(bad(format!(
                "graph store schema version {version}; this stancegraph reads version \
                 {SCHEMA_VERSION}"
            )));
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    fn sql(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        sql_error(&self.path)
    }

    /// Every actor, in the order of `graph.json`.
    pub fn actors(&self) -> Result<Vec<Node>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, name, kind, mentions FROM actors ORDER BY rowid")
            .map_err(self.sql())?;
        let rows = st
            .query_map([], |r| {
                Ok(Node {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: named(r.get(2)?)?,
                    mentions: r.get(3)?,
                })
            })
            .map_err(self.sql())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.sql())
    }

    /// The evidence of edge `id`, in order.
    fn evidence(&self, id: i64) -> Result<Vec<Evidence>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT doc, sentence, char_start, char_end, text, cue, said_by, confidence, \
                 between_actor FROM evidence WHERE edge = ?1 ORDER BY id",
            )
            .map_err(self.sql())?;
        let rows = st
            .query_map([id], |r| {
                Ok(Evidence {
                    doc: r.get(0)?,
                    sentence: r.get(1)?,
                    start: r.get(2)?,
                    end: r.get(3)?,
                    text: r.get(4)?,
                    cue: r.get(5)?,
                    said_by: r.get(6)?,
                    confidence: r.get(7)?,
                    between: r.get(8)?,
                })
            })
            .map_err(self.sql())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.sql())
    }

    /// The edges of `where_` (an SQL condition on `edges`, with `args`), with their
    /// evidence, in the order of `graph.json`.
    fn edges(&self, where_: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<(i64, EdgeJson)>> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT id, source, target, type, polarity, count, weight, cameo, plover \
                 FROM edges WHERE {where_} ORDER BY id"
            ))
            .map_err(self.sql())?;
        let rows = st
            .query_map(args, |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    EdgeJson {
                        source: r.get(1)?,
                        target: r.get(2)?,
                        stance: named(r.get(3)?)?,
                        polarity: named(r.get(4)?)?,
                        count: r.get(5)?,
                        weight: r.get(6)?,
                        cameo: r.get(7)?,
                        plover: r.get(8)?,
                        evidence: Vec::new(),
                    },
                ))
            })
            .map_err(self.sql())?;
        let edges = rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.sql())?;
        edges
            .into_iter()
            .map(|(id, mut e)| {
                e.evidence = self.evidence(id)?;
                Ok((id, e))
            })
            .collect()
    }

    /// The documents named by `ids`, in the order of `graph.json`; every document when
    /// `ids` is `None`.
    fn documents(&self, ids: Option<&BTreeSet<&str>>) -> Result<Vec<DocumentMeta>> {
        let row = |r: &rusqlite::Row<'_>| {
            Ok((
                r.get::<_, i64>(0)?,
                DocumentMeta {
                    id: r.get(1)?,
                    title: r.get(2)?,
                    date: r.get(3)?,
                    source: r.get(4)?,
                    url: r.get(5)?,
                },
            ))
        };
        let columns = "SELECT rowid, id, title, date, source, url FROM documents";
        let mut docs: Vec<(i64, DocumentMeta)> = match ids {
            None => {
                let mut st = self
                    .conn
                    .prepare(&format!("{columns} ORDER BY rowid"))
                    .map_err(self.sql())?;
                let rows = st.query_map([], row).map_err(self.sql())?;
                rows.collect::<rusqlite::Result<_>>().map_err(self.sql())?
            }
            Some(ids) => {
                let mut st = self
                    .conn
                    .prepare_cached(&format!("{columns} WHERE id = ?1"))
                    .map_err(self.sql())?;
                let mut out = Vec::with_capacity(ids.len());
                for id in ids {
                    let mut rows = st.query_map([id], row).map_err(self.sql())?;
                    if let Some(d) = rows.next() {
                        out.push(d.map_err(self.sql())?);
                    }
                }
                out
            }
        };
        docs.sort_by_key(|(rowid, _)| *rowid);
        Ok(docs.into_iter().map(|(_, d)| d).collect())
    }

    /// The whole graph, equal to the `graph.json` of the same build.
    pub fn graph(&self) -> Result<GraphJson> {
        Ok(GraphJson {
            format: "stancegraph".into(),
            version: FORMAT_VERSION,
            documents: self.documents(None)?,
            nodes: self.actors()?,
            edges: self.edges("1", &[])?.into_iter().map(|(_, e)| e).collect(),
        })
    }

    /// The part of the graph around `actors` (ids): every actor, the edges from or toward
    /// one of them with their evidence, and the documents of that evidence. Every query
    /// about these actors ([`crate::query::run`]) answers from it as from the whole
    /// graph.
    pub fn around(&self, actors: &[&str]) -> Result<GraphJson> {
        // each edge once (an edge between two of the actors comes twice), in graph order
        let mut edges = std::collections::BTreeMap::new();
        for id in actors.iter().collect::<BTreeSet<_>>() {
            edges.extend(self.edges("source = ?1 OR target = ?1", &[id])?);
        }
        let edges: Vec<EdgeJson> = edges.into_values().collect();
        let docs: BTreeSet<&str> = edges
            .iter()
            .flat_map(|e| e.evidence.iter().map(|ev| ev.doc.as_str()))
            .collect();
        Ok(GraphJson {
            format: "stancegraph".into(),
            version: FORMAT_VERSION,
            documents: self.documents(Some(&docs))?,
            nodes: self.actors()?,
            edges,
        })
    }
}
