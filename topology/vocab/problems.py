"""What can be wrong with an input file, as en/zh templates, and the Chinese of other libraries' sentences.

Plain data: :mod:`topology.vocab` (``problem_text``) is the API over it.
"""

from __future__ import annotations

#: A problem's key → (English, Chinese) template: a :class:`topology.errors.Problem` keeps the key and
#: its values, its ``message`` is the English text. ``{x:KIND}`` with KIND in ``FOREIGN`` is another
#: library's sentence (JSON or YAML parser, date parser, OS): English as it is, Chinese where known.
PROBLEMS: dict[str, tuple[str, str]] = {
    "stdin_closed": ("cannot read standard input: it is closed", "无法读取标准输入：它已关闭"),
    "unreadable_input": ("{option} {name} cannot be read", "{option} {name} 无法读取"),  # a usage error's head
    "cannot_read": ("cannot read {name}: {reason}", "无法读取 {name}：{code:os_error}"),
    "too_large": ("input larger than the limit of {size} (--max-input-size); nothing after it was read",
                  "输入超过 {amount} {unit:size_unit}的上限（--max-input-size），其后的内容未读取"),
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

PROBLEMS.update({  # table sets (topology.columnar.tables): where a problem is, and what
    "at_file": ("{file}", "{file}"), "at_row": ("{file} row {row}", "{file} 第 {row} 行"),
    "at_column": ("{file} column {column}", "{file} 的 {column} 列"),
    "at_cell": ("{file} row {row} column {column}", "{file} 第 {row} 行 {column} 列"),
    "missing_table": ("required table {table} is missing: give {table}.parquet, {table}.csv, {table}.jsonl or "
                      "a directory {table}/ of Parquet files", "缺少必需的表 {table}：应有 {table}.parquet、{table}.csv、"
                      "{table}.jsonl 或由 Parquet 文件组成的目录 {table}/"),
    "bad_table": ("cannot read the table: {detail}", "无法读取该表：{detail}"),
    "missing_column": ("required column {column} is missing", "缺少必需的列 {column}"),
    "unknown_column": ("unknown column {column}", "未知的列 {column}"),
    "column_type": ("column {column} has type {got}; expected {expected}", "列 {column} 的类型为 {got}，应为 {expected}"),
    "bad_value": ("invalid value {given}: {expected:json_expected}", "无效的值 {given}：{expected:json_expected}"),
    "not_for_type": ("a row of {field} {tag} has no {column}: leave it empty", "{field} 为 {tag} 的行没有 {column}：请留空"),
    "unknown_owner": ("no account has id {given}", "没有 id 为 {given} 的账号"),
    "cannot_hold": ("account {given} is a {type:account_type}, which cannot have {table}",
                    "账号 {given} 是{type:account_type}，不能有 {table}"),
    "more_problems": ("and {n:more problem|more problems} in this table", "该表另有 {n} 个问题未列出"),
    # a workbook read as a table set (topology.columnar.xlsx)
    "bad_workbook": ("cannot read the workbook: {detail}", "无法读取该工作簿：{detail}"),
    "unknown_sheet": ("unknown sheet {sheet}: the sheets are subjects, accounts, links, broadcasts, bans and "
                      "ecosystem (or their Chinese names); delete or rename it",
                      "未知的工作表 {sheet}：工作表应为主体、账号、关联、群发、封禁、文档（或 subjects、accounts、"
                      "links、broadcasts、bans、ecosystem）；请删除或重命名"),
    "duplicate_sheet": ("sheet {sheet} holds the same table as sheet {other}", "工作表 {sheet} 与工作表 {other} 是同一张表"),
    "missing_sheet": ("required sheet {table} (or {zh}) is missing", "缺少必需的工作表 {zh}（或 {table}）"),
    "duplicate_column": ("column {column} is given twice", "列 {column} 重复出现"),
    # `wxtopo init` (topology.cli_init)
    "init_exists": ("{path} exists; not overwriting it (give another -o, or remove it first)",
                    "{path} 已存在；不会覆盖（请换一个 -o，或先删除它）"),
    "init_needs": ("give --subject and --kind (asked only when standard input is a terminal)",
                   "请给出 --subject 和 --kind（仅当标准输入是终端时才会逐项询问）"),
    "init_bad_kind": ("unknown subject kind {given}; expected one of {kinds}", "未知的主体类型 {given}；应为 {kinds} 之一"),
})

PROBLEMS.update({  # changes files, ruleset files and suppressions files; ``{x:said}`` is a part given in both
    # languages (``{"en": ..., "zh": ...}``): a change's summary, a nested problem's text
    "change_cannot_apply": ("change {step} cannot be applied", "第 {step} 项变更无法应用"),
    "change_failed": ("{change:said}: {reason:said}", "变更 {change:said}：{reason:said}"),
    "change_unknown_account": ("unknown account {id!r}: no account has this id at this step",
                               "未知账号 {id!r}：此步骤时没有账号使用该 id"),
    "change_no_live_link": ("no live {kind} link {source} → {target} to unlink at this step",
                            "此步骤时没有可解除的{kind:link_kind}关联 {source} → {target}"),
    "change_account_exists": ("account {id!r} already exists at this step", "账号 {id!r} 在此步骤时已存在"),
    "change_link_rejected": ("the document model rejects the link: {detail:said}", "文档模型拒绝该关联：{detail:said}"),
    "change_unknown_kind": ("unknown kind {given}; expected one of {expected}",
                            "未知的种类 {given}；应为以下之一：{kinds:list}"),  # kinds: the JSON tokens, quoted
    "not_json_value": ("not a JSON value: {detail}", "不是 JSON 值"),
    "ruleset_unreadable": ("ruleset {name} cannot be read", "规则集 {name} 无法读取"),
    "ruleset_errors": ("ruleset {name}: {n:error|errors}", "规则集 {name}：{n} 个错误"),
    "suppressions_unreadable": ("suppressions {name} cannot be read", "抑制文件 {name} 无法读取"),
    "suppressions_errors": ("suppressions {name}: {n:error|errors}", "抑制文件 {name}：{n} 个错误"),
    "unknown_base": ("unknown base {base!r}; built-ins: {builtins:list}",
                     "未知的基础规则集 {base!r}；内置规则集：{builtins:list}"),
    "unknown_parameter": ("unknown parameter {key!r}{hint:said}", "未知参数 {key!r}{hint:said}"),
    "ruleset_date": ("expected a date YYYY-MM-DD", "应为日期 YYYY-MM-DD"),
    "history_undated": ("only the first history entry may leave out effective_from",
                        "只有 history 的第一项可以省略 effective_from"),
    "history_order": ("history entries must be in increasing order of effective_from",
                      "history 的各项应按 effective_from 递增排列"),
    "history_value": ("value must equal the last history entry's value (the value in force now)",
                      "value 应等于 history 最后一项的 value（即现行的值）"),
    "bad_parameter_value": ("bad value for {key!r}{when:said}: {value} ({error})",
                            "参数 {key!r} {when:said}的值 {value} 无效"),
})

#: kind → another library's English sentence → Chinese; ``""``: what an unknown sentence becomes.
FOREIGN: dict[str, dict[str, str]] = {
    # a Latin unit keeps a space before the Han that follows it, 字节 none: "1 KiB 的上限", "1000 字节的上限"
    "size_unit": {"": "字节", "KiB": "KiB ", "MiB": "MiB ", "GiB": "GiB "},
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
