"""The terms of the domain (types, kinds, statuses, JSON words) and the nouns ``count`` writes, en and zh.

Plain data: :mod:`topology.vocab` is the API over it.
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

#: Allowed (source types, target types) of each link kind (docs/document.md). ``None`` as the
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
    # a record's field names that are English words, as Chinese shows them (the others are keys: unlinked_on)
    "field": {"type": ("type", "类型"), "kind": ("kind", "种类"), "name": ("name", "名称"), "subject": ("subject", "主体"),
              "source": ("source", "源"), "target": ("target", "目标"), "priority": ("priority", "优先级"),
              "pinned": ("pinned", "固定"), "status": ("status", "状态"), "verified": ("verified", "已验证"),
              "features": ("features", "功能")},
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
    # accounts counted by type (diagrams: a subject's accounts, a collapsed fan-in)
    "type_personal": ("personal account", "personal accounts", "个个人主账号"),
    "type_auxiliary": ("auxiliary account", "auxiliary accounts", "个辅助账号"),
    "type_subscription": ("subscription account", "subscription accounts", "个订阅号"),
    "type_service": ("service account", "service accounts", "个服务号"),
    "type_enterprise": ("enterprise account", "enterprise accounts", "个企业号"),
    "type_mini_program": ("mini-program", "mini-programs", "个小程序"),
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
