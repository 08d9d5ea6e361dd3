"""Issue 5: encodings, variants of the same format, bad input, and fuzzing of the whole parse.

Properties checked on mutated inputs (cut, spliced, duplicated, shuffled and perturbed lines
of the sample issue and of the golden snippets): the parse never raises anything but the
documented InputError, every span slices back to its record's text, the output validates
against the schemas, and the same bytes give the same output.
"""
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT, SAMPLE
from pipeline.api import parse_bytes
from pipeline.normalize import InputError, load

SAMPLE_TEXT = SAMPLE.read_text("utf-8")
FUZZ_EXAMPLES = int(os.environ.get("GAZETTE_FUZZ_EXAMPLES", "3000"))


def records(result):
    """Everything but the source block, for comparing parses of differently encoded bytes."""
    return json.dumps({k: v for k, v in result.items() if k != "source"}, ensure_ascii=False, sort_keys=True)


@pytest.fixture(scope="module")
def reference():
    return records(parse_bytes(SAMPLE.read_bytes(), "x"))


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_encodings_give_the_same_records(reference, encoding):
    result = parse_bytes(SAMPLE_TEXT.encode(encoding), "x")
    assert result["source"]["encoding"].replace("_", "").replace("-", "").lower().startswith(
        encoding.split("-sig")[0].replace("-", "").replace("_", ""))
    assert records(result) == reference


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings_give_the_same_records(reference, newline):
    assert records(parse_bytes(SAMPLE_TEXT.replace("\n", newline).encode("utf-8"), "x")) == reference


def test_big5_traditional():
    text = (ROOT.parent / "shared" / "devset" / "cases" / "d10.txt")
    if not text.exists():
        pytest.skip("devset not beside the project")
    t = text.read_text("utf-8")
    result = parse_bytes(t.encode("big5", errors="replace"), "x")
    assert result["source"]["encoding"] == "big5"
    assert result["documents"][0]["doc_number"] == "青政辦發〔2014〕9號"


def test_replacement_characters_are_warned():
    data = SAMPLE.read_bytes()[:3000] + b"\xff\xfe\xfa" + SAMPLE.read_bytes()[3000:]
    result = parse_bytes(data, "x")
    codes = [w["code"] for w in result["warnings"]]
    assert "undecodable_bytes" in codes
    assert len(result["documents"]) == 10


@pytest.mark.parametrize("data,word", [(b"", "empty"), (b"   \n\n", "empty"), (bytes(range(256)) * 40, "binary"),
                                       (b"\x00\x01\x02" * 100, "binary")])
def test_not_text(data, word):
    with pytest.raises(InputError, match=word):
        parse_bytes(data, "x")


def test_no_document():
    with pytest.raises(InputError, match="no official document"):
        parse_bytes("一段没有公文的文字。\n".encode(), "x")


def test_long_line_and_deep_nesting():
    long = ("市人民政府关于测试的通知\n\n咸政发〔2022〕2号\n\n各县：\n\n" + "很长的一行文字，" * 20000 + "\n").encode()
    r = parse_bytes(long, "x")
    assert len(r["documents"]) == 1 and r["coverage"]["ratio"] == 1.0
    labels = ["第一编", "第一章", "第一节", "第一条", "一、", "(一)", "1.", "(1)", "①"]
    deep = "市人民政府关于测试的通知\n\n咸政发〔2022〕2号\n\n各县：\n\n" + "\n\n".join(f"{x}内容。" for x in labels) + "\n"
    r = parse_bytes(deep.encode(), "x")
    chain = {s["id"]: s for s in r["sections"]}
    leaf = r["sections"][-1]
    depth = 0
    while leaf["parent_id"]:
        leaf = chain[leaf["parent_id"]]
        depth += 1
    assert depth == len(labels) - 1


# ------------------------------------------------------------------------------ fuzzing

def _sources():
    texts = [SAMPLE_TEXT]
    for p in sorted((ROOT / "tests" / "golden").glob("*/*.txt")):
        texts.append(p.read_bytes().decode("utf-8", errors="replace"))
    return [t.split("\n") for t in texts]


SOURCES = _sources()


@st.composite
def mutated(draw):
    lines = draw(st.sampled_from(SOURCES))
    n = len(lines)
    a = draw(st.integers(0, max(0, n - 1)))
    b = draw(st.integers(a, min(n, a + 120)))
    chunk = list(lines[a:b])
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["cut", "splice", "dup", "shuffle", "perturb", "bracket"]))
        if not chunk:
            break
        i = draw(st.integers(0, len(chunk) - 1))
        if op == "cut":
            line = chunk[i]
            chunk[i] = line[: draw(st.integers(0, len(line)))]
        elif op == "splice":
            other = draw(st.sampled_from(SOURCES))
            j = draw(st.integers(0, len(other) - 1))
            chunk[i:i] = other[j: j + draw(st.integers(1, 20))]
        elif op == "dup":
            chunk[i:i] = chunk[i: i + draw(st.integers(1, 10))]
        elif op == "shuffle":
            k = min(len(chunk), i + draw(st.integers(2, 8)))
            seg = chunk[i:k]
            chunk[i:k] = draw(st.permutations(seg))
        elif op == "perturb":
            line = chunk[i]
            pos = draw(st.integers(0, len(line)))
            chunk[i] = line[:pos] + draw(st.text(alphabet="〔〕()（）【】《》、，。：;０１２３一二十年月日号第条章\u3000 \t0123456789",
                                                 max_size=6)) + line[pos:]
        else:
            chunk[i] = chunk[i].replace(draw(st.sampled_from(["〕", ")", "）", "》", "号"])), "", 1)
    return "\n".join(chunk).encode("utf-8")


def check_result(data, result):
    text, _ = load(data, "x")
    for key in ("sections", "tasks", "quantities", "dates", "references", "people", "tables", "noise"):
        for r in result.get(key) or []:
            s, e = r["span"]
            assert 0 <= s <= e <= len(text.raw), (key, r)
            if key in ("quantities", "dates", "references", "noise"):
                assert text.raw[s:e] == r["text"], (key, r)
    assert not [w for w in result["warnings"] if w["code"] in ("schema_invalid", "extractor_failed")], \
        [w for w in result["warnings"] if w["code"] in ("schema_invalid", "extractor_failed")][:3]


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated())
def test_fuzz_parse(data):
    try:
        result = parse_bytes(data, "x")
    except InputError:
        return
    check_result(data, result)
    assert json.dumps(parse_bytes(data, "x"), ensure_ascii=False) == json.dumps(result, ensure_ascii=False)
