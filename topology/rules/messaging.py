"""WX4xx: mass messaging (群发) quotas. Enterprise accounts have none (消息触达无限制)."""

from __future__ import annotations

from collections import defaultdict

from ..dates import month_of
from .registry import example, rule

_CO = {"id": "acme", "kind": "enterprise"}


def _grouped(ctx, acct, key):
    """Broadcast indexes of an account grouped by ``key(date)``, in document order."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, b in enumerate(ctx.model(acct).broadcasts):
        groups[key(b.date)].append(i)
    return groups


@rule(
    id="WX401", name="subscription-daily-quota", severity="error",
    title={"en": "Subscription account broadcasts too often", "zh": "订阅号当日群发超过次数"},
    message={"en": "Subscription account {account} sends {observed:mass message|mass messages} on {day}; the limit is {limit} a day.",
             "zh": "订阅号 {account} 在 {day} 群发 {observed} 次，每日上限为 {limit} 次。"},
    seed="认证前后均支持每日群发 1 条消息",
    gloss="Both before and after verification, [a subscription account] can send 1 mass message a day.",
    rationale={"en": "The daily quota resets at midnight and does not accumulate; a schedule over it "
                     "will have messages refused.",
               "zh": "每日额度零点重置且不累积；超出额度的排期会被拒绝发送。"},
    fix={"en": "Merge the day's messages into one broadcast (up to the article limit) or move some to another day.",
         "zh": "把当天的消息合并为一次群发（不超过图文上限），或改到其他日期。"},
    example=example(subjects=[_CO], accounts=[{"id": "news", "type": "subscription", "subject": "acme",
                                               "broadcasts": [{"date": "2026-11-20", "articles": 3},
                                                              {"date": "2026-11-20", "articles": 1}]}]),
    parameters=("subscription_broadcasts_per_day",),
    summary_zh="订阅号在同一天的群发超过 N 次。",
    use_instead=example(subjects=[_CO], accounts=[{"id": "news", "type": "subscription", "subject": "acme", "broadcasts": [{"date": "2026-11-20", "articles": 4}]}]),
    limits={"en": "Days are the document's calendar dates, as written: the check does not know the time zone a broadcast was sent in.",
            "zh": "按文档所写的日历日期计日：检查不知道群发时所在的时区。"},
)
def subscription_daily_quota(ctx):
    """A subscription account has more than N broadcasts on one date."""
    limit = ctx.params.subscription_broadcasts_per_day
    if limit is None:
        return
    for acct in ctx.accounts("subscription"):
        if len(ctx.model(acct).broadcasts) <= limit:
            continue  # too few to break any day's quota
        base = ctx.pointer(acct)
        for day, idx in sorted(_grouped(ctx, acct, lambda d: d.isoformat()).items()):
            if len(idx) > limit:
                yield ctx.finding(acct, pointer=f"{base}/broadcasts/{idx[limit]}", observed=len(idx),
                                  limit=limit, day=day)


@rule(
    id="WX402", name="subscription-articles", severity="error",
    title={"en": "Too many articles in one mass message", "zh": "单次群发图文数量超过上限"},
    message={"en": "Subscription account {account} sends {observed:article|articles} in the mass message of {day}; "
                   "the limit is {limit}.",
             "zh": "订阅号 {account} 在 {day} 的群发包含 {observed} 条图文，上限为 {limit} 条。"},
    seed="每日群发 1 条消息(最多包含 8 条图文)",
    gloss="One mass message a day (containing at most 8 image-and-text articles).",
    rationale={"en": "The editor accepts at most this many articles in one message; the rest will not be sent.",
               "zh": "编辑器单条消息最多容纳此数量的图文；多出的不会发出。"},
    fix={"en": "Cut the message to the limit; link the remaining articles from one of them.",
         "zh": "将图文削减到上限以内；其余文章可从其中一篇内链接。"},
    example=example(subjects=[_CO], accounts=[{"id": "news", "type": "subscription", "subject": "acme",
                                               "broadcasts": [{"date": "2026-11-20", "articles": 9}]}]),
    parameters=("subscription_articles_per_broadcast",),
    summary_zh="订阅号的一次群发包含超过 N 条图文。",
    use_instead=example(subjects=[_CO], accounts=[{"id": "news", "type": "subscription", "subject": "acme", "broadcasts": [{"date": "2026-11-20", "articles": 8}]}]),
)
def subscription_articles(ctx):
    """A subscription broadcast has more than N articles."""
    limit = ctx.params.subscription_articles_per_broadcast
    if limit is None:
        return
    for acct in ctx.accounts("subscription"):
        base = ctx.pointer(acct)
        for i, b in enumerate(ctx.model(acct).broadcasts):
            if b.articles > limit:
                yield ctx.finding(acct, pointer=f"{base}/broadcasts/{i}", observed=b.articles, limit=limit,
                                  day=b.date.isoformat())


@rule(
    id="WX403", name="service-monthly-quota", severity="error",
    title={"en": "Service account broadcasts too often", "zh": "服务号当月群发超过次数"},
    message={"en": "Service account {account} sends {observed:mass message|mass messages} in {month}; the limit is {limit} a month.",
             "zh": "服务号 {account} 在 {month} 群发 {observed} 次，每月上限为 {limit} 次。"},
    seed="每月可群发 4 条消息",
    gloss="[A service account] can send 4 mass messages a month.",
    rationale={"en": "Service messages land in the chat list like a text message; WeChat rations them "
                     "per calendar month (自然月).",
               "zh": "服务号消息像短信一样直达聊天列表；微信按自然月限制次数。"},
    fix={"en": "Move broadcasts to another month or use template/subscription messages for notifications.",
         "zh": "将群发移到其他月份，或改用模板消息/订阅消息发送通知。"},
    example=example(subjects=[_CO], accounts=[{"id": "care", "type": "service", "subject": "acme", "broadcasts": [
        {"date": f"2026-11-{d:02d}"} for d in (2, 9, 16, 23, 30)]}]),
    parameters=("service_broadcasts_per_month",),
    summary_zh="服务号在一个自然月内群发超过 N 次。",
    use_instead=example(subjects=[_CO], accounts=[{"id": "care", "type": "service", "subject": "acme", "broadcasts": [
        {"date": f"2026-11-{d:02d}"} for d in (2, 9, 16, 23)]}]),
    limits={"en": "Months are the document's calendar dates, as written: the check does not know the time zone a broadcast was sent in.",
            "zh": "按文档所写的日历日期计月：检查不知道群发时所在的时区。"},
)
def service_monthly_quota(ctx):
    """A service account has more than N broadcasts in one calendar month."""
    limit = ctx.params.service_broadcasts_per_month
    if limit is None:
        return
    for acct in ctx.accounts("service"):
        if len(ctx.model(acct).broadcasts) <= limit:
            continue
        base = ctx.pointer(acct)
        for month, idx in sorted(_grouped(ctx, acct, month_of).items()):
            if len(idx) > limit:
                yield ctx.finding(acct, pointer=f"{base}/broadcasts/{idx[limit]}", observed=len(idx),
                                  limit=limit, month=month)


@rule(
    id="WX404", name="no-mass-messaging", severity="error",
    title={"en": "Mini-program cannot broadcast", "zh": "小程序不能群发消息"},
    message={"en": "Mini-program {account} declares {observed:mass message|mass messages}; mini-programs cannot broadcast.",
             "zh": "小程序 {account} 声明了 {observed} 次群发；小程序不具备主动群发消息的权限。"},
    seed="小程序账号不具备主动群发消息的权限",
    gloss="Mini-program accounts do not have permission to send mass messages proactively.",
    rationale={"en": "Mini-programs reach users through subscription messages the user agreed to, never by broadcasting.",
               "zh": "小程序只能通过用户同意的订阅消息触达用户，不能主动群发。"},
    fix={"en": "Send the broadcast from a linked official account; use subscription messages in the mini-program.",
         "zh": "改由关联的公众号群发；小程序内使用订阅消息。"},
    example=example(subjects=[_CO], accounts=[{"id": "shop", "type": "mini_program", "subject": "acme",
                                               "broadcasts": [{"date": "2026-11-20"}]}]),
    summary_zh="小程序声明了群发消息。",
    use_instead=example(subjects=[_CO], accounts=[{"id": "news", "type": "subscription", "subject": "acme", "broadcasts": [{"date": "2026-11-20"}]}, {"id": "shop", "type": "mini_program", "subject": "acme"}], links=[{"kind": "mini_program", "source": "news", "target": "shop"}]),
)
def no_mass_messaging(ctx):
    """A mini-program declares broadcasts."""
    for acct in ctx.accounts("mini_program"):
        n = len(ctx.model(acct).broadcasts)
        if n:
            yield ctx.finding(acct, pointer=f"{ctx.pointer(acct)}/broadcasts", observed=n)
