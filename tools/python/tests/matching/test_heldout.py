"""The gate: matching quality measured on the frozen held-out set (tests/matching/heldout.py), never tuned on."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from . import heldout
from .evaluate import Evaluation, evaluate

ALIAS_CATEGORIES = ("ja_alias", "ko_alias")


@pytest.fixture(scope="module")
def result() -> Evaluation:
    return evaluate(heldout.LIBRARY, heldout.CASES)


def test_heldout_is_frozen() -> None:
    header = (heldout.__doc__ or "").split("Content hashes", 1)[-1]
    listed = re.findall(r"^\s+([0-9a-f]{64})\s+\S", header, re.MULTILINE)
    assert listed, "the held-out header lists no content hash"
    assert heldout.content_hash() == listed[-1], (
        f"{Path(heldout.__file__).name} changed (hash {heldout.content_hash()}); add that hash and the reason "
        "to its header if the change is meant")


def test_heldout_shape() -> None:
    keys = [t.rating_key for t in heldout.LIBRARY]
    assert len(keys) == len(set(keys))
    assert all(k in set(keys) for case in heldout.CASES for k in case.expected)
    assert len({c.ext.external_id for c in heldout.CASES}) == len(heldout.CASES)
    categories = {c.category for c in heldout.CASES}
    for needed in ("ja_same", "ja_alias", "ja_translit", "ko_same", "ko_alias", "ko_translit", "typo",
                   "typo_missing_word", "typo_subtitle", "typo_decoy", "romaji_negative", "absent"):
        assert needed in categories, needed


def test_heldout_precision_and_recall(result: Evaluation) -> None:
    total = result.overall
    if total.present < 200:
        assert total.wrong == 0, "\n".join(result.failures("wrong"))
    else:
        assert (total.precision or 0.0) >= 0.995, "\n".join(result.failures("wrong"))
    assert (total.recall or 0.0) >= 0.97, "\n".join(result.failures("missed"))


def test_heldout_every_japanese_and_korean_alias_case_found(result: Evaluation) -> None:
    missed = result.failures("missed", ALIAS_CATEGORIES) + result.failures("wrong", ALIAS_CATEGORIES)
    assert not missed, "\n".join(missed)
