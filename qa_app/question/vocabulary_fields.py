"""Words for tables 二 (proactive disclosure) and 四 (reconsideration, litigation) and for the
applicant columns of table 三. Data only, in the form of lexicon_metrics.py: a table 四 block
and a result column are named apart (行政复议 … 纠正) and combined by lexicon.py.
"""

from __future__ import annotations

from qa_app.lexicon_metrics import Slot as S
from qa_app.lexicon_metrics import TermRow, term

B, R, A, S2R, S2C, C = S.BLOCK, S.RESULT, S.APPEALS, S.S2_ROW, S.S2_COL, S.COLUMN

S4_TERMS: tuple[TermRow, ...] = (
    term(
        B,
        "review",
        "行政复议 ; 被复议 ; 复议",
        r"(?:administrative )?reconsiderations? ; (?:administrative )?reviews? ; "
        r"review applications?",
    ),
    term(
        B,
        "litigation",
        "行政诉讼 ; 被起诉 ; 被诉 ; 起诉 ; 诉讼 ; 应诉 ; 官司",
        r"lawsuits? ; (?:administrative )?litigations? ; litigated ; sued ; suits? ; "
        r"court cases? ; legal actions? ; taken to court",
    ),
    term(
        B,
        "litigation_direct",
        "未经复议直接起诉 ; 直接起诉 ; 直接诉讼 ; 未经复议",
        r"direct (?:lawsuits?|litigation|suits?) ; (?:sued|suing) directly ; directly sued ; "
        r"without (?:prior |first )?(?:reconsideration|review)",
    ),
    term(
        B,
        "litigation_after_review",
        "经复议后起诉 ; 复议后起诉 ; 复议后诉讼 ; 复议后再起诉",
        r"(?:after|following) (?:a )?(?:reconsideration|review)",
    ),
    term(
        A,
        "review litigation",
        "被复议或诉讼 ; 被复议或被诉讼 ; 被复议或被起诉 ; 申诉",
        r"appeals? ; appealed ; challenged ; contested",
    ),
    term(
        R,
        "upheld",
        "结果维持 ; 维持原 ; 维持 ; 驳回",
        r"upheld ; maintained ; affirmed ; sustained",
    ),
    term(
        R,
        "corrected",
        "结果纠正 ; 被纠正 ; 纠正 ; 被纠错 ; 纠错 ; 撤销 ; 确认违法 ; 败诉",
        r"corrected ; overturned ; reversed ; annulled ; lost",
    ),
    term(R, "other", "其他结果", r"other (?:outcomes?|results?)"),
    term(
        R,
        "pending",
        "尚未审结 ; 未审结 ; 审理中 ; 未结案 ; 在审",
        r"pending ; not (?:yet )?concluded ; unresolved ; undecided ; ongoing ; still open",
    ),
)

S2_TERMS: tuple[TermRow, ...] = (
    term(S2R, "regulations", "规章", r"regulations? ; rules"),
    term(
        S2R,
        "normative_docs",
        "行政规范性文件 ; 规范性文件",
        r"normative (?:documents?|docs?) ; regulatory documents? ; policy documents?",
    ),
    term(
        S2R,
        "licensing",
        "行政许可 ; 许可 ; 审批",
        r"(?:administrative )?licen[cs](?:ing|es?) ; permits? ; approvals?",
    ),
    term(
        S2R,
        "penalty",
        "行政处罚 ; 处罚 ; 罚款",
        r"(?:administrative )?penalt(?:y|ies) ; fines ; sanctions?",
    ),
    term(
        S2R,
        "coercion",
        "行政强制 ; 强制措施 ; 强制执行 ; 强制",
        r"(?:administrative )?coercion ; coercive (?:measures?|actions?) ; "
        r"compulsory measures? ; enforcement measures?",
    ),
    term(
        S2R,
        "admin_fee",
        "行政事业性收费 ; 事业性收费 ; 收费 ; 费用",
        r"(?:administrative )?fees? ; fee (?:income|revenue) ; charges ; levies",
    ),
    term(
        S2R,
        "procurement",
        "政府集中采购 ; 集中采购 ; 采购",
        r"procurement ; (?:government )?purchasing",
    ),
    term(
        S2R,
        "other_services",
        "其他对外管理服务事项 ; 对外管理服务事项",
        r"other (?:external )?(?:management )?services",
    ),
    term(
        S2C,
        "issued",
        "本年制发件数 ; 本年制发 ; 新制发 ; 制发 ; 出台 ; 印发 ; 发布",
        r"issued ; enacted ; promulgated ; adopted ; new",
    ),
    term(S2C, "repealed", "本年废止件数 ; 废止 ; 废除", r"repealed ; abolished"),
    term(
        S2C,
        "in_force",
        "现行有效件数 ; 现行有效 ; 有效 ; 现行",
        r"in force ; in effect ; currently valid ; valid ; current",
    ),
    term(S2C, "new_made", "本年新制作数量 ; 新制作 ; 制作", r"newly made ; made"),
    term(S2C, "new_published", "本年新公开数量 ; 新公开", r"newly published"),
    term(
        S2C,
        "total_published",
        "对外公开总数量 ; 对外公开总数 ; 公开总数",
        r"published in total ; total published",
    ),
    term(
        S2C,
        "items_prev_year",
        "上一年项目数量 ; 上一年项目 ; 上年项目 ; 项目数量",
        r"items? (?:in )?(?:the )?(?:last|previous) year",
    ),
    term(
        S2C,
        "items_change",
        "本年增/减 ; 本年增减 ; 增/减 ; 增减",
        r"change in(?=(?: the)?(?: fee)? items) ; items? change",
    ),
    term(S2C, "decisions", "本年处理决定数量 ; 处理决定数量 ; 处理决定 ; 决定数", r"decisions?"),
    term(
        S2C,
        "amount",
        "采购总金额 ; 收费金额 ; 总金额 ; 金额 ; 万元",
        r"amounts? ; revenue ; how much money ; yuan",
    ),
    term(S2C, "projects", "采购项目数量 ; 项目数", r"projects?"),
)

COLUMN_TERMS: tuple[TermRow, ...] = (
    term(
        C,
        "natural_person",
        "自然人 ; 个人 ; 公民 ; 群众 ; 老百姓",
        r"natural persons? ; individuals? ; citizens? ; private (?:persons?|individuals?) ; "
        r"members of the public",
    ),
    term(
        C,
        "commercial",
        "商业企业 ; 企业 ; 公司",
        r"commercial(?: enterprises?| entities)? ; compan(?:y|ies) ; business(?:es)? ; "
        r"enterprises? ; firms?",
    ),
    term(
        C,
        "research",
        "科研机构 ; 科研院所 ; 高校",
        r"research(?: institutions?| institutes?| organi[sz]ations?| bodies)? ; universities",
    ),
    term(
        C,
        "social_org",
        "社会公益组织 ; 社会组织 ; 公益组织 ; 社会团体",
        r"ngos? ; social organi[sz]ations? ; non-?profits? ; charities ; "
        r"(?:charitable|public[- ]interest) organi[sz]ations?",
    ),
    term(
        C,
        "legal_service",
        "法律服务机构 ; 律师事务所 ; 律所 ; 律师",
        r"law firms? ; lawyers? ; attorneys? ; "
        r"legal service(?:s)?(?: agencies| institutions| providers| organi[sz]ations)?",
    ),
    term(
        C, "other", "其他申请人 ; 其他类型申请人 ; 其他主体", r"other (?:applicants?|requesters?)"
    ),
    term(
        C,
        "commercial research social_org legal_service other",
        "法人或其他组织 ; 法人和其他组织 ; 法人",
        r"legal persons?(?: (?:and|or) other organi[sz]ations)?",
    ),
)

# Table 二: the columns each row has, and the one a bare row name means.
S2_COLUMNS: dict[str, tuple[str, ...]] = {
    "regulations": ("issued", "repealed", "in_force", "new_made", "new_published",
                    "total_published"),
    "normative_docs": ("issued", "repealed", "in_force", "new_made", "new_published",
                       "total_published"),
    "licensing": ("decisions", "items_prev_year", "items_change"),
    "penalty": ("decisions", "items_prev_year", "items_change"),
    "coercion": ("decisions", "items_prev_year", "items_change"),
    "other_services": ("decisions", "items_prev_year", "items_change"),
    "admin_fee": ("amount_wan", "items_prev_year", "items_change"),
    "procurement": ("projects", "amount"),
}  # fmt: skip
S2_COLUMN_ALIASES = {("admin_fee", "amount"): "amount_wan"}
