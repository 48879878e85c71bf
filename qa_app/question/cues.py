"""Words that say what kind of answer a question wants (list, rank, total, trend, check, ...),
which comparison it makes and how many results it wants. Data only, applied by lexicon.py on
lower-cased text whose metric words are already masked, so 确认 inside 确认或重新出具 or 总计
inside 办理结果总计 never counts as a cue.
"""

from __future__ import annotations

from enum import StrEnum

from qa_app.lexicon_numbers import EN_NUMBER, NUM
from qa_app.plan import Level, Op


class Cue(StrEnum):
    LIST = "list"  # 哪些, which, list
    SINGULAR = "singular"  # 哪个, which agency, who: one answer wanted
    RANK_DESC = "rank_desc"  # 最多, most, top
    RANK_ASC = "rank_asc"  # 最少, fewest
    RANKING = "ranking"  # 排名, rank: the whole order, not only the first
    SUM = "sum"  # 总共, in total
    AVG = "avg"  # 平均, average
    COMPARE = "compare"  # 变化, 相比, compare, vs
    TREND = "trend"  # 趋势, 历年, over the years
    SUMMARIZE = "summarize"  # 总结, summarize
    PROBLEMS = "problems"  # 存在的主要问题, problems, issues
    OVERVIEW = "overview"  # 总体情况, overview
    OTHER_MATTERS = "other_matters"  # 其他需要报告的事项
    VERIFY = "verify"  # 对吗, 核对, is it true
    YES_NO = "yes_no"  # 吗, 是否, did ...? : a check when a number is stated
    INCONSISTENT = "inconsistent"  # 勾稽, 不一致, don't add up
    COUNT_REPORTS = "count_reports"  # 多少份报告, how many reports
    COUNT_AGENCIES = "count_agencies"  # 几个单位, how many agencies
    BREAKDOWN = "breakdown"  # 理由, 分别, breakdown: every row of a group, not its total
    QUANTITY = "quantity"  # 多少, how many
    ALL = "all"  # 各, 所有, every


CUES: dict[Cue, tuple[str, ...]] = {
    Cue.LIST: ("哪些", "哪几", "有哪", "列出", "列举", "罗列", "名单", "清单", "哪个", "哪家",
               r"的(?:单位|机关|部门|报告)(?:有|是|$|\?|？)",
               "哪一", r"\bwhich\b", r"\blist\b", r"\bname the\b", r"\bwhat (?:agencies|reports)\b",
               r"\bwho\b"),
    Cue.SINGULAR: ("哪个", "哪家", "哪一个", "哪一家", "哪一年", "哪年", "谁", "什么单位",
                   "什么机关", r"\bwhich year\b", r"\bwhat year\b",
                   r"\bwhich (?:agency|one|department|office|body|report|government)\b",
                   r"\bwho\b", r"\bwhat agency\b"),
    Cue.RANK_DESC: ("最多", "最高", "最大", "名列前茅", "居首", r"(?<!at )\bmost\b",
                    r"\bhighest\b", r"\blargest\b", r"\bbiggest\b", r"\bgreatest\b",
                    r"\btop\b", r"\bleading\b"),
    Cue.RANKING: ("排名", "排行", "排序", r"\brank(?:ed|ing|ings|s)?\b", r"\border(?:ed)? by\b",
                  r"\bsort(?:ed)? by\b"),
    Cue.RANK_ASC: ("最少", "最低", "最小", "倒数", r"\bfewest\b", r"(?<!at )\bleast\b",
                   r"\blowest\b", r"\bsmallest\b", r"\bbottom\b"),
    Cue.SUM: ("总共", "合计", "一共", "总数", "总计", "共计", "共有", "加起来", "累计", "总和",
              "总量", r"(?<![公总])共(?=收到|受理|办理|处理|接收|新收|□)",
              r"\bin total\b", r"\btotal\b", r"\baltogether\b", r"\bcombined\b", r"\bsum\b",
              r"\ball together\b", r"\boverall\b"),
    Cue.AVG: ("平均", "均值", r"\baverage\b", r"\bmean\b", r"\bon average\b", r"\bper agency\b"),
    Cue.COMPARE: ("变化", "比较", "相比", "对比", "同比", "环比", "增长", "增加", "减少", "下降",
                  "上升", "多了", "少了", "差异", "差别", "比上年", "较上年", "升降",
                  r"\bcompare[ds]?\b", r"\bcomparison\b", r"\bversus\b", r"\bvs\b",
                  r"\bchange[ds]?\b", r"\bincrease[ds]?\b", r"\bdecrease[ds]?\b", r"\brose\b",
                  r"\bfell\b", r"\bdrop(?:ped)?\b", r"\bgr[oe]w(?:th)?\b", r"\bdifference\b"),
    Cue.TREND: ("趋势", "历年", "逐年", "每年", "各年", "走势", "年度变化", "这几年",
                r"\btrends?\b", r"\bover the years\b", r"\beach year\b", r"\bevery year\b",
                r"\byear by year\b", r"\byear-on-year\b", r"\bover time\b", r"\bby year\b",
                r"\bper year\b"),
    Cue.SUMMARIZE: ("总结", "概括", "归纳", "概述", "摘要", "梳理", "简述", r"\bsummari[sz]e\b",
                    r"\bsummary\b", r"\boutline\b", r"\bdescribe\b"),
    Cue.PROBLEMS: ("存在的主要问题", "主要问题", "存在的问题", "存在问题", "问题和不足", "不足之处",
                   "问题", "不足", "短板", "改进情况", "改进措施", "整改", r"\bproblems?\b",
                   r"\bissues?\b", r"\bshortcomings?\b", r"\bweaknesses\b",
                   r"\bimprovements?\b", r"\bchallenges\b"),
    Cue.OVERVIEW: ("总体情况", "整体情况", "概况", "工作概述", r"\boverview\b",
                   r"\bgeneral situation\b"),
    Cue.OTHER_MATTERS: ("其他需要报告的事项", "其他需要报告", "其他事项",
                        r"\bother (?:reportable )?matters\b", r"\bother items to report\b"),
    Cue.VERIFY: ("对吗", "对不对", "是否正确", "正确吗", "准确吗", "是否准确", "属实", "是真的吗",
                 "真的吗", "核对", "核实", "核查", "确认", "验证", "是不是",
                 r"\bverify\b", r"\bis it true\b", r"\bis that (?:right|correct|true)\b",
                 r"\bcheck (?:that|whether|if)\b", r"\bconfirm\b", r"\bcorrect\b", r"\baccurate\b",
                 r"\bright\?", r"\btrue\?", r"\bfact-?check\b", r"\bdouble-?check\b"),
    Cue.YES_NO: ("吗", "么", "是否", r"^\s*(?:did|was|were|is|are|does|do|has|had|have)\b"),
    Cue.INCONSISTENT: ("勾稽", "不一致", "不符合", "不符", "数据有误", "有误", "错误", "对不上",
                       "不平衡", "不相符", "矛盾", "出错", "算不对", "加不起来",
                       r"\binconsisten(?:t|cy|cies)\b",
                       r"\b(?:don't|do not|doesn't|does not|didn't|did not) add up\b",
                       r"\berrors?\b", r"\bmistakes?\b", r"\bdiscrepanc(?:y|ies)\b",
                       r"\bmismatch(?:es)?\b", r"\bfail(?:ed|s)? (?:the )?checks?\b",
                       r"\bwrong (?:numbers|figures|totals)\b", r"\bdon't balance\b"),
    Cue.COUNT_REPORTS: ("多少份", "几份", "报告数量", "多少篇", "几篇", "多少个报告", "多少报告",
                        "报告有多少", "有多少报告",
                        r"\bhow many\b[\w\s-]{0,30}?\breports\b", r"\bnumber of reports\b",
                        r"\bcount (?:the )?reports\b", r"\bhow many documents\b"),
    Cue.COUNT_AGENCIES: ("几个单位", "多少个单位", "多少家", "几家", "多少个机关", "几个机关",
                         "多少个部门", "几个部门", "多少单位", "多少机关", "多少部门",
                         r"\bhow many (?:government )?(?:agencies|bodies|departments|offices)\b",
                         r"\bnumber of agencies\b"),
    Cue.BREAKDOWN: ("理由", "原因", "分类", "各类", "明细", "构成", "分别", "具体情况", "哪几类",
                    r"\breasons?\b", r"\bbreak(?:down| down)\b", r"\bgrounds\b", r"\bby reason\b",
                    r"\beach reason\b", r"\bwhy\b"),
    Cue.QUANTITY: ("多少", "几", "数量", "多大", r"\bhow many\b", r"\bhow much\b",
                   r"\bnumber of\b", r"\bcount\b", r"\bwhat (?:was|is|were) the\b"),
    Cue.ALL: ("各", "所有", "全部", "每个", "每一个", "全体", r"\ball\b", r"\bevery\b",
              r"\beach\b", r"\bagencies (?:in|of)\b", r"\bdepartments (?:in|of)\b"),
}  # fmt: skip

LEVEL_CUES: dict[Level, tuple[str, ...]] = {
    Level.COUNTY: ("县级", "各县", "县一级", r"\bcounty-level\b", r"\bcounties\b",
                   r"\bcounty (?:agencies|governments)\b"),
    Level.CITY: ("市级", "各市", "市一级", "地市", r"\bcity-level\b", r"\bcities\b",
                 r"\bmunicipal\b", r"\bcity (?:agencies|governments)\b"),
    Level.DISTRICT: ("区级", "各区", "区一级", r"\bdistrict-level\b", r"\bdistricts\b",
                     r"\bdistrict (?:agencies|governments)\b"),
    Level.PROVINCE: ("省级", "各省", r"\bprovincial\b", r"\bprovinces\b"),
}  # fmt: skip

_N = rf"(?P<n>{NUM})\s*(?P<pct>%)?\s*(?:件|个|份|次|条|项|家|名|万元)?"
# Comparisons with a number: (op, pattern). 以上/以下 include the number, as Chinese law reads them.
COMPARISONS: tuple[tuple[Op, str], ...] = (
    (Op.GE, rf"(?:不少于|至少|不低于|不小于|达到|大于等于|>=|≥)\s*{_N}"),
    (Op.GE, rf"{_N}\s*(?:及|或)?以上"),
    (Op.LE, rf"(?:不超过|不多于|至多|不高于|不大于|小于等于|<=|≤)\s*{_N}"),
    (Op.LE, rf"{_N}\s*(?:及|或)?以下"),
    (Op.GT, rf"(?:超过|大于|多于|高于|>)\s*{_N}"),
    (Op.LT, rf"(?:少于|小于|低于|不足|不到|<)\s*{_N}"),
    (Op.NE, rf"(?:不等于|(?<!是)不是|!=|≠)\s*{_N}"),
    (Op.EQ, rf"(?:等于|恰好|正好|刚好|=)\s*{_N}"),
    (Op.GE, rf"\b(?:at least|no (?:fewer|less) than|not (?:fewer|less) than)\s+{_N}"),
    (Op.GE, rf"{_N}\s+or more\b"),
    (Op.LE, rf"\b(?:at most|no more than|not more than|up to)\s+{_N}"),
    (Op.LE, rf"{_N}\s+or (?:fewer|less)\b"),
    (Op.GT, rf"\b(?:more than|over|greater than|above|exceed(?:ing|ed|s)?|in excess of)\s+{_N}"),
    (Op.LT, rf"\b(?:fewer than|less than|below|under)\s+{_N}"),
    (Op.EQ, rf"\b(?:exactly|equal to|equals?|precisely)\s+{_N}"),
)
# "None at all": a comparison with zero, no number written.
ZERO: tuple[str, ...] = (
    r"(?<!有)没有", r"(?<![有是])无(?=□)", r"未(?=□)", r"为零", r"是零", r"均为0", r"为0(?![\d.])",
    r"零(?=件|个|次|□)", r"(?<![\d.])0件", r"\bzero\b", r"\bnone\b", r"\bwithout\b",
    r"\bno(?=\s*□)", r"\bnever\b",
    r"\b(?:did not|didn't|do not|don't|does not|doesn't) (?:have|receive|face|get)\b",
)  # fmt: skip
TOP_N: tuple[str, ...] = (
    rf"前\s*(?P<n>{NUM})\s*(?:个|名|家|位|项)?(?!\s*年)",
    rf"\btop\s*(?P<n>{NUM})\b",
    rf"(?:最多|最高|最少|最低)的\s*(?P<n>{NUM})\s*(?:个|家|名|位)",
    rf"\b(?P<n>{NUM})\s+(?:agencies|reports|departments|offices|bodies|governments)\s+with\s+"
    r"the\s+(?:most|highest|largest|fewest|lowest|least)\b",
    rf"\bwhich\s+(?P<n>{NUM})\s+(?:agencies|reports|departments|offices|bodies|governments)\b",
    rf"哪\s*(?P<n>{NUM})\s*(?:个|家|位)",
)
# English numbers that state a quantity (a claim): after a verb or before a noun.
# The mask (□) stands for a metric word: "receive twelve requests" reads "□ twelve □".
EN_CLAIM = (
    rf"\b(?:had|has|have|got|was|were|is|are|of|exactly|only|just|faced)\s+(?P<n>{NUM})\b",
    rf"□\s+(?P<n>{EN_NUMBER})\b",
    rf"\b(?P<n>{EN_NUMBER})\s+□",
)
