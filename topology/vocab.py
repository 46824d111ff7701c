"""The words of the domain, in every language: one place for each term and its translation.

API: ``term(kind, key, lang)`` one word ("severity", "error", "zh") → 错误; ``count(n, noun, lang)``
"2 errors" / "2 个错误"; ``join(items, lang, kind=None)`` a list (terms translated), "none"/"无" when
empty; ``fill(template, values, lang)`` a message template, whose fields ``{n:one|many}`` (English
plural), ``{x:KIND}`` (a term of ``TERMS[KIND]``; a list is joined) and ``{x:list}`` (ids joined) turn
data into either language. ``TERMS`` and ``NOUNS`` are the tables; ``phrase(area, key, lang)`` the
fixed wording of reports, rule pages and diagram legends (``PHRASES``).

Plain data with no third-party imports, so that `wxtopo --help` and `wxtopo rules`
start without loading pydantic or NetworkX.
"""

from __future__ import annotations

ACCOUNT_TYPES: tuple[str, ...] = (
    "personal",
    "auxiliary",
    "subscription",
    "service",
    "enterprise",
    "mini_program",
)

SUBJECT_KINDS: tuple[str, ...] = (
    "individual",
    "sole_trader",
    "enterprise",
    "government",
    "media",
    "organization",
)

LINK_KINDS: tuple[str, ...] = ("mini_program", "admin", "member", "promotes")
OFFICIAL_TYPES: tuple[str, ...] = ("subscription", "service", "enterprise")
LINK_STATUSES: tuple[str, ...] = ("linked", "pending", "rejected", "unlinked")

#: Types an ``admin`` or ``promotes`` link may point at: the accounts a person opens.
OPENED_TYPES = frozenset({"subscription", "service", "enterprise", "mini_program"})

#: Allowed (source types, target types) of each link kind (SPEC §1). ``None`` as the
#: source of ``mini_program`` means "the ruleset's linkable_official_types".
LINK_ENDPOINTS: dict[str, tuple[frozenset[str] | None, frozenset[str]]] = {
    "mini_program": (None, frozenset({"mini_program"})),
    "admin": (frozenset({"personal"}), OPENED_TYPES),
    "member": (frozenset({"personal", "auxiliary"}), frozenset({"enterprise"})),
    "promotes": (frozenset(ACCOUNT_TYPES), OPENED_TYPES),
}

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
LANGS: tuple[str, ...] = ("en", "zh")

#: kind → key → (English, Chinese). Keys are the document's own tokens (types, kinds, field names).
TERMS: dict[str, dict[str, tuple[str, str]]] = {
    "severity": {"error": ("error", "错误"), "warning": ("warning", "警告"), "info": ("info", "提示")},
    "account_type": {
        "personal": ("personal account", "个人主账号"), "auxiliary": ("auxiliary account", "辅助账号"),
        "subscription": ("subscription account", "订阅号"), "service": ("service account", "服务号"),
        "enterprise": ("enterprise account", "企业号"), "mini_program": ("mini-program", "小程序"),
    },
    "subject_kind": {
        "individual": ("individual", "个人"), "sole_trader": ("sole trader", "个体工商户"),
        "enterprise": ("enterprise", "企业"), "government": ("government", "政府"), "media": ("media", "媒体"),
        "organization": ("organization", "其他组织"),
    },
    "link_kind": {"mini_program": ("mini-program", "小程序"), "admin": ("admin", "管理员"),
                  "member": ("member", "成员"), "promotes": ("promotion", "引流")},
    "link_status": {"linked": ("linked", "已关联"), "pending": ("pending", "待确认"),
                    "rejected": ("rejected", "已拒绝"), "unlinked": ("unlinked", "已解除")},
    "link_end": {"source": ("source", "起点"), "target": ("target", "终点"), "primary": ("primary", "主账号")},
    "entity": {"subject": ("subject", "主体"), "account": ("account", "账号"), "link": ("link", "关联")},
    "verdict": {"valid": ("valid", "有效"), "invalid": ("invalid", "无效"), "ok": ("ok", "正常"),
                "breaks": ("BREAKS", "出错")},
    "binding": {"phone_bound": ("phone number", "手机号"), "wechat_pay_bound": ("WeChat Pay", "微信支付"),
                "identity_bound": ("identity", "身份信息")},
    "feature": {
        "transfer": ("transfer", "转账"), "red_packet": ("red packet", "发红包"), "wechat_pay": ("WeChat Pay", "微信支付"),
        "advanced_api": ("advanced interfaces", "高级接口"), "custom_menu": ("custom menu", "自定义菜单"),
        "read_receipts": ("read receipts", "已读回执"), "recall": ("recall", "撤回"),
        "internal_apps": ("internal apps", "内部应用"), "store_jump": ("store jump", "跳转小店"),
        "version_rollback": ("version rollback", "版本回退"), "product_import": ("product import", "商品导入"),
    },
    "diff_state": {"added": ("added", "新增"), "removed": ("removed", "已删除"), "changed": ("changed", "已更改"),
                   "new_error": ("new error", "新错误")},
    "confidence": {"official": ("official", "官方"), "secondary": ("secondary", "二手来源"),
                   "unverified": ("unverified", "未核实")},
}

#: noun → (English singular, English plural, Chinese with its measure word): ``count`` writes them.
NOUNS: dict[str, tuple[str, str, str]] = {
    "error": ("error", "errors", "个错误"), "warning": ("warning", "warnings", "个警告"),
    "info": ("info", "info", "条提示"), "finding": ("finding", "findings", "条发现"),
    "document_error": ("document error", "document errors", "个文档错误"),
    "account": ("account", "accounts", "个账号"), "subject": ("subject", "subjects", "个主体"),
    "link": ("link", "links", "条关联"), "change": ("change", "changes", "项变更"),
    "mini_program": ("mini-program", "mini-programs", "个小程序"),
    "official": ("official account", "official accounts", "个公众号"),
    "link_pair": ("link pair", "link pairs", "对关联"), "cap": ("cap", "caps", "项上限"),
    "state": ("state", "states", "个状态"), "day": ("day", "days", "天"), "year": ("year", "years", "年"),
    "suppression": ("suppression", "suppressions", "条抑制项"),
}

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
    },
}

PHRASES["ruleset"] = {  # `wxtopo ruleset show` (text and Markdown)
    "head": ("ruleset {name}", "规则集 {name}"), "in_force": (" (values in force on {day})", "（{day} 生效的数值）"),
    "retrieved": (", retrieved {day}", "，检索于 {day}"), "quote": ("quote", "原文"), "note": ("note", "说明"),
    "start": ("start", "起初"), "on_day": ("{used} on {day} (now {now})", "{used}（{day} 时；现为 {now}）"),
    "title": ("Ruleset `{name}`", "规则集 `{name}`"), "values_on": ("Values in force on {day}.", "{day} 生效的数值。"),
    "columns": ("| parameter | value | confidence | source | history |", "| 参数 | 取值 | 可信度 | 来源 | 沿革 |"),
    "notes": ("Notes:", "说明："),
}

_NONE = ("none", "无")
_LIST_SEP = {"en": ", ", "zh": "、"}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


def term(kind: str, key: str, lang: str = "en") -> str:
    """One term in ``lang``; a key the table lacks is shown as it is (an id is its own word).

    >>> term("subject_kind", "enterprise", "zh"), term("severity", "info", "en")
    ('企业', 'info')
    """
    pair = TERMS[kind].get(key)
    return key if pair is None else _pick(pair, lang)


def phrase(area: str, key: str, lang: str = "en") -> str:
    """A fixed wording of a report, rule page or diagram (``PHRASES``)."""
    return _pick(PHRASES[area][key], lang)


def count(n: int, noun: str, lang: str = "en") -> str:
    """``n`` with its noun: "1 error", "2 errors", "2 个错误" (Chinese has no plural, only a measure word).

    >>> count(1, "error"), count(2, "error"), count(2, "error", "zh")
    ('1 error', '2 errors', '2 个错误')
    """
    one, many, zh = NOUNS[noun]
    return f"{n} {zh}" if lang == "zh" else f"{n} {one if n == 1 else many}"


def join(items, lang: str = "en", kind: str | None = None) -> str:
    """A list for a sentence: each item a term of ``kind`` (else as it is), "none"/"无" when empty.

    >>> join(["enterprise", "media"], "zh", "subject_kind"), join([], "en")
    ('企业、媒体', 'none')
    """
    words = [term(kind, str(i), lang) if kind else str(i) for i in items]
    return (", " if lang == "en" or not kind else _LIST_SEP[lang]).join(words) if words else _pick(_NONE, lang)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and the English word in the number it takes: never "1 errors", never "error(s)".

    >>> plural(1, "error"), plural(2, "error"), plural(0, "entry", "entries"), plural(1, "year")
    ('1 error', '2 errors', '0 entries', '1 year')
    """
    return f"{n} {word if n == 1 else (many or word + 's')}"


def fill(template: str, values: dict, lang: str = "en") -> str:
    """A message template filled in, in ``lang``. ``{n:item|items}`` writes the count with the noun in
    its number, so a message never says "1 mini-programs" (a cap of 0 makes one too many);
    ``{x:KIND}`` writes the term of ``TERMS[KIND]`` for the value (or each of a list), ``{x:list}``
    a list of ids: the check passes data, the template chooses the words.

    >>> fill("links {n:mini-program|mini-programs}; the limit is {limit}", {"n": 1, "limit": 0})
    'links 1 mini-program; the limit is 0'
    >>> fill("{n:day|days} before", {"n": 8})
    '8 days before'
    >>> fill("属于{kind:subject_kind}主体，仅限：{allowed:subject_kind}", {"kind": "media", "allowed": []}, "zh")
    '属于媒体主体，仅限：无'
    """
    if ":" not in template:  # str.format_map is C: most templates need nothing more
        return template.format_map(values)
    plain, fields = compiled(template)
    if not fields:
        return plain.format_map(values)
    extra = dict(values)
    for i, (name, one, many) in enumerate(fields):
        value = values[name]
        if many is not None:
            extra[f"_f{i}"] = f"{value} {one if value == 1 else many}"
        elif isinstance(value, (list, tuple)):
            extra[f"_f{i}"] = join(value, lang, None if one == "list" else one)
        else:
            extra[f"_f{i}"] = term(one, value, lang)
    return plain.format_map(extra)


_COMPILED: dict[str, tuple[str, list[tuple[str, str, str | None]]]] = {}


def compiled(template: str) -> tuple[str, list[tuple[str, str, str | None]]]:
    """``"{n:item|items} of {k:subject_kind}"`` → (``"{_f0} of {_f1}"``, [("n", "item", "items"),
    ("k", "subject_kind", None)]), once per template: filling stays ``str.format_map`` (C). A field
    whose spec is neither a count, a ``TERMS`` kind nor ``list`` is left to ``str.format``; the
    registry refuses such a spec in a rule's message."""
    found = _COMPILED.get(template)
    if found is None:
        import re

        fields: list[tuple[str, str, str | None]] = []

        def field(m: re.Match) -> str:
            name, spec = m.group(1), m.group(2)
            if "|" in spec:
                one, many = spec.split("|", 1)
                fields.append((name, one, many))
            elif spec in TERMS or spec == "list":
                fields.append((name, spec, None))
            else:
                return m.group(0)
            return f"{{_f{len(fields) - 1}}}"

        found = _COMPILED[template] = (re.sub(r"\{(\w+):([^{}]*)\}", field, template), fields)
    return found



# -- problems: what is wrong with an input file, in either language ---------------------------
#: A problem's key → (English, Chinese) template: a :class:`topology.errors.Problem` keeps the key and
#: its values, its ``message`` is the English text. ``{x:KIND}`` with KIND in ``FOREIGN`` is another
#: library's sentence (JSON or YAML parser, date parser, OS): English as it is, Chinese where known.
PROBLEMS: dict[str, tuple[str, str]] = {
    "stdin_closed": ("cannot read standard input: it is closed", "无法读取标准输入：它已关闭"),
    "unreadable_input": ("{option} {name} cannot be read", "{option} {name} 无法读取"),  # a usage error's head
    "cannot_read": ("cannot read {name}: {reason}", "无法读取 {name}：{code:os_error}"),
    "too_large": ("input larger than the limit of {size} (--max-input-size); nothing after it was read",
                  "输入超过 {amount} {unit:size_unit} 的上限（--max-input-size），其后的内容未读取"),
    "nul_byte": ("not a text file: NUL byte at offset {at}", "不是文本文件：偏移 {at} 处有 NUL 字节"),
    "bad_utf8": ("not valid UTF-8: byte 0x{byte} at offset {at}", "不是有效的 UTF-8：偏移 {at} 处的字节 0x{byte}"),
    "bad_encoding": ("not valid {codec}: {reason} at byte offset {at}", "不是有效的 {codec}：字节偏移 {at} 处无法解码"),
    "nul_char": ("not a text file: NUL character (U+0000)", "不是文本文件：含有 NUL 字符（U+0000）"),
    "empty": ("the document is empty", "文档为空"), "duplicate_key": ('duplicate key "{key}"', '重复的键 "{key}"'),
    "malformed_json": ("malformed JSON: {detail}", "JSON 格式错误：{detail:json_syntax}"),
    "json_too_deep": ("malformed JSON: nested deeper than {depth} levels", "JSON 格式错误：嵌套超过 {depth} 层"),
    "too_deep": ("nested deeper than {depth} levels", "嵌套超过 {depth} 层"), "not_finite": (
        "NaN and infinity are not JSON numbers", "NaN 和无穷大不是 JSON 数字"),
    "unsupported_value": ("unsupported YAML value: {detail}", "不支持的 YAML 值"),
    "malformed_yaml": ("malformed YAML: {detail}", "YAML 格式错误：{detail:yaml_syntax}"),
    "malformed_yaml_at": ("malformed YAML: {detail} ({context} at line {line}, column {column})",
                          "YAML 格式错误：{detail:yaml_syntax}（所在结构始于第 {line} 行第 {column} 列）"),
    "yaml_too_deep": ("malformed YAML: nested deeper than {depth} levels", "YAML 格式错误：嵌套超过 {depth} 层"),
    "yaml_character": ("malformed YAML: character #x{code} is not allowed (a control or special character)",
                       "YAML 格式错误：不允许字符 #x{code}（控制字符或特殊字符）"),
    "yaml_alias": ("aliases are not supported (*{anchor})", "不支持别名（*{anchor}）"), "yaml_alias_shared": (
        "aliases are not supported", "不支持别名"),
    "yaml_anchor": ("anchors are not supported (&{anchor})", "不支持锚点（&{anchor}）"),
    "yaml_documents": ("more than one YAML document (a file holds one)", "多于一个 YAML 文档（一个文件只能有一个）"),
    "yaml_merge": ("merge keys (<<) are not supported", "不支持合并键（<<）"),
    "yaml_tag": ("unsupported YAML tag {tag}", "不支持的 YAML 标签 {tag}"), "yaml_bad_scalar": (
        "not a valid {tag} value", "不是有效的 {tag} 值"),
    "not_json_number": ("not a JSON number: {text} (NaN and infinity are not allowed)",
                        "不是 JSON 数字：{text}（不允许 NaN 和无穷大）"),
    "number_too_large": ("not a JSON number: {text} (too large)", "不是 JSON 数字：{text}（数值过大）"),
    "integer_range": ("integer out of range", "整数超出范围"),
    "key_not_string": ("a mapping key must be a string, not a {node}", "映射的键必须是字符串，不能是{node:yaml_node}"),
    "unknown_field": ("unknown field", "未知字段"), "missing": ("required field is missing", "缺少必填字段"),
    "missing_tag": ("required field {field} is missing", "缺少必填字段 {field}"),
    "wrong_type": ("{expected:json_expected}, got {got:json_type}", "{expected:json_expected}，实际为{got:json_type}"),
    "not_object": ("must be a JSON object", "应为 JSON 对象"), "not_empty": ("must not be empty", "不能为空"),
    "unknown_tag": ("unknown {field} {given}; expected one of {expected}", '"{field}" 的值 {given} 未知；应为以下之一：{expected}'),
    "bad_choice": ("invalid value {given}; expected {expected}", "无效的值 {given}；应为以下之一：{options:list}"),
    "bad_date": ("invalid date {given}: must be a real date YYYY-MM-DD ({detail})",
                 "无效的日期 {given}：应为真实存在的日期 YYYY-MM-DD（{detail:date_error}）"),
    "bad_date_bare": ("invalid date {given}: must be a real date YYYY-MM-DD", "无效的日期 {given}：应为真实存在的日期 YYYY-MM-DD"),
    "too_small": ("must be at least {minimum}, got {given}", "应不小于 {minimum}，实际为 {given}"),
    "bad_id": ("invalid id {given}: an id must not be blank or hold control characters, line breaks or "
               "bidirectional overrides", "无效的 id {given}：id 不能为空白，也不能含控制字符、换行符或双向控制符"),
    "bad_rule_id": ("invalid rule ID {given}; expected WX followed by three digits", "无效的规则 ID {given}：应为 WX 加三位数字"),
    "ban_order": ("ban ends ({end}) before it starts ({start})", "封号结束日期（{end}）早于开始日期（{start}）"),
    "unlink_order": ("unlinked_on ({end}) is before linked_on ({start})", "unlinked_on（{end}）早于 linked_on（{start}）"),
    "schema_version": ("unsupported schema_version {given}; this wxtopo reads {supported}",
                       "不支持的 schema_version {given}；此版本的 wxtopo 只读取 {supported}"),
    "invalid": ("{detail}", "字段 {field} 的值无效（应为{expected:value_kind}）"),
}

TERMS.update({  # the JSON words of problems: what a value is, what it must be
    "json_type": {"null": ("null", "空值（null）"), "boolean": ("a boolean", "布尔值"), "number": ("a number", "数字"), "string":
                  ("a string", "字符串"), "array": ("an array", "数组"), "object": ("an object", "对象")},
    "json_expected": {"string": ("must be a string", "应为字符串"), "integer": ("must be an integer", "应为整数"),
                      "boolean": ("must be true or false", "应为 true 或 false"), "array": ("must be an array", "应为数组"),
                      "object": ("must be an object", "应为对象"),
                      "date": ("must be a date string YYYY-MM-DD", "应为日期字符串 YYYY-MM-DD")},
    "value_kind": {"string": ("a string", "字符串"), "integer": ("an integer", "整数"), "number": ("a number", "数字"),
                   "boolean": ("a boolean", "布尔值"), "array": ("an array", "数组"), "object": ("an object", "对象"),
                   "date": ("a date", "日期"), "value": ("a valid value", "有效的值")},
    "yaml_node": {"mapping": ("mapping", "映射"), "sequence": ("sequence", "序列")},
})

#: kind → another library's English sentence → Chinese; ``""``: what an unknown sentence becomes.
FOREIGN: dict[str, dict[str, str]] = {
    "size_unit": {"": "字节", "KiB": "KiB", "MiB": "MiB", "GiB": "GiB"},
    "json_syntax": {"": "无法解析", "EOF while parsing a list": "数组未结束", "EOF while parsing an object": "对象未结束",
        "EOF while parsing a string": "字符串未结束", "EOF while parsing a value": "缺少值", "expected `:`": "应为 `:`",
        "expected `,` or `]`": "应为 `,` 或 `]`", "expected `,` or `}`": "应为 `,` 或 `}`", "expected ident": "无法识别的字面量",
        "expected value": "应为一个值", "invalid escape": "无效的转义", "invalid number": "无效的数字",
        "number out of range": "数字超出范围", "invalid unicode code point": "无效的 Unicode 码位",
        "control character (\\u0000-\\u001F) found while parsing a string": "字符串中有控制字符（U+0000 至 U+001F）",
        "key must be a string": "键必须是字符串", "lone leading surrogate in hex escape": "转义中有孤立的代理项",
        "trailing comma": "多余的逗号", "trailing characters": "值后面还有多余的字符",
        "unexpected end of hex escape": "十六进制转义不完整", "float value was found where an int was expected": "应为整数",
    },
    "yaml_syntax": {"": "语法错误", "mapping values are not allowed in this context": "此处不允许映射的值",
        "mapping values are not allowed here": "此处不允许映射的值", "could not find expected ':'": "找不到应有的 ':'",
        "block sequence entries are not allowed in this context": "此处不允许块序列的条目",
        "did not find expected key": "找不到应有的键", "did not find expected node content": "找不到应有的节点内容",
        "did not find expected '-' indicator": "找不到应有的 '-'", "did not find expected ',' or ']'": "找不到应有的 ',' 或 ']'",
        "did not find expected ',' or '}'": "找不到应有的 ',' 或 '}'", "found unexpected ':'": "意外的 ':'",
        "found character that cannot start any token": "出现了不能开始任何记号的字符",
        "found a tab character that violates indentation": "制表符破坏了缩进",
        "found a tab character where an indentation space is expected": "应为缩进空格，实际为制表符",
        "found undefined tag handle": "未定义的标签前缀", "found unexpected end of stream": "文本意外结束",
        "found unknown escape character": "未知的转义字符", "found unexpected document indicator": "意外的文档标记",
        "control characters are not allowed": "不允许控制字符",
    },
    "date_error": {
        "": "无法解析", "input is too short": "太短", "input is too long": "太长", "invalid character in year": "年份中有无效字符",
        "invalid character in month": "月份中有无效字符", "invalid character in day": "日中有无效字符",
        "invalid date separator, expected `-`": "日期分隔符应为 `-`", "month value is outside expected range of 1-12":
        "月份应在 1-12 之间", "day value is outside expected range": "该月没有这一天",
        "unexpected extra characters at the end of the input": "末尾有多余的字符"},
    "os_error": {"": "操作系统拒绝读取", "ENOENT": "文件不存在", "EACCES": "没有读取权限", "EPERM": "没有读取权限",
                 "EISDIR": "这是一个目录", "ENOTDIR": "路径中有一项不是目录", "ENXIO": "设备或地址不存在", "EIO": "输入输出错误"}}


def problem_text(key: str, values: dict, lang: str = "en") -> str:
    """A problem's message in ``lang``; a foreign sentence unknown to ``FOREIGN`` becomes its kind's ``""``.

    >>> problem_text("wrong_type", {"expected": "integer", "got": "string"})
    'must be an integer, got a string'
    >>> problem_text("malformed_json", {"detail": "trailing comma"}, "zh")
    'JSON 格式错误：多余的逗号'
    """
    template = _pick(PROBLEMS[key], lang)
    if lang != "en" and ":" in template:  # errors are rare: no cache needed
        import re

        values = dict(values)
        for name, kind in re.findall(r"\{(\w+):(\w+)\}", template):
            if kind in FOREIGN:
                values[name] = FOREIGN[kind].get(str(values[name]), FOREIGN[kind][""])
                template = template.replace(f"{{{name}:{kind}}}", f"{{{name}}}")
    return fill(template, values, lang)
