"""Tokenization for BM25, and the BM25 keyword index built on it."""

from __future__ import annotations

import json
from pathlib import Path

import jieba
import pytest

from index.bm25 import KeywordIndex, KeywordIndexError, fingerprint
from index.keywords import (
    DOMAIN_TERMS,
    STOPWORDS,
    default_tokenizer,
    new_tokenizer,
    template_labels,
    tokenize_for_index,
    tokenize_query,
)
from index.sqlstore import StoredPassage

# ---------------------------------------------------------------- tokenization


@pytest.mark.parametrize("term", ["行政复议", "行政诉讼", "依申请公开", "政务新媒体", "保密审查"])
def test_domain_terms_stay_one_token_in_a_sentence(term: str) -> None:
    tokens = tokenize_query(f"本年度因{term}工作产生的情况")
    assert term in tokens
    assert not any(t in term and t != term for t in tokens)  # no pieces of it beside it


def test_the_stock_dictionary_would_have_cut_them() -> None:
    """Why the domain dictionary exists: stock jieba splits these terms."""
    stock = jieba.Tokenizer()
    assert list(stock.cut("依申请公开")) != ["依申请公开"]
    assert list(stock.cut("政务新媒体")) != ["政务新媒体"]


def test_every_domain_term_and_template_label_is_one_query_token() -> None:
    labels = template_labels()
    assert len(DOMAIN_TERMS) >= 40
    assert {"本机关不掌握相关政府信息", "信访举报投诉类申请", "结转下年度继续办理"} <= set(labels)
    assert [t for t in (*DOMAIN_TERMS, *labels) if tokenize_query(t) != [t]] == []


def test_index_tokens_hold_the_whole_term_and_its_parts() -> None:
    tokens = tokenize_for_index("因政府信息公开申请答复引发行政复议")
    assert {"行政复议", "行政", "复议", "政府信息公开申请", "政府信息公开", "信息公开"} <= set(
        tokens
    )


def test_a_query_token_unknown_to_the_index_backs_off_to_its_parts() -> None:
    vocabulary = {"政府信息公开", "申请", "数量"}
    assert tokenize_query("本年新收政府信息公开申请数量") == ["本年新收政府信息公开申请数量"]
    assert tokenize_query("本年新收政府信息公开申请数量", vocabulary=vocabulary) == [
        "政府信息公开",
        "申请",
        "数量",
    ]


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("依申請公開處理流程有待規範", "依申请公开处理流程有待规范"),  # traditional
        ("郟縣人民政府收到行政訴訟７件", "郏县人民政府收到行政诉讼7件"),  # traditional + full-width
        ("ＡＢＣ　Ａｐｐ，２０２４年", "abc app,2024年"),  # full-width Latin, ideographic space
        ("⼈⺠政府⻔⼾⽹站", "人民政府门户网站"),  # Kangxi and supplement radicals from PDFs
        ("集\n中化和智\n能化水平", "集中化和智能化水平"),  # a PDF line wrap inside words
    ],
)
def test_variant_spellings_give_the_same_tokens(variant: str, plain: str) -> None:
    assert tokenize_query(variant) == tokenize_query(plain)
    assert tokenize_for_index(variant) == tokenize_for_index(plain)


def test_stopwords_and_punctuation_are_dropped_numbers_and_latin_kept() -> None:
    tokens = tokenize_for_index(
        "我局的政务公开工作和政策解读（APP）等，收费2561.768万元、12345热线。"
    )
    assert not set(tokens) & STOPWORDS
    assert {"的", "和", "等", "（", "，", "、", "。"}.isdisjoint(tokens)
    assert {"app", "2561.768", "12345", "政务公开", "政策解读"} <= set(tokens)


def test_names_go_into_a_private_copy_not_the_shared_tokenizer() -> None:
    name = "示例县政务服务和大数据管理局"
    with_names = new_tokenizer([name])
    assert tokenize_query(f"{name}年度报告", with_names)[0] == name
    assert name not in tokenize_query(f"{name}年度报告")  # the shared one is untouched
    assert not default_tokenizer().FREQ.get(name)
    assert "依申请公开" not in jieba.dt.FREQ  # jieba's global tokenizer is never touched


@pytest.mark.parametrize(
    "text",
    [
        "根据《中华人民共和国政府信息公开条例》，现公布2024年度报告。依申请公开3件，行政复议1件。",
        "二、主动公开政府信息情况\t第二十条(一)项\t规章\t5\n新制发件数 12 ；现行有效件数 180",
        "Web site: www.gov.cn; 电话0371-1234567，E-mail abc_d@x.cn  —— 第3页 共6页",
        "申请人 申请人 申请人，，，依申请公开。依申请公开！",
        "",
    ],
)
def test_default_tokenizer_cuts_block_by_block_as_jieba_cuts_the_whole_text(text: str) -> None:
    # The default tokenizer reuses each block's tokens (a block cut once); a private copy with
    # the same dictionary cuts the whole text afresh. Both must give the same tokens, also when
    # a block comes again.
    fresh = tokenize_for_index(text, new_tokenizer())
    assert tokenize_for_index(text) == fresh
    assert tokenize_for_index(text + "\n" + text) == fresh + fresh


# ---------------------------------------------------------------- the BM25 index

TEXTS = {
    "a:problems:0": "依申请公开的处理流程有待进一步规范，答复文书格式不统一。",
    "a:facts:0": "甲县人民政府2024年：行政复议7件；行政诉讼0件。",
    "b:problems:0": "政策解读形式单一，政务新媒体更新不及时。",
    "b:facts:0": "乙县人民政府2024年：行政复议0件；行政诉讼2件。",
    "c:other:0": "本年度未收取信息处理费。",
}


def passage(pid: str, text: str) -> StoredPassage:
    report, section, position = pid.split(":")
    return StoredPassage(
        pid, report, section, int(position), text, " ".join(tokenize_for_index(text))
    )


@pytest.fixture
def passages() -> list[StoredPassage]:
    return [passage(pid, text) for pid, text in TEXTS.items()]


def ids(results: list[tuple[str, float]]) -> list[str]:
    return [pid for pid, _ in results]


def test_search_finds_passages_sharing_a_term_best_first(passages) -> None:  # type: ignore[no-untyped-def]
    index = KeywordIndex.build(passages)
    found = index.search(tokenize_query("依申请公开流程不规范"), k=10)
    assert ids(found)[0] == "a:problems:0"
    assert "c:other:0" not in ids(found)  # shares no token: never a hit
    assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)


def test_allowed_restricts_results_even_when_k_is_small(passages) -> None:  # type: ignore[no-untyped-def]
    index = KeywordIndex.build(passages)
    query = tokenize_query("行政复议7件")
    assert ids(index.search(query, k=1)) == ["a:facts:0"]
    # a:facts:0 scores best, but is not allowed: k=1 must still return the best allowed one
    assert ids(index.search(query, k=1, allowed={"b:facts:0", "c:other:0"})) == ["b:facts:0"]
    assert index.search(query, k=5, allowed=set()) == []
    assert index.search(query, k=5, allowed={"no:such:0"}) == []


def test_equal_scores_come_in_index_order() -> None:
    same = [passage(f"r{i}:other:0", "本年度未收取信息处理费。") for i in (3, 1, 2)]
    index = KeywordIndex.build([*same, passage("x:other:0", "政策解读")])
    assert ids(index.search(["信息处理费"], k=3)) == ["r3:other:0", "r1:other:0", "r2:other:0"]


def test_unknown_and_empty_queries_find_nothing(passages) -> None:  # type: ignore[no-untyped-def]
    index = KeywordIndex.build(passages)
    assert index.search(["不存在的词"], k=3) == []
    assert index.search([], k=3) == []
    assert KeywordIndex.build([]).search(["行政复议"], k=3) == []


def test_fingerprint_follows_ids_tokens_and_order(passages) -> None:  # type: ignore[no-untyped-def]
    base = fingerprint(passages)
    assert fingerprint([passage(p.id, p.text) for p in passages]) == base
    edited = [*passages[:-1], passage("c:other:0", "本年度收取信息处理费100元。")]
    assert fingerprint(edited) != base
    assert fingerprint(list(reversed(passages))) != base
    renamed = [*passages[:-1], passage("d:other:0", TEXTS["c:other:0"])]
    assert fingerprint(renamed) != base


def test_save_and_load_round_trip(passages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    index = KeywordIndex.build(passages)
    index.save(tmp_path / "bm25")
    loaded = KeywordIndex.load(tmp_path / "bm25")
    assert loaded.fingerprint == index.fingerprint == fingerprint(passages)
    assert loaded.ids == index.ids
    for query in ("行政复议", "政务新媒体 政策解读", "信息处理费"):
        tokens = tokenize_query(query)
        assert loaded.search(tokens, k=5) == index.search(tokens, k=5)


def test_load_or_build_reuses_a_matching_index_and_rebuilds_a_stale_one(
    passages,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    directory = tmp_path / "bm25"
    KeywordIndex.load_or_build(directory, passages)
    meta = directory / "govqa-keywords.json"
    written = meta.stat().st_mtime_ns
    assert KeywordIndex.load_or_build(directory, passages).fingerprint == fingerprint(passages)
    assert meta.stat().st_mtime_ns == written  # loaded, not rewritten

    changed = [*passages, passage("e:other:0", "新增一条政府信息公开指南。")]
    rebuilt = KeywordIndex.load_or_build(directory, changed)
    assert rebuilt.fingerprint == fingerprint(changed) != fingerprint(passages)
    assert KeywordIndex.stored_fingerprint(directory) == fingerprint(changed)
    assert ids(rebuilt.search(["信息公开指南"], k=3)) == ["e:other:0"]


def test_an_unreadable_index_is_an_error_and_load_or_build_recovers(
    passages,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    directory = tmp_path / "bm25"
    KeywordIndex.build(passages).save(directory)
    for npy in directory.glob("*.npy"):
        npy.write_bytes(b"not numpy")
    with pytest.raises(KeywordIndexError, match="delete the directory"):
        KeywordIndex.load(directory)
    assert len(KeywordIndex.load_or_build(directory, passages)) == len(passages)
    meta = json.loads((directory / "govqa-keywords.json").read_text(encoding="utf-8"))
    assert meta["ids"] == [p.id for p in passages]
