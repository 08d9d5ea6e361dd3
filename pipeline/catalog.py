"""The embedded catalogue: every ingested issue in one SQLite database, ``OUT/gazette.db``.

One table per record kind (issues, documents, sections, tasks, task_units, tables,
table_cells, people, quantities, dates, references, warnings, organizations) with primary
and foreign keys and indexes, a view ``task_assignments`` joining tasks to their units and
documents, and an FTS5 index ``sections_fts`` over section titles and text.

Record IDs from the parser (``d001s0001``) are unique only within an issue, so in the
database every ID is ``<issue_key>:<id>`` (the local one is kept in ``local_id``).

SQLite's default tokenizer does not split Chinese into words (a search for 通知 finds
nothing in 关于…的通知), so the indexed text is segmented by jieba (search mode, no HMM, the
project's unit names as user words; rjieba, jieba's algorithm and dictionary in Rust, when it
is installed: same words, ~25x faster) and queries are segmented the same way, by the
segmenter recorded in the database; a hit must also contain the query's words literally, so a
phrase matches as a phrase.

Re-ingesting an issue replaces all its rows in ONE transaction (WAL mode): a reader sees
the old issue or the new one, never half of either.

    from pipeline import catalog
    con = catalog.connect("out/gazette.db")
    catalog.replace_issue(con, catalog.issue_rows(result, "xianning-2022-01"))
    catalog.search("out/gazette.db", "无偿献血", limit=5)

Only the standard library at import; the segmenter loads on the first segmentation.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .output import atomic_write_text

SCHEMA_VERSION = "1"
SEP = ":"  # <issue_key>:<local id>


class CatalogError(Exception):
    """The database cannot be used (missing, not a gazette catalogue, ...)."""


@dataclass(frozen=True)
class Col:
    name: str
    type: str  # text | int | real | bool | date | list (JSON array of strings) | json (any JSON)
    nullable: bool = True


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Col, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, table, column)
    indexes: tuple[tuple[str, ...], ...] = ()

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _cols(spec: str) -> tuple[Col, ...]:
    """'id:text! title:text n:int' -> Cols (! = NOT NULL)."""
    out = []
    for part in spec.split():
        name, typ = part.split(":")
        out.append(Col(name, typ.rstrip("!"), nullable=not typ.endswith("!")))
    return tuple(out)


SPAN = " span_start:int span_end:int"
ISSUE_FK = ("issue_key", "issues", "issue_key")
DOC_FK = ("document_id", "documents", "id")
SEC_FK = ("section_id", "sections", "id")

TABLES: tuple[Table, ...] = (
    Table("issues", _cols("issue_key:text! source_path:text sha256:text! encoding:text chars:int title:text "
                          "publisher:text year:int number:int total_number:int published_at:text" + SPAN +
                          " coverage_ratio:real parser_version:text"),
          ("issue_key",), (), (("sha256",), ("year", "number"))),
    Table("documents", _cols("id:text! issue_key:text! local_id:text! title:text doc_number:text agency_code:text "
                             "doc_year:int serial:int issuer:text doc_type:text recipients:list signed_by:text "
                             "date:date disclosure:text enclosures:list" + SPAN),
          ("id",), (ISSUE_FK,), (("issue_key",), ("doc_number",), ("date",), ("issuer",), ("doc_type",))),
    Table("sections", _cols("id:text! issue_key:text! local_id:text! document_id:text parent_id:text kind:text "
                            "label:text number:int title:text text:text" + SPAN),
          ("id",), (ISSUE_FK, DOC_FK, ("parent_id", "sections", "id")),
          (("issue_key",), ("document_id",), ("parent_id",), ("kind",))),
    Table("tasks", _cols("id:text! issue_key:text! local_id:text! document_id:text section_id:text label:text "
                         "text:text lead_units:list responsible_units:list deadlines:list" + SPAN),
          ("id",), (ISSUE_FK, DOC_FK, SEC_FK), (("issue_key",), ("document_id",), ("section_id",))),
    Table("task_units", _cols("task_id:text! issue_key:text! role:text! position:int! unit:text canonical:text "
                              "type:text known:bool"),
          ("task_id", "role", "position"), (("task_id", "tasks", "id"), ISSUE_FK),
          (("issue_key",), ("canonical",), ("unit",))),
    Table("tables", _cols("id:text! issue_key:text! local_id:text! document_id:text title:text columns:list "
                          "orientation:text n_rows:int totals:json totals_ok:bool" + SPAN),
          ("id",), (ISSUE_FK, DOC_FK), (("issue_key",), ("document_id",))),
    Table("table_cells", _cols("table_id:text! issue_key:text! row:int! col:int! column:text value:text number:real"),
          ("table_id", "row", "col"), (("table_id", "tables", "id"), ISSUE_FK), (("issue_key",),)),
    Table("people", _cols("id:text! issue_key:text! local_id:text! document_id:text section_id:text group:text "
                          "role:text name:text position:text" + SPAN),
          ("id",), (ISSUE_FK, DOC_FK, SEC_FK), (("issue_key",), ("document_id",), ("section_id",), ("name",))),
    Table("quantities", _cols("id:text! issue_key:text! local_id:text! document_id:text section_id:text text:text "
                              "value:real min:real max:real unit:text qualifier:text category:text" + SPAN),
          ("id",), (ISSUE_FK, DOC_FK, SEC_FK), (("issue_key",), ("document_id",), ("section_id",), ("unit",))),
    Table("dates", _cols("id:text! issue_key:text! local_id:text! document_id:text section_id:text text:text "
                         "kind:text value:text start:date end:date inferred_year:bool" + SPAN),
          ("id",), (ISSUE_FK, DOC_FK, SEC_FK),
          (("issue_key",), ("document_id",), ("section_id",), ("kind", "value"))),
    Table("references", _cols("id:text! issue_key:text! local_id:text! document_id:text section_id:text text:text "
                              "title:text doc_number:text relation:text" + SPAN),
          ("id",), (ISSUE_FK, DOC_FK, SEC_FK),
          (("issue_key",), ("document_id",), ("section_id",), ("doc_number",), ("title",))),
    Table("warnings", _cols("id:text! issue_key:text! local_id:text! document_id:text stage:text code:text "
                            "message:text" + SPAN),
          ("id",), (ISSUE_FK, DOC_FK), (("issue_key",), ("document_id",), ("code",))),
    Table("organizations", _cols("issue_key:text! canonical:text! type:text known:bool lead_tasks:int "
                                 "responsible_tasks:int aliases_seen:list"),
          ("issue_key", "canonical"), (ISSUE_FK,), (("canonical",),)),
)
TABLE = {t.name: t for t in TABLES}
KINDS = [t.name for t in TABLES]

SQL_TYPE = {"text": "TEXT", "int": "INTEGER", "real": "REAL", "bool": "INTEGER", "date": "TEXT", "list": "TEXT",
            "json": "TEXT"}

VIEW_SQL = """
CREATE VIEW IF NOT EXISTS task_assignments AS
SELECT t.id AS task_id, t.issue_key, t.document_id, d.doc_number, d.title AS document_title, d.issuer,
       d.date AS document_date, t.section_id, t.label AS task_label, t.text AS task_text, u.role, u.position,
       u.unit, u.canonical, u.type AS unit_type, u.known, t.deadlines, t.span_start, t.span_end
FROM tasks t
JOIN task_units u ON u.task_id = t.id
LEFT JOIN documents d ON d.id = t.document_id
"""
FTS_SQL = "CREATE VIRTUAL TABLE IF NOT EXISTS sections_fts USING fts5(title, text, tokenize='unicode61')"


def q(name: str) -> str:
    """Quote an identifier (references, group, row, column … are SQL keywords)."""
    return '"' + name.replace('"', '""') + '"'


def create_sql(t: Table) -> list[str]:
    cols = [f"{q(c.name)} {SQL_TYPE[c.type]}{'' if c.nullable else ' NOT NULL'}" for c in t.columns]
    cols.append(f"PRIMARY KEY ({', '.join(q(c) for c in t.primary_key)})")
    for col, ref, refcol in t.foreign_keys:
        cols.append(f"FOREIGN KEY ({q(col)}) REFERENCES {q(ref)}({q(refcol)}) DEFERRABLE INITIALLY DEFERRED")
    out = [f"CREATE TABLE IF NOT EXISTS {q(t.name)} (\n  " + ",\n  ".join(cols) + "\n)"]
    for ix in t.indexes:
        name = f"ix_{t.name}_{'_'.join(ix)}"
        out.append(f"CREATE INDEX IF NOT EXISTS {q(name)} ON {q(t.name)} ({', '.join(q(c) for c in ix)})")
    return out


# ---------------------------------------------------------------- segmentation

_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
_WORDY = re.compile(r"\w")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
SEGMENTERS = ("rjieba", "jieba")  # preferred first: rjieba is jieba's algorithm and dictionary in Rust, ~25x faster


def _user_words() -> list[str]:
    from .orgs import jieba_user_words

    return sorted({w for w in jieba_user_words() if len(w) >= 2 and _HAN.match(w)})


class _Segmenter:
    """jieba (or rjieba, the same algorithm and dictionary in Rust): search mode, no HMM
    (no guessed words, so a query cut alone is cut as it is in context), our unit names as
    user words. A private instance: our user words must not change jieba for anybody else."""

    def __init__(self, name: str):
        import logging
        from importlib.metadata import version

        self.name = name
        self.version = version(name)
        words = _user_words()
        if name == "rjieba":
            import rjieba  # noqa: PLC0415 - optional accelerator, lazy by design

            tk = rjieba.Jieba()
            for w in words:
                tk.add_word(w, tk.suggest_freq(w), None)
            self._cut = lambda s: tk.cut(s, False)
            self._search = lambda s: tk.cut_for_search(s, False)
        else:
            import jieba  # noqa: PLC0415 - heavy, lazy by design

            jieba.setLogLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            tk.initialize()
            for w in words:
                tk.add_word(w)
            self._cut = lambda s: list(tk.cut(s, HMM=False))
            self._search = lambda s: list(tk.cut_for_search(s, HMM=False))
        h = hashlib.sha256("\n".join(words).encode("utf-8")).hexdigest()[:16]
        self.fingerprint = f"{name} {self.version}; search mode; HMM off; user words {h}"

    def cut(self, s: str) -> list[str]:
        return self._cut(s)

    def cut_for_search(self, s: str) -> list[str]:
        return self._search(s)


_SEGMENTERS: dict[str, _Segmenter] = {}
_DEFAULT: str | None = None


def available_segmenters() -> list[str]:
    from importlib.util import find_spec

    return [n for n in SEGMENTERS if find_spec(n) is not None]


def default_segmenter() -> str:
    """rjieba when installed (pip install 'gazette[fast]'), else jieba; GAZETTE_SEGMENTER=jieba|rjieba chooses."""
    global _DEFAULT
    if _DEFAULT is None:
        want = os.environ.get("GAZETTE_SEGMENTER")
        have = available_segmenters()
        if want and want not in SEGMENTERS:
            raise CatalogError(f"GAZETTE_SEGMENTER={want!r}: use one of {', '.join(SEGMENTERS)}")
        if want and want not in have:
            raise CatalogError(f"GAZETTE_SEGMENTER={want}: {want} is not installed")
        _DEFAULT = want or (have[0] if have else "jieba")
    return _DEFAULT


def use_segmenter(name: str | None) -> None:
    """Choose the segmenter for this process (None: back to the default choice)."""
    global _DEFAULT
    if name is not None and name not in SEGMENTERS:
        raise CatalogError(f"unknown segmenter {name!r}")
    _DEFAULT = name


def _tokenizer(name: str | None = None) -> _Segmenter:
    name = name or default_segmenter()
    if name not in _SEGMENTERS:
        try:
            _SEGMENTERS[name] = _Segmenter(name)
        except ImportError:
            raise CatalogError(f"the word segmenter {name} is not installed here") from None
    return _SEGMENTERS[name]


def segmenter_fingerprint(name: str | None = None) -> str:
    """Changes when the segmentation would: the segmenter, its version, our user words, our options."""
    return _tokenizer(name).fingerprint


def _prepare(s: str) -> str:
    """What is segmented and matched: folded (Traditional → Simplified, full-width → ASCII),
    lower-case, with line breaks inside Chinese text removed (a word may be wrapped)."""
    from .text import fold

    return _CJK_GAP.sub("", fold(s or "")).lower()


def segment(s: str, segmenter: str | None = None) -> str:
    """Text as space-separated words for the FTS index (search mode: words and their sub-words)."""
    tk = _tokenizer(segmenter)
    return " ".join(w for w in tk.cut_for_search(_prepare(s)) if _WORDY.search(w))


def _fts_quote(w: str) -> str:
    return '"' + w.replace('"', '""') + '"'


def match_expression(query: str, segmenter: str | None = None) -> tuple[str, list[str]]:
    """An FTS5 MATCH expression for a query, and its terms (whitespace-separated, prepared).

    Each word of each term is required; a long word is also found through its sub-words
    (无偿献血 → 无偿 AND 献血), because the text around it may have been cut differently."""
    tk = _tokenizer(segmenter)
    terms = [_prepare(t) for t in query.split()]
    terms = [t for t in terms if _WORDY.search(t)]
    parts = []
    for term in terms:
        for w in tk.cut(term):
            if not _WORDY.search(w):
                continue
            subs = [x for x in tk.cut_for_search(w) if x != w and _WORDY.search(x)]
            e = _fts_quote(w)
            if subs:
                e = f"({e} OR ({' AND '.join(_fts_quote(x) for x in dict.fromkeys(subs))}))"
            parts.append(e)
    return " AND ".join(parts), terms


# ---------------------------------------------------------------- rows of one issue

@dataclass
class IssueRows:
    issue_key: str
    tables: dict[str, list[tuple]] = field(default_factory=dict)
    fts: list[tuple[str, str, str]] = field(default_factory=list)  # (section id, title words, text words)

    def count(self, kind: str) -> int:
        return len(self.tables.get(kind) or [])


def _j(v) -> str | None:
    return None if v is None else json.dumps(v, ensure_ascii=False)


def _value(col: Col, v):
    if v is None:
        return None
    if col.type in ("list", "json"):
        return _j(list(v) if col.type == "list" else v)
    if col.type == "bool":
        return 1 if v else 0
    if col.type == "int":
        try:
            return int(v)
        except (TypeError, ValueError):
            return None
    if col.type == "real":
        try:
            return float(v)
        except (TypeError, ValueError):
            return None
    return str(v)


def issue_rows(result: dict, issue_key: str, *, fts: bool = True, parser_version: str | None = None,
               segmenter: str | None = None) -> IssueRows:
    """Every row the catalogue holds for one parsed issue (and its segmented text for FTS).

    References to a record the issue does not have (a bug upstream) become NULL with a
    catalogue warning, so one bad link never loses the issue."""
    if parser_version is None:
        from . import __version__ as parser_version
    k = issue_key
    gid = (lambda local: None if local is None else f"{k}{SEP}{local}")
    extra_warnings: list[dict] = []
    ids = {kind: {r.get("id") for r in result.get(kind) or []} for kind in ("documents", "sections", "tasks", "tables")}

    def ref(kind: str, local, rec: dict, field_name: str):
        if local is None:
            return None
        if local not in ids[kind]:
            extra_warnings.append({"stage": "catalog", "code": "dangling_reference",
                                   "message": f"{field_name} {local!r} of record {rec.get('id')!r} names no "
                                              f"{kind[:-1]}; set to empty",
                                   "document_id": None, "span": rec.get("span")})
            return None
        return gid(local)

    def span(r):
        sp = r.get("span") or [None, None]
        return {"span_start": sp[0], "span_end": sp[1]}

    def common(r, kind):
        d = {"id": gid(r.get("id")), "issue_key": k, "local_id": r.get("id"), **span(r)}
        if "document_id" in TABLE[kind].names:
            d["document_id"] = ref("documents", r.get("document_id"), r, "document_id")
        if "section_id" in TABLE[kind].names:
            d["section_id"] = ref("sections", r.get("section_id"), r, "section_id")
        return d

    recs: dict[str, list[dict]] = {name: [] for name in KINDS}
    src = result.get("source") or {}
    iss = result.get("issue") or {}
    recs["issues"].append({"issue_key": k, "source_path": src.get("path"), "sha256": src.get("sha256") or "",
                           "encoding": src.get("encoding"), "chars": src.get("chars"), **iss, **span(iss),
                           "coverage_ratio": (result.get("coverage") or {}).get("ratio"),
                           "parser_version": parser_version})
    for d in result.get("documents") or []:
        p = d.get("doc_number_parts") or {}
        recs["documents"].append({**d, **common(d, "documents"), "agency_code": p.get("agency_code"),
                                  "doc_year": p.get("year"), "serial": p.get("serial")})
    for s in result.get("sections") or []:
        recs["sections"].append({**s, **common(s, "sections"), "parent_id": ref("sections", s.get("parent_id"), s,
                                                                               "parent_id")})
    for t in result.get("tasks") or []:
        recs["tasks"].append({**t, **common(t, "tasks")})
    from .output import task_units

    pos: dict = {}
    for u in task_units(result):
        key = (u["task_id"], u["role"])
        pos[key] = pos.get(key, 0) + 1
        recs["task_units"].append({**u, "task_id": gid(u["task_id"]), "issue_key": k, "position": pos[key]})
    from .tables import table_cells

    for t in result.get("tables") or []:
        totals = t.get("totals") or []
        recs["tables"].append({**t, **common(t, "tables"), "n_rows": len(t.get("rows") or []), "totals": totals,
                               "totals_ok": all(x.get("ok") for x in totals) if totals else None})
        col_no: dict = {}
        for c in table_cells(t):
            col_no[c["row"]] = col_no.get(c["row"], 0) + 1
            recs["table_cells"].append({**c, "table_id": gid(t.get("id")), "issue_key": k, "col": col_no[c["row"]]})
    for kind in ("people", "quantities", "dates", "references"):
        for r in result.get(kind) or []:
            recs[kind].append({**r, **common(r, kind)})
    for o in result.get("organizations") or []:
        if o.get("canonical"):
            recs["organizations"].append({**o, "issue_key": k})
    warns = list(result.get("warnings") or [])
    n = len(warns)
    for i, w in enumerate(extra_warnings, 1):
        warns.append({**w, "id": f"w{n + i:04d}"})
    for w in warns:
        recs["warnings"].append({**w, **common(w, "warnings")})

    out = IssueRows(k)
    for t in TABLES:
        out.tables[t.name] = [tuple(_value(c, r.get(c.name)) for c in t.columns) for r in recs[t.name]]
    if fts:
        out.fts = [(gid(s.get("id")), segment(s.get("title") or "", segmenter), segment(s.get("text") or "", segmenter))
                   for s in result.get("sections") or []]
    return out


# ---------------------------------------------------------------- the database

def metadata() -> dict:
    """The Datasette metadata shipped with the package (table and column descriptions, licence, source)."""
    return json.loads(resources.files("pipeline.data").joinpath("datasette_metadata.json").read_text("utf-8"))


def write_metadata(out_dir: str | Path) -> Path:
    """OUT/metadata.json for ``datasette OUT/gazette.db -m OUT/metadata.json`` (written atomically)."""
    path = Path(out_dir) / "metadata.json"
    text = json.dumps(metadata(), ensure_ascii=False, indent=2) + "\n"
    if not path.exists() or path.read_text("utf-8") != text:
        atomic_write_text(path, text)
    return path


def _tables_present(con: sqlite3.Connection) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def connect(db: str | Path, *, create: bool = True) -> sqlite3.Connection:
    """Open the catalogue (creating it, and OUT/metadata.json beside it, when ``create``).

    A database made by another schema version is emptied and rebuilt: its issues are then
    missing, so the next ingest parses them again."""
    db = Path(db)
    if not create:
        if not db.is_file():
            raise CatalogError(f"{db}: no such catalogue (run gazette ingest first)")
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            present = _tables_present(con)
        except sqlite3.DatabaseError as exc:
            con.close()
            raise CatalogError(f"{db}: not an SQLite database ({exc})") from None
        if not {"sections", "sections_fts", "meta"} <= present:
            con.close()
            raise CatalogError(f"{db}: not a gazette catalogue (no sections_fts table)")
        return con
    db.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(db, isolation_level=None, timeout=60)
    try:
        con.execute("PRAGMA journal_mode=WAL")
    except sqlite3.DatabaseError as exc:
        con.close()
        raise CatalogError(f"{db}: not an SQLite database ({exc})") from None
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA synchronous=NORMAL")
    present = _tables_present(con)
    version = None
    if "meta" in present:
        row = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        version = row[0] if row else None
    if version != SCHEMA_VERSION:
        con.execute("BEGIN IMMEDIATE")
        for name in ["task_assignments"]:
            if name in present:
                con.execute(f"DROP VIEW {q(name)}")
        for name in ["sections_fts", "meta"] + [t.name for t in reversed(TABLES)]:
            if name in present:
                con.execute(f"DROP TABLE {q(name)}")
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        for t in TABLES:
            for stmt in create_sql(t):
                con.execute(stmt)
        con.execute(VIEW_SQL)
        con.execute(FTS_SQL)
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
        con.execute("COMMIT")
    write_metadata(db.parent)
    return con


def db_segmenter(con: sqlite3.Connection) -> str | None:
    """The segmenter the database's index was built with (jieba or rjieba), if recorded."""
    row = con.execute("SELECT value FROM meta WHERE key='segmenter'").fetchone()
    name = row[0].split()[0] if row and row[0] else None
    return name if name in SEGMENTERS else None


def check_segmenter(con: sqlite3.Connection, segmenter: str | None = None) -> bool:
    """Rebuild the FTS index from the sections table when it was segmented differently
    (another segmenter or version, another list of unit names). Returns True when it rebuilt."""
    fp = segmenter_fingerprint(segmenter)
    row = con.execute("SELECT value FROM meta WHERE key='segmenter'").fetchone()
    if row and row[0] == fp:
        return False
    con.execute("BEGIN IMMEDIATE")
    try:
        con.execute("DELETE FROM sections_fts")
        rows = con.execute("SELECT rowid, title, text FROM sections").fetchall()
        con.executemany("INSERT INTO sections_fts(rowid, title, text) VALUES (?, ?, ?)",
                        [(r, segment(t or "", segmenter), segment(x or "", segmenter)) for r, t, x in rows])
        con.execute("INSERT OR REPLACE INTO meta VALUES ('segmenter', ?)", (fp,))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return bool(row)


def _delete_issue(con: sqlite3.Connection, issue_key: str) -> None:
    con.execute("DELETE FROM sections_fts WHERE rowid IN (SELECT rowid FROM sections WHERE issue_key = ?)",
                (issue_key,))
    for t in reversed(TABLES):
        con.execute(f"DELETE FROM {q(t.name)} WHERE issue_key = ?", (issue_key,))


# test hook: _hook(stage, con, issue_key) inside the transaction, stage "deleted" (old rows gone)
# or "inserted" (new rows in, not yet committed); readers must notice neither
_hook = None


def replace_issue(con: sqlite3.Connection, rows: IssueRows) -> None:
    """Put one issue's rows in place of its old ones, in one transaction."""
    con.execute("BEGIN IMMEDIATE")
    try:
        _delete_issue(con, rows.issue_key)
        if _hook is not None:
            _hook("deleted", con, rows.issue_key)
        for t in TABLES:
            data = rows.tables.get(t.name) or []
            if data:
                marks = ", ".join("?" for _ in t.columns)
                con.executemany(f"INSERT INTO {q(t.name)} ({', '.join(q(c) for c in t.names)}) VALUES ({marks})",
                                data)
        if rows.fts:
            rowid = dict(con.execute("SELECT id, rowid FROM sections WHERE issue_key = ?", (rows.issue_key,)))
            con.executemany("INSERT INTO sections_fts(rowid, title, text) VALUES (?, ?, ?)",
                            [(rowid[sid], a, b) for sid, a, b in rows.fts if sid in rowid])
        if _hook is not None:
            _hook("inserted", con, rows.issue_key)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def delete_issue(con: sqlite3.Connection, issue_key: str) -> None:
    con.execute("BEGIN IMMEDIATE")
    try:
        _delete_issue(con, issue_key)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def issue_sha(con: sqlite3.Connection, issue_key: str) -> str | None:
    row = con.execute("SELECT sha256 FROM issues WHERE issue_key = ?", (issue_key,)).fetchone()
    return row[0] if row else None


def dump(db: str | Path) -> dict[str, list[tuple]]:
    """Every table's rows in primary-key order, and the FTS words per section: to compare two catalogues."""
    con = connect(db, create=False)
    try:
        out = {}
        for t in TABLES:
            order = ", ".join(q(c) for c in t.primary_key)
            out[t.name] = con.execute(f"SELECT {', '.join(q(c) for c in t.names)} FROM {q(t.name)} ORDER BY {order}"
                                      ).fetchall()
        out["sections_fts"] = con.execute("SELECT s.id, f.title, f.text FROM sections_fts f JOIN sections s "
                                          "ON s.rowid = f.rowid ORDER BY s.id").fetchall()
        return out
    finally:
        con.close()


# ---------------------------------------------------------------- search

SEARCH_SQL = """
SELECT s.id, s.issue_key, s.local_id, s.document_id, s.kind, s.label, s.title, s.text, s.span_start, s.span_end,
       d.local_id, d.title, d.doc_number, d.issuer, d.date, i.title, {score} AS score
FROM {source}
JOIN sections s ON s.rowid = {rowid}
LEFT JOIN documents d ON d.id = s.document_id
LEFT JOIN issues i ON i.issue_key = s.issue_key
WHERE {where}
ORDER BY score, s.id
"""


def _nospace(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _snippet(text: str, terms: list[str], width: int = 30) -> str:
    """Up to ``width`` characters either side of the first term found, read from the text as written."""
    from .text import fold

    folded = fold(text).lower()  # same length as text: an offset found here is an offset there
    at = -1
    for t in terms:
        at = folded.find(t)
        if at < 0:  # wrapped over a line: its first two characters
            at = folded.find(t[:2])
        if at >= 0:
            break
    at = max(at, 0)
    a, b = max(0, at - width), min(len(text), at + width + (len(terms[0]) if terms else 0))
    s = re.sub(r"\s+", " ", text[a:b]).strip()
    return ("…" if a > 0 else "") + s + ("…" if b < len(text) else "")


def search(db: str | Path, query: str, limit: int = 20) -> list[dict]:
    """Sections matching every word of ``query`` (whitespace separates terms; each term must
    appear as written, after folding Traditional/full-width forms), best first (BM25).

    Each hit: section_id, issue_key, document_id, doc_number, document_title, issuer, date,
    kind, label, title, span [start, end) in the issue's normalized text, snippet, score."""
    if not (query or "").strip():
        raise CatalogError("empty query")
    con = connect(db, create=False) if not isinstance(db, sqlite3.Connection) else db
    try:
        # queries are cut by the segmenter that cut the index, where it is installed
        seg = db_segmenter(con)
        expr, terms = match_expression(query, seg if seg in available_segmenters() else None)
        if not terms:
            raise CatalogError(f"nothing to search for in {query!r}")
        wanted = [_nospace(t) for t in terms]
        hits: list[dict] = []

        def run(sql: str, params: tuple) -> None:
            for row in con.execute(sql, params):
                (sid, key, local, doc, kind, label, title, text, a, b, dlocal, dtitle, dnum, issuer, ddate, ititle,
                 score) = row
                hay = _nospace(_prepare((title or "") + "\n" + (text or "")))
                if not all(w in hay for w in wanted):
                    continue
                hits.append({"section_id": sid, "issue_key": key, "local_id": local, "document_id": doc,
                             "document_local_id": dlocal, "doc_number": dnum, "document_title": dtitle,
                             "issuer": issuer, "date": ddate, "issue_title": ititle, "kind": kind, "label": label,
                             "title": title, "span": [a, b], "snippet": _snippet(text or title or "", terms),
                             "score": score})
                if len(hits) >= limit:
                    return

        if expr:
            run(SEARCH_SQL.format(score="bm25(sections_fts)", source="sections_fts", rowid="sections_fts.rowid",
                                  where="sections_fts MATCH ?"), (expr,))
        if not hits:  # the index cut the words differently here: scan the text itself
            like = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in wanted]
            where = " AND ".join("(s.text LIKE ? ESCAPE '\\' OR s.title LIKE ? ESCAPE '\\')" for _ in like)
            params = tuple(x for w in like for x in (f"%{w}%", f"%{w}%"))
            run(SEARCH_SQL.format(score="0.0", source="sections AS s0", rowid="s0.rowid", where=where), params)
        return hits
    finally:
        if not isinstance(db, sqlite3.Connection):
            con.close()
