"""The SQLite catalogue: schema, keys, one-transaction replace, and Chinese full-text search."""
import json
import sqlite3

import pytest
from click.testing import CliRunner

from conftest import SAMPLE

from pipeline import catalog
from pipeline.api import parse_file

KEY = "xianning-2022-01"


@pytest.fixture(scope="module")
def sample():
    return parse_file(SAMPLE)


@pytest.fixture(scope="module")
def db(sample, tmp_path_factory):
    path = tmp_path_factory.mktemp("catalog") / "gazette.db"
    con = catalog.connect(path)
    catalog.check_segmenter(con)
    catalog.replace_issue(con, catalog.issue_rows(sample, KEY))
    con.close()
    return path


def test_schema_keys_view_and_metadata(db, sample):
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys=ON")
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    for kind in ("documents", "sections", "tasks", "tables", "people", "quantities", "dates", "references", "warnings"):
        n = con.execute(f'SELECT count(*) FROM "{kind}" WHERE issue_key = ?', (KEY,)).fetchone()[0]
        assert n == len(sample[kind]) > 0, kind
    # IDs carry the issue key; the parser's ID is kept
    row = con.execute("SELECT id, local_id, doc_number, recipients, date FROM documents ORDER BY id").fetchone()
    assert row[0] == f"{KEY}:d001" and row[1] == "d001" and row[2] == "咸政发〔2022〕2号"
    assert json.loads(row[3])[0] == "各县、市、区人民政府" and row[4] == "2022-03-22"
    # every kind has a primary key, and the child tables foreign keys and indexes
    for t in catalog.TABLES:
        info = con.execute(f'PRAGMA table_info("{t.name}")').fetchall()
        assert [c[1] for c in info if c[5]] and sorted(c[1] for c in info if c[5]) == sorted(t.primary_key)
        if t.name != "issues":
            assert con.execute(f'PRAGMA foreign_key_list("{t.name}")').fetchall(), t.name
            assert con.execute(f'PRAGMA index_list("{t.name}")').fetchall(), t.name
    # the view: a task, its units and its document
    v = con.execute("SELECT doc_number, task_label, role, unit, canonical FROM task_assignments "
                    "WHERE task_id = ? ORDER BY role, position", (f"{KEY}:d002t0001",)).fetchall()
    assert v[0] == ("咸政办发〔2022〕1号", "1.", "lead", "市发改委", v[0][4]) and "发展" in v[0][4]
    assert [r[2] for r in v].count("responsible") == 2
    # a bad link from upstream does not lose the issue: it becomes NULL plus a warning
    broken = json.loads(json.dumps(sample))
    broken["tasks"][0]["section_id"] = "d999s9999"
    rows = catalog.issue_rows(broken, "broken", fts=False)
    task = rows.tables["tasks"][0]
    assert task[catalog.TABLE["tasks"].names.index("section_id")] is None
    assert any(w[catalog.TABLE["warnings"].names.index("code")] == "dangling_reference"
               for w in rows.tables["warnings"])
    meta = json.loads((db.parent / "metadata.json").read_text("utf-8"))
    tables = meta["databases"]["gazette"]["tables"]
    assert all(tables[t.name]["description"] for t in catalog.TABLES)
    assert "public government documents" in meta["license"] and "咸宁市人民政府公报" in meta["source"]


def test_default_tokenizer_cannot_split_chinese():
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    con.execute("INSERT INTO t VALUES ('市人民政府关于做好无偿献血工作的通知')")
    assert con.execute("SELECT count(*) FROM t WHERE t MATCH '通知'").fetchone()[0] == 0
    con.execute("INSERT INTO t VALUES (?)", (catalog.segment("市人民政府关于做好无偿献血工作的通知"),))
    assert con.execute("SELECT count(*) FROM t WHERE t MATCH '通知'").fetchone()[0] == 1


@pytest.mark.parametrize("query, at_least, must_contain", [
    ("通知", 1, "通知"),  # two-character words
    ("献血", 10, "献血"),
    ("市发改委", 20, "市发改委"),  # unit names
    ("咸宁高新区管委会", 10, "咸宁高新区管委会"),
    ("发改委", 20, "发改委"),  # part of a unit name
    ("无偿献血工作", 2, "无偿献血工作"),  # phrases
    ("牵头单位:市发改委", 5, "牵头单位:市发改委"),
    ("市发改委 市科技局", 1, "市科技局"),  # two terms, both required
    ("獻血", 10, "献血"),  # Traditional characters fold to Simplified
])
def test_search_finds_chinese_words(db, query, at_least, must_contain):
    hits = catalog.search(db, query, limit=50)
    assert len(hits) >= at_least, query
    for h in hits:
        assert must_contain in (h["title"] or "") + catalog._prepare(h["snippet"]) or must_contain in \
            catalog._prepare(_section_text(db, h["section_id"])), (query, h)
        assert h["issue_key"] == KEY and h["document_id"].startswith(KEY + ":d")
        assert h["doc_number"] and h["span"][0] < h["span"][1]


def _section_text(db, sid):
    con = sqlite3.connect(db)
    return "".join(con.execute("SELECT title || text FROM sections WHERE id = ?", (sid,)).fetchone()).replace("\n", "")


def test_search_is_not_a_bag_of_words(db):
    assert catalog.search(db, "献血工作无偿") == []  # the words are there, not this phrase
    assert catalog.search(db, "献血 区块链") == []
    assert catalog.search(db, "不存在的词语") == []
    hits = catalog.search(db, "献血", limit=3)
    assert len(hits) == 3 and hits[0]["score"] <= hits[1]["score"] <= hits[2]["score"]  # BM25, best first
    with pytest.raises(catalog.CatalogError):
        catalog.search(db, "   ")
    with pytest.raises(catalog.CatalogError, match="no such catalogue"):
        catalog.search(db.parent / "none.db", "献血")


def test_replace_is_one_transaction(sample, tmp_path):
    path = tmp_path / "gazette.db"
    con = catalog.connect(path)
    rows = catalog.issue_rows(sample, KEY)
    catalog.replace_issue(con, rows)
    before = catalog.dump(path)
    n_sections = len(before["sections"])
    seen = []

    def reader_looks(stage, _con, key):
        other = sqlite3.connect(path)  # another reader while the writer is half-way
        seen.append((stage, other.execute("SELECT count(*) FROM sections WHERE issue_key = ?", (key,)).fetchone()[0],
                     other.execute("SELECT count(*) FROM sections_fts").fetchone()[0]))
        other.close()
        if stage == "inserted":
            raise RuntimeError("disk on fire")

    catalog._hook = reader_looks
    try:
        with pytest.raises(RuntimeError):
            catalog.replace_issue(con, rows)
    finally:
        catalog._hook = None
    assert seen == [("deleted", n_sections, n_sections), ("inserted", n_sections, n_sections)]
    assert catalog.dump(path) == before  # rolled back: the old issue, whole
    catalog.replace_issue(con, rows)  # and a normal replace leaves exactly one copy
    assert catalog.dump(path) == before
    con.close()


def test_segmenter_change_rebuilds_the_index(sample, tmp_path):
    path = tmp_path / "gazette.db"
    con = catalog.connect(path)
    catalog.check_segmenter(con)
    catalog.replace_issue(con, catalog.issue_rows(sample, KEY))
    con.execute("UPDATE meta SET value = 'something else' WHERE key = 'segmenter'")
    con.execute("DELETE FROM sections_fts")
    assert catalog.search(path, "献血") and not catalog.search(path, "献血")[0]["score"]  # found by the text scan
    assert catalog.check_segmenter(con) is True
    assert catalog.search(path, "献血")[0]["score"] < 0  # by the index again (BM25 scores are negative)
    con.close()


def test_cli_search(db):
    from pipeline.cli_batch import search

    r = CliRunner().invoke(search, ["市发改委", "--db", str(db), "-n", "2"])
    assert r.exit_code == 0, r.output
    assert r.output.count(f"{KEY}  d0") == 2 and "市发改委" in r.output and "咸政办发〔2022〕1号" in r.output
    r = CliRunner().invoke(search, ["献血", "--db", str(db.parent), "--json", "-n", "1"])
    hit = json.loads(r.output.strip().splitlines()[0])
    assert hit["span"] and hit["section_id"].startswith(KEY)
    r = CliRunner().invoke(search, ["献血", "--db", str(db.parent / "nope.db")])
    assert r.exit_code == 1 and "no such catalogue" in r.output
    bad = db.parent / "bad.db"
    bad.write_bytes(b"not a database at all" * 100)
    r = CliRunner().invoke(search, ["献血", "--db", str(bad)])
    assert r.exit_code == 1 and "gazette:" in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("name", catalog.SEGMENTERS)
def test_each_segmenter_indexes_and_queries_alike(name, sample, tmp_path, monkeypatch):
    if name not in catalog.available_segmenters():
        pytest.skip(f"{name} is not installed")
    path = tmp_path / "gazette.db"
    con = catalog.connect(path)
    catalog.check_segmenter(con, name)
    catalog.replace_issue(con, catalog.issue_rows(sample, KEY, segmenter=name))
    assert catalog.db_segmenter(con) == name
    con.close()
    for query in ("通知", "献血", "市发改委", "无偿献血工作"):
        hits = catalog.search(path, query, limit=5)
        assert hits and hits[0]["score"] < 0, (name, query)  # found through the index, not the text scan
    assert catalog.segment("市发改委牵头，负责无偿献血工作", name).split() == \
        ["发改委", "市发改委", "牵头", "负责", "无偿", "献血", "无偿献血", "工作"]
    # GAZETTE_SEGMENTER chooses; a name that is not a segmenter is one clear error
    monkeypatch.setattr(catalog, "_DEFAULT", None)
    monkeypatch.setenv("GAZETTE_SEGMENTER", name)
    assert catalog.default_segmenter() == name
    monkeypatch.setattr(catalog, "_DEFAULT", None)
    monkeypatch.setenv("GAZETTE_SEGMENTER", "spacy")
    with pytest.raises(catalog.CatalogError, match="GAZETTE_SEGMENTER"):
        catalog.default_segmenter()
    monkeypatch.setattr(catalog, "_DEFAULT", None)
