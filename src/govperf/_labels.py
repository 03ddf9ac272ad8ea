"""The one catalogue of labels and messages that outputs, reports, plots and templates print.

Every user-facing label of the tables (CSV, JSON, DataFrames, Excel, HTML), the
reports, the plots, the data templates, the explanation text and ``govperf show``
comes from :data:`LABELS`, in Chinese (the default) and English, so that the same
thing is worded the same way everywhere.  Look a label up with :func:`label`::

    >>> label("col.total")
    '总分'
    >>> label("report.rank_of", "en", rank=2, n=14)
    '2 of 14 ranked units'

Keys are grouped by a prefix: ``col.`` headers of tables (their English forms are
column names, snake case), ``policy.`` and ``policy_long.`` the missing-data policies, and one
prefix per output (``report.``, ``book.`` for the workbook, ``plot.``, ``html.``, ``notice.``,
``show.``, ``cli.``, ``explain.``, ``template.``, ``file.`` for output files); keys
without a prefix are shared.
A label may hold ``{placeholders}`` (a tier name, a count), filled by :func:`label`.
Tier names are not labels: they are the scheme's own (:attr:`govperf.Scheme.tiers`).

The module sits at the bottom of the layers (it imports nothing of govperf), so any
stage may use it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

__all__ = ["LABELS", "Lang", "check_lang", "label", "snake"]

Lang = Literal["zh", "en"]
"""Language of a label: Chinese (``"zh"``) or English (``"en"``)."""

LABELS: Mapping[str, tuple[str, str]] = {
    # -- shared ------------------------------------------------------------------------
    "colon": (":", ": "),
    "list_sep": ("、", ", "),
    "clause_sep": (";", "; "),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "not_ranked": ("不参加排名", "not ranked"),
    "vetoed_mark": ("(一票否决)", " (vetoed)"),
    "score_title": ("{name}({unit})得分说明", "Score of {name} ({unit})"),
    "rules": ("规则", "Rules"),
    "note": ("说明", "note"),
    "max": ("满分", "max"),
    "median_all": ("全体单位中位数", "Median of all units"),
    "median_group": ("本组单位中位数", "Median of the unit's group"),
    # -- harden10: problem lists and limits --------------------------------------------
    "problems.more": ("……以及另外 {n} 个问题", "… and {n} more"),
    "limits.help": (
        "放宽(或收紧)读取限制,可重复:KEY=VALUE,KEY 为 data_file、workbook_unpacked、"
        "scheme_file(字节,可写 200MiB)、rows、columns、field_chars",
        "raise (or lower) a reader limit, repeatable: KEY=VALUE with KEY one of "
        "data_file, workbook_unpacked, scheme_file (bytes; 200MiB works), rows, columns, "
        "field_chars",
    ),
    "limits.bad": ("--limit {item}:{why}", "--limit {item}: {why}"),
    "problems.format_help": (
        "问题清单的格式:text(默认,最多列出 100 个)或 json(完整清单,写到标准输出)",
        "format of the problem list: text (default, at most 100 shown) or json "
        "(the full list, on stdout)",
    ),
    # -- table headers (CSV, DataFrames, Excel, HTML, terminal) ----------------------------
    "col.unit": ("单位", "unit"),
    "col.name": ("单位名称", "name"),
    "col.group": ("分组", "group"),
    "col.base": ("基础分", "base"),
    "col.bonus": ("加分", "bonus"),
    "col.deductions": ("扣分", "deductions"),
    "col.total": ("总分", "total"),
    "col.rank": ("名次", "rank"),
    "col.grade": ("等次", "grade"),
    "col.award_eligible": ("评先评优资格", "award_eligible"),
    "col.vetoes": ("一票否决", "vetoes"),
    "col.unit_name": ("单位名称", "unit_name"),
    "col.node": ("指标编号", "node"),
    "col.node_name": ("指标名称", "node_name"),
    "col.level": ("层级", "level"),
    "col.points": ("得分", "points"),
    "col.max_points": ("满分", "max_points"),
    "col.share": ("得分率", "share"),
    # -- missing-data policies -------------------------------------------------------------
    "policy.zero": ("计 0 分", "zero"),
    "policy.carry": ("沿用给定分值", "carry"),
    "policy.redistribute": ("不适用,分值按比例分配给同级其他指标", "redistribute"),
    "policy.error": ("报错", "error"),
    "policy_long.error": ("error:缺少数据即报错,不评分", "error: missing data stops scoring"),
    "policy_long.zero": ("zero:缺少数据的指标记0分", "zero: a pair without data scores 0"),
    "policy_long.redistribute": (
        "redistribute:缺少数据的指标不适用,其上级分值由其余指标按满分比例分担",
        "redistribute: a pair without data is not applicable; its parent's "
        "points are shared by the other children in proportion to their maximum",
    ),
    "policy_long.carry": (
        "carry:缺少数据的指标按给定分值计入",
        "carry: a pair without data gets the given points",
    ),
    # -- the workbook (Results.to_excel) ---------------------------------------------------
    "book.ranking": ("排名", "Ranking"),
    "book.unit_max": ("本单位满分", "unit max"),
    "book.pooled": ("按单位", "per unit"),
    "book.by_group": ("按分组", "per group"),
    "book.rule_id": ("规则编号", "rule"),
    "book.rule_name": ("规则名称", "rule_name"),
    "book.rule_kind": ("类型", "kind"),
    "book.policy": ("缺失数据处理", "missing-data policy"),
    "book.filled": ("按缺失数据策略处理的指标", "pairs filled by the missing-data policy"),
    "book.filled_none": ("无", "none"),
    "book.leaf_id": ("{leaf}编号", "{leaf}"),
    "book.leaf_name": ("{leaf}", "{leaf}_name"),
    "book.filled_points": ("计入得分", "points"),
    "book.evaluator": ("评分方法", "evaluator"),
    "book.inputs": ("输入摘要", "inputs"),
    "book.formula": ("公式", "formula"),
    "book.rows": (" …(共 {n} 条)", " … ({n} rows)"),
    "book.missing": ("缺少数据,按策略处理:{policy}", "no data; policy: {policy}"),
    "book.no_input": ("无记录", "no records"),
    "book.page": ("第 &P 页,共 &N 页", "Page &P of &N"),
    "book.title": ("{title}:{sheet}", "{title}: {sheet}"),
    # -- output files (-o, --format, --force) ----------------------------------------------
    "file.exists": (
        "{path} 已存在;如需替换,请加 --force",
        "{path} exists; add --force to replace it",
    ),
    "file.exists_many": (
        "{path} 等 {n} 个文件已存在;如需替换,请加 --force",
        "{path} and {n} files in all exist; add --force to replace them",
    ),
    "file.unknown_ext": (
        "无法识别输出文件 {path} 的类型;{command} 可写:{allowed}",
        "cannot tell the format of {path} from its extension; {command} writes {allowed}",
    ),
    "file.mismatch": (
        "--format {format} 与输出文件 {path} 的扩展名不符;请改用 {ext} 结尾的文件名或去掉 --format",
        "--format {format} does not match the extension of {path}; use a name ending in "
        "{ext} or leave out --format",
    ),
    "file.needs_output": (
        "--format {format} 须写入文件:请加 -o 文件名{ext}",
        "--format {format} needs an output file: add -o NAME{ext}",
    ),
    "file.folder_expected": (
        "{command} 写出的是一个文件夹,{path} 是文件名;请给出文件夹名",
        "{command} writes a folder and {path} is a file name; give a folder name",
    ),
    "file.wrote": ("已写入 {path}", "wrote {path}"),
    # -- the HTML table of results in Jupyter ----------------------------------------------
    "html.caption": (
        "{title} [{id}]:{n} 个单位,缺失数据策略 {policy}",
        "{title} [{id}]: {n} units, missing-data policy {policy}",
    ),
    "html.more": (
        "另有 {more} 个单位未显示(共 {n} 个)。",
        "{more} more units not shown ({n} in all).",
    ),
    # -- reports ---------------------------------------------------------------------------
    "report.feedback_title": ("{name}绩效考评反馈报告", "Performance feedback report: {name}"),
    "report.summary_title": (
        "绩效考评结果汇总(报领导小组)",
        "Summary of results for the leading group (领导小组)",
    ),
    "report.index_title": ("绩效考评报告", "Performance evaluation reports"),
    "report.scheme": ("考评方案", "Scheme"),
    "report.document_number": ("文号", "Document number"),
    "report.unit": ("考评对象", "Unit"),
    "report.group": ("分组", "Group"),
    "report.n_units": ("参评单位", "Units evaluated"),
    "report.n_units_value": ("{n} 个", "{n}"),
    "report.overall": ("总体结果", "Overall result"),
    "report.item": ("项目", "Item"),
    "report.value": ("结果", "Result"),
    "report.total": ("总分", "Total"),
    "report.base": ("基础分", "Base"),
    "report.bonus": ("加分", "Bonus"),
    "report.deductions": ("扣分", "Deductions"),
    "report.rank": ("名次", "Rank"),
    "report.rank_of": ("第 {rank} 名(共 {n} 个排名单位)", "{rank} of {n} ranked units"),
    "report.rank_in_group": (
        "组内第 {rank} 名(本组共 {n} 个排名单位)",
        "{rank} of {n} ranked units in its group",
    ),
    "report.grade": ("等次", "Grade"),
    "report.no_grade_rule": ("本方案未设等次规则", "the scheme has no grade rule"),
    "report.no_grade_rule_sentence": ("本方案未设等次规则。", "The scheme has no grade rule."),
    "report.award": ("评先评优资格", "Award eligibility"),
    "report.veto": ("一票否决", "Veto (一票否决)"),
    "report.veto_trigger": ("否决事由", "Trigger"),
    "report.veto_rule": ("规则", "Rule"),
    "report.veto_note": ("备注", "Note"),
    "report.none": ("无。", "None."),
    "report.rules": ("加分、扣分及其他规则", "Bonus, deductions and other rules"),
    "report.nodes": ("各项指标得分", "Points by indicator"),
    "report.node": ("指标", "Indicator"),
    "report.tier": ("层级", "Tier"),
    "report.max": ("满分", "Maximum"),
    "report.points": ("得分", "Points"),
    "report.share": ("得分率", "Share"),
    "report.vs_median": ("与中位数之差", "Difference from median"),
    "report.weakest": ("薄弱环节", "Weak points (薄弱环节)"),
    "report.weakest_intro": (
        "以下是得分率(得分占满分的比例)最低的{leaf},得满分的不列入;请对照整改。",
        "Each {leaf} below has one of the lowest shares of its maximum (those with full "
        "points are left out); the unit is asked to rectify them (整改).",
    ),
    "report.all_full": ("各{leaf}均得满分。", "Full points on every {leaf}."),
    "report.assessors": ("考评主体", "Assessors"),
    "report.notes": ("说明", "Notes"),
    "report.note_rounding": (
        "末级指标得分按四舍五入保留 {p} 位小数公布,上级指标得分为其下级公布得分之和,"
        "总分为基础分加加分减扣分(均为公布值);得分率为公布得分占满分的比例;"
        "中位数为全体 {n} 个参评单位在该项公布得分的中位数,与中位数之差按公布数字计算。",
        "Leaf figures are rounded half up to {p} decimals, every parent is the sum of its "
        "children's published figures, and total = base + bonus − deductions (published "
        "figures); share = published points / maximum; medians are of the published "
        "figures of all {n} units evaluated, and differences are of the printed figures.",
    ),
    "report.note_rounding_group": (
        "末级指标得分按四舍五入保留 {p} 位小数公布,上级指标得分为其下级公布得分之和,"
        "总分为基础分加加分减扣分(均为公布值);得分率为公布得分占满分的比例;"
        "中位数为本组({group}){n} 个参评单位在该项公布得分的中位数,"
        "与中位数之差按公布数字计算。",
        "Leaf figures are rounded half up to {p} decimals, every parent is the sum of its "
        "children's published figures, and total = base + bonus − deductions (published "
        "figures); share = published points / maximum; medians are of the published "
        "figures of the {n} units of the unit's group ({group}), and differences are of "
        "the printed figures.",
    ),
    "report.note_pooled": (
        "* 该项满分为本单位在共享分值中的分配数,由年度数据(任务书)提供,因单位而异。",
        "* The maximum is this unit's split of a pooled indicator, given by the year's "
        "data (task book); it differs by unit.",
    ),
    "notice.missing": (
        "缺失数据提示:按“{policy}”方式处理了 {n} 个缺少数据的(单位,指标)项,涉及 {units} 个"
        "单位,相关得分因此改变:{items}。",
        "Missing-data notice: the {policy} policy filled {n} (unit, sub-indicator) pairs "
        "without data, for {units} units, and the figures above them changed: {items}.",
    ),
    "notice.item": (
        "{name} {count} 个单位({units}),考评主体 {assessors},数据文件 {files}",
        "{name}: {units} (units: {count}), assessors {assessors}, files {files}",
    ),
    "notice.item_sep": (";", "; "),
    "notice.no_file": ("未收到", "none received"),
    "notice.all_units": ("全部单位", "all units"),
    "notice.more_units": ("{units}等", "{units} and more"),
    "report.missing_mark": ("(无数据,按“{policy}”处理)", " (no data; {policy} policy)"),
    "report.defaults_intro": (
        "下列{leaf}的评分方法及参数为 govperf 的默认设置,不是文件的规定(据方案文件注记):",
        "The scoring method and parameters of each {leaf} below are govperf "
        "defaults, not the source document's (as the scheme file notes):",
    ),
    "report.other_notes": ("其他评分方法注记:", "Other notes on scoring methods:"),
    "report.ranking": ("排名", "Ranking"),
    "report.ranking_group": ("排名:{group}", "Ranking: {group}"),
    "report.grades": ("等次分布", "Grades"),
    "report.count": ("单位数", "Units"),
    "report.count_share": ("占比", "Share"),
    "report.ungraded": ("不定等次", "Not graded"),
    "report.excluded": ("不列入评先评优的单位", "Units excluded from awards (评先评优)"),
    "report.outside": ("不参加排名的单位", "Units outside the ranking"),
    "report.reasons": ("原因", "Reasons"),
    "report.distribution": ("各指标得分分布", "Distribution of points across units"),
    "report.min": ("最低", "Min"),
    "report.q1": ("下四分位", "Q1"),
    "report.mean": ("平均", "Mean"),
    "report.median_short": ("中位数", "Median"),
    "report.q3": ("上四分位", "Q3"),
    "report.highest": ("最高", "Max"),
    "report.full_share": ("满分单位占比", "At full points"),
    "report.note_quartiles": (
        "四分位数按线性插值计算(numpy 默认方法);分布按实际得分计算,发布时四舍五入。",
        "Quartiles are linear-interpolation percentiles (numpy's default); "
        "distributions are computed on exact points and rounded when published.",
    ),
    "report.figures": ("图表", "Figures"),
    "report.fig_ranking": (
        "各单位得分(按{top}分段,加分单列)",
        "Points by unit, stacked by {top}",
    ),
    "report.fig_distribution": (
        "各{leaf}得分率分布(箱线图)",
        "Share of maximum per {leaf} across units (box plots)",
    ),
    "report.summary_link": ("结果汇总(报领导小组)", "Summary for the leading group"),
    "report.feedback_reports": ("各单位反馈报告", "Feedback reports"),
    "report.report": ("反馈报告", "Feedback report"),
    # report options, appendix, profile chart, templates and PDF (issue 9 part 4)
    "report.period": ("考评期间", "Period"),
    "report.office": ("印发单位", "Issued by"),
    "report.page": ("第 {page} 页", "Page {page}"),
    "report.appendix": ("附录:评分方法说明", "Appendix: scoring methods"),
    "report.appendix_intro": (
        "本附录据方案文件的注记,说明各{leaf}的评分方法及其来源,供领导小组审定评分细则时参考;"
        "各单位的反馈报告不含本附录。",
        "This appendix gives, from the scheme file's notes, the scoring method of each "
        "{leaf} and where it comes from, for the leading group approving the scoring "
        "rules; the units' feedback reports do not carry it.",
    ),
    "report.appendix_none": (
        "方案文件未对任何{leaf}的评分方法作注记。",
        "The scheme file notes no scoring method of any {leaf}.",
    ),
    "report.profile": ("得分率概况", "Profile: share of maximum"),
    "report.note_pooled_distribution": (
        "* 该项满分为各单位在共享分值中的分配数,因单位而异;其分布按得分率(得分占本单位满分"
        "的比例)列示。",
        "* The maximum is each unit's split of a pooled indicator and differs by unit; its "
        "distribution is given in shares of each unit's own maximum.",
    ),
    "report.profile_caption": (
        "{name}各{tier}得分率与{median}得分率(条形为本单位,竖线为中位数)",
        "{name}: share of maximum per {tier} against the {median} "
        "(bars: the unit; ticks: the median)",
    ),
    "report.profile_unit": ("本单位得分率", "This unit's share"),
    "report.profile_median": ("中位数得分率", "Median share"),
    "report.profile_col_unit": ("本单位", "Unit"),
    "report.profile_col_median": ("中位数", "Median"),
    "report.note_pooled_share": (
        "* 该项满分为本单位在共享分值中的分配数,由年度数据(任务书)提供,因单位而异;"
        "与其他单位比较时按得分率:中位数一栏为得分率的中位数,差为得分率之差(百分点)。",
        "* The maximum is this unit's split of a pooled indicator, given by the year's "
        "data (task book); it differs by unit, so the unit is compared with others by "
        "share: the median column gives the median share and the difference is in "
        "percentage points.",
    ),
    "report.profile_tier_unknown": (
        "没有层级 {tier!r};本方案的层级为 {tiers}(或 0 至 {last} 的层级序号)",
        "no tier {tier!r}; the scheme's tiers are {tiers} (or a depth from 0 to {last})",
    ),
    "report.template_missing": (
        "报告模板需要 Jinja2:请安装 govperf[templates](pip install 'govperf[templates]')",
        "report templates need Jinja2: install govperf[templates] "
        "(pip install 'govperf[templates]')",
    ),
    "report.template_folder": (
        "{path}:报告模板文件夹不存在或不是文件夹",
        "{path}: the report template folder does not exist or is not a folder",
    ),
    "report.template_none": (
        "{path}:报告模板文件夹中没有 feedback.html 或 summary.html",
        "{path}: the report template folder holds neither feedback.html nor summary.html",
    ),
    "report.template_error": (
        "{path}:{line}:报告模板有误:{message}",
        "{path}:{line}: bad report template: {message}",
    ),
    "report.pdf_missing": (
        "PDF 输出需要 WeasyPrint:请安装 govperf[pdf](pip install 'govperf[pdf]'),"
        "WeasyPrint 还需要系统的 Pango 库"
        "(Debian/Ubuntu:apt-get install libpango-1.0-0 libpangoft2-1.0-0)",
        "PDF output needs WeasyPrint: install govperf[pdf] (pip install 'govperf[pdf]'); "
        "WeasyPrint also needs the system's Pango library (Debian/Ubuntu: apt-get install "
        "libpango-1.0-0 libpangoft2-1.0-0)",
    ),
    "report.opt_output": (
        "写入的文件夹(不存在时创建);以 .pdf 结尾时,把汇总和全部反馈报告写成一个 PDF 文件"
        "(需 govperf[pdf])",
        "folder to write (created if needed); a name ending in .pdf writes the summary "
        "and every feedback report as one PDF file (needs govperf[pdf])",
    ),
    "report.opt_format": (
        "报告格式:html(默认)、markdown,或 pdf(每份报告一个 PDF 文件,需 govperf[pdf])",
        "report format: html (default), markdown, or pdf (one PDF file per report; needs "
        "govperf[pdf])",
    ),
    "report.opt_title": (
        "印在每份报告上的考评名称,例如“西城区2025年度政府工作部门绩效考评”",
        "title printed on every report, e.g. the year's evaluation",
    ),
    "report.opt_period": (
        "考评期间,例如“2025年度”,印在每份报告上",
        "period printed on every report, e.g. 2025年度",
    ),
    "report.opt_office": (
        "印发单位(报头),例如“西城区人民政府绩效管理办公室”,印在每份报告上",
        "issuing office (letterhead) printed on every report",
    ),
    "report.opt_no_appendix": (
        "结果汇总不附评分方法说明附录",
        "leave the appendix on scoring methods out of the summary",
    ),
    "report.opt_profile_tier": (
        "反馈报告得分率概况图所用的层级:层级名称(如“一级指标”)或序号(0 为最上一级,默认)",
        "tier of the feedback reports' profile chart: a tier name or a depth (0, the top "
        "tier, by default)",
    ),
    "report.opt_template": (
        "本区的报告模板文件夹(feedback.html、summary.html,Jinja2 模板;需 govperf[templates])",
        "folder of the district's report templates (feedback.html, summary.html; Jinja2; "
        "needs govperf[templates])",
    ),
    "report.opt_no_plots": ("不生成图表", "leave charts out"),
    "report.wrote": ("已写入 {n} 个文件:{path}", "wrote {n} files to {path}"),
    "report.wrote_pdf": ("已写入 {path}（共 {pages} 页）", "wrote {path} ({pages} pages)"),
    "report.template_markdown": (
        "--template 是 HTML 模板,不能与 --format markdown 同用",
        "--template gives HTML templates; it cannot be used with --format markdown",
    ),
    "report.no_plots": ("(无图表)", " (no charts)"),
    # -- plots -----------------------------------------------------------------------------
    "plot.bonus": ("加分", "Bonus"),
    "plot.deductions": ("扣分", "Deductions"),
    "plot.points": ("得分", "Points"),
    "plot.ranking": ("各单位得分与排名", "Points and ranking of units"),
    "plot.share": ("得分率(%)", "Share of maximum (%)"),
    "plot.profile": ("{name}:各{leaf}得分率", "{name}: share of maximum per {leaf}"),
    "plot.distribution": ("各{leaf}得分率分布", "Share of maximum per {leaf} across units"),
    "plot.no_data": ("(无数据)", " (no data)"),
    # -- data templates --------------------------------------------------------------------
    "template.unassigned": ("未指定考评主体", "no assessor named"),
    "template.splits_book": ("分值分配", "splits"),
    # -- a forgiving data folder (io readers, templates) and govperf check ------------------
    "folder.needs_calamine": (
        "读取 {ext} 文件需要 python-calamine(pip install 'govperf[excel]');或在 Excel / WPS 中"
        "打开它,另存为 .xlsx(文件 → 另存为 → Excel 工作簿)",
        "reading {ext} files needs python-calamine: pip install 'govperf[excel]'; or open it "
        "in Excel or WPS and save it as .xlsx (文件 → 另存为 → Excel 工作簿 .xlsx)",
    ),
    "folder.unreadable_book": (
        "无法读取的 {ext} 工作簿:{why};请在 Excel / WPS 中另存为 .xlsx 后再试",
        "not a readable {ext} workbook: {why}; open it in Excel or WPS and save it as .xlsx "
        "(另存为 .xlsx)",
    ),
    "folder.unreadable_sheet": ("无法读取该工作表:{why}", "the sheet cannot be read: {why}"),
    "folder.results_book": (
        "这是 govperf 自己的结果工作簿(govperf score -o 写出),不是数据文件;请把它移出数据文件夹",
        "this is govperf's own results workbook (written by govperf score -o), not a data "
        "file; move it out of the data folder",
    ),
    "folder.opt.ignore": (
        "另外跳过的说明表或文件(名称或通配模式,如 '备注*');可多次给出。"
        "名为 说明、填表说明、汇总、目录 或以 # 开头的总是跳过",
        "another note sheet or file to skip (a name or a pattern such as '备注*'); may be "
        "given more than once. Those named 说明, 填表说明, 汇总 or 目录, or starting with #, "
        "are always skipped",
    ),
    "check.opt.format": (
        "输出格式:text(默认,按考评主体分组)、json 或 csv(每个问题一行)",
        "output format: text (default, grouped by assessor), json or csv (one row per problem)",
    ),
    "check.rows": (";模板行为空:{rows}", "; template rows left empty: {rows}"),
    "check.more_units": ("{units} …(共 {n} 个单位)", "{units} … ({n} units)"),
    "check.ignored": ("已跳过的说明表:{names}", "skipped as notes: {names}"),
    "check.missing_hint": (
        "提示:govperf check {scheme} {data} 按考评主体列出缺少的数据;确需评分时,"
        "加 --missing zero(计 0 分)或 --missing redistribute(在上级指标内重新分配分值)",
        "hint: govperf check {scheme} {data} lists the missing data by assessor; to score "
        "anyway, add --missing zero (0 points) or --missing redistribute (the points shared "
        "within the parent)",
    ),
    "check.col.file": ("文件", "file"),
    "check.col.line": ("行", "line"),
    "check.col.column": ("列", "column"),
    "check.col.where": ("位置", "where"),
    "check.col.code": ("代码", "code"),
    "check.col.unit": ("单位", "unit"),
    "check.col.node": ("指标", "node"),
    "check.col.rule": ("规则", "rule"),
    "check.col.assessors": ("考评主体", "assessors"),
    "check.col.message": ("问题", "message"),
    "folder.table_kind": (
        "无法判断该表的内容:记录表需要 sub_indicator(二级指标)列,事件表需要 rule(规则)列;"
        "units 和 splits 表按名称识别(units.csv、splits.csv 或同名工作表){hint}",
        "cannot tell what the table holds: records need a sub_indicator (二级指标) column, "
        "events a rule (规则) column; the units and splits tables are found by name "
        "(units.csv, splits.csv or sheets so named){hint}",
    ),
    "folder.units_by_name": (
        ";它有 unit 和 name 列:若是单位名单,请命名为 units(units.csv 或名为 units 的工作表)",
        "; it has unit and name columns: if it lists the units, name it units (units.csv or "
        "a sheet named units)",
    ),
    "folder.unit_by_name": (
        ";这是单位 {unit} 的名称,请填写单位编号 {unit}",
        "; that is the name of unit {unit}: give its id, {unit}",
    ),
    "folder.units_differ": (
        "该单位名单与 {first} 不一致(各份单位名单须相同):{first} 有而此处没有的单位 {lacking};"
        "此处多出的单位 {extra};名称或分组不同的单位 {changed}",
        "this units table differs from {first} (every copy must list the same units): "
        "units missing here {lacking}; units only here {extra}; units with another name or "
        "group {changed}",
    ),
    "folder.results_table": (
        "这是 govperf 自己的评分结果(govperf score -o 写出),不是数据文件;请把它移出数据文件夹",
        "these are govperf's own results (written by govperf score -o), not a data file; "
        "move the file out of the data folder",
    ),
    # the header a template writes for each column (an alias the readers accept) and,
    # in English, the column name
    "template.col.unit": ("单位编号", "unit"),
    "template.col.unit_name": ("单位名称", "unit_name"),
    "template.col.group": ("分组", "group"),
    "template.col.sub_indicator": ("二级指标", "sub_indicator"),
    "template.col.sub_indicator_name": ("二级指标名称", "sub_indicator_name"),
    "template.col.rule": ("规则", "rule"),
    "template.col.rule_name": ("规则名称", "rule_name"),
    "template.col.value": ("分值", "value"),
    "template.col.rater": ("评分人", "rater"),
    "template.col.score": ("评分", "score"),
    "template.col.category": ("类别", "category"),
    "template.col.count": ("人数", "count"),
    "template.col.task": ("任务", "task"),
    "template.col.weight": ("权重", "weight"),
    "template.col.direction": ("方向", "direction"),
    "template.col.target": ("目标值", "target"),
    "template.col.challenge": ("挑战值", "challenge"),
    "template.col.actual": ("实际值", "actual"),
    "template.col.type": ("类型", "type"),
    "template.col.item": ("事项", "item"),
    "template.col.points": ("加分", "points"),
    "template.col.tier": ("级别", "tier"),
    "template.col.trigger": ("否决事由", "trigger"),
    "template.col.note": ("说明", "note"),
    "template.col.numerator": ("分子", "numerator"),
    "template.col.denominator": ("分母", "denominator"),
    "template.col.remark": ("备注", "remark"),
    "template.col.split_points": ("分配分值", "points"),
    "template.col.deduction_points": ("扣分", "points"),
    "template.col.incidents": ("次数", "count"),
    "template.col.generic_sub_indicator": ("指标编号", "sub_indicator"),
    "template.col.generic_sub_indicator_name": ("指标名称", "sub_indicator_name"),
    # -- the explanation text (Explanation.to_text) ----------------------------------------
    "explain.sum": (
        "基础分 {base} + 加分 {bonus} − 扣分 {deductions}",
        "base {base} + bonus {bonus} − deductions {deductions}",
    ),
    "explain.total": ("总分 {total} = {parts}", "Total {total} = {parts}"),
    "explain.total_zeroed": (
        "总分 {total}(一票否决,总分记为0;{parts})",
        "Total {total} (vetoed: total set to 0; {parts})",
    ),
    "explain.vetoed_by": ("一票否决({causes})", "vetoed ({causes})"),
    "explain.standing": (
        "名次 {rank};等次 {grade};评先评优资格 {award}",
        "rank {rank}; grade {grade}; award eligible: {award}",
    ),
    "explain.sentence": ("{text}。", "{text}."),
    "explain.rank": ("排名第 {rank} 名", "ranked {rank}"),
    "explain.grade": ("等次为{grade}", "grade {grade}"),
    "explain.no_grade": ("未评定等次", "no grade"),
    "explain.award_yes": ("具备评先评优资格", "eligible for awards"),
    "explain.award_no": ("不具备评先评优资格", "not eligible for awards"),
    "explain.standing_sentence": ("{rank},{grade},{award}。", "{rank}, {grade}, {award}."),
    "explain.nodes": ("各层得分:", "Points by node:"),
    "explain.col_tier": ("层级", "tier"),
    "explain.col_node": ("指标", "node"),
    "explain.col_id": ("编号", "id"),
    "explain.col_points": ("得分", "points"),
    "explain.col_max": ("满分", "max"),
    "explain.col_share": ("得分率", "share"),
    "explain.leaves": ("{leaf}:", "Scores by {leaf}:"),
    "explain.leaf": (
        "{n}. {name} [{id}]:得 {points} 分,满分 {max} 分(评分方法 {evaluator})。",
        "{n}. {name} [{id}]: {points} of {max} points ({evaluator}).",
    ),
    "explain.formula": ("公式", "formula"),
    "explain.formula_is": ("公式:{formula}", "Formula: {formula}"),
    "explain.params": ("参数", "Parameters"),
    "explain.missing": ("缺少数据,按策略处理", "no data; policy"),
    "explain.missing_is": ("无数据,按“{policy}”处理。", "No data; the {policy} policy filled it."),
    "explain.input": ("输入数据", "Input"),
    "explain.details": ("中间值", "Intermediate figures"),
    "explain.rules": ("规则:", "Rules:"),
    # -- the scheme: Scheme.tree() and the scheme's HTML table in Jupyter ----------------
    "scheme.tiers": ("层级", "tiers"),
    "scheme.groups": ("分组", "unit groups"),
    "scheme.tier_n": ("第{n}层", "tier {n}"),
    "scheme.caption": ("{title} [{id}],总分 {total}", "{title} [{id}], {total} points"),
    "scheme.col_tier": ("层级", "tier"),
    "scheme.col_id": ("编号", "id"),
    "scheme.col_name": ("名称", "name"),
    "scheme.col_points": ("分值", "points"),
    "scheme.col_group_points": ("分值({group})", "points ({group})"),
    "scheme.col_weight": ("权重", "weight"),
    "scheme.col_assessors": ("考评主体", "assessors"),
    "scheme.by_year": ("随年度数据", "with the year's data"),
    "scheme.rule": ("规则 ({kind})", "rule ({kind})"),
    # -- govperf show ----------------------------------------------------------------------
    "show.tree": ("指标", "indicator"),
    "show.id": ("编号", "id"),
    "show.points": ("分值", "points"),
    "show.weight": ("权重", "weight"),
    "show.assessors": ("考评主体", "assessors"),
    "show.pooled_points": ("共享", "pooled"),
    "show.pooled_mark": ("(共享分值)", " (pooled)"),
    "show.pooled_note": (
        "共享分值:{tiers}之间的分配不由方案确定,随每年的数据提供。",
        "pooled: the split among the {tiers} is not fixed by the scheme; "
        "it comes with each year's data.",
    ),
    "show.total": ("总分", "total points"),
    "show.document_number": ("文号", "document"),
    "show.jurisdiction": ("地区", "jurisdiction"),
    "show.issue_date": ("印发日期", "issued"),
    "show.period": ("期间", "period"),
    "show.tiers": ("层级", "tiers"),
    "show.rules": ("规则", "rules"),
    "show.rule": ("名称", "name"),
    "show.kind": ("类型", "kind"),
    "show.params": ("参数", "parameters"),
    # -- scheme variants (extends:) ----------------------------------------------------
    "extends.did_you_mean": (";是否指 {id!r}?", "; did you mean {id!r}?"),
    "extends.unknown_id": (
        "方案中没有编号为 {id!r} 的指标或规则{hint}",
        "no node or rule with the id {id!r} in the scheme{hint}",
    ),
    "extends.unknown_node": (
        "方案中没有编号为 {id!r} 的指标{hint}",
        "no node with the id {id!r} in the scheme{hint}",
    ),
    "extends.unknown_sibling": (
        "新指标的同级指标中没有 {id!r}{hint}",
        "{id!r} is not among the new node's siblings{hint}",
    ),
    "extends.override_removed": (
        "{id!r} 已由 remove[{i}] 删除,不能再修改",
        "{id!r} is removed by remove[{i}]; it cannot also be overridden",
    ),
    "extends.add_exists": (
        "编号 {id!r} 已在所继承的方案中;修改已有指标或规则请用 override",
        "the id {id!r} is already in the scheme extended; use override to change it",
    ),
    "extends.add_entry": (
        "add 的每一项须恰好含 node 或 rule 之一(可另给 under、after)",
        "each add entry has exactly one of node or rule (and optionally under, after)",
    ),
    "extends.add_key": (
        "add 项中不认识的键 {name!r}(可用:under、after、node、rule)",
        "unknown key {name!r} in an add entry (known: under, after, node, rule)",
    ),
    "extends.remove_type": ("remove 须为编号列表", "remove must be a list of node or rule ids"),
    "extends.id_type": ("须为指标或规则的编号(文本)", "expected a node or rule id (text)"),
    "extends.override_type": (
        "override 须为从编号到“键: 值”映射的映射",
        "override must map node or rule ids to mappings of keys to values",
    ),
    "extends.changes_type": (
        "须为“键: 值”的映射,每个键替换所继承的值",
        "expected a mapping of keys to values, each replacing the inherited value",
    ),
    "extends.add_type": ("add 须为列表", "add must be a list of entries"),
    "extends.ref_type": (
        "extends 须为内置方案名称或方案文件路径",
        "extends must name a bundled scheme or the path of a scheme file",
    ),
    "extends.unreadable": (
        "无法读取所继承的方案 {ref!r}:{why}",
        "cannot read the scheme extended, {ref!r}: {why}",
    ),
    "extends.cycle": ("extends 形成循环:{chain}", "extends forms a cycle: {chain}"),
    "extends.too_deep": ("extends 链超过 {n} 层", "the chain of extends is longer than {n} files"),
    "extends.not_mapping": (
        "所继承的方案 {ref!r} 顶层不是映射",
        "the scheme extended, {ref!r}, is not a mapping at the top level",
    ),
    "extends.without_extends": (
        "{name!r} 只能用于以 extends 继承其他方案的文件",
        "{name!r} is only allowed in a file that extends another scheme",
    ),
    # -- the task book (任务书) ---------------------------------------------------------
    "taskbook.did_you_mean": (";是否指 {name!r}?", "; did you mean {name!r}?"),
    "taskbook.not_text": ("{col} 须为文本", "{col} must be text"),
    "taskbook.empty": ("{col} 为空(必填)", "{col} is empty (required)"),
    "taskbook.not_number": ("{col}:{why}", "{col}: {why}"),
    "taskbook.not_number_value": ("{value} 不是数字", "{value} is not a number"),
    "taskbook.bad_direction": (
        "方向 {value!r} 无效:填写“正向”(越大越好)或“负向”(越小越好)",
        "direction {value!r}: write 正向 / higher (higher is better) or 负向 / lower",
    ),
    "taskbook.bad_date": (
        "完成时限 {value!r} 不是日期(写作 2013-12-31)",
        "deadline {value!r} is not a date (write 2013-12-31)",
    ),
    "taskbook.task_and_points": (
        "一行只能是任务(有任务编号)或分值分配(有分值),不能两者都是",
        "a row is a task (it has a task id) or a split (it has points), not both",
    ),
    "taskbook.neither": (
        "此行既无任务编号也无分配分值",
        "the row has neither a task id nor split points",
    ),
    "taskbook.weight": ("权重 {value} 须大于0", "weight {value} must be positive"),
    "taskbook.challenge_higher": (
        "挑战值 {challenge} 低于目标值 {target}(正向任务的挑战值应不低于目标值)",
        "challenge {challenge} is below target {target} (higher is better)",
    ),
    "taskbook.challenge_lower": (
        "挑战值 {challenge} 高于目标值 {target}(负向任务的挑战值应不高于目标值)",
        "challenge {challenge} is above target {target} (lower is better)",
    ),
    "taskbook.duplicate_task": (
        "单位 {unit} 的任务 {task} 重复(首次出现在 {first})",
        "task {task} of unit {unit} is given twice (first at {first})",
    ),
    "taskbook.duplicate_split": (
        "单位 {unit} 的 {node} 分值分配重复(首次出现在 {first})",
        "the split of {node} for unit {unit} is given twice (first at {first})",
    ),
    "taskbook.negative_points": (
        "分配分值 {value} 不能为负",
        "split points {value} must be at least 0",
    ),
    "taskbook.unknown_column": ("不认识的列 {name!r}{hint}", "unknown column {name!r}{hint}"),
    "taskbook.unknown_key": ("不认识的键 {name!r}{hint}", "unknown key {name!r}{hint}"),
    "taskbook.year": ("year 须为整数年份", "year must be a whole year"),
    "taskbook.yaml_top": (
        "任务书文件顶层须为映射(year、title、units)",
        "a task book file is a mapping (year, title, units) at the top level",
    ),
    "taskbook.yaml_units": (
        "units 须为从单位编号到其 splits 与 tasks 的映射",
        "units must map unit ids to their splits and tasks",
    ),
    "taskbook.yaml_unit": (
        "须为含 name、splits、tasks 的映射",
        "expected a mapping with name, splits, tasks",
    ),
    "taskbook.yaml_splits": (
        "splits 须为“指标编号: 分值”的映射",
        "splits must map node ids to points",
    ),
    "taskbook.yaml_tasks": ("tasks 须为任务列表", "tasks must be a list of tasks"),
    "taskbook.yaml_task": ("任务须为映射", "a task must be a mapping"),
    "taskbook.not_found": ("文件不存在", "no such file"),
    "taskbook.suffix": (
        "任务书须为 .yaml、.csv 或 .xlsx 文件",
        "a task book is a .yaml, .csv or .xlsx file",
    ),
    "taskbook.too_large": (
        "文件有 {size} 字节,超过上限 {limit} 字节;未读取",
        "the file is {size} bytes, over the limit of {limit} bytes; refused before reading",
    ),
    "taskbook.encoding": ("文件不是 UTF-8 文本", "the file is not UTF-8 text"),
    "taskbook.io": ("无法读取文件:{why}", "cannot read the file: {why}"),
    "taskbook.unknown_unit": ("不认识的单位 {id!r}{hint}", "unknown unit {id!r}{hint}"),
    "taskbook.unknown_node": ("方案中没有指标 {id!r}{hint}", "no node {id!r} in the scheme{hint}"),
    "taskbook.not_a_task_node": (
        "指标 {name} [{id}] 不按任务考评(评分方法 {kind});按任务考评的指标:{nodes}",
        "{name} [{id}] does not score tasks (evaluator {kind}); nodes that do: {nodes}",
    ),
    "taskbook.unknown_assessor": (
        "{assessor!r} 不是 {name} 的考评主体({known}){hint}",
        "{assessor!r} is not an assessor of {name} ({known}){hint}",
    ),
    "taskbook.not_pooled": (
        "{id!r} 不是共享分值指标的下级指标,不需分配分值{hint}",
        "{id!r} is not a child of a pooled node: it takes no split{hint}",
    ),
    "taskbook.missing_split": (
        "单位 {unit_id} 缺少 {name} [{id}] 的分值分配:{children}",
        "unit {unit_id} has no split of {name} [{id}] for {children}",
    ),
    "taskbook.split_sum": (
        "单位 {unit_id} 的 {name} [{id}] 分配合计 {sum}({parts}),应为 {total}",
        "unit {unit_id}: the split of {name} [{id}] adds up to {sum} ({parts}), "
        "the node has {total}",
    ),
    "taskbook.no_tasks": (
        "单位 {unit_id} 在 {name} [{id}] 下没有任务",
        "unit {unit_id} has no task on {name} [{id}]",
    ),
    "taskbook.no_actual": (
        "单位 {unit} 的任务 {task} 没有年终实际值(actual / 实际值)",
        "task {task} of unit {unit} has no year-end actual value",
    ),
    "taskbook.splits_twice": (
        "分值分配既在任务书中又在数据中;只在一处给出",
        "the splits are in both the task book and the data; give them in one place",
    ),
    "taskbook.records_twice": (
        "{id} 的任务既在任务书中又在数据中;只在一处给出",
        "the tasks of {id} are in both the task book and the data; give them in one place",
    ),
    "taskbook.valid": (
        "{source}:通过检查({units} 个单位,{tasks} 项任务,{splits} 项分值分配)",
        "{source}: valid ({units} units, {tasks} tasks, {splits} splits)",
    ),
    "taskbook.col_type": ("类型", "type"),
    "taskbook.type_task": ("任务", "task"),
    "taskbook.type_split": ("分值分配", "split"),
    "taskbook.help_command": (
        "检查任务书,或生成空白任务书",
        "check a task book, or write a blank one",
    ),
    "taskbook.help_check": (
        "对照方案检查任务书:每个共享分值的分配、每个按任务考评指标的任务、每个单位的分值合计",
        "check a task book against a scheme: every pooled split, every task node, "
        "each unit's budgets",
    ),
    "taskbook.help_template": (
        "为方案和单位生成空白任务书(CSV)",
        "write a blank task book (CSV) for a scheme's units",
    ),
    "taskbook.help_scheme": ("方案文件或内置方案名称", "scheme file or bundled scheme name"),
    "taskbook.help_files": (
        "任务书文件(.yaml、.csv、.xlsx),可多个",
        "task book files (.yaml, .csv, .xlsx), one or more",
    ),
    "taskbook.help_units": (
        "单位名单文件(unit、name[、group])",
        "a units file (unit, name[, group])",
    ),
    "taskbook.help_output": ("写入的 CSV 文件", "the CSV file to write"),
    "taskbook.help_year": ("年度(完成时限填为该年12月31日)", "the year (deadlines 31 December)"),
    "taskbook.help_option": (
        "任务书文件(可重复):提供按任务考评指标的任务与共享分值的分配",
        "task book file (repeatable): gives the tasks of task nodes and the pooled splits",
    ),
    # -- progress during the year (过程管理) --------------------------------------------
    "progress.did_you_mean": (";是否指 {name!r}?", "; did you mean {name!r}?"),
    "progress.unknown_column": ("不认识的列 {name!r}{hint}", "unknown column {name!r}{hint}"),
    "progress.empty": ("{col} 为空(必填)", "{col} is empty (required)"),
    "progress.not_number": ("{col}:{why}", "{col}: {why}"),
    "progress.bad_period": (
        "期间 {value!r} 无效:填写 Q1–Q4(一季度…四季度)或 H1(上半年自评)",
        "period {value!r}: write Q1 to Q4, or H1 for the half-year self-assessment",
    ),
    "progress.duplicate": (
        "单位 {unit} 任务 {task} 的 {period} 进度重复(首次出现在 {first})",
        "the {period} value of task {task} of unit {unit} is given twice (first at {first})",
    ),
    "progress.suffix": (
        "进度文件须为 .csv 或 .xlsx 文件",
        "a progress file is a .csv or .xlsx file",
    ),
    "progress.unknown_task": (
        "任务书中单位 {unit} 没有任务 {task!r}{hint}",
        "unit {unit} has no task {task!r} in the task book{hint}",
    ),
    "progress.empty_file": ("进度文件中没有任何进度", "the progress files report nothing"),
    "progress.no_assessor": ("(未指定考评主体)", "(no assessor given)"),
    "progress.projection_note": (
        "“预测”为按当前进度推算的年终值和得分,不是考评结果。",
        "Figures marked projection are the year-end values and points at the current "
        "pace; they are not evaluation results.",
    ),
    "progress.title": ("{year}年{period}绩效任务进度报告", "Task progress report, {period} {year}"),
    "progress.period_Q1": ("第一季度", "first quarter"),
    "progress.period_Q2": ("第二季度", "second quarter"),
    "progress.period_H1": ("上半年自评", "half-year self-assessment"),
    "progress.period_Q3": ("第三季度", "third quarter"),
    "progress.period_Q4": ("第四季度", "fourth quarter"),
    "progress.item_scheme": ("指标体系:{title}", "Scheme: {title}"),
    "progress.item_book": ("任务书:{title}", "Task book: {title}"),
    "progress.item_period": (
        "截至:{period}末(全年的 {share})",
        "As of: the end of the {period} ({share} of the year)",
    ),
    "progress.item_method": (
        "按比例进度:期末应达到 基期值 + 时间进度 ×(目标值 − 基期值);"
        "差距 = 落后于应达进度的部分 ÷ 应达进度已走过的部分",
        "Pro-rata path: baseline + share of the year × (target − baseline); shortfall = "
        "how far behind the path, as a share of the way the path has come",
    ),
    "progress.item_thresholds": (
        "差距不超过 {at_risk} 为正常推进,不超过 {behind} 为存在风险,超过为进度滞后",
        "On track up to a shortfall of {at_risk}, at risk up to {behind}, behind beyond",
    ),
    "progress.units_heading": ("各单位进度", "Progress by unit"),
    "progress.attention_heading": (
        "需关注的任务(按考评主体)",
        "Tasks that need attention, by assessor",
    ),
    "progress.all_on_track": ("所有任务均正常推进。", "Every task is on track."),
    "progress.assessor_heading": ("{assessor}({n} 项)", "{assessor} ({n})"),
    "progress.status_on_track": ("正常推进", "on track"),
    "progress.status_at_risk": ("存在风险", "at risk"),
    "progress.status_behind": ("进度滞后", "behind"),
    "progress.status_no_report": ("未报送", "no report"),
    "progress.direction_higher": ("正向", "higher"),
    "progress.direction_lower": ("负向", "lower"),
    "progress.col_unit": ("单位", "unit"),
    "progress.col_status": ("状态", "status"),
    "progress.col_on_track": ("正常", "on track"),
    "progress.col_at_risk": ("风险", "at risk"),
    "progress.col_behind": ("滞后", "behind"),
    "progress.col_no_report": ("未报送", "no report"),
    "progress.col_projected_points": ("{node}得分(预测)", "{node} points (projection)"),
    "progress.col_task": ("任务", "task"),
    "progress.col_direction": ("方向", "direction"),
    "progress.col_target": ("目标值", "target"),
    "progress.col_expected": ("应达进度", "path"),
    "progress.col_value": ("完成值", "value"),
    "progress.col_self_value": ("自评值", "self-assessed"),
    "progress.col_shortfall": ("差距", "shortfall"),
    "progress.col_projected": ("年终值(预测)", "year end (projection)"),
    "progress.col_deadline": ("完成时限", "deadline"),
    "progress.col_projected_share": ("得分率(预测)", "share of points (projection)"),
    "progress.help_command": (
        "年度中的任务进度与年终预测",
        "task progress in the year, with projections",
    ),
    "progress.help_scheme": ("方案文件或内置方案名称", "scheme file or bundled scheme name"),
    "progress.help_progress": (
        "进度文件(.csv、.xlsx:单位编号、任务编号、期间、完成值),可多个",
        "progress files (.csv, .xlsx: unit, task, period, value), one or more",
    ),
    "progress.help_taskbook": ("任务书文件(可重复)", "task book file (repeatable)"),
    "progress.help_period": (
        "截至哪一期(默认:最新一期)",
        "the period to judge (default: the latest reported)",
    ),
    "progress.help_at_risk": (
        "差距超过此比例即为存在风险(默认 0.10)",
        "shortfall beyond which a task is at risk (0.10)",
    ),
    "progress.help_behind": (
        "差距超过此比例即为进度滞后(默认 0.25)",
        "shortfall beyond which a task is behind (0.25)",
    ),
    "progress.help_format": (
        "table、json、csv、html 或 markdown;默认由 -o 的扩展名决定",
        "table, json, csv, html or markdown; by default the extension of -o decides",
    ),
    "progress.help_output": (
        "写入的文件(.html、.md 报告;.json、.csv 任务明细;.txt 表格)",
        "file to write (.html, .md report; .json, .csv task rows; .txt table)",
    ),
    # -- govperf diff: what changed between two schemes ---------------------------------
    "diff.title": ("指标体系变化:{before} → {after}", "Changes to the scheme: {before} → {after}"),
    "diff.same": ("两个方案没有差别。", "The two schemes do not differ."),
    "diff.summary": (
        "分值调整 {points} 项,新增指标 {added} 项,删除指标 {removed} 项,其他调整 {other} 处,"
        "规则变化 {rules} 项。",
        "{points} re-weighted, {added} added and {removed} removed nodes, {other} other "
        "changes, {rules} rule changes.",
    ),
    "diff.pooled": ("共享", "pooled"),
    "diff.points_heading": ("分值调整", "Points changed"),
    "diff.added_heading": ("新增指标", "Nodes added"),
    "diff.removed_heading": ("删除指标", "Nodes removed"),
    "diff.other_heading": ("其他调整", "Other changes"),
    "diff.rules_heading": ("规则变化", "Rules"),
    "diff.facts_heading": ("方案信息", "The scheme"),
    "diff.for_group": ("{who}({group})", "{who} ({group})"),
    "diff.col_node": ("指标", "node"),
    "diff.col_before": ("原", "before"),
    "diff.col_after": ("新", "after"),
    "diff.col_change": ("增减", "change"),
    "diff.col_weight_before": ("原权重", "weight before"),
    "diff.col_weight_after": ("新权重", "weight after"),
    "diff.col_parent": ("上级指标", "parent"),
    "diff.col_points": ("分值", "points"),
    "diff.col_weight": ("权重", "weight"),
    "diff.col_method": ("评分方法", "scoring method"),
    "diff.col_assessors": ("考评主体", "assessors"),
    "diff.col_fact": ("项目", "item"),
    "diff.fact_id": ("编号", "id"),
    "diff.fact_title": ("名称", "title"),
    "diff.fact_total_points": ("总分", "total points"),
    "diff.fact_tiers": ("层级", "tiers"),
    "diff.fact_groups": ("分组", "unit groups"),
    "diff.renamed": ("[{node}] 更名:{before} → {after}", "[{node}] renamed: {before} → {after}"),
    "diff.moved": (
        "{who} 调整上级:{before} → {after}",
        "{who} moved: under {before} → under {after}",
    ),
    "diff.evaluator": (
        "{who} 评分方法:{before} → {after}",
        "{who} scoring method: {before} → {after}",
    ),
    "diff.assessors": ("{who} 考评主体:{before} → {after}", "{who} assessors: {before} → {after}"),
    "diff.pooled_now": ("{who} 改为共享分值(各单位分配)", "{who} is now pooled (split per unit)"),
    "diff.pooled_no_more": ("{who} 不再共享分值", "{who} is no longer pooled"),
    "diff.rule_added": ("新增 {who}:{after}", "added {who}: {after}"),
    "diff.rule_removed": ("删除 {who}(原为 {before})", "removed {who} (was {before})"),
    "diff.rule_changed": ("{who}:{before} → {after}", "{who}: {before} → {after}"),
    "diff.help_command": ("两个方案之间的变化", "what changed between two schemes"),
    "diff.help_before": ("原方案(文件或内置名称)", "the earlier scheme (file or bundled name)"),
    "diff.help_after": ("新方案(文件或内置名称)", "the later scheme (file or bundled name)"),
    "diff.help_format": (
        "text、markdown、html 或 json;默认由 -o 的扩展名决定",
        "text, markdown, html or json; by default the extension of -o decides",
    ),
    "diff.help_output": (
        "写入的文件(.txt、.md、.html、.json)",
        "file to write (.txt, .md, .html, .json)",
    ),
    # -- the terminal ranking of govperf score/year ----------------------------------------
    "cli.award": ("评先评优资格", "awards"),
    # -- appeals, re-review and the audit log (issue 11 part 3) --------------------------
    "audit.not-json": (
        "第 {line} 行不是一条审计记录(不是 JSON 对象)",
        "line {line} is not an audit entry (not a JSON object)",
    ),
    "audit.fields": (
        "第 {line} 行的记录字段不对"
        "(应为 seq、time、user、action、subject、before、after、prev、hash)",
        "line {line}: the entry does not have exactly the keys seq, time, user, action, "
        "subject, before, after, prev, hash",
    ),
    "audit.edited": (
        "第 {line} 行(第 {seq} 条)的内容与其哈希值不符:写入后被修改过",
        "line {line} (entry {seq}): its content does not match its hash; it was edited "
        "after it was written",
    ),
    "audit.deleted": (
        "第 {line} 行是第 {seq} 条,应为第 {expected} 条:其前的记录被删除",
        "line {line} holds entry {seq} where entry {expected} belongs: an entry before "
        "it was deleted",
    ),
    "audit.moved": (
        "第 {line} 行是第 {seq} 条,应为第 {expected} 条:记录的顺序被改动",
        "line {line} holds entry {seq} where entry {expected} belongs: entries were reordered",
    ),
    "audit.chain": (
        "第 {line} 行(第 {seq} 条)记录的前一条哈希值与前一条不符:前一条被替换或重写",
        "line {line} (entry {seq}): its prev hash is not the hash of the entry before; "
        "that entry was replaced or rewritten",
    ),
    "audit.head": (
        "日志末条的哈希值为 {last},不是记录的 {head}:末尾的记录被删除或日志被重写",
        "the log ends at {last}, not at the recorded head {head}: entries were removed "
        "from the end or the log was rewritten",
    ),
    "audit.locked": (
        "{lock} 已存在:另一进程正在写日志,或上次运行中断;确认无其他运行后删除它",
        "{lock} exists: another run is writing the log, or an earlier run was "
        "interrupted; remove it once no other run is going",
    ),
    "audit.moved_on": (
        "{path} 在本次运行期间被另一运行追加了记录;请重新运行",
        "{path} was appended to by another run meanwhile; run again",
    ),
    "audit.results_none": (
        "该结果文件不是复核后重新计分的结果(没有 appeals 记录)",
        "the results file is not a re-scoring (no appeals block)",
    ),
    "audit.results_head": (
        "该结果文件所记的第 {seq} 条记录不在日志中,或哈希值不符",
        "the results file names entry {seq}, which the log does not hold with that hash",
    ),
    "audit.results_figures": (
        "该结果文件的得分与日志第 {seq} 条记录的不符:文件被修改过",
        "the results file's figures are not those entry {seq} records: the file was changed",
    ),
    "audit.results_ok": (
        "{path}:与日志第 {seq} 条记录相符",
        "{path}: matches entry {seq} of the log",
    ),
    "audit.intact": (
        "{path}:完整,共 {n} 条记录,末条哈希值 {head}",
        "{path}: intact, {n} entries, head {head}",
    ),
    "audit.broken": ("{path}:已损坏:{why}", "{path}: broken: {why}"),
    "audit.no_user": (
        "请用 --user 或环境变量 GOVPERF_USER 说明记录人",
        "say who records this: --user NAME or the environment variable GOVPERF_USER",
    ),
    "audit.head_is": ("审计日志 {path} 末条哈希值:{head}", "audit log {path} head: {head}"),
    "cli.appeal.help": (
        "复核后重新计分:变化对照与审计日志",
        "re-score after re-review: diff and audit log",
    ),
    "cli.appeal.check": (
        "读取申诉、重新计分并显示变化,不写任何文件",
        "read the appeals, re-score, print the diff; write nothing",
    ),
    "cli.appeal.apply": (
        "按支持的申诉重新计分,写出新结果,并把每一步记入审计日志",
        "re-score with the upheld appeals, write new results and log every step",
    ),
    "cli.appeal.file": ("申诉文件(.yaml 或 .csv)", "the appeals file (.yaml or .csv)"),
    "cli.appeal.diff": (
        "另写出变化对照(.json .csv .md .txt)",
        "also write the diff (.json .csv .md .txt)",
    ),
    "cli.appeal.log": ("审计日志(JSON Lines)", "the audit log (JSON lines)"),
    "cli.appeal.output": ("新结果(.json .csv .xlsx)", "the new results (.json .csv .xlsx)"),
    "cli.appeal.user": (
        "记录人(默认取环境变量 GOVPERF_USER)",
        "who records this (default: $GOVPERF_USER)",
    ),
    "appeal.p.unknown_key": (
        "未知的键 {name!r}(可用:{known})",
        "unknown key {name!r} (known: {known})",
    ),
    "appeal.p.needs_appeal": ("申诉缺少 {name!r}", "an appeal needs {name!r}"),
    "appeal.p.needs_review": ("复核缺少 {name!r}", "a review needs {name!r}"),
    "appeal.p.needs_amendment": ("更正缺少 {name!r}", "an amendment needs {name!r}"),
    "appeal.p.text": ("应为文字,实为 {value}", "expected text, got {value}"),
    "appeal.p.amendment_type": (
        "一项更正应为映射(action、table 等)",
        "an amendment is a mapping (action, table, …)",
    ),
    "appeal.p.action": (
        "未知的处理方式 {action!r}(set、remove 或 add)",
        "unknown action {action!r} (set, remove or add)",
    ),
    "appeal.p.mapping": ("应为列名到值的映射", "expected a mapping of column names to values"),
    "appeal.p.set_column": (
        "set 更正需要 'column'(要修改的列)",
        "a 'set' amendment needs 'column' (the column to change)",
    ),
    "appeal.p.set_value": (
        "set 更正需要 'value'(新值)",
        "a 'set' amendment needs 'value' (the new value)",
    ),
    "appeal.p.add_row": (
        "add 更正需要 'row'(新行的各列)",
        "an 'add' amendment needs 'row' (the new row's columns)",
    ),
    "appeal.p.row_unit": ("单位请写在更正的 'unit' 中", "give the unit as the amendment's 'unit'"),
    "appeal.p.only_set": ("{name!r} 只用于 set 更正", "{name!r} belongs to a 'set' amendment"),
    "appeal.p.only_add": ("'row' 只用于 add 更正", "'row' belongs to an 'add' amendment"),
    "appeal.p.review_type": (
        "复核应为映射(reviewer、decision 等)",
        "a review is a mapping (reviewer, decision, …)",
    ),
    "appeal.p.decision": (
        "未知的复核结论 {decision!r}(upheld 支持、partly_upheld 部分支持、rejected 驳回)",
        "unknown decision {decision!r} (upheld 支持, partly_upheld 部分支持, rejected 驳回)",
    ),
    "appeal.p.amendments_list": ("应为更正的列表", "expected a list of amendments"),
    "appeal.p.rejected": (
        "驳回的申诉不改变任何数据:不应有更正",
        "a rejected appeal changes nothing: no amendments",
    ),
    "appeal.p.top": (
        "申诉文件应为含键 'appeals'(列表)的映射",
        "an appeals file is a mapping with the key 'appeals' (a list)",
    ),
    "appeal.p.appeals_list": ("应为申诉的列表", "expected a list of appeals"),
    "appeal.p.appeal_type": (
        "一项申诉应为映射(id、unit、node、reason 等)",
        "an appeal is a mapping (id, unit, node, reason, …)",
    ),
    "appeal.p.dupe": (
        "申诉 {id!r} 与 appeals[{first}] 重号",
        "appeal {id!r} is also appeals[{first}]",
    ),
    "appeal.p.not_found": ("文件不存在", "no such file"),
    "appeal.p.folder": ("这是文件夹,不是申诉文件", "is a folder, not an appeals file"),
    "appeal.p.too_large": (
        "文件有 {size} 字节,超过上限 {limit} 字节",
        "the file is {size} bytes, over the limit of {limit}",
    ),
    "appeal.p.encoding": ("文件不是 UTF-8 文本", "the file is not UTF-8 text"),
    "appeal.p.column": (
        "未知的列 {column!r}(可用:{known})",
        "unknown column {column!r} (known: {known})",
    ),
    "appeal.p.no_id_column": ("缺少 'id'(编号)列", "no 'id' column"),
    "appeal.p.no_id": ("该行没有编号", "the row has no id"),
    "appeal.p.match": (
        "match 应为以 ';' 分隔的 列=值,实为 {value}",
        "match is column=value pairs separated by ';', got {value}",
    ),
    "appeal.p.csv_add": (
        "CSV 中的更正不能新增行;请用 YAML 写这项申诉",
        "a CSV amendment cannot add a row; write the appeal in YAML",
    ),
    "appeal.p.no_unit": ("{unit!r} 不是数据中的单位", "{unit!r} is not a unit of the data"),
    "appeal.p.no_node": (
        "{node!r} 不是方案 {scheme!r} 的指标或规则",
        "{node!r} is not a node or rule of scheme {scheme!r}",
    ),
    "appeal.p.no_table": (
        "{table!r} 不是方案 {scheme!r} 的二级指标、规则或 'splits'",
        "{table!r} is not a sub-indicator, a rule or 'splits' of scheme {scheme!r}",
    ),
    "appeal.p.no_row": ("数据中没有 {what} 的行", "no row of {what} in the data"),
    "appeal.p.many_rows": (
        "{what} 有 {n} 行({rows});请用 'match' 指定",
        "{n} rows of {what} ({rows}); narrow them with 'match'",
    ),
    "appeal.p.no_column": (
        "{table} 没有列 {column!r}(现有列:{columns})",
        "{table} has no column {column!r} (columns: {columns})",
    ),
    "appeal.col_unit": ("单位", "unit"),
    "appeal.col_name": ("单位名称", "name"),
    "appeal.col_total": ("总分", "total"),
    "appeal.col_rank": ("名次", "rank"),
    "appeal.col_grade": ("等次", "grade"),
    "appeal.col_award": ("评先评优资格", "award_eligible"),
    "appeal.col_nodes": ("得分变化的指标", "nodes changed"),
    "appeal.col_causes": ("原因", "because of"),
    "appeal.indirect": ("间接(其他单位的变化)", "indirect (other units changed)"),
    "appeal.no_change": ("复核后各单位的结果均无变化。", "No unit's result changed."),
    "appeal.pending": ("尚待复核的申诉:{ids}", "appeals still waiting for re-review: {ids}"),
    "appeal.refiled": (
        "申诉 {appeal} 已于日志第 {seq} 条登记,内容与申诉文件不同;"
        "已登记的申诉不得改写,请以新编号重新申诉",
        "appeal {appeal} was filed in entry {seq} of the log with other content; a filed "
        "appeal is not rewritten: file it again under a new id",
    ),
    "appeal.redecided": (
        "申诉 {appeal} 的复核决定已于日志第 {seq} 条登记,内容与申诉文件不同;已登记的决定不得改写",
        "the decision on appeal {appeal} was recorded in entry {seq} of the log with other "
        "content; a recorded decision is not rewritten",
    ),
    "audit.col_seq": ("序号", "seq"),
    "audit.col_time": ("时间", "time"),
    "audit.col_user": ("记录人", "user"),
    "audit.col_action": ("事项", "action"),
    "audit.col_subject": ("对象", "subject"),
    "audit.action.appeal.filed": ("提交申诉", "appeal filed"),
    "audit.action.review.decided": ("复核决定", "re-review decided"),
    "audit.action.rescored": ("重新计分", "re-scored"),
    # -- rectification and year over year (issue 11 part 4) ------------------------------
    "file.full_json": (
        "--full 写出完整的 JSON 结果(含方案与数据),只适用于 JSON 格式",
        "--full writes the full JSON results (with scheme and data): JSON only",
    ),
    "cli.score.full": (
        "以完整可还原的 JSON 形式(方案、数据与得分)写出,供 compare、trend、rectify 读取",
        "JSON in the full, restorable form (scheme, data and figures) that compare, trend "
        "and rectify read",
    ),
    "cli.yearly.year": (
        "由方案和数据现场计分的一个年度(列在已保存年度之后)",
        "a year scored on the fly from a scheme and its data (after the saved ones)",
    ),
    "cli.compare.help": (
        "对比两个年度,指标体系变化时也可对比",
        "compare two years, also across scheme versions",
    ),
    "cli.compare.years": (
        "两个已保存的年度(完整结果 JSON),前一年在前",
        "two saved years (results JSON), the earlier first",
    ),
    "cli.compare.unit": ("只看一个单位的各指标", "one unit's nodes instead of every unit's total"),
    "cli.compare.output": (
        "写出对比结果(.json .csv .md .txt)",
        "write the comparison (.json .csv .md .txt)",
    ),
    "cli.trend.help": ("多个年度的得分率趋势", "shares of the maximum over several years"),
    "cli.trend.years": (
        "已保存的年度(完整结果 JSON),由远及近",
        "saved years (results JSON), oldest first",
    ),
    "cli.trend.unit": (
        "一个单位:历年总分及一级层面得分率",
        "one unit: its total and top-tier nodes, by year",
    ),
    "cli.trend.node": (
        "各单位都跟踪的指标(默认:总分)",
        "the node to follow for every unit (default: the total)",
    ),
    "cli.trend.output": (
        "写出表格(.json .csv .md .txt)或图(.png .svg)",
        "write the table (.json .csv .md .txt) or the plot (.png .svg)",
    ),
    "cli.rectify.help": (
        "由薄弱环节生成整改事项,并在次年核查",
        "rectification items from weak points, checked next year",
    ),
    "cli.rectify.plan": (
        "把一个年度的薄弱环节生成整改事项",
        "turn one year's weak points into rectification items",
    ),
    "cli.rectify.year": ("该年度(完整结果 JSON)", "the year (saved results JSON)"),
    "cli.rectify.weakest": ("每个单位的薄弱环节数(默认 3)", "weak points per unit (default 3)"),
    "cli.rectify.target": (
        "目标得分率:median(默认,达到中位数)、full(满分)或 0.9 这样的得分率",
        "the share to reach: median (default), full, or a share such as 0.9",
    ),
    "cli.rectify.items_out": ("整改事项文件(.yaml)", "the items file (.yaml)"),
    "cli.rectify.check": (
        "对照次年结果核查整改事项",
        "check rectification items against the next year",
    ),
    "cli.rectify.items": (
        "整改事项文件(由 rectify plan 生成)",
        "the items file (from rectify plan)",
    ),
    "cli.rectify.next_year": ("次年(完整结果 JSON)", "the next year (saved results JSON)"),
    "cli.rectify.status_out": (
        "写出核查结果(.json .csv .md .txt)",
        "write the status (.json .csv .md .txt)",
    ),
    "compare.title": ("{before} 年与 {after} 年对比", "{before} compared with {after}"),
    "compare.scheme_changes": ("指标体系变化:", "Changes of the scheme:"),
    "compare.no_scheme_change": ("无(两年指标体系相同)", "none (the same scheme)"),
    "compare.kind.added": ("新增", "added"),
    "compare.kind.removed": ("取消", "removed"),
    "compare.kind.reweighted": ("分值调整", "re-weighted"),
    "compare.kind.moved": ("调整归属", "moved"),
    "compare.kind.renamed": ("更名", "renamed"),
    "compare.status.same": ("分值未变", "same points"),
    "compare.status.added": ("新增指标", "added"),
    "compare.status.removed": ("已取消", "removed"),
    "compare.status.reweighted": ("分值调整", "re-weighted"),
    "compare.status.moved": ("调整归属", "moved"),
    "compare.pp": ("{value} 个百分点", "{value} pp"),
    "compare.col_unit": ("单位", "unit"),
    "compare.col_name": ("单位名称", "name"),
    "compare.col_total": ("总分", "total"),
    "compare.col_share": ("得分率", "share"),
    "compare.col_change": ("得分率变化", "change"),
    "compare.col_rank": ("名次", "rank"),
    "compare.col_grade": ("等次", "grade"),
    "compare.col_node": ("指标编号", "node"),
    "compare.col_node_name": ("指标名称", "node name"),
    "compare.col_points": ("得分/满分", "points/max"),
    "compare.col_status": ("指标变化", "node status"),
    "compare.csv_unit": ("单位", "unit"),
    "compare.csv_node": ("指标编号", "node"),
    "compare.csv_name": ("指标名称", "node_name"),
    "compare.csv_points_before": ("前一年得分", "points_before"),
    "compare.csv_max_before": ("前一年满分", "max_before"),
    "compare.csv_share_before": ("前一年得分率", "share_before"),
    "compare.csv_points_after": ("后一年得分", "points_after"),
    "compare.csv_max_after": ("后一年满分", "max_after"),
    "compare.csv_share_after": ("后一年得分率", "share_after"),
    "compare.csv_change": ("得分率变化", "change"),
    "compare.csv_status": ("指标变化", "status"),
    "compare.only_before": (
        "仅前一年参加考评的单位:{units}",
        "units only in the earlier year: {units}",
    ),
    "compare.only_after": (
        "仅后一年参加考评的单位:{units}",
        "units only in the later year: {units}",
    ),
    "compare.two_years": ("需要两个年度,给出了 {n} 个", "give two years, not {n}"),
    "compare.no_unit": ("两个年度中没有单位 {unit}", "no unit {unit} in both years"),
    "trend.col_unit": ("单位", "unit"),
    "trend.col_node": ("指标编号", "node"),
    "trend.col_name": ("名称", "name"),
    "trend.title_unit": ("{unit} 历年得分率", "{unit}: share of the maximum by year"),
    "trend.title_node": ("{node} 历年得分率", "{node}: share of the maximum by year"),
    "trend.axis_share": ("得分率(%)", "share of the maximum (%)"),
    "trend.no_years": ("请给出至少一个年度", "give at least one year"),
    "trend.nothing": ("各年度中没有 {what}", "no {what} in any year"),
    "rectify.p.io": ("无法读取文件:{why}", "cannot read the file: {why}"),
    "rectify.p.top": (
        "应有键 'rectification',其值为整改事项的列表",
        "expected the key 'rectification' with a list of items",
    ),
    "rectify.p.item": ("一项整改事项应为映射", "an item is a mapping"),
    "rectify.p.unknown_key": (
        "未知的键 {name!r}(可用:{known})",
        "unknown key {name!r} (known: {known})",
    ),
    "rectify.p.needs": ("整改事项缺少 {name!r}(文字)", "an item needs {name!r} (text)"),
    "rectify.p.number": ("应为数字,实为 {value}", "expected a number, got {value}"),
    "rectify.p.target": ("目标是 (0, 1] 之间的得分率", "the target is a share in (0, 1]"),
    "rectify.p.json": ("不是 JSON 文件:{why}", "not a JSON file: {why}"),
    "rectify.p.not_year": (
        "不是保存的年度:应为完整结果(方案、数据与得分;govperf score --full -o 文件.json,"
        "或 Results.to_dict())",
        "not a saved year: expected the full results form (scheme, data and figures; "
        "govperf score --full -o FILE.json, or Results.to_dict())",
    ),
    "rectify.col_unit": ("单位", "unit"),
    "rectify.col_name": ("单位名称", "name"),
    "rectify.col_node": ("整改指标", "node"),
    "rectify.col_share": ("当年得分率", "share"),
    "rectify.col_last_share": ("{year} 年得分率", "share in {year}"),
    "rectify.col_this_share": ("本年度得分率", "share this year"),
    "rectify.col_target": ("目标", "target"),
    "rectify.col_next_share": ("次年得分率", "next share"),
    "rectify.col_change": ("变化", "change"),
    "rectify.col_status": ("整改情况", "status"),
    "rectify.status.met": ("达到目标", "target met"),
    "rectify.status.improved": ("有改进,未达目标", "improved, target not met"),
    "rectify.status.not_improved": ("未改进", "not improved"),
    "rectify.status.node_removed": ("指标已取消,无法比较", "node removed: not comparable"),
    "rectify.status.unit_absent": ("单位未参加次年考评", "unit not scored that year"),
    "rectify.planned": (
        "已将 {units} 个单位的 {n} 项整改事项写入 {path}",
        "wrote {n} rectification items of {units} units to {path}",
    ),
    "rectify.bad_target": (
        "目标应为 median、full 或 (0, 1] 之间的得分率,而不是 {value}",
        "the target is median, full or a share in (0, 1], not {value}",
    ),
    "rectify.bad_weakest": ("--weakest 至少为 1", "--weakest is at least 1"),
    "rectify.one_year": ("需要一个年度,给出了 {n} 个", "give one year, not {n}"),
    "rectify.yaml_only": (
        "整改事项保存为 YAML 文件(.yaml),而不是 {path}",
        "rectification items are saved as YAML (.yaml), not {path}",
    ),
    "rectify.opt_report": (
        "上年整改事项文件(govperf rectify plan 生成):在各反馈报告和汇总报告中列出其本年度落实情况",
        "last year's rectification items (from govperf rectify plan): how each fared this "
        "year, in every feedback report and the summary",
    ),
    "rectify.this_year": ("本年度", "this year"),
    "rectify.section": ("上年整改事项落实情况", "Rectification of last year's weak points"),
    "rectify.section_intro": (
        "{year} 年反馈的薄弱环节及其在本年度的得分率(得分 ÷ 满分)。",
        "The weak points of the {year} feedback and their share of the maximum this year "
        "(points ÷ maximum).",
    ),
    "rectify.summary_counts": (
        "共 {n} 项:达到目标 {met} 项,有改进 {improved} 项,未改进 {not_improved} 项,"
        "无法比较 {other} 项。",
        "{n} items: {met} met the target, {improved} improved, {not_improved} did not "
        "improve, {other} not comparable.",
    ),
    # -- robustness: uncertainty, sensitivity, what-if, diagnostics (govperf.robustness) --
    "robust.progress": ("稳健性分析", "robustness"),
    "robust.p.no_node": (
        "方案 {scheme} 中没有指标 {node!r}",
        "no node {node!r} in scheme {scheme}",
    ),
    "robust.p.pooled_child": (
        "{name} 属于共享分值的指标,其分值来自各单位的分配",
        "{name} is a child of a pool: its points come from each unit's split",
    ),
    "robust.p.range": (
        "{name}:分值范围须满足 0 ≤ 下限 ≤ 上限,实为 {low} … {high}",
        "{name}: the range needs 0 ≤ low ≤ high, got {low} … {high}",
    ),
    "robust.p.too_high": (
        "{name}:上限 {high} 超过上级指标的 {budget} 分",
        "{name}: high {high} exceeds the parent's {budget} points",
    ),
    "robust.p.no_sibling": (
        "{name} 没有同级指标可以增减分值",
        "{name} has no sibling to take or give points",
    ),
    "robust.p.twice": (
        "{name} 被扰动了两次(另见第 {other} 项)",
        "{name} is varied twice (also perturbation {other})",
    ),
    "robust.p.no_children": (
        "{name} 没有下级指标可以重新分配",
        "{name} has no children to re-split",
    ),
    "robust.p.pool": (
        "{name} 是共享分值的指标:各单位的分配由数据给出",
        "{name} is a pool: each unit's split is given by the data",
    ),
    "robust.p.concentration": (
        "{name}:集中度须大于 0",
        "{name}: the concentration must be above 0",
    ),
    "robust.p.resplit_twice": ("{name} 被重新分配了两次", "{name} is re-split twice"),
    "robust.p.both": (
        "{node} 被扰动,而其上级指标又被重新分配",
        "{node} is varied and its parent re-split",
    ),
    "robust.col.nominal_total": ("原方案总分", "nominal_total"),
    "robust.col.nominal_rank": ("原方案名次", "nominal_rank"),
    "robust.col.nominal_grade": ("原方案等次", "nominal_grade"),
    "robust.col.rank_median": ("名次中位数", "rank_median"),
    "robust.col.rank_p05": ("名次5%分位", "rank_p05"),
    "robust.col.rank_p95": ("名次95%分位", "rank_p95"),
    "robust.col.p_grade": ("“{grade}”概率", "p_{grade}"),
    "robust.col.p_award": ("可评先评优概率", "p_award_eligible"),
    "robust.col.margin_up": ("距上一等次(分)", "margin_up"),
    "robust.col.margin_down": ("距下一等次(分)", "margin_down"),
    "robust.col.node": ("指标", "node"),
    "robust.col.node_id": ("编号", "node_id"),
    "robust.col.tier": ("层级", "tier"),
    "robust.col.mean": ("平均分", "mean"),
    "robust.col.std": ("标准差", "std"),
    "robust.col.min": ("最低分", "min"),
    "robust.col.max": ("最高分", "max"),
    "robust.col.cv": ("变异系数", "cv"),
    "robust.col.full_share": ("满分单位占比", "full_share"),
    "robust.col.corr_siblings": ("与同级指标平均相关", "corr_siblings"),
    "robust.col.corr_total": ("与总分相关", "corr_total"),
    "robust.col.nominal_weight": ("名义权重", "nominal_weight"),
    "robust.col.effective_weight": ("实际权重", "effective_weight"),
    "robust.col.factor": ("扰动因素", "factor"),
    "robust.col.first_order": ("一阶敏感度", "first_order"),
    "robust.col.total_order": ("总敏感度", "total_order"),
    "robust.col.mean_shift": ("平均名次变动", "mean_rank_shift"),
    "robust.col.max_shift": ("最大名次变动", "max_rank_shift"),
    "robust.col.rank_before": ("原名次", "rank_before"),
    "robust.col.rank_after": ("新名次", "rank_after"),
    "robust.col.rank_change": ("名次变化", "rank_change"),
    "robust.col.total_before": ("原总分", "total_before"),
    "robust.col.total_after": ("新总分", "total_after"),
    "robust.col.grade_before": ("原等次", "grade_before"),
    "robust.col.grade_after": ("新等次", "grade_after"),
    "robust.col.points": ("分值", "points"),
    "robust.factor.range": (
        "{node}分值({low:g}–{high:g}分)",
        "points of {node} ({low:g}–{high:g})",
    ),
    "robust.factor.dirichlet": ("{node}下的分值分配", "split of {node}"),
    "robust.factor.top": ("各评价层面的分值分配", "split of the top tier"),
    "robust.factor.choice": ("评分方法选择", "scoring choice"),
    "robust.plot.rank_title": ("名次区间(5%–95%)", "Rank intervals (5–95 %)"),
    "robust.plot.rank_axis": ("名次", "rank"),
    "robust.plot.nominal": ("原方案名次", "nominal rank"),
    "robust.plot.median": ("中位数", "median"),
    "robust.plot.sens_title": ("各扰动因素对排名的敏感度", "Sensitivity of the ranking"),
    "robust.plot.sens_axis": ("敏感度指数", "Sobol index"),
    "robust.plot.corr_title": ("指标相关系数", "Correlation of the indicators"),
    "robust.report.title": ("排名稳健性", "How robust is the ranking"),
    "robust.report.intro": (
        "在{samples}组扰动分值下重新评分(随机种子 {seed}):",
        "Rescored under {samples} perturbed point sets (seed {seed}):",
    ),
    "robust.report.stable": (
        "{n}个单位(共{total}个)的名次5%–95%区间不超过{width}名;区间最宽的是{widest}({low}–{high}名)。",
        "{n} of {total} units have a 5–95 % rank interval of at most {width} places; the "
        "widest is {widest}'s ({low}–{high}).",
    ),
    "robust.report.perturbed": ("扰动的分值:{what}。", "Points perturbed: {what}."),
    "robust.report.drivers": (
        "对排名影响最大的扰动因素:{factor}(总敏感度 {total:.2f})。",
        "The perturbation that moves the ranking most: {factor} (total-order index {total:.2f}).",
    ),
    "robust.report.col_interval": ("名次区间", "rank interval"),
    "robust.cli.help": (
        "排名稳健性:扰动分值后的名次区间、等次概率和敏感度",
        "how robust the ranking is: rank intervals, grade chances",
    ),
    "robust.cli.vary": (
        "扰动一个指标的分值:编号=下限:上限,或 编号=±20%;可重复",
        "vary a node's points: ID=LOW:HIGH or ID=±20%; repeatable",
    ),
    "robust.cli.dirichlet": (
        "按狄利克雷分布重新分配一个指标下的分值:编号[=集中度];用 total 表示评价层面",
        "re-split a node's points by a Dirichlet draw: ID[=CONCENTRATION]; 'total' for the "
        "top tier",
    ),
    "robust.cli.missing": (
        "缺少(单位,指标)数据时的处理:error 停止并列出(默认)、zero 计 0 分",
        "a missing (unit, sub-indicator) pair: error stops and lists it (default), zero scores 0",
    ),
    "robust.cli.samples": ("扰动组数(默认 1000)", "number of point sets (default 1000)"),
    "robust.cli.seed": ("随机种子(默认 0)", "random seed (default 0)"),
    "robust.cli.sensitivity": ("同时计算敏感度指数", "also compute Sobol sensitivity indices"),
    "robust.cli.out": (
        "把结果表写入文件(.csv 或 .json)",
        "write the table to a file (.csv or .json)",
    ),
    "robust.cli.bad_vary": (
        "无法识别的扰动设置 {value!r}:{why}",
        "cannot read the setting {value!r}: {why}",
    ),
    "robust.cli.summary": (
        "{samples}组扰动分值,{units}个单位;名次区间平均宽度 {width:.1f} 名",
        "{samples} point sets, {units} units; mean width of the rank interval {width:.1f}",
    ),
    # -- the command line: help texts (cli.<command>.<option>) ------------------------------
    "cli.description": (
        "政府绩效考评指标体系:方案、数据、评分、报告。",
        "Government performance indicator systems: schemes, data, scores, reports.",
    ),
    "cli.epilog": (
        "默认使用中文;英文请加 --lang en(放在子命令前后均可)或设置环境变量 GOVPERF_LANG=en,"
        "两者都给出时以 --lang 为准。运行 govperf 命令 -h 查看各命令的用法。",
        "Chinese by default; for English add --lang en (before or after the command) or set "
        "GOVPERF_LANG=en; --lang wins when both are given. Run govperf COMMAND -h for a "
        "command's options.",
    ),
    "cli.commands": ("命令", "commands"),
    "cli.opt.help": ("显示本帮助并退出", "show this help message and exit"),
    "cli.opt.version": ("显示版本号并退出", "show the version number and exit"),
    "cli.opt.lang": (
        "帮助、提示和输出的语言:zh(默认)或 en;也可用环境变量 GOVPERF_LANG 设置",
        "language of help, messages and output: zh (default) or en; also set by the "
        "environment variable GOVPERF_LANG",
    ),
    "cli.opt.force": (
        "替换已存在的输出文件或文件夹(否则拒绝写入)",
        "replace an existing output file or folder (refused otherwise)",
    ),
    "cli.opt.scheme": ("方案文件,或内置方案名", "scheme file or bundled scheme name"),
    "cli.opt.data": (
        "年度数据:一个文件夹、一个 .xlsx 或一个 .json 文件",
        "the year's data: a folder of files, an .xlsx or a .json",
    ),
    "cli.opt.params": (
        "年度参数:YAML 文件,按规则或节点编号给出参数的值,合并到方案的参数中(如本年度的等次比例)",
        "the year's parameters: a YAML file of parameter values by rule or node id, "
        "merged into the scheme's (e.g. a quota's share for this year)",
    ),
    "cli.opt.missing": (
        "缺少(单位,指标)数据时的处理:error 停止并列出(默认)、zero 计 0 分、"
        "redistribute 在上级指标内按比例重新分配分值",
        "what to do with missing (unit, sub-indicator) data: error stops with a list "
        "(default), zero scores 0, redistribute shares the weight within the parent",
    ),
    "cli.validate.help": ("检查方案文件,列出全部问题", "check scheme files and list every problem"),
    "cli.validate.sources": (
        "方案文件,或内置方案名(如 xicheng_2013)",
        "scheme files, or names of bundled schemes (e.g. xicheng_2013)",
    ),
    "cli.show.help": (
        "显示方案的指标树、分值、权重和规则",
        "show a scheme's tree, points, weights and rules",
    ),
    "cli.show.source": ("方案文件,或内置方案名", "a scheme file, or the name of a bundled scheme"),
    "cli.schema.help": (
        "输出方案文件格式的 JSON Schema(供编辑器校验)",
        "print the JSON Schema of scheme files",
    ),
    "cli.schema.output": (
        "把 JSON Schema 写入该文件,而不是标准输出",
        "write the schema to FILE instead of stdout",
    ),
    "cli.template.help": (
        "为每个考评主体生成空白数据文件",
        "write blank data files for every assessor",
    ),
    "cli.template.output": (
        "一个文件夹(CSV 文件,或 --format xlsx 时每个考评主体一个工作簿),"
        "或以 .xlsx 结尾的单个工作簿",
        "a folder (CSV files, or with --format xlsx one workbook per assessor), "
        "or one workbook ending in .xlsx",
    ),
    "cli.template.units": (
        "单位名单文件(unit、name,可有 group),用于预填各行",
        "a units file (unit, name[, group]) to prefill rows",
    ),
    "cli.template.format": (
        "csv(一个文件夹)或 xlsx(文件夹中每个考评主体一个工作簿,或 -o 所指的一个工作簿);"
        "默认 -o 以 .xlsx 结尾时为 xlsx,否则为 csv",
        "csv (a folder of files) or xlsx (one workbook per assessor in a folder, or the one "
        "workbook -o names); by default .xlsx in -o means xlsx, a folder csv",
    ),
    "cli.check.help": (
        "列出缺少、超出范围和无法识别的数据",
        "list missing, out-of-range and unknown data",
    ),
    "cli.score.help": ("对年度数据评分并排名", "score a year's data and rank the units"),
    "cli.score.format": (
        "table、json、csv 或 xlsx;默认由 -o 的扩展名决定(.txt .json .csv .xlsx),"
        "没有 -o 时为 table;table、json 和 csv 可输出到标准输出",
        "table, json, csv or xlsx; by default the extension of -o decides "
        "(.txt .json .csv .xlsx), else table; table, json and csv can go to stdout",
    ),
    "cli.score.output": (
        "写入该文件(.txt .json .csv .xlsx)",
        "write to this file (.txt .json .csv .xlsx)",
    ),
    "cli.explain.help": ("说明一个单位的每一个数字", "explain every number of one unit"),
    "cli.explain.unit": ("单位编号或单位名称", "the unit id or name"),
    "cli.explain.json": ("以 JSON 输出完整的计算过程", "the structured trail as JSON"),
    "cli.report.help": (
        "生成各单位反馈报告和结果汇总",
        "write feedback reports and the summary",
    ),
    "cli.audit.help": ("核验或列出申诉的审计日志", "verify or show an audit log of appeals"),
    "cli.audit.verify": (
        "核验哈希链:有记录被修改、删除或调换时返回 1,并指出第一条",
        "check the hash chain: exit 1 naming the first edited, deleted or moved entry",
    ),
    "cli.audit.log": ("审计日志(JSON Lines)", "the audit log (JSON lines)"),
    "cli.audit.head": (
        "另处记录的末条哈希值(会议纪要、重新计分的结果文件):日志必须止于此,可发现末尾被删除的记录",
        "the head recorded elsewhere (minutes, a re-scored results file): the log "
        "must end there, which also catches entries removed from the end",
    ),
    "cli.audit.show": ("列出完好日志中的记录", "list the entries of an intact log"),
    "cli.audit.json": ("以 JSON 数组输出记录", "the entries as a JSON array"),
    "cli.audit.results": (
        "并核对一个复核后的结果文件(appeal apply -o)是否就是日志所记的那一个",
        "also check that a re-scored results file (appeal apply -o) is the one the log records",
    ),
    # -- the command line: argparse's own words ---------------------------------------------
    "cli.argparse.usage": ("用法:", "usage: "),
    "cli.argparse.positionals": ("位置参数", "positional arguments"),
    "cli.argparse.options": ("选项", "options"),
    "cli.argparse.error": ("{prog}: 错误:{message}\n", "{prog}: error: {message}\n"),
    "cli.argparse.argument": ("参数 {argument}:{message}", "argument {argument}: {message}"),
    "cli.argparse.required": (
        "缺少必需的参数:{names}",
        "the following arguments are required: {names}",
    ),
    "cli.argparse.invalid_choice": (
        "无效的选择:{value}(可选:{choices})",
        "invalid choice: {value} (choose from {choices})",
    ),
    "cli.argparse.invalid_value": ("无效的 {type} 值:{value}", "invalid {type} value: {value}"),
    "cli.argparse.unrecognized": ("无法识别的参数:{args}", "unrecognized arguments: {args}"),
    "cli.argparse.expected_one": ("需要一个值", "expected one argument"),
    "cli.argparse.expected_at_most_one": ("最多一个值", "expected at most one argument"),
    "cli.argparse.expected_at_least_one": ("至少需要一个值", "expected at least one argument"),
    "cli.argparse.expected_n": ("需要 {n} 个值", "expected {n} argument(s)"),
    "cli.argparse.ambiguous": (
        "选项 {option} 有歧义,可能是:{matches}",
        "ambiguous option: {option} could match {matches}",
    ),
    "cli.argparse.not_allowed": (
        "不能与参数 {other} 同时使用",
        "not allowed with argument {other}",
    ),
    "cli.argparse.one_required": (
        "参数 {names} 必须给出一个",
        "one of the arguments {names} is required",
    ),
    "cli.argparse.ignored": ("多余的值 {value} 被忽略", "ignored explicit argument {value}"),
    "cli.bad_env": (
        "环境变量 GOVPERF_LANG={value} 无法识别;应为 zh 或 en",
        "the environment variable GOVPERF_LANG={value} is not understood; use zh or en",
    ),
    # -- the command line: messages ---------------------------------------------------------
    "cli.error": ("{prog}: 错误:{message}", "{prog}: error: {message}"),
    "cli.interrupted": ("{prog}: 已中断", "{prog}: interrupted"),
    "cli.os.ENOENT": ("没有这个文件或文件夹", "No such file or directory"),
    "cli.os.EACCES": ("没有访问权限", "Permission denied"),
    "cli.os.EPERM": ("不允许的操作", "Operation not permitted"),
    "cli.os.EISDIR": ("这是一个文件夹,不是文件", "Is a directory"),
    "cli.os.ENOTDIR": ("路径中有一项不是文件夹", "Not a directory"),
    "cli.os.ENOSPC": ("磁盘空间不足", "No space left on device"),
    "cli.os.EROFS": ("只读文件系统", "Read-only file system"),
    "cli.valid": ("{source}:有效({summary})", "{source}: valid ({summary})"),
    "cli.valid_summary": ("{counts},总分 {points}", "{counts}, {points} points"),
    "cli.tier_count": ("{n} 个{tier}", "{n} {tier}"),
    "cli.no_unit": (
        "{data} 中没有单位 {unit}{hint}",
        "no unit {unit} in {data}{hint}",
    ),
    "cli.did_you_mean": (";是否要找:{names}?", "; did you mean {names}?"),
    "cli.ambiguous_unit": (
        "名称 {unit} 对应多个单位:{ids};请改用单位编号",
        "the name {unit} fits several units: {ids}; give the unit id",
    ),
    "cli.check_complete": (
        "{data}:数据齐全,所有数值都在范围内,可以评分",
        "{data}: complete, every value in range; ready to score",
    ),
    "cli.check_missing": (
        "缺少数据:共 {n} 个(单位,{leaf})项,按考评主体列出",
        "missing data: {n} (unit, {leaf}) pairs, by assessor",
    ),
    "cli.check_node": ("{node}:{n} 个单位:{units}", "{node}: {n} unit(s): {units}"),
    "cli.check_others": ("其他问题 {n} 个", "{n} other problems"),
    "cli.check_other": ("其他问题 1 个", "1 other problem"),
    "cli.check_no_assessor": ("(未指定考评主体)", "(no assessor named)"),
    # -- problems (govperf.exceptions): the count and the rest ------------------------------
    "problem.did_you_mean": (";是否要找:{names}?", "; did you mean {names}?"),
    "problem.what.sub-indicator": ("指标", "sub-indicator"),
    "problem.what.rule": ("规则", "rule"),
    "problem.what.category": ("类别", "category"),
    "problem.what.direction": ("方向", "direction"),
    "problem.what.trigger": ("否决事由", "trigger"),
    "problem.what.type": ("类型", "type"),
    "problem.read.no_files": (
        "文件夹中没有 .csv、.xlsx、.xls、.et 或 .json 文件{besides}",
        "the folder has no .csv, .xlsx, .xls, .et or .json files{besides}",
    ),
    "problem.read.besides_notes": (
        "(说明文件除外)",
        " besides notes",
    ),
    "problem.read.outside_link": (
        "该文件是指向数据文件夹以外文件的链接,已拒绝(不跟随离开文件夹的链接:请把文件复制进来)",
        "the file is a link to a file outside the data folder; refused (l"
        "inks that leave the folder are never followed: copy the file in)",
    ),
    "problem.read.give_folder": (
        "请给出一个文件夹、一个工作簿(.xlsx、.xls、.et)或一个 .json 文件",
        "give a folder of files, one workbook (.xlsx, .xls, .et) or one .json file",
    ),
    "problem.read.not_found": (
        "没有这个文件或文件夹",
        "no such file or folder",
    ),
    "problem.read.empty_book": (
        "工作簿是空的(每个工作表都是空白)",
        "the workbook is empty (every sheet is blank)",
    ),
    "problem.read.cannot_read": (
        "无法读取该文件:{why}",
        "cannot read the file: {why}",
    ),
    "problem.read.two_columns": (
        "有两列都表示 {column!r}(表头 {header!r} 与之重复)",
        "two columns stand for {column!r} (header {header!r} repeats it)",
    ),
    "problem.read.unknown_columns": (
        "{kind}表中有无法识别的列 {columns}{hint}(可用:{allowed};中文表头见数据格式说明)",
        "unknown columns {columns} in a {kind} table{hint} (allowed: {allowed};"
        " Chinese headers: see the input format reference)",
    ),
    "problem.read.lacks_columns": (
        "{kind}表缺少列 {columns}",
        "the {kind} table lacks the columns {columns}",
    ),
    "problem.kind.units": (
        "单位",
        "units",
    ),
    "problem.kind.splits": (
        "分值分配",
        "splits",
    ),
    "problem.kind.records": (
        "记录",
        "records",
    ),
    "problem.kind.events": (
        "事项",
        "events",
    ),
    "problem.read.no_units": (
        "没有单位名单:请提供 units.csv、名为 units 的工作表,"
        "或 JSON 文件中的 units(列:unit、name,可有 group)",
        "no units table: give units.csv, a sheet named 'units' or the "
        "'units' of a JSON file (columns unit, name, optional group)",
    ),
    "problem.read.many_units": (
        "单位名单不止一份:{tables}(只能有一份)",
        "more than one units table: {tables} (give exactly one)",
    ),
    "problem.read.units_empty": (
        "单位名单没有任何行(请列出每个参评单位)",
        "the units table has no rows (list every unit evaluated)",
    ),
    "problem.read.empty_cells": (
        "{columns} 为空",
        "empty {columns}",
    ),
    "problem.read.unit_id": (
        "单位编号不符合规则:{why}",
        "the unit id {why}",
    ),
    "problem.read.unit_name": (
        "单位名称不符合规则:{why}",
        "the unit name {why}",
    ),
    "problem.read.unit_twice": (
        "单位 {unit!r} 重复列出:此处和 {before}",
        "unit {unit!r} is listed twice: here and at {before}",
    ),
    "problem.read.unit_empty": (
        "unit 单元格为空",
        "the unit cell is empty",
    ),
    "problem.read.unknown_unit": (
        "无法识别的单位 {unit!r}(不在单位名单中){hint}",
        "unknown unit {unit!r} (not in the units table){hint}",
    ),
    "problem.read.row_empty_cells": (
        "{label}:{columns} 为空(该行其他值已填写)",
        "{label}: empty cells in {columns} (the row's other values are filled)",
    ),
    "problem.read.not_submitted": (
        "{missing}:未提交(模板中的这一行是空的)",
        "{missing}: not submitted (the template row is empty)",
    ),
    "problem.read.unknown_column": (
        "{kind}表中有无法识别的列 {columns}{hint}(可用:{allowed};中文表头见数据格式说明)",
        "unknown column {columns} in a {kind} table{hint} (allowed: {allowed}; Chinese headers: "
        "see the input format reference)",
    ),
    "problem.read.lacks_column": (
        "{kind}表缺少列 {columns}",
        "the {kind} table lacks the column {columns}",
    ),
    "problem.read.row_empty_cell": (
        "{label}:{columns} 为空(该行其他值已填写)",
        "{label}: empty cell in {columns} (the row's other values are filled)",
    ),
    "problem.missing.no_data": (
        "单位 {unit}({name})缺少 {node} 的数据(考评主体:{assessors})",
        "no data for unit {unit} ({name}) on {node} (assessors: {assessors})",
    ),
    "problem.missing.no_carry": (
        "单位 {unit}({name})缺少 {node} 的数据,也没有给定沿用分值",
        "no data and no carried value for unit {unit} ({name}) on {node}",
    ),
    "problem.missing.carry_range": (
        "单位 {unit}({name})在 {node} 上的沿用分值 {value} 超出 [0, {max}]",
        "the carried value {value} for unit {unit} ({name}) on {node} is outside [0, {max}]",
    ),
    "problem.read.in": ("{label}:", "{label}: "),
    "problem.read.shared_name": (
        "{head}{what} {text!r} 是多个编号共用的名称({ids});请改填编号",
        "{head}{what} {text!r} names several ids ({ids}); give the id",
    ),
    "problem.read.unknown_word": (
        "{head}无法识别的{what} {text!r}{hint}(可用:{known})",
        "{head}unknown {what} {text!r}{hint} (known: {known})",
    ),
    "problem.read.empty_key": ("{column} 单元格为空", "the {column} cell is empty"),
    "problem.read.unknown_id": (
        "无法识别的{what} {text!r}(可用:{known})",
        "unknown {what} {text!r} (known: {known})",
    ),
    "problems.header": ("{n} 个问题", "{n} problems"),
    "problems.header_one": ("1 个问题", "1 problem"),
    "problems.header_in": ("{source} 中有 {n} 个问题", "{n} problems in {source}"),
    "problems.header_one_in": ("{source} 中有 1 个问题", "1 problem in {source}"),
    # msgs9: data-check messages of the scoring engine (binding and checks)
    "problem.score.records_unknown": (
        "记录所属的 {id!r} 不是方案 {scheme} 的指标",
        "records for {id!r}, which is not a sub-indicator of scheme {scheme}",
    ),
    "problem.score.events_unknown": (
        "事件所属的 {id!r} 不是方案 {scheme} 的规则",
        "events for {id!r}, which is not a rule of scheme {scheme}",
    ),
    "problem.score.no_pools": (
        "数据给出了分值分配(splits),但方案 {scheme} 没有待分配的分值",
        "the data gives splits, but scheme {scheme} pools no points",
    ),
    "problem.score.records_of": ("{node} 的记录", "records of {node}"),
    "problem.score.events_of": ("规则 {rule} 的事件", "events of rule {rule}"),
    "problem.score.duplicate_row": (
        "{what}:单位 {unit}({name})有不止一行(第一行在 {first})",
        "{what}: unit {unit} ({name}) has more than one row (first at {first})",
    ),
    "problem.score.leaf_check": (
        "{node},单位 {unit}({name}):{message}",
        "{node}, unit {unit} ({name}): {message}",
    ),
    "problem.score.rule_check": (
        "规则 {rule},单位 {unit}({name}):{message}",
        "rule {rule}, unit {unit} ({name}): {message}",
    ),
    "problem.score.unknown_unit_ref": (
        "规则 {rule} 指定的单位 {id!r} 不在数据的单位之中",
        "rule {rule} names unit {id!r}, which is not among the units of the data",
    ),
    "problem.score.unknown_group_ref": (
        "规则 {rule} 指定的单位分组 {id!r} 在数据中没有任何单位",
        "rule {rule} names unit group {id!r}, which no unit of the data belongs to",
    ),
    "problem.score.carry_unknown": (
        "沿用策略指定的 {id!r} 不是方案 {scheme} 的指标",
        "the carry policy names {id!r}, which is not a sub-indicator of scheme {scheme}",
    ),
    "problem.score.out_of_range": (
        "{node},单位 {unit}({name}):评分方法 {kind} 给出 {points} 分,超出 [0, {max}]",
        "{node}, unit {unit} ({name}): the evaluator {kind} gave {points} points, "
        "outside [0, {max}]",
    ),
    "problem.bind.none": ("无", "none"),
    "problem.bind.lacks_column": (
        "记录缺少列 {col!r}(必需:{required})",
        "records lack the column {col!r} (required: {required})",
    ),
    "problem.bind.unknown_column": (
        "无法识别的列 {col!r}(可用:{allowed})",
        "unknown column {col!r} (allowed: {allowed})",
    ),
    "problem.bind.not_number": (
        "{what}:{col} {value} 不是数字",
        "{what}: {col} {value} is not a number",
    ),
    "problem.bind.not_finite": (
        "{what}:{col} {value} 不是有限数",
        "{what}: {col} {value} is not a finite number",
    ),
    "problem.bind.shape": (
        "没有 'unit' 列的记录须每个单位一行(共 {n} 个单位),实际为 {rows} 行",
        "records without a 'unit' column must have one row per unit ({n}), got {rows}",
    ),
    "problem.bind.unknown_unit": ("{what}:无法识别的单位 {unit}", "{what}: unknown unit {unit}"),
    "problem.check.missing": ("{name} 缺失(空白或 NaN)", "{name} is missing (empty or NaN)"),
    "problem.check.below": ("{name} {value} 低于 {low}", "{name} {value} is below {low}"),
    "problem.check.above": (
        "{name} {value} 高于最大值 {max}",
        "{name} {value} is above the maximum {max}",
    ),
    "problem.check.twice": (
        "{what} {value} 对本单位给出了两次",
        "{what} {value} is given twice for this unit",
    ),
    "problem.bind.unknown_unit_at": (
        "{what}:位置 {pos} 上的单位无法识别",
        "{what}: unknown unit at position {pos}",
    ),
}
"""Every label, by key: ``(Chinese, English)``."""


def check_lang(lang: str) -> Lang:
    """``lang`` itself when it is ``"zh"`` or ``"en"``; :class:`ValueError` otherwise."""
    if lang == "zh":
        return "zh"
    if lang == "en":
        return "en"
    raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")


def label(key: str, lang: str = "zh", **values: object) -> str:
    """The label ``key`` in ``lang``, with its ``{placeholders}`` filled from ``values``.

    :class:`KeyError` names an unknown key, :class:`ValueError` an unknown language.
    """
    zh, en = LABELS[key]
    text = zh if check_lang(lang) == "zh" else en
    return text.format(**values) if values else text


_NOT_WORD = re.compile(r"[^0-9a-z]+")


def snake(text: str) -> str:
    """An English name as a column name: ``"sub-indicator"`` → ``"sub_indicator"``."""
    return _NOT_WORD.sub("_", text.lower()).strip("_") or "node"
