"""Tests for embedcluster.templates: neighbour-graph template groups and the text they share."""

from __future__ import annotations

import random

import numpy as np
import pytest

from embedcluster.config import IndexConfig, TemplateConfig
from embedcluster.index import build_index
from embedcluster.templates import (
    SLOT,
    Neighbours,
    Template,
    attach_templates,
    extract_template,
    group_templates,
    lexical_overlap,
    neighbour_graph,
    shared_word_pairs,
)

# --- group_templates ----------------------------------------------------------------------------


def partition(labels: np.ndarray) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for row, label in enumerate(labels.tolist()):
        groups.setdefault(label, set()).add(row)
    return {frozenset(g) for g in groups.values()}


@pytest.fixture
def hand_made() -> Neighbours:
    # Row i's neighbours, self first as FAISS returns them; -1 pads missing neighbours and
    # carries a high similarity on purpose: it must still be ignored.
    ids = np.array(
        [
            [0, 1, -1],  # 0-1 at 0.90
            [1, 0, 2],  # 1-2 exactly at the threshold 0.75
            [2, 3, -1],  # 2-3 just below it
            [3, 4, 5],  # 3-4 at 0.80, 3-5 at 0.50
            [4, -1, -1],
            [5, 6, 3],  # 5-6 at 0.20
            [6, 5, -1],
        ],
        dtype=np.int64,
    )
    sims = np.array(
        [
            [1.0, 0.90, 0.99],
            [1.0, 0.90, 0.75],
            [1.0, 0.7499, 0.99],
            [1.0, 0.80, 0.50],
            [1.0, 0.99, 0.99],
            [1.0, 0.20, 0.50],
            [1.0, 0.20, 0.99],
        ],
        dtype=np.float32,
    )
    return Neighbours(sims, ids)


def test_group_templates_exact_components(hand_made):
    labels = group_templates(hand_made, 0.75)
    assert labels.dtype == np.int64
    assert labels.shape == (7,)
    assert partition(labels) == {frozenset({0, 1, 2}), frozenset({3, 4}), frozenset({5}), frozenset({6})}


def test_group_templates_threshold_respected(hand_made):
    assert partition(group_templates(hand_made, 0.95)) == {frozenset({i}) for i in range(7)}
    assert partition(group_templates(hand_made, 0.85)) == {
        frozenset({0, 1}), frozenset({2}), frozenset({3}), frozenset({4}), frozenset({5}), frozenset({6})
    }
    assert partition(group_templates(hand_made, 0.7)) == {frozenset({0, 1, 2, 3, 4}), frozenset({5}), frozenset({6})}
    assert partition(group_templates(hand_made, 0.1)) == {frozenset(range(7))}


ROLLOUT = "Draft a {n} step rollout plan for migrating the {what} service to the new cluster, with owners and risks."
PROSE = [
    "The river was quiet that morning and the ferry left late because the captain was still asleep in town.",
    "Late that morning the town was quiet, the captain asleep and the ferry still waiting by the river.",
]


def test_shared_word_pairs_tells_slot_filled_copies_from_reworded_ones():
    texts = [ROLLOUT.format(n=5, what="billing"), ROLLOUT.format(n=12, what="search"), *PROSE, PROSE[0]]
    overlap = shared_word_pairs(texts, np.array([0, 2, 2]), np.array([1, 3, 4]))
    assert overlap[0] >= 0.5  # one frame, two fillings
    assert overlap[1] <= 0.2  # the same words in another order
    assert overlap[2] == 1.0
    np.testing.assert_array_equal(overlap, shared_word_pairs(texts, np.array([0, 2, 2]), np.array([1, 3, 4])))


def test_close_vectors_without_shared_word_pairs_stay_apart():
    texts = [ROLLOUT.format(n=5, what="billing"), ROLLOUT.format(n=12, what="search"), *PROSE]
    ids = np.array([[0, 1], [1, 0], [2, 3], [3, 2]], dtype=np.int64)
    neighbours = Neighbours(np.full((4, 2), 0.99, dtype=np.float32), ids)
    assert partition(group_templates(neighbours, 0.95)) == {frozenset({0, 1}), frozenset({2, 3})}
    assert partition(group_templates(neighbours, 0.95, texts, 0.3)) == {frozenset({0, 1}), frozenset({2}), frozenset({3})}


def test_attached_texts_join_a_known_template_only_when_they_share_its_words():
    rng = np.random.default_rng(0)
    base = rng.normal(size=(1, 16)).astype(np.float32)
    known_vectors = base / np.linalg.norm(base)
    known = build_index(known_vectors, np.array([40]), IndexConfig())
    known_texts = {40: ROLLOUT.format(n=5, what="billing")}
    template_of_known = np.full(41, -1, dtype=np.int64)
    template_of_known[40] = 7
    new_vectors = np.repeat(known_vectors, 2, axis=0)  # both new texts embed exactly like the known one
    new_texts = [ROLLOUT.format(n=9, what="search"), PROSE[0]]
    labels = attach_templates(new_vectors, new_texts, known, lambda ids: [known_texts[int(i)] for i in ids],
                              template_of_known, 100, TemplateConfig(similarity=0.95), IndexConfig())
    assert labels.tolist() == [7, 100]


def test_group_templates_one_directional_edge_connects():
    # Only row 0 lists row 2; row 2 does not list row 0.
    neighbours = Neighbours(
        np.array([[1.0, 0.9], [1.0, 0.1], [1.0, 0.1]], dtype=np.float32),
        np.array([[0, 2], [1, 0], [2, 1]], dtype=np.int64),
    )
    assert partition(group_templates(neighbours, 0.5)) == {frozenset({0, 2}), frozenset({1})}


def test_group_templates_all_missing_neighbours():
    neighbours = Neighbours(np.full((4, 3), 0.99, dtype=np.float32), np.full((4, 3), -1, dtype=np.int64))
    assert partition(group_templates(neighbours, 0.5)) == {frozenset({i}) for i in range(4)}


def test_neighbour_graph_batches_match_one_search():
    rng = np.random.default_rng(5)
    data = rng.standard_normal((23, 16)).astype(np.float32)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    index = build_index(data, np.arange(23), IndexConfig(kind="flat"))
    batched = neighbour_graph(index, data, k=4, batch=5)
    sims, ids = index.search(data, 4)
    assert batched.ids.shape == (23, 4)
    np.testing.assert_array_equal(batched.ids, ids)
    np.testing.assert_array_equal(batched.sims, sims)
    np.testing.assert_array_equal(batched.ids[:, 0], np.arange(23))


def test_neighbour_graph_then_group_finds_near_duplicates():
    rng = np.random.default_rng(6)
    centres = rng.standard_normal((3, 16))
    data = np.vstack([c + 0.01 * rng.standard_normal((4, 16)) for c in centres] + [rng.standard_normal((2, 16))])
    data = (data / np.linalg.norm(data, axis=1, keepdims=True)).astype(np.float32)
    index = build_index(data, np.arange(14), IndexConfig(kind="flat"))
    labels = group_templates(neighbour_graph(index, data, k=5), 0.95)
    assert partition(labels) == {
        frozenset({0, 1, 2, 3}), frozenset({4, 5, 6, 7}), frozenset({8, 9, 10, 11}), frozenset({12}), frozenset({13})
    }


# --- extract_template ----------------------------------------------------------------------------

FRAME = "Write a detailed {} about {} for a {} audience, and include three examples."
FILLS = [
    ("essay", "photosynthesis", "young"),
    ("report", "black holes", "general"),
    ("summary", "the French Revolution", "technical"),
    ("poem", "quantum computing", "student"),
    ("guide", "machine learning", "beginner"),
    ("story", "volcanoes", "adult"),
]


def test_extract_template_from_slot_filled_copies():
    template = extract_template([FRAME.format(*f) for f in FILLS])
    assert isinstance(template, Template)
    assert template.text == "Write a detailed <slot> about <slot> for a <slot> audience, and include three examples."
    assert template.text == FRAME.replace("{}", SLOT)
    # One example per member other than the medoid, each its slot values in order.
    fillings = {" | ".join(f) for f in FILLS}
    assert len(template.slot_examples) == 5
    assert len(set(template.slot_examples)) == 5
    assert set(template.slot_examples) <= fillings


def test_extract_template_frame_word_missing_from_a_minority_stays_in_frame():
    texts = [FRAME.format(*f) for f in FILLS]
    texts[5] = texts[5].replace("detailed ", "")
    texts[4] = texts[4].replace(", and", " and")
    template = extract_template(texts)
    assert template.text == FRAME.replace("{}", SLOT)


def test_extract_template_gap_slot_where_the_medoid_has_no_filling():
    # The medoid (sharing most word pairs) has nothing where every other member adds a word.
    texts = [
        "Please review this code now.",
        "Please review this code carefully now.",
        "Please review this code quickly now.",
        "Please review this code again now.",
    ]
    template = extract_template(texts)
    assert template.text == "Please review this code <slot> now."
    assert set(template.slot_examples) == {"carefully", "quickly", "again"}


def test_extract_template_shows_the_dominant_variant_of_a_mixed_cluster():
    frame = [FRAME.format(*f) for f in FILLS]
    paraphrase = [
        "Could you draft an essay on tides, aimed at kids?",
        "Please compose a short piece about comets for teenagers.",
    ]
    template = extract_template(frame + paraphrase)
    assert template.text == FRAME.replace("{}", SLOT)


def test_template_text_keeps_hyphens_and_apostrophes_joined():
    texts = [f"It's a {w} non-trivial, well-known task." for w in ("big", "small", "new")]
    assert extract_template(texts).text == "It's a <slot> non-trivial, well-known task."


def test_extract_template_max_examples():
    texts = [FRAME.format(*f) for f in FILLS]
    assert len(extract_template(texts, max_examples=2).slot_examples) == 2
    assert extract_template(texts, max_examples=0).slot_examples == []


def test_extract_template_slots_at_start_and_end():
    fills = [("Paris", "Europe"), ("Lima", "South America"), ("Tokyo", "Asia"), ("Nairobi", "Africa"), ("Canberra", "Oceania")]
    texts = [f"{city} is the capital of which country in {where}?" for city, where in fills]
    template = extract_template(texts)
    assert template.text == "<slot> is the capital of which country in <slot>?"
    assert set(template.slot_examples) <= {f"{c} | {w}" for c, w in fills}
    assert len(template.slot_examples) == 4


def test_extract_template_with_punctuation_around_slot():
    texts = [f"Translate ({x}) into French." for x in ["good morning", "thank you", "good night", "see you soon"]]
    assert extract_template(texts).text == "Translate (<slot>) into French."


def test_extract_template_single_number_slot_coverage():
    texts = [f"Summarize ticket {n} in one line." for n in range(100, 110)]
    template = extract_template(texts)
    assert template.text == "Summarize ticket <slot> in one line."
    # Each member has 5 word pairs; 3 are shared with any sibling, 2 hold the number: 3 / (5 + 5 - 3).
    assert lexical_overlap(texts) == pytest.approx(3 / 7)
    assert set(template.slot_examples) <= {str(n) for n in range(100, 110)}


def test_extract_template_on_unrelated_random_words():
    rng = random.Random(42)
    vocabulary = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9))) for _ in range(300)]
    texts = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(10, 16))) for _ in range(12)]
    template = extract_template(texts)
    assert lexical_overlap(texts) < 0.05
    assert SLOT in template.text


def test_extract_template_single_text():
    template = extract_template(["Hello , world !  How are you?"])
    assert template == Template("Hello, world! How are you?", [])


def test_extract_template_duplicates_count_once():
    assert extract_template(["Same text here.", "Same text here."]) == Template("Same text here.", [])


def test_extract_template_empty_input():
    assert extract_template([]) == Template("", [])
    assert extract_template(["", "   ", "\n"]) == Template("", [])


def test_extract_template_ignores_empty_members():
    template = extract_template(["", "Only one real text."])
    assert template == Template("Only one real text.", [])


def test_lexical_overlap_separates_slot_filled_frames_from_one_topic():
    filled = [FRAME.format(*f) for f in FILLS]
    topical = [
        "How do I sort a list of tuples by the second element in Python?",
        "Why is my Python list comprehension slower than a for loop here?",
        "What is the difference between a list and a tuple in Python?",
        "Can Python lists hold elements of different types safely?",
    ]
    assert lexical_overlap(filled) > 0.3
    assert lexical_overlap(topical) < 0.15
    assert lexical_overlap(["only one"]) == 0.0
