"""T1 reads only the sentences that name a quantity, found from the words: the same sentences,
cut the same way, that reading every sentence with _SENTENCE and keeping those with a quantity's
words gives."""

from __future__ import annotations

import random

import pytest

from ingest.text_checks import _QUANTITY_WORD, _SENTENCE, _quantity_sentences

PIECES = (
    "收到政府信息公开申请", "收到申请", "上年结转", "结转下年度", "予以公开", "行政复议",
    "行政事业性收费", "共", "258件", "2.5万元", "。", "；", ";", "！", "？", "!", "?", "\n",
    "\r", "，", " ", "其中", "本年度",
)  # fmt: skip


def by_sentence(text: str) -> list[str]:
    return [m.group() for m in _SENTENCE.finditer(text) if _QUANTITY_WORD.search(m.group())]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "收到申请3件",
        "本年度收到申请3件。予以公开2件；\n\n上年结转1件！！其他",
        "。。收到申请3件\n予以公开2件?行政复议1件",
        "无关的一句。另一句没有。",
        "结尾是换行的收到申请\n",
    ],
)
def test_sentences_with_quantity_words_are_those_every_sentence_gives(text: str) -> None:
    assert list(_quantity_sentences(text)) == by_sentence(text)


def test_sentences_with_quantity_words_on_random_texts() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 25)))
        assert list(_quantity_sentences(text)) == by_sentence(text), repr(text)
