"""Words for the numbers of a report: Chinese (as printed, and as people say it) and English.

Data only (table 三 here, tables 二/四 and applicant columns in lexicon_fields.py);
`qa_app/lexicon.py` compiles and applies it. Chinese patterns are regexes matched
on simplified text; English patterns are regexes matched on lower-cased text between word
boundaries. The longest match wins, so 不予公开 beats 公开 and "not disclosed" beats "disclosed".
The printed labels of ingest/template.py are added by lexicon.py itself, so every canonical
field has at least the words its own table uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Slot(StrEnum):
    """What a matched word contributes to the plan."""

    METRIC = "metric"  # canonical or derived keys, directly
    WEAK = (
        "weak"  # new_received from the bare noun 申请/requests: dropped if another metric is named
    )
    RECEIVE = "receive"  # new_received from a verb (收到, received): dropped if it governs a
    # table 二/四 count (收到行政复议), kept beside other table 三 rows (收到…其中予以公开)
    GROUP = "group"  # a table 三 group (不予公开); its total unless one of its rows is named
    BLOCK = (
        "block"  # a table 四 block: review, litigation_direct, litigation_after_review, litigation
    )
    RESULT = "result"  # a table 四 result column: upheld, corrected, other, pending
    APPEALS = "appeals"  # "appeals": both 行政复议 and 行政诉讼, answered labelled
    S2_ROW = "s2_row"  # a table 二 row: regulations, licensing, ...
    S2_COL = "s2_col"  # a table 二 column: issued, repealed, in_force, decisions, ...
    COLUMN = "column"  # an applicant column of table 三
    NEUTRAL = "neutral"  # domain words that must not be read as a metric (政府信息公开)


@dataclass(frozen=True, slots=True)
class TermRow:
    """Words (zh and en patterns) that all mean the same values."""

    slot: Slot
    values: tuple[str, ...]
    zh: tuple[str, ...] = ()
    en: tuple[str, ...] = ()
    note: str | None = None  # a lexicon_notes key, for words with more than one reading


def term(slot: Slot, values: str, zh: str = "", en: str = "", note: str | None = None) -> TermRow:
    """A row written compactly: values split on spaces, patterns on ' ; '."""
    return TermRow(
        slot,
        tuple(values.split()),
        tuple(p for p in zh.split(" ; ") if p),
        tuple(p for p in en.split(" ; ") if p),
        note,
    )


M, W, V, G, N = Slot.METRIC, Slot.WEAK, Slot.RECEIVE, Slot.GROUP, Slot.NEUTRAL

S3_TERMS: tuple[TermRow, ...] = (
    term(
        M,
        "new_received",
        "本年新收政府信息公开申请数量 ; 本年新收 ; 新收 ; 新增申请",
        r"new (?:requests?|applications?) ; newly received ; incoming (?:requests?|applications?)",
    ),
    term(
        V,
        "new_received",
        "收到 ; 受理 ; 接收 ; 接到 ; 提出申请",
        r"received ; receives? ; receiving ; filed ; submitted",
    ),
    term(
        W,
        "new_received",
        "政府信息公开申请 ; 信息公开申请 ; 依申请公开 ; 公开申请 ; 申请数量 ; "
        "申请件数 ; 申请量 ; 申请数 ; 申请",
        r"(?:information |disclosure |foi |ogi )?(?:requests?|applications?)",
    ),
    term(
        M,
        "carried_over",
        "上年结转 ; 上年度结转 ; 上一年结转 ; 往年结转 ; 结转自上年",
        r"carried over ; carry-?overs? ; (?:brought|carried) (?:forward |over )?from "
        r"(?:the )?(?:last|previous|prior) year",
    ),
    term(
        M,
        "carried_forward",
        "结转下年度继续办理 ; 结转下一?年度? ; 结转到下一?年度? ; 结转至下一?年度? ; "
        "转入下一?年度? ; 下年度继续办理 ; 继续办理",
        r"carried forward ; carried (?:in)?to (?:the )?next year ; carry-?forwards? ; "
        r"pending at (?:the )?(?:end of the )?year(?:[- ]end)? ; rolled over",
    ),
    term(M, "carried_forward", "结转", note="carry_ambiguous"),
    term(
        M,
        "granted",
        "予以公开 ; 全部公开 ; 准予公开 ; 同意公开 ; 已公开 ; 公开",
        r"granted(?: in full)? ; grants? ; fully (?:granted|disclosed) ; disclosed(?: in full)? ; "
        r"released ; made public ; approved ; disclose",
    ),
    term(
        M,
        "partially_granted",
        "部分公开 ; 部分予以公开 ; 区分处理",
        r"partial(?:ly)? (?:granted|disclosed|grants?|disclosures?) ; "
        r"partly (?:granted|disclosed) ; in part ; partial(?:ly)?",
    ),
    term(
        G,
        "denied",
        "不予公开 ; 不予以公开 ; 拒绝公开 ; 未予公开 ; 不公开",
        r"denied ; denials? ; refused ; refusals? ; rejected ; rejections? ; withheld ; "
        r"not disclosed ; declined to disclose",
    ),
    term(
        M,
        "denied_state_secret",
        "属于国家秘密 ; 国家秘密 ; 国家机密 ; 涉密",
        r"state secrets? ; classified",
    ),
    term(
        M,
        "denied_law_prohibited",
        "其他法律行政法规禁止公开 ; 法律行政法规禁止 ; 法律法规禁止 ; 禁止公开",
        r"prohibited by (?:other )?laws? ; legally prohibited ; forbidden by law",
    ),
    term(
        M,
        "denied_security_stability",
        "三安全一稳定 ; 危及安全 ; 危及稳定 ; 国家安全 ; 社会稳定",
        r"security (?:or|and) stability ; endangers? (?:security|stability) ; national security",
    ),
    term(
        M,
        "denied_third_party",
        "保护第三方合法权益 ; 第三方合法权益 ; 第三方权益 ; 第三方",
        r"third[- ]part(?:y|ies)(?: rights| interests)?",
    ),
    term(
        M,
        "denied_internal_affairs",
        "三类内部事务信息 ; 内部事务信息 ; 内部事务",
        r"internal (?:affairs|matters|management)",
    ),
    term(
        M,
        "denied_process_info",
        "四类过程性信息 ; 过程性信息 ; 过程信息",
        r"process(?:-related)? info(?:rmation)? ; deliberative(?: information)? ; "
        r"preparatory information",
    ),
    term(
        M,
        "denied_enforcement_file",
        "属于行政执法案卷 ; 行政执法案卷 ; 执法案卷",
        r"(?:administrative )?enforcement (?:case )?(?:files?|records?)",
    ),
    term(
        M,
        "denied_admin_query",
        "属于行政查询事项 ; 行政查询事项 ; 行政查询",
        r"administrative quer(?:y|ies)(?: matters)?",
    ),
    term(
        G,
        "unable",
        "无法提供 ; 不能提供 ; 未能提供",
        r"unable to provide ; could not be provided ; "
        r"(?:could not|couldn't|cannot|can't) provide ; unable",
    ),
    term(
        M,
        "unable_not_held",
        "本机关不掌握相关政府信息 ; 本机关不掌握 ; 不掌握 ; 未掌握 ; 没有掌握 ; 信息不存在",
        r"not held ; (?:does|did|do)(?: not|n't) hold ; not in (?:its|their) possession ; "
        r"no such information",
    ),
    term(
        M,
        "unable_needs_creation",
        "没有现成信息需要另行制作 ; 没有现成信息 ; 需要?另行制作 ; 另行制作",
        r"(?:would )?needs? to be (?:created|compiled|produced) ; not readily available ; "
        r"needs? creating",
    ),
    term(
        M,
        "unable_unclear",
        "补正后申请内容仍不明确 ; 内容仍不明确 ; 仍不明确 ; 内容不明确",
        r"(?:still )?unclear(?: after (?:supplement|correction|clarification))? ; "
        r"not specific enough",
    ),
    term(
        G,
        "not_processed",
        "不予处理 ; 不处理",
        r"not processed ; not handled ; (?:declined|refused) to (?:process|handle)",
    ),
    term(
        M,
        "not_processed_complaint",
        "信访举报投诉类申请 ; 信访举报投诉 ; 举报投诉 ; 投诉举报 ; 信访 ; 投诉",
        r"petitions?(?: and complaints)? ; complaints? ; reports and complaints",
    ),
    term(
        M,
        "not_processed_duplicate",
        "重复申请",
        r"duplicates? ; duplicate (?:requests?|applications?) ; "
        r"repeat(?:ed)? (?:requests?|applications?)",
    ),
    term(
        M,
        "not_processed_publication",
        "要求提供公开出版物 ; 公开出版物 ; 出版物",
        r"publications? ; published materials?",
    ),
    term(
        M,
        "not_processed_excessive",
        "无正当理由大量反复申请 ; 大量反复申请 ; 反复申请 ; 滥用申请",
        r"excessive(?: repeated)?(?: requests?| applications?)? ; vexatious(?: requests?)? ; "
        r"abusive requests? ; mass requests?",
    ),
    term(
        M,
        "not_processed_confirm_reissue",
        "要求行政机关确认或重新出具已获取信息 ; 确认或重新出具 ; 重新出具",
        r"confirm(?:ation)? or re-?issue ; re-?issu(?:e|ed|ing)",
    ),
    term(
        M,
        "other_no_correction",
        "逾期不补正 ; 不补正 ; 未补正",
        r"(?:did not|didn't|failed to) supplement ; not supplemented ; no supplement(?:ation)?",
    ),
    term(
        M,
        "other_fee_unpaid",
        "逾期未按收费通知要求缴纳费用 ; 逾期未缴费 ; 未缴费 ; 未缴纳费用",
        r"fees? not paid ; unpaid fees? ; (?:did not|didn't|failed to) pay(?: the)?(?: fees?)?",
    ),
    term(
        M,
        "other_misc",
        r"其他处理\W*其他 ; 其他处理中的其他",
        r"other handling: other ; miscellaneous(?: handling| outcomes?)?",
    ),
    term(G, "other", "其他处理", r"other handling ; handled otherwise"),
    term(
        M,
        "total_processed",
        "办理结果总计 ; 办理结果 ; 办结 ; 办理完毕 ; 已办理 ; 办理 ; 处理 ; 答复",
        r"total processed ; processed ; handled ; dealt with ; completed ; answered ; "
        r"responded to ; replied to ; outcomes?",
    ),
    term(
        M,
        "disclosure_rate",
        "信息公开率 ; 予以公开率 ; 公开率 ; 公开比例 ; 公开比率 ; 公开的比例",
        r"disclosure rates? ; rates? of disclosure ; grant rates? ; openness rates? ; "
        r"(?:share|percentage|proportion) (?:of requests )?(?:granted|disclosed) ; "
        r"(?:share|percentage|proportion|fraction) of (?:the )?(?:requests|applications)"
        r"(?:[^?.]{0,60}?\b(?:granted|disclosed?|released|approved))?",
    ),
    term(
        M,
        "correction_rate",
        "被纠错率 ; 纠错率 ; 纠正率",
        r"(?:error[- ])?correction rates? ; reversal rates? ; rates? of correction",
    ),
)

NEUTRAL_TERMS: tuple[TermRow, ...] = (
    term(
        N,
        "",
        "政府信息公开工作年度报告 ; 年度报告 ; 政府信息公开 ; 信息公开 ; 政务公开 ; 主动公开 ; "
        "申请人 ; 政府信息 ; 公开工作",
        r"information disclosure ; government information ; open government(?: information)? ; "
        r"annual reports? ; freedom of information ; applicants? ; requesters?",
    ),
)

# Table 三 groups: the derived total a group word means, and the rows that refine it.
GROUP_TOTALS: dict[str, tuple[str, ...]] = {
    "denied": ("denied_total",),
    "unable": ("unable_total",),
    "not_processed": ("not_processed_total",),
    # No derived total: the three v2021 rows, and the single v2019 row.
    "other": ("other_total", "other_no_correction", "other_fee_unpaid", "other_misc"),
}
GROUP_PREFIX = {group: f"{group}_" for group in GROUP_TOTALS}
