"""WX6xx: changes against the previous document (``--previous OLD``, old name ``--baseline``)."""

from __future__ import annotations

from .registry import example, rule


@rule(
    id="WX601", name="account-type-changed", severity="error",
    title={"en": "Account type changed", "zh": "账号类型被更改"},
    message={"en": "Account {account} was a {before} in the previous document and is a {after} now; an account's "
                   "type cannot change once registered.",
             "zh": "账号 {account} 在上一版文档中是{before:account_type}，现在是{after:account_type}；账号一经注册不可更改类型。"},
    seed="一经注册不可更改类型",
    gloss="Once registered, [an official account's] type cannot be changed.",
    rationale={"en": "WeChat does not convert a subscription account into a service account or back "
                     "(since 2018 only migration, which deregisters the old account). A plan that does "
                     "so needs a new account.",
               "zh": "微信不允许订阅号与服务号互转（2018 年后只能迁移，迁移会注销原账号）。这样的规划需要新注册账号。"},
    fix={"en": "Keep the type and register a new account of the type you need.",
         "zh": "保留原类型，另行注册所需类型的新账号。"},
    example=example(subjects=[{"id": "acme", "kind": "enterprise"}],
                    accounts=[{"id": "news", "type": "service", "subject": "acme"}]),
    example_baseline=example(subjects=[{"id": "acme", "kind": "enterprise"}],
                             accounts=[{"id": "news", "type": "subscription", "subject": "acme"}]),
    needs_baseline=True,
    summary_zh="上一版文档中已有的账号 id 现在是另一种类型。",
    use_instead=example(subjects=[{"id": "acme", "kind": "enterprise"}], accounts=[{"id": "news", "type": "subscription", "subject": "acme"}]),
    limits={"en": "Only the previous document is compared: a type changed and changed back between two compared versions is not seen.",
            "zh": "只与上一版文档比较：在两次比较的版本之间改过又改回的类型无法发现。"},
)
def account_type_changed(ctx):
    """An account id present in the previous document has another type now."""
    if ctx.baseline is None:
        return
    before: dict[str, str] = {}
    for a in ctx.baseline.accounts:
        before.setdefault(a.id, a.type)
    for acct in ctx.accounts():
        old = before.get(acct)
        new = ctx.type_of(acct)
        if old is not None and old != new:
            yield ctx.finding(acct, before=old, after=new)
