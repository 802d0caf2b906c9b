"""Evasion with the real model: disguised copies of a templated campaign land with its clean form.

Runs `scripts/measure_evasion.py` small (8 fillings of each of 4 frames, 200
ordinary prompts as cover): the normalization and embedding stages per
disguise, and one real `embedcluster.run` over all of it. Disguises that leave the
words intact must be undone outright; paraphrase-like ones (persona prefixes,
reordering, light typos) must still land in the clean form's cluster. Heavier
typos are measured by the script and documented, not asserted.
"""

from __future__ import annotations

import pytest

from scripts import measure_evasion

pytestmark = pytest.mark.e2e

UNDONE_BY_NORMALIZING = ["zero-width characters", "look-alike letters (all)", "random casing"]
SAME_CLUSTER = ["persona prefix", "two persona prefixes", "sentences reordered", "typos, 5% of words"]


@pytest.fixture(scope="module")
def rows() -> dict[str, object]:
    measured = measure_evasion.measure(per_frame=8, organic=200, seed=1, pipeline=True)
    return {row.disguise: row for row in measured}


@pytest.mark.parametrize("disguise", UNDONE_BY_NORMALIZING)
def test_character_disguises_are_undone_before_embedding(rows: dict, disguise: str) -> None:
    row = rows[disguise]
    assert row.same_text == 1.0
    assert row.min_cosine > 0.999
    assert row.same_template == row.same_cluster == 1.0


@pytest.mark.parametrize("disguise", SAME_CLUSTER)
def test_paraphrase_like_disguises_land_in_the_clean_forms_cluster(rows: dict, disguise: str) -> None:
    row = rows[disguise]
    assert row.assign_share >= 0.85  # close enough to join the clean form's centroid (measured: 94% to 100%)
    assert row.same_cluster >= 0.9


def test_every_disguise_is_measured_at_both_stages(rows: dict) -> None:
    assert set(rows) == set(measure_evasion.DISGUISES)
    for row in rows.values():
        assert 0.0 <= row.same_cluster <= 1.0 and -1.0 <= row.min_cosine <= row.mean_cosine <= 1.0
