"""The fixed wording of reports, rule pages, diagram legends and planner reports, en and zh.

Plain data: :mod:`topology.vocab` (``phrase``) is the API over it.
"""

from __future__ import annotations

#: area → key → (English, Chinese): the fixed wording of the reports, rule pages and legends.
PHRASES: dict[str, dict[str, tuple[str, str]]] = {
    "report": {
        "title": ("wxtopo report", "wxtopo 报告"), "document": ("document", "文档"), "valid": ("valid", "有效"),
        "errors": ("errors", "错误"), "warnings": ("warnings", "警告"), "info": ("info", "提示"),
        "suppressed": ("suppressed", "已抑制"), "yes": ("yes", "是"), "no": ("no", "否"), "rule": ("rule", "规则"),
        "severity": ("severity", "级别"), "message": ("message", "说明"), "location": ("location", "位置"),
        "pointer": ("pointer", "指针"), "document_errors": ("Document errors", "文档错误"),
        "no_account": ("(document)", "（文档）"), "clean": ("No findings.", "没有发现问题。"),
        "summary": ("{status}: {e}, {w}, {i} ({s} suppressed) in {a}, {l}",
                    "{status}：{e}，{w}，{i}（已抑制 {s} 条），共 {a}、{l}"),
        "fails": ("; exit 1: {n} at or above --fail-on {level}", "；退出码 1：{n}达到 --fail-on {level}"),
        "unreadable": ("{doc} cannot be read", "{doc} 无法读取"),
        "document_error_title": ("wxtopo document error", "wxtopo 文档错误"),
        "more_annotations": ("wxtopo: {n} more {level} annotations not shown; see the full report",
                             "wxtopo：另有 {n} 条 {level} 注释未显示；请查看完整报告"),
        "fails_markdown": ("{doc} is valid but fails the run (exit 1): {n} at or above `--fail-on {level}`.",
                           "{doc} 有效，但本次运行失败（退出码 1）：{n}达到 `--fail-on {level}`。"),
        "related": ("related: {ids}", "相关账号：{ids}"), "related_more": ("{ids} and {n} more", "{ids}，另有 {n} 个"),
        "rule_off": ("off in ruleset {ruleset} ({params} = null)", "规则集 {ruleset} 中已关闭（{params} = null）"),
    },
    "page": {
        "checks": ("What it checks", "检查内容"), "why": ("Why it matters", "为何重要"),
        "seed": ("Seed sentence", "依据原文"), "params": ("Parameters ({name} ruleset)", "参数（{name} 规则集）"),
        "values": ("values from", "参数取自"), "source": ("source", "来源"), "history": ("history", "沿革"),
        "example": ("Failing example", "违规示例"), "use_instead": ("Use instead", "改为"),
        "limits": ("Known limits", "已知局限"), "fix": ("Fix", "修复方法"), "none": ("none", "无"),
        "id": ("ID", "编号"), "name": ("name", "名称"), "severity": ("severity", "级别"), "title": ("title", "标题"),
        "off": ("off", "关闭"), "with": ("with", "参数"), "tool": ("none (a tool rule)", "无（工具规则）"),
        "secondary": ("none: the seed document does not state this limit; its values come from the sources "
                      "of the rulesets (below)",
                      "无：种子文档没有说明这一限制；其数值来自规则集所列的来源（见下文）"),
        "gloss": ("", "English: "),
        "baseline": ("Against the previous document (--previous)", "对照上一版文档（--previous）"),
        "suppressions": ("With the suppressions file (--suppressions)", "配合抑制文件（--suppressions）"),
        "more": ("wxtopo rules ID  explains one rule.", "wxtopo rules 编号  查看单条规则的说明。"),
        "zh_section": ("Chinese", "中文"),  # the heading of the Chinese part of a generated page
    },
    "diagram": {
        "legend": ("Legend", "图例"), "undefined": ("undefined id", "未定义的 id"),
        "no_subject": ("no subject", "无主体"), "pending": (" (pending)", "（待确认）"),
        "inactive": (" (rejected or unlinked)", "（已拒绝或已解除）"),
        "edge_mini_program": ("links mini-program (same subject)", "关联小程序（同主体）"),
        "edge_mini_program_cross": ("links mini-program (other subject)", "关联小程序（不同主体）"),
        "edge_admin": ("administers", "管理"), "edge_member": ("member of", "成员"),
        "edge_promotes": ("promotes", "引流"), "edge_primary": ("auxiliary of", "辅助账号"),
        "legend_added": ("added (only in NEW)", "新增（仅在新版本）"),
        "legend_removed": ("removed (only in OLD)", "已删除（仅在旧版本）"),
        "legend_changed": ("changed (fields in the tooltip)", "已更改（字段见提示）"),
        "legend_new_error": ("new error finding", "新出现的错误"),
        "legend_pending": ("pending link", "待确认的关联"),
        "legend_inactive": ("rejected or unlinked link", "已拒绝或已解除的关联"),
        "legend_error": ("error finding (double outline)", "错误（双线轮廓）"),
        "legend_error_solid": ("error finding (thick solid outline)", "错误（粗实线轮廓）"),
        "legend_warning": ("warning finding (thick dashed outline)", "警告（粗虚线轮廓）"),
        "legend_badge": ("its findings: row [N] of the table", "其发现：见表中 [N] 行"),
        "findings": ("Findings", "发现"), "col_number": ("No.", "编号"), "col_rule": ("rule", "规则"),
        "col_message": ("message", "说明"),
        "more_rows": ("and {n} more (every finding is in the report)", "另有 {n} 条（完整列表见报告）"),
    },
}

PHRASES["ruleset"] = {  # `wxtopo ruleset show` (text and Markdown)
    "head": ("ruleset {name}", "规则集 {name}"), "in_force": (" (values in force on {day})", "（{day} 生效的数值）"),
    "retrieved": (", retrieved {day}", "，检索于 {day}"), "quote": ("quote", "原文"), "note": ("note", "说明"),
    "start": ("start", "起初"), "on_day": ("{used} on {day} (now {now})", "{used}（{day} 时；现为 {now}）"),
    "title": ("Ruleset `{name}`", "规则集 `{name}`"), "values_on": ("Values in force on {day}.", "{day} 生效的数值。"),
    "columns": ("| parameter | value | confidence | source | history |", "| 参数 | 取值 | 可信度 | 来源 | 沿革 |"),
    "notes": ("Notes:", "说明："), "from_day": ("{text} from {day}", "{day} 起为 {text}"), "sep": (", ", "、"),
    "value_from": (" from {day}", "自 {day} 起"), "value_from_start": (" from the start", "起初"),
    "did_you_mean": ("; did you mean {close!r}?", "；是否应为 {close!r}？"),
}

PHRASES["punct"] = {  # the punctuation around words, which differs between the languages
    "paren": ("{text} ({inner})", "{text}（{inner}）"), "label": ("{label}: {text}", "{label}：{text}"),
    "clauses": ("; ", "；"), "comma": (", ", "，"),
}

PHRASES["reorder"] = {  # `wxtopo plan --reorder`: why the order is what it is
    "given": ("the given order already keeps every cap", "原顺序已满足所有关联上限"),
    "search": ("removals first, then the other changes where they fit ({n} states checked)",
               "先解除关联，再在不超限的位置执行其余变更（检查了 {n} 个状态）"),
    "final": ("no order exists: the final state exceeds a cap whatever the order ({caps})",
              "不存在可行顺序：无论顺序如何，最终状态都超过上限（{caps}）"),
    "dead": ("no order exists: after {after}, every change that may go next exceeds a cap: {blocked}",
             "不存在可行顺序：执行 {after} 之后，每个可以接着执行的变更都会超过上限：{blocked}"),
    "budget": ("no order found: gave up after checking {n} states", "未找到可行顺序：检查 {n} 个状态后放弃"),
    "start": ("the start", "起点"),
}

PHRASES["change"] = {  # one change of a changes file in a line; English writes the file's own tokens
    "link": ("link", "关联"), "unlink": ("unlink", "解除关联"), "add_account": ("add_account", "添加账号"),
    "remove_account": ("remove_account", "删除账号"), "on": ("{text} on {day}", "{text}，{day} 生效"),
}

PHRASES["diff_summary"] = {  # the caption of a diff diagram
    "subjects": ("subjects", "主体"), "accounts": ("accounts", "账号"), "links": ("links", "关联"),
    "sep": (", ", "，"), "tail_sep": ("; ", "；"), "errors": ("{n} new error", "新错误 {n} 个"),
    "errors_n": ("{n} new errors", "新错误 {n} 个"), "fixed": ("{n} finding fixed", "修复发现 {n} 个"),
    "fixed_n": ("{n} findings fixed", "修复发现 {n} 个"), "same": ("no changes", "无变化"),
}

PHRASES["diff"] = {  # `wxtopo diff` reports (text and Markdown)
    "title": ("wxtopo diff", "wxtopo 差异"), "findings": ("findings", "发现"),
    "introduced": ("introduced", "新出现"), "worsened": ("worsened", "加重"), "eased": ("eased", "缓解"),
    "fixed": ("fixed", "已修复"), "gone": ("gone with the account", "随账号一并删除"),
    "unchanged": ("unchanged", "未变"), "type_changed": ("type changed", "类型被更改"),
    "no_changes": ("no change", "无变化"), "change": ("change", "变化"), "id": ("id", "id"),
    "type": ("type", "类型"), "kind": ("kind", "种类"), "name": ("name", "名称"), "details": ("details", "详情"),
    "source": ("source", "源"), "target": ("target", "目标"), "linked_on": ("linked on", "关联日期"),
    "rule": ("rule", "规则"), "severity": ("severity", "级别"), "account": ("account", "账号"),
    "message": ("message", "说明"), "document": ("(document)", "（文档）"), "old": ("old", "旧"),
    "was": ("was {n}", "原为 {n}"),
    "subjects": ("subjects", "主体"), "accounts": ("accounts", "账号"), "links": ("links", "关联"),
    "h_subjects": ("Subjects", "主体"), "h_accounts": ("Accounts", "账号"), "h_links": ("Links", "关联"),
    "h_introduced": ("Findings introduced", "新出现的发现"), "h_worsened": ("Findings worsened", "加重的发现"),
    "h_eased": ("Findings eased", "缓解的发现"), "h_fixed": ("Findings fixed", "已修复的发现"),
    "h_gone": ("Findings gone with their account", "随账号一并删除的发现"),
    "result_bad": ("{what}: exit 1", "{what}：退出码 1"),
    "new_errors": ("{n}", "新出现 {n}"), "worse_errors": ("{n}", "{n}加重"),
    "result_ok": ("no new error", "没有新错误"),
    "identical": ("The documents are the same: nothing added, removed or changed; no finding introduced or fixed.",
                  "两份文档相同：没有新增、删除或更改，也没有新出现或修复的发现。"),
    "sep": (", ", "，"), "colon": (": ", "："),
}

PHRASES["plan"] = {  # `wxtopo plan` reports (text and Markdown)
    "title": ("wxtopo plan", "wxtopo 变更计划"),
    "plan": ("Plan: {nc} to {doc} from {changes}", "计划：对 {doc} 执行 {changes} 中的 {nc}"),
    "ruleset": ("ruleset {name}, as of {as_of}", "规则集 {name}，评估日期 {as_of}"),
    "initial": ("Initial state: {ne}", "初始状态：{ne}"),
    "initial_note": (" (present before any change; not blamed on a step)", "（变更前已存在，不归咎于任何一步）"),
    "errors_after": ("{ne} after", "之后 {ne}"),
    "first": ("First breaking step: #{i} {summary}", "第一个出错的步骤：#{i} {summary}"),
    "none": ("No step introduces an error.", "没有任何一步引入错误。"),
    "fixed": ("fixed", "已修复"), "eased": ("eased", "已缓解"), "was": ("was {n}", "原为 {n}"),
    "gone": ("gone with the account", "随账号一并删除"),
    "reorder": ("Reorder", "重新排序"),
    "found": ("Found an order in which no step exceeds a cap (WX101-WX103): {why}.",
              "找到一个每一步都不超过关联上限（WX101-WX103）的顺序：{why}。"),
    "not_found": ("Result: {why}.", "结果：{why}。"),
    "then_breaks": ("In this order, step #{i} still breaks: {what}", "按此顺序，第 #{i} 步仍会出错：{what}"),
    "then_ok": ("In this order, no step introduces an error.", "按此顺序，没有任何一步引入错误。"),
    "order": ("Order", "顺序"), "step": ("#", "#"), "change": ("change", "变更"), "result": ("result", "结果"),
    "introduced": ("introduced", "引入"), "errors": ("errors after", "之后错误数"),
    "final": ("Final state: {ne}", "最终状态：{ne}"), "removed": ("removes {nl}", "移除 {nl}"),
    "sep": (", ", "，"), "colon": (": ", "："),
}

PHRASES["repair"] = {  # `wxtopo repair` reports
    "clean": ("{doc}: nothing to drop: no mini_program link breaks WX101-WX103",
              "{doc}：无需解除：没有小程序关联违反 WX101-WX103"),
    "drop": ("{doc}: drop {n} of {units} mini_program link pairs to clear WX101-WX103; "
             "kept priority {kept}, dropped priority {dropped} (optimal)",
             "{doc}：解除 {n} 对（共 {units} 对）小程序关联即可消除 WX101-WX103；"
             "保留优先级 {kept}，解除优先级 {dropped}（最优）"),
    "infeasible": ("{doc}: cannot repair: pinned links alone exceed {caps}; nothing was dropped",
                   "{doc}：无法修复：仅固定的关联就超出 {caps}；未解除任何关联"),
    "ruleset": ("ruleset {rs} on {day}", "规则集 {rs}，{day}"),
    "priority": ("priority", "优先级"), "pinned": ("pinned", "固定"),
    "pinned_reason": ("counting pinned links only: ", "仅计固定的关联："),
}

PHRASES["headroom"] = {  # `wxtopo headroom` tables
    "account": ("account", "账号"), "name": ("name", "名称"), "type": ("type", "类型"), "cap": ("cap", "上限项"),
    "rule": ("rule", "规则"), "used": ("used", "已用"), "limit": ("limit", "上限"), "free": ("free", "剩余"),
    "linked": ("linked", "已关联"), "off": ("off", "不限"), "unlimited": ("∞", "∞"),
    "more": ("… (+{n})", "…（另 {n} 个）"), "none": ("no rows", "没有可列出的上限"),
    "head": ("{doc}: headroom under ruleset {rs} on {day}", "{doc}：规则集 {rs} 在 {day} 的关联余量"),
    "summary": ("{rows} caps: {over} over, {full} full, {unlimited} unlimited",
                "共 {rows} 项上限：{over} 项超出，{full} 项已满，{unlimited} 项不限"),
    "same_subject": ("same-subject", "同主体小程序"), "cross_subject": ("cross-subject", "不同主体小程序"),
    "officials": ("officials", "关联公众号"),
}

PHRASES["aggregate"] = {  # `render --group-by subject`: one node per subject
    "inside": ("{links} within the subject", "主体内{links}"),
    "flow": ("{source} → {target}: {links}", "{source} → {target}：{links}"),
    "legend_width": ("line: links between subjects (wider: more)", "连线：主体间的关联（越粗越多）"),
    "legend_error": ("outline: a subject with an error finding", "外框：有错误的主体"),
    "legend_warning": ("dashed outline: a subject with a warning", "虚线外框：有警告的主体"),
}

PHRASES["html"] = {  # `wxtopo report`: the HTML page's own words (the page holds both languages)
    "title": ("wxtopo report", "wxtopo 报告"), "diff_title": ("wxtopo diff report", "wxtopo 对比报告"),
    "switch": ("Language: English (switch)", "语言：中文（切换）"), "ruleset": ("ruleset {name}, evaluated on {day}", "规则集 {name}，评估日期 {day}"),
    "pass": ("passes: no finding at or above --fail-on {level}", "通过：没有达到 --fail-on {level} 的发现"),
    "fail": ("fails: {n} at or above --fail-on {level}", "未通过：{n}达到 --fail-on {level}"),
    "never": ("passes: --fail-on never", "通过：--fail-on never"),
    "findings": ("Findings", "发现"), "all": ("all", "全部"), "family": ("family", "规则族"),
    "subject": ("subject", "主体"), "account": ("account", "账号"), "search": ("search", "搜索"),
    "shown": ("shown", "显示"), "related": ("related accounts", "相关账号"), "fix": ("fix", "修复方法"),
    "position": ("position", "位置"), "rule": ("rule", "规则"), "severity": ("severity", "级别"),
    "message": ("message", "说明"), "close": ("close", "关闭"), "diagram": ("Diagram", "关系图"),
    "zoom_in": ("zoom in", "放大"), "zoom_out": ("zoom out", "缩小"), "zoom_reset": ("reset", "复位"),
    "no_diagram": ("No diagram: {reason}", "未绘制关系图：{reason}"),
    "grouped": ("More than {n} accounts: one node per subject. Open a subject to list its accounts "
                "and, if it has findings, draw its neighbourhood.",
                "账号超过 {n} 个：每个主体画为一个节点。选择主体可列出其账号；有问题的主体还会画出其周边关系。"),
    "open_subject": ("open a subject", "选择主体"), "type": ("type", "类型"), "name": ("name", "名称"),
    "headroom": ("headroom", "关联余量"), "none": ("none", "无"), "more": ("and {n} more", "另有 {n} 个"),
    "clean": ("No findings.", "没有发现问题。"), "diff": ("Changes", "变化"), "change": ("change", "变化"),
    "introduced": ("introduced", "新增"), "worsened": ("worsened", "加重"), "eased": ("eased", "减轻"),
    "fixed": ("fixed", "已修复"), "gone": ("gone with its account", "随账号移除"), "unchanged": ("unchanged", "未变"),
    "records": ("Records", "记录"), "added": ("added", "新增"), "removed": ("removed", "已删除"),
    "changed": ("changed", "已更改"), "what": ("what", "对象"), "fields": ("fields", "字段"),
    "old_new": ("from {old} to {new}", "从 {old} 到 {new}"), "before": ("before", "之前"),
    "diff_fail": ("fails: {n} error findings introduced or worsened", "未通过：新增或加重了 {n} 条错误"),
    "diff_pass": ("passes: no error finding introduced or worsened", "通过：没有新增或加重的错误"),
    "document_errors": ("Document errors", "文档错误"),
}
PHRASES["init"] = {  # `wxtopo init`: its questions and what it says it wrote
    "ask_subject": ("Name of the subject (the company or person that owns the accounts): ",
                    "主体名称（拥有这些账号的公司或个人）："),
    "ask_kind": ("Kind of subject ({kinds}) [{default}]: ", "主体类型（{kinds}）[{default}]："),
    "wrote": ("wrote {doc}", "已写入 {doc}"),
    "wrote_schema": ("wrote {schema} (the JSON Schema {doc} names in \"$schema\", for editors)",
                     "已写入 {schema}（{doc} 的 \"$schema\" 所指的 JSON Schema，供编辑器使用）"),
    "next": ("next: wxtopo validate {doc}, then wxtopo render {doc} -o ecosystem.svg",
             "下一步：wxtopo validate {doc}，然后 wxtopo render {doc} -o ecosystem.svg"),
}
