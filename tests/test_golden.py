"""One test per golden case: a failure names the stage, the case and the changed fields."""
import pytest

from pipeline import golden

CASES = golden.cases()


@pytest.mark.parametrize("stage,case", CASES, ids=[f"{s}/{p.stem}" for s, p in CASES])
def test_golden(stage, case):
    diffs = golden.check_case(stage, case)
    assert not diffs, "\n".join(str(d) for d in diffs[:30]) + \
        f"\n({len(diffs)} difference(s); if intended: gazette golden update {stage} {case.stem})"


def test_diff_names_the_field():
    d = golden.diff({"records": [{"value": "2022-01"}]}, {"records": [{"value": "2022-02"}]})
    assert d == [("records[0].value", "2022-01", "2022-02")]
