"""The knowledge base is written in the library's own words, not copied from the articles.

Any run of eight words that an item, muscle or question shares with a source article
fails the test. Plain anatomical phrases are shorter than that ("pain down the back of the
leg to the calf" is seven words); a copied sentence is longer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trigger_rules import Consultant

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
RUN = 8


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def test_no_text_repeats_eight_words_of_an_article(consultant: Consultant) -> None:
    articles = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not articles:
        pytest.skip("the source articles (../shared/seeds) are not beside this checkout")
    runs: dict[tuple[str, ...], str] = {}
    for article in articles:
        words = _words(article.read_text(encoding="utf-8"))
        for i in range(len(words) - RUN + 1):
            runs.setdefault(tuple(words[i : i + RUN]), article.name)
    knowledge = consultant.knowledge
    texts = [(i.id, f"{i.title} {i.text}") for i in knowledge.items.values()]
    texts += [(m.id, m.location) for m in knowledge.muscles.values()]
    texts += [(f.code, f.question) for f in knowledge.facts.values()]
    copied = []
    for owner, text in texts:
        words = _words(text)
        for i in range(len(words) - RUN + 1):
            run = tuple(words[i : i + RUN])
            if run in runs:
                copied.append(f"{owner}: '{' '.join(run)}' ({runs[run]})")
    assert copied == []
