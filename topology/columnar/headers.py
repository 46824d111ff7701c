"""The Chinese names a table's column (and a workbook's sheet) may have beside its English field name.

Ops teams keep their accounts in spreadsheets headed in Chinese (主体, 账号类型, …). This is the
one place those names live, as data: the CSV reader (:mod:`.tables`) and the workbook reader
(:mod:`.xlsx`) both map a header through :func:`canonical`, and ``docs/table-sets.md`` shows the
same table (a test checks that it does). Cell values stay the document's tokens (``subscription``,
not 订阅号): a header is a person's label, a value is data the rules compare.
"""

from __future__ import annotations

from functools import lru_cache

#: table → field → the Chinese headers accepted for it (the first is the one written by
#: ``scripts/make_workbook.py``); ``ecosystem`` is the workbook sheet of the document-level fields
ZH_HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "subjects": {
        "id": ("主体ID", "主体编号"), "kind": ("主体类型",), "name": ("主体名称", "名称"), "ignore": ("忽略规则",),
    },
    "accounts": {
        "id": ("账号ID", "账号编号"), "name": ("账号名称", "名称"), "ignore": ("忽略规则",), "type": ("账号类型",),
        "subject": ("主体", "所属主体"), "registered_on": ("注册日期",), "real_name_verified": ("实名认证",),
        "phone_bound": ("绑定手机号",), "wechat_pay_bound": ("绑定微信支付",), "features": ("功能",),
        "primary": ("主账号",), "identity_bound": ("绑定身份信息",), "friend_add_methods": ("加好友方式",),
        "verified": ("已认证",),
    },
    "links": {
        "source": ("起点", "源"), "target": ("终点", "目标"), "ignore": ("忽略规则",), "kind": ("关联类型",),
        "priority": ("优先级",), "pinned": ("置顶",), "linked_on": ("关联日期",), "status": ("关联状态", "状态"),
        "unlinked_on": ("解除日期",), "quick_registered": ("快速注册",), "verified": ("已认证",),
    },
    "broadcasts": {"account": ("账号",), "date": ("群发日期", "日期"), "articles": ("文章数",)},
    "bans": {"account": ("账号",), "start": ("开始日期",), "end": ("结束日期",)},
    "ecosystem": {"schema_version": ("版本",), "name": ("名称",), "as_of": ("截至日期",)},
}

#: workbook sheet → table (the English table names are accepted as they are)
ZH_SHEETS: dict[str, str] = {"主体": "subjects", "账号": "accounts", "关联": "links", "群发": "broadcasts",
                             "封禁": "bans", "文档": "ecosystem"}


@lru_cache(maxsize=None)
def _lookup(table: str) -> dict[str, str]:
    return {zh: field for field, names in ZH_HEADERS.get(table, {}).items() for zh in names}


def canonical(table: str, header: str) -> str:
    """The field name a column headed ``header`` holds in ``table`` (surrounding blanks ignored);
    an unknown header is returned trimmed, for the reader to refuse by name.

    >>> canonical("accounts", " 账号类型 "), canonical("links", "起点"), canonical("links", "colour")
    ('type', 'source', 'colour')
    """
    name = header.strip()
    return _lookup(table).get(name, name)


def sheet_table(sheet: str) -> str | None:
    """The table a workbook sheet holds (``accounts`` or 账号 → ``accounts``), None if none."""
    name = sheet.strip()
    return name if name in ZH_HEADERS else ZH_SHEETS.get(name)


def header_for(table: str, field: str, lang: str) -> str:
    """The header a generated sheet gives ``field``: the field name, or its first Chinese name."""
    return ZH_HEADERS[table][field][0] if lang == "zh" and field in ZH_HEADERS.get(table, {}) else field


def sheet_for(table: str, lang: str) -> str:
    """The sheet name a generated workbook gives ``table``."""
    return next((zh for zh, t in ZH_SHEETS.items() if t == table), table) if lang == "zh" else table


def markdown_table() -> str:
    """The mapping as the Markdown table ``docs/table-sets.md`` shows (kept equal by a test)."""
    rows = ["| table (sheet) | column | Chinese headers accepted |", "|---|---|---|"]
    for table, fields in ZH_HEADERS.items():
        sheet = f"{table} ({sheet_for(table, 'zh')})"
        for field, names in fields.items():
            rows.append(f"| {sheet} | `{field}` | {'、'.join(names)} |")
    return "\n".join(rows)
