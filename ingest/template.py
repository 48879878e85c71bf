"""The national report template (2019 trial format, revised 2021): rows, columns, labels.

Everything that knows what the tables of a report look like reads it from here: the parser
matches printed labels against these specs, the generator renders them, the planner names them.
Canonical keys are the design contract (`../shared/design.md`); never rename them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ingest.normalize import match_key


class FormatVersion(StrEnum):
    """Which edition of the template a report follows (detected from labels, never the year)."""

    V2021 = "v2021"
    V2019 = "v2019"


class SectionKey(StrEnum):
    """The six numbered sections of a report, plus text before the first one."""

    PREFACE = "preface"
    OVERVIEW = "overview"  # 一、总体情况
    PROACTIVE = "proactive"  # 二、主动公开政府信息情况 (table 二)
    REQUESTS = "requests"  # 三、收到和处理政府信息公开申请情况 (table 三)
    APPEALS = "appeals"  # 四、政府信息公开行政复议、行政诉讼情况 (table 四)
    PROBLEMS = "problems"  # 五、存在的主要问题及改进情况
    OTHER = "other"  # 六、其他需要报告的事项


SECTION_TITLES: dict[SectionKey, str] = {
    SectionKey.OVERVIEW: "总体情况",
    SectionKey.PROACTIVE: "主动公开政府信息情况",
    SectionKey.REQUESTS: "收到和处理政府信息公开申请情况",
    SectionKey.APPEALS: "政府信息公开行政复议、行政诉讼情况",
    SectionKey.PROBLEMS: "存在的主要问题及改进情况",
    SectionKey.OTHER: "其他需要报告的事项",
}
SECTION_NUMERALS: dict[SectionKey, str] = {
    SectionKey.OVERVIEW: "一",
    SectionKey.PROACTIVE: "二",
    SectionKey.REQUESTS: "三",
    SectionKey.APPEALS: "四",
    SectionKey.PROBLEMS: "五",
    SectionKey.OTHER: "六",
}
NARRATIVE_SECTIONS = (SectionKey.OVERVIEW, SectionKey.PROBLEMS, SectionKey.OTHER)


@dataclass(frozen=True)
class ColumnSpec:
    """One printed column (or one field of a one-row block)."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    zh: str = ""
    en: str = ""

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class RowSpec:
    """One printed row of table 三: its key, numbering and label, and the group it sits in."""

    key: str
    number: str
    label: str
    aliases: tuple[str, ...] = ()
    group: str = ""
    zh: str = ""
    en: str = ""

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class S2RowSpec:
    """One row of table 二: a label and the canonical field behind each of its value columns."""

    label: str
    block: str  # 第二十条第（一）项 ...
    fields: tuple[ColumnSpec, ...]
    aliases: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


# ---------------------------------------------------------------- table 三 (requests)

S3_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("natural_person", "自然人", (), "自然人", "natural persons"),
    ColumnSpec("commercial", "商业企业", (), "商业企业", "commercial enterprises"),
    ColumnSpec("research", "科研机构", (), "科研机构", "research institutions"),
    ColumnSpec("social_org", "社会公益组织", ("社会组织",), "社会公益组织", "social organizations"),
    ColumnSpec("legal_service", "法律服务机构", (), "法律服务机构", "legal service agencies"),
    ColumnSpec("other", "其他", (), "其他", "other applicants"),
    ColumnSpec("total", "总计", ("合计",), "总计", "total"),
)
S3_COLUMN_KEYS: tuple[str, ...] = tuple(c.key for c in S3_COLUMNS)
S3_APPLICANT_KEYS: tuple[str, ...] = S3_COLUMN_KEYS[:6]
S3_HEADER_GROUPS = ("申请人情况", "法人或其他组织")

G_RESULTS = "三、本年度办理结果"
G_DENIED = "（三）不予公开"
G_UNABLE = "（四）无法提供"
G_NOT_PROCESSED = "（五）不予处理"
G_OTHER = "（六）其他处理"
S3_GROUP_LABELS = (G_RESULTS, G_DENIED, G_UNABLE, G_NOT_PROCESSED, G_OTHER)

_S3_HEAD: tuple[RowSpec, ...] = (
    RowSpec(
        "new_received",
        "一、",
        "本年新收政府信息公开申请数量",
        ("本年新收申请数量",),
        "",
        "本年新收申请",
        "new requests received",
    ),
    RowSpec(
        "carried_over",
        "二、",
        "上年结转政府信息公开申请数量",
        ("上年结转申请数量",),
        "",
        "上年结转申请",
        "requests carried over from last year",
    ),
    RowSpec("granted", "（一）", "予以公开", (), G_RESULTS, "予以公开", "granted"),
    RowSpec(
        "partially_granted",
        "（二）",
        "部分公开（区分处理的，只计这一情形，不计其他情形）",
        ("部分公开",),
        G_RESULTS,
        "部分公开",
        "partially granted",
    ),
    RowSpec(
        "denied_state_secret",
        "1.",
        "属于国家秘密",
        (),
        G_DENIED,
        "不予公开：属于国家秘密",
        "denied: state secret",
    ),
    RowSpec(
        "denied_law_prohibited",
        "2.",
        "其他法律行政法规禁止公开",
        (),
        G_DENIED,
        "不予公开：其他法律行政法规禁止公开",
        "denied: prohibited by other laws",
    ),
    RowSpec(
        "denied_security_stability",
        "3.",
        "危及“三安全一稳定”",
        (),
        G_DENIED,
        "不予公开：危及“三安全一稳定”",
        "denied: endangers security or stability",
    ),
    RowSpec(
        "denied_third_party",
        "4.",
        "保护第三方合法权益",
        (),
        G_DENIED,
        "不予公开：保护第三方合法权益",
        "denied: third-party rights",
    ),
    RowSpec(
        "denied_internal_affairs",
        "5.",
        "属于三类内部事务信息",
        (),
        G_DENIED,
        "不予公开：属于三类内部事务信息",
        "denied: internal affairs",
    ),
    RowSpec(
        "denied_process_info",
        "6.",
        "属于四类过程性信息",
        (),
        G_DENIED,
        "不予公开：属于四类过程性信息",
        "denied: process information",
    ),
    RowSpec(
        "denied_enforcement_file",
        "7.",
        "属于行政执法案卷",
        (),
        G_DENIED,
        "不予公开：属于行政执法案卷",
        "denied: enforcement files",
    ),
    RowSpec(
        "denied_admin_query",
        "8.",
        "属于行政查询事项",
        (),
        G_DENIED,
        "不予公开：属于行政查询事项",
        "denied: administrative query matters",
    ),
    RowSpec(
        "unable_not_held",
        "1.",
        "本机关不掌握相关政府信息",
        (),
        G_UNABLE,
        "无法提供：本机关不掌握相关政府信息",
        "unable: information not held",
    ),
    RowSpec(
        "unable_needs_creation",
        "2.",
        "没有现成信息需要另行制作",
        (),
        G_UNABLE,
        "无法提供：没有现成信息需要另行制作",
        "unable: would need to be created",
    ),
    RowSpec(
        "unable_unclear",
        "3.",
        "补正后申请内容仍不明确",
        (),
        G_UNABLE,
        "无法提供：补正后申请内容仍不明确",
        "unable: request still unclear",
    ),
    RowSpec(
        "not_processed_complaint",
        "1.",
        "信访举报投诉类申请",
        (),
        G_NOT_PROCESSED,
        "不予处理：信访举报投诉类申请",
        "not processed: petitions and complaints",
    ),
    RowSpec(
        "not_processed_duplicate",
        "2.",
        "重复申请",
        (),
        G_NOT_PROCESSED,
        "不予处理：重复申请",
        "not processed: duplicate request",
    ),
    RowSpec(
        "not_processed_publication",
        "3.",
        "要求提供公开出版物",
        (),
        G_NOT_PROCESSED,
        "不予处理：要求提供公开出版物",
        "not processed: asks for publications",
    ),
    RowSpec(
        "not_processed_excessive",
        "4.",
        "无正当理由大量反复申请",
        (),
        G_NOT_PROCESSED,
        "不予处理：无正当理由大量反复申请",
        "not processed: excessive repeated requests",
    ),
    RowSpec(
        "not_processed_confirm_reissue",
        "5.",
        "要求行政机关确认或重新出具已获取信息",
        (),
        G_NOT_PROCESSED,
        "不予处理：要求确认或重新出具已获取信息",
        "not processed: confirm or reissue obtained information",
    ),
)
_S3_OTHER_V2021: tuple[RowSpec, ...] = (
    RowSpec(
        "other_no_correction",
        "1.",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        (),
        G_OTHER,
        "其他处理：逾期不补正",
        "other: applicant did not supplement in time",
    ),
    RowSpec(
        "other_fee_unpaid",
        "2.",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        (),
        G_OTHER,
        "其他处理：逾期未缴费",
        "other: fee not paid",
    ),
    RowSpec("other_misc", "3.", "其他", (), G_OTHER, "其他处理：其他", "other: miscellaneous"),
)
_S3_OTHER_V2019: tuple[RowSpec, ...] = (
    RowSpec("other_total", "（六）", "其他处理", (), G_RESULTS, "其他处理", "other handling"),
)
_S3_TAIL: tuple[RowSpec, ...] = (
    RowSpec(
        "total_processed", "（七）", "总计", ("合计",), G_RESULTS, "办理结果总计", "total processed"
    ),
    RowSpec(
        "carried_forward",
        "四、",
        "结转下年度继续办理",
        (),
        "",
        "结转下年度继续办理",
        "carried forward to next year",
    ),
)
S3_ROWS: dict[FormatVersion, tuple[RowSpec, ...]] = {
    FormatVersion.V2021: _S3_HEAD + _S3_OTHER_V2021 + _S3_TAIL,
    FormatVersion.V2019: _S3_HEAD + _S3_OTHER_V2019 + _S3_TAIL,
}
# The rows whose sum is total_processed (identity H2): 21 in v2021, 19 in v2019.
S3_OUTCOME_ROWS: dict[FormatVersion, tuple[str, ...]] = {
    v: tuple(r.key for r in rows if r.group in S3_GROUP_LABELS and r.key != "total_processed")
    for v, rows in S3_ROWS.items()
}

# ---------------------------------------------------------------- table 二 (proactive)

B1, B5, B6, B8, B9 = (
    "第二十条第（一）项",
    "第二十条第（五）项",
    "第二十条第（六）项",
    "第二十条第（八）项",
    "第二十条第（九）项",
)


def _c(key: str, label: str, zh: str, en: str, *aliases: str) -> ColumnSpec:
    return ColumnSpec(key, label, aliases, zh, en)


def _prev_change_decisions(prefix: str, zh: str, en: str) -> tuple[ColumnSpec, ...]:
    return (
        _c(
            f"{prefix}_items_prev_year",
            "上一年项目数量",
            f"{zh}上一年项目数量",
            f"{en}: items last year",
        ),
        _c(
            f"{prefix}_items_change",
            "本年增/减",
            f"{zh}本年增/减",
            f"{en}: change in items",
            "本年增减",
        ),
        _c(
            f"{prefix}_decisions",
            "处理决定数量",
            f"{zh}处理决定数量",
            f"{en} decisions",
            "本年处理决定数量",
        ),
    )


S2_ROWS: dict[FormatVersion, tuple[S2RowSpec, ...]] = {
    FormatVersion.V2021: (
        S2RowSpec(
            "规章",
            B1,
            (
                _c("regulations_issued", "本年制发件数", "规章本年制发件数", "regulations issued"),
                _c(
                    "regulations_repealed",
                    "本年废止件数",
                    "规章本年废止件数",
                    "regulations repealed",
                ),
                _c(
                    "regulations_in_force",
                    "现行有效件数",
                    "规章现行有效件数",
                    "regulations in force",
                ),
            ),
        ),
        S2RowSpec(
            "行政规范性文件",
            B1,
            (
                _c(
                    "normative_docs_issued",
                    "本年制发件数",
                    "行政规范性文件本年制发件数",
                    "normative documents issued",
                ),
                _c(
                    "normative_docs_repealed",
                    "本年废止件数",
                    "行政规范性文件本年废止件数",
                    "normative documents repealed",
                ),
                _c(
                    "normative_docs_in_force",
                    "现行有效件数",
                    "行政规范性文件现行有效件数",
                    "normative documents in force",
                ),
            ),
            ("规范性文件",),
        ),
        S2RowSpec(
            "行政许可",
            B5,
            (
                _c(
                    "licensing_decisions",
                    "本年处理决定数量",
                    "行政许可处理决定数量",
                    "licensing decisions",
                    "处理决定数量",
                ),
            ),
        ),
        S2RowSpec(
            "行政处罚",
            B6,
            (
                _c(
                    "penalty_decisions",
                    "本年处理决定数量",
                    "行政处罚处理决定数量",
                    "penalty decisions",
                    "处理决定数量",
                ),
            ),
        ),
        S2RowSpec(
            "行政强制",
            B6,
            (
                _c(
                    "coercion_decisions",
                    "本年处理决定数量",
                    "行政强制处理决定数量",
                    "coercion decisions",
                    "处理决定数量",
                ),
            ),
        ),
        S2RowSpec(
            "行政事业性收费",
            B8,
            (
                _c(
                    "admin_fee_amount_wan",
                    "本年收费金额（单位：万元）",
                    "行政事业性收费金额（万元）",
                    "administrative fees (10k yuan)",
                    "本年收费金额",
                ),
            ),
        ),
    ),
    FormatVersion.V2019: (
        S2RowSpec(
            "规章",
            B1,
            (
                _c(
                    "regulations_new_made",
                    "本年新制作数量",
                    "规章本年新制作数量",
                    "regulations newly made",
                ),
                _c(
                    "regulations_new_published",
                    "本年新公开数量",
                    "规章本年新公开数量",
                    "regulations newly published",
                ),
                _c(
                    "regulations_total_published",
                    "对外公开总数量",
                    "规章对外公开总数量",
                    "regulations published in total",
                ),
            ),
        ),
        S2RowSpec(
            "规范性文件",
            B1,
            (
                _c(
                    "normative_docs_new_made",
                    "本年新制作数量",
                    "规范性文件本年新制作数量",
                    "normative documents newly made",
                ),
                _c(
                    "normative_docs_new_published",
                    "本年新公开数量",
                    "规范性文件本年新公开数量",
                    "normative documents newly published",
                ),
                _c(
                    "normative_docs_total_published",
                    "对外公开总数量",
                    "规范性文件对外公开总数量",
                    "normative documents published in total",
                ),
            ),
            ("行政规范性文件",),
        ),
        S2RowSpec("行政许可", B5, _prev_change_decisions("licensing", "行政许可", "licensing")),
        S2RowSpec(
            "其他对外管理服务事项",
            B5,
            _prev_change_decisions(
                "other_services", "其他对外管理服务事项", "other external services"
            ),
        ),
        S2RowSpec("行政处罚", B6, _prev_change_decisions("penalty", "行政处罚", "penalty")),
        S2RowSpec("行政强制", B6, _prev_change_decisions("coercion", "行政强制", "coercion")),
        S2RowSpec(
            "行政事业性收费",
            B8,
            (
                _c(
                    "admin_fee_items_prev_year",
                    "上一年项目数量",
                    "行政事业性收费上一年项目数量",
                    "fee items last year",
                ),
                _c(
                    "admin_fee_items_change",
                    "本年增/减",
                    "行政事业性收费本年增/减",
                    "change in fee items",
                    "本年增减",
                ),
            ),
        ),
        S2RowSpec(
            "政府集中采购",
            B9,
            (
                _c(
                    "procurement_projects",
                    "采购项目数量",
                    "政府集中采购项目数量",
                    "procurement projects",
                ),
                _c(
                    "procurement_amount",
                    "采购总金额",
                    "政府集中采购总金额（万元）",
                    "procurement amount (10k yuan)",
                ),
            ),
        ),
    ),
}
S2_FIELDS: dict[FormatVersion, tuple[str, ...]] = {
    v: tuple(f.key for row in rows for f in row.fields) for v, rows in S2_ROWS.items()
}
# Amounts of money in 万元: decimals allowed. Everything else in the tables counts items.
MONEY_FIELDS = frozenset({"admin_fee_amount_wan", "procurement_amount"})
# Year-on-year changes: the only fields that may be negative.
SIGNED_FIELDS = frozenset(f for fs in S2_FIELDS.values() for f in fs if f.endswith("_change"))

# ---------------------------------------------------------------- table 四 (appeals)


@dataclass(frozen=True)
class S4BlockSpec:
    """One five-column block of table 四."""

    key: str
    label: str
    zh: str
    en: str
    parent: str = ""


S4_BLOCKS: tuple[S4BlockSpec, ...] = (
    S4BlockSpec("review", "行政复议", "行政复议", "administrative reconsideration"),
    S4BlockSpec(
        "litigation_direct",
        "未经复议直接起诉",
        "行政诉讼（未经复议直接起诉）",
        "litigation without prior reconsideration",
        "行政诉讼",
    ),
    S4BlockSpec(
        "litigation_after_review",
        "复议后起诉",
        "行政诉讼（复议后起诉）",
        "litigation after reconsideration",
        "行政诉讼",
    ),
)
S4_RESULTS: tuple[ColumnSpec, ...] = (
    ColumnSpec("upheld", "结果维持", (), "结果维持", "upheld"),
    ColumnSpec("corrected", "结果纠正", (), "结果纠正", "corrected"),
    ColumnSpec("other", "其他结果", (), "其他结果", "other outcome"),
    ColumnSpec("pending", "尚未审结", (), "尚未审结", "pending"),
    ColumnSpec("total", "总计", ("合计",), "总计", "total"),
)
S4_FIELDS: tuple[str, ...] = tuple(f"{b.key}_{r.key}" for b in S4_BLOCKS for r in S4_RESULTS)


def _row_label_keys() -> frozenset[str]:
    """Every printed row label of tables 二, 三 and 四 of both editions, in match-key form
    (punctuation and spaces dropped), for telling a report from other text."""
    labels = [label for rows in S3_ROWS.values() for row in rows for label in row.labels]
    labels += [label for rows in S2_ROWS.values() for row in rows for label in row.labels]
    labels += [b.label for b in S4_BLOCKS] + [r.label for r in S4_RESULTS]
    return frozenset(k for k in map(match_key, labels) if len(k) >= 4)


TEMPLATE_ROW_LABELS = _row_label_keys()


@dataclass(frozen=True)
class FieldInfo:
    """Where a canonical field lives and what to call it."""

    section: str  # "s2" | "s3" | "s4"
    key: str
    zh: str
    en: str
    money: bool = False
    signed: bool = False
    versions: tuple[FormatVersion, ...] = field(default=(FormatVersion.V2021, FormatVersion.V2019))


def _field_catalog() -> dict[tuple[str, str], FieldInfo]:
    catalog: dict[tuple[str, str], FieldInfo] = {}
    for version, rows in S2_ROWS.items():
        for row in rows:
            for f in row.fields:
                prior = catalog.get(("s2", f.key))
                versions = (*prior.versions, version) if prior else (version,)
                catalog["s2", f.key] = FieldInfo(
                    "s2",
                    f.key,
                    f.zh,
                    f.en,
                    f.key in MONEY_FIELDS,
                    f.key in SIGNED_FIELDS,
                    versions,
                )
    for version, s3rows in S3_ROWS.items():
        for r in s3rows:
            prior = catalog.get(("s3", r.key))
            versions = (*prior.versions, version) if prior else (version,)
            catalog["s3", r.key] = FieldInfo("s3", r.key, r.zh, r.en, versions=versions)
    for b in S4_BLOCKS:
        for res in S4_RESULTS:
            key = f"{b.key}_{res.key}"
            catalog["s4", key] = FieldInfo("s4", key, f"{b.zh}{res.zh}", f"{b.en}: {res.en}")
    return catalog


FIELD_CATALOG: dict[tuple[str, str], FieldInfo] = _field_catalog()
