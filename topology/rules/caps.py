"""WX1xx: association caps between official accounts and mini-programs.

WX101-WX103 count distinct counterpart accounts over ``mini_program`` links that occupy a
slot (see :func:`topology.links.takes_slot`). WX104 and WX105 count the links made
in a calendar month (see :meth:`Context.new_links_by_month
<topology.rules.context.Context.new_links_by_month>`); WX106 reports invitations left pending.
"""

from __future__ import annotations

from collections import namedtuple

from ..dates import days_between
from ..links import state
from .registry import REGISTRY, example, rule


def _officials_doc(n: int) -> dict:
    return example(
        subjects=[{"id": "acme", "kind": "enterprise"}],
        accounts=[{"id": "shop", "type": "mini_program", "subject": "acme"}]
        + [{"id": f"news-{i:02d}", "type": "subscription", "subject": "acme"} for i in range(1, n + 1)],
        links=[{"kind": "mini_program", "source": f"news-{i:02d}", "target": "shop"} for i in range(1, n + 1)],
    )


def _minis_doc(n: int, cross: bool) -> dict:
    owner = "other" if cross else "acme"
    return example(
        subjects=[{"id": "acme", "kind": "enterprise"}] + ([{"id": "other", "kind": "enterprise"}] if cross else []),
        accounts=[{"id": "news", "type": "subscription", "subject": "acme"}]
        + [{"id": f"shop-{i:02d}", "type": "mini_program", "subject": owner} for i in range(1, n + 1)],
        links=[{"kind": "mini_program", "source": "news", "target": f"shop-{i:02d}"} for i in range(1, n + 1)],
    )


@rule(
    id="WX101", name="mini-program-official-cap", severity="error",
    title={"en": "Mini-program linked to too many official accounts", "zh": "小程序关联的公众号超过上限"},
    message={"en": "Mini-program {account} is linked to {observed:official account|official accounts}; the limit is {limit}.",
             "zh": "小程序 {account} 关联了 {observed} 个公众号，上限为 {limit}。"},
    seed="一个小程序可关联最多 50 个公众号",
    gloss="One mini-program can be linked to at most 50 official accounts.",
    rationale={"en": "WeChat refuses a new association once a mini-program has reached its cap "
                     "(error 89009), so a plan over the cap cannot be carried out.",
               "zh": "小程序关联数达到上限后微信会拒绝新的关联（错误码 89009），超出上限的规划无法落地。"},
    fix={"en": "Unlink official accounts from the mini-program until at most the limit remain: "
               "`wxtopo repair DOC` chooses which (the fewest, by priority).",
         "zh": "解除部分公众号与该小程序的关联，直到不超过上限：`wxtopo repair DOC` 会选出要解除的关联（数量最少，按优先级）。"},
    example=_officials_doc(51),
    parameters=("max_officials_per_mini_program", "linkable_official_types", "pending_counts_toward_caps"),
    summary_zh="一个小程序关联的公众号（不论主体）超过 N 个。",
    use_instead=_officials_doc(50),
)
def mini_program_official_cap(ctx):
    """A mini-program is linked to more than N official accounts, of any subject."""
    limit = ctx.params.max_officials_per_mini_program
    if limit is None:
        return
    for mini in ctx.accounts("mini_program"):
        if ctx.count_linked_officials(mini) <= limit:
            continue
        officials = ctx.linked_officials(mini)
        if len(officials) > limit:
            yield ctx.finding(mini, related=officials, observed=len(officials), limit=limit)


@rule(
    id="WX102", name="official-same-subject-cap", severity="error",
    title={"en": "Too many same-subject mini-programs", "zh": "关联同主体小程序超过上限"},
    message={"en": "Official account {account} links {observed:mini-program|mini-programs} of its own subject; the limit is {limit}.",
             "zh": "公众号 {account} 关联了 {observed} 个同主体小程序，上限为 {limit}。"},
    seed="一个公众号可关联同一主体的 10 个小程序",
    gloss="One official account can link 10 mini-programs of the same subject (the registering entity).",
    rationale={"en": "WeChat caps how many mini-programs of its own subject one official account may "
                     "link (error 89016); a menu planned around more cannot be built.",
               "zh": "微信限制一个公众号可关联的同主体小程序数量（错误码 89016），超出上限的菜单规划无法实现。"},
    fix={"en": "Unlink mini-programs, or link some from another official account of the subject.",
         "zh": "解除部分小程序关联，或改由该主体的其他公众号关联。"},
    example=_minis_doc(11, cross=False),
    parameters=("max_same_subject_mini_programs", "linkable_official_types", "pending_counts_toward_caps"),
    summary_zh="一个公众号关联的同主体小程序超过 N 个。",
    use_instead=_minis_doc(10, cross=False),
)
def official_same_subject_cap(ctx):
    """An official account links more than N mini-programs of its own subject."""
    limit = ctx.params.max_same_subject_mini_programs
    if limit is None:
        return
    for official in ctx.officials():
        if ctx.count_linked_mini_programs(official) <= limit:
            continue  # fewer links in all than the same-subject cap
        same, _ = ctx.split_mini_programs(official)
        if len(same) > limit:
            yield ctx.finding(official, related=same, observed=len(same), limit=limit)


@rule(
    id="WX103", name="official-cross-subject-cap", severity="error",
    title={"en": "Too many cross-subject mini-programs", "zh": "关联不同主体小程序超过上限"},
    message={"en": "Official account {account} links {observed:mini-program|mini-programs} of other subjects; the limit is {limit}.",
             "zh": "公众号 {account} 关联了 {observed} 个不同主体的小程序，上限为 {limit}。"},
    seed="一个公众号可关联同一主体的 10 个小程序与不同主体的 3 个小程序",
    gloss="One official account can link 10 mini-programs of the same subject (the registering entity) and 3 "
          "mini-programs of other subjects.",
    rationale={"en": "Cross-subject links are scarce on purpose: the cap keeps official accounts from "
                     "becoming traffic brokers for others (error 89017).",
               "zh": "跨主体关联刻意稀缺：上限防止公众号沦为他人的流量中介（错误码 89017）。"},
    fix={"en": "Unlink mini-programs of other subjects until at most the limit remain.",
         "zh": "解除不同主体小程序的关联，直到不超过上限。"},
    example=_minis_doc(4, cross=True),
    parameters=("max_cross_subject_mini_programs", "linkable_official_types", "pending_counts_toward_caps"),
    summary_zh="一个公众号关联的不同主体小程序超过 N 个。",
    use_instead=_minis_doc(3, cross=True),
)
def official_cross_subject_cap(ctx):
    """An official account links more than N mini-programs of other subjects."""
    limit = ctx.params.max_cross_subject_mini_programs
    if limit is None:
        return
    for official in ctx.officials():
        if ctx.count_linked_mini_programs(official) <= limit:
            continue
        _, other = ctx.split_mini_programs(official)
        if len(other) > limit:
            yield ctx.finding(official, related=other, observed=len(other), limit=limit)


# -- WX104-WX106: new links a month and stale invitations (values of the sourced rulesets) --------
def _monthly_doc(side: str, n: int) -> dict:
    """``n`` links made in November 2026: from one official account (side "official") or to one
    mini-program (side "mini")."""
    day = [f"2026-11-{d:02d}" for d in range(2, 2 + n)]
    if side == "official":
        accounts = [{"id": "news", "type": "subscription", "subject": "acme"}] + [
            {"id": f"shop-{i:02d}", "type": "mini_program", "subject": "acme"} for i in range(1, n + 1)]
        links = [{"kind": "mini_program", "source": "news", "target": f"shop-{i:02d}", "linked_on": day[i - 1]}
                 for i in range(1, n + 1)]
    else:
        accounts = [{"id": "shop", "type": "mini_program", "subject": "acme"}] + [
            {"id": f"news-{i:02d}", "type": "subscription", "subject": "acme"} for i in range(1, n + 1)]
        links = [{"kind": "mini_program", "source": f"news-{i:02d}", "target": "shop", "linked_on": day[i - 1]}
                 for i in range(1, n + 1)]
    return example(subjects=[{"id": "acme", "kind": "enterprise"}], accounts=accounts, links=links)


def _monthly(table: dict, limit: int):
    """(account, month, counterparts sorted and distinct, links made) of the groups over ``limit``."""
    over = sorted(key for key, made in table.items() if len(made) > limit)
    for acct, month in over:
        made = table[acct, month]
        yield acct, month, sorted(set(made)), len(made)


@rule(
    id="WX104", name="official-monthly-new-links", severity="error",
    title={"en": "Official account made too many new mini-program links in a month",
           "zh": "公众号当月新增关联小程序超过次数"},
    message={"en": "Official account {account} made {observed:new mini-program link|new mini-program links} in {month}; the limit is "
                   "{limit} a month.",
             "zh": "公众号 {account} 在 {month} 新增关联小程序 {observed} 次，每月上限为 {limit} 次。"},
    seed="", gloss="",  # no sentence of the seed document states this limit: a secondary-source rule
    rationale={"en": "Besides the standing caps, WeChat rations how many new mini-program links an official "
                     "account may make in a calendar month (13 in its documentation since 2017). Removing a "
                     "link gives no quota back, so a plan that relinks within the month runs out too; "
                     "mini-programs quick-registered from the account (复用资质快速注册) are linked without quota.",
               "zh": "除总量上限外，微信还限制公众号每个自然月新增关联小程序的次数（2017 年起官方文档为 13 次）。"
                     "解除关联不返还次数，同月内反复关联同样会用尽额度；复用公众号资质快速注册的小程序自动关联，不占用次数。"},
    fix={"en": "Spread the new links over several months (by linked_on), or quick-register the mini-programs "
               "from the account where that applies.",
         "zh": "把新增关联分摊到多个月份（按 linked_on），适用时改为复用公众号资质快速注册小程序。"},
    example=_monthly_doc("official", 3),
    example_set={"max_new_mini_program_links_per_month": 2},
    parameters=("max_new_mini_program_links_per_month", "linkable_official_types", "pending_counts_toward_caps"),
    summary_zh="一个公众号在一个自然月内（按 linked_on）新增小程序关联超过 N 次。",
    use_instead=_monthly_doc("official", 2),
    limits={"en": "A link without linked_on is not counted (its month is unknown), so a document that leaves out the dates can hide a month over the quota.",
            "zh": "没有 linked_on 的关联不计入（无法确定月份），因此省略日期的文档可能掩盖超出额度的月份。"},
)
def official_monthly_new_links(ctx):
    """An official account made more than N mini_program links in one calendar month (by linked_on).

    Counted: each link made that month, also one later removed (``unlinked_on``: quota is not
    given back) and a ``pending`` one when ``pending_counts_toward_caps`` is true (the request
    was made); not a ``rejected`` one (no link was made), a ``quick_registered`` one (docs/sources.md:
    quick-registered mini-programs do not use the monthly quota) or one without ``linked_on``.
    Relinking the same mini-program on another day counts again; the same record twice, once.
    """
    limit = ctx.params.max_new_mini_program_links_per_month
    if limit is None:
        return
    by_official, _ = ctx.new_links_by_month()
    for official, month, minis, made in _monthly(by_official, limit):
        yield ctx.finding(official, related=minis, observed=made, limit=limit, month=month)


@rule(
    id="WX105", name="mini-program-monthly-new-links", severity="error",
    title={"en": "Mini-program newly linked by too many official accounts in a month",
           "zh": "小程序当月新增关联公众号超过次数"},
    message={"en": "Mini-program {account} was newly linked by official accounts {observed:time|times} in {month}; "
                   "the limit is {limit} a month.",
             "zh": "小程序 {account} 在 {month} 新增关联公众号 {observed} 次，每月上限为 {limit} 次。"},
    seed="", gloss="",  # no sentence of the seed document states this limit: a secondary-source rule
    rationale={"en": "WeChat also rations new links on the mini-program's side per calendar month (5 in 2017, "
                     "500 from 2018 in its documentation); a roll-out that links one mini-program from many "
                     "official accounts at once has the excess refused.",
               "zh": "微信对小程序一侧每个自然月新增关联的次数也有限制（官方文档 2017 年为 5 次，2018 年起为 500 次）；"
                     "一次性让大量公众号关联同一小程序时，超出部分会被拒绝。"},
    fix={"en": "Stagger the roll-out: link the official accounts over several months (by linked_on).",
         "zh": "分批推进：把各公众号的关联分摊到多个月份（按 linked_on）。"},
    example=_monthly_doc("mini", 3),
    example_set={"max_new_official_links_per_month": 2},
    parameters=("max_new_official_links_per_month", "linkable_official_types", "pending_counts_toward_caps"),
    summary_zh="一个小程序在一个自然月内被公众号新增关联超过 N 次。",
    use_instead=_monthly_doc("mini", 2),
    limits={"en": "A link without linked_on is not counted (its month is unknown); a link made by quick registration is not counted either, which WeChat's documentation states only for the official account's quota.",
            "zh": "没有 linked_on 的关联不计入（无法确定月份）；复用资质快速注册产生的关联也不计入，而微信文档只说明它不占用公众号一侧的额度。"},
)
def mini_program_monthly_new_links(ctx):
    """A mini-program was newly linked by official accounts more than N times in one calendar month.

    Counted as WX104 counts, from the mini-program's side. Interpretation: docs/sources.md exempts
    quick-registered mini-programs only from the official account's monthly quota; the link
    such a registration makes is automatic, not a link request, so it is not counted here
    either.
    """
    limit = ctx.params.max_new_official_links_per_month
    if limit is None:
        return
    _, by_mini = ctx.new_links_by_month()
    for mini, month, officials, made in _monthly(by_mini, limit):
        yield ctx.finding(mini, related=officials, observed=made, limit=limit, month=month)


@rule(
    id="WX106", name="stale-pending-link", severity="warning",
    title={"en": "Link invitation pending too long", "zh": "关联邀请长期未确认"},
    message={"en": "The link {source} → {target} has been pending since {linked_on}, {observed:day|days} before "
                   "{as_of}; links pending more than {limit} days are reported.",
             "zh": "{source} → {target} 的关联自 {linked_on} 起一直待确认，距 {as_of} 已 {observed} 天；"
                   "超过 {limit} 天未确认的关联会被报告。"},
    seed="通过与公众号的关联机制,实现服务的高效分发",
    gloss="Through the association mechanism with official accounts, [a mini-program] achieves efficient "
          "distribution of its services.",
    rationale={"en": "A link needs both administrators to agree; an invitation nobody answers distributes "
                     "nothing, may still hold a cap slot (pending_counts_toward_caps) and blocks a new request "
                     "(errors 89010/89018).",
               "zh": "关联需双方管理员确认；无人处理的邀请不带来任何分发，可能仍占用上限名额（pending_counts_toward_caps），"
                     "并阻止重新发起请求（错误码 89010/89018）。"},
    fix={"en": "Have the other side's administrator confirm the link (\"status\": \"linked\"), or withdraw the "
               "invitation and record it as rejected or remove it.",
         "zh": "请对方管理员确认关联（\"status\": \"linked\"），或撤回邀请并记为已拒绝（\"status\": \"rejected\"）或删除该记录。"},
    example=example(
        as_of="2026-11-25", subjects=[{"id": "acme", "kind": "enterprise"}],
        accounts=[{"id": "news", "type": "subscription", "subject": "acme"},
                  {"id": "shop", "type": "mini_program", "subject": "acme"}],
        links=[{"kind": "mini_program", "source": "news", "target": "shop", "status": "pending",
                "linked_on": "2026-11-10"}]),
    example_set={"pending_link_stale_days": 7},
    parameters=("pending_link_stale_days", "linkable_official_types"),
    summary_zh="待确认的关联，其 linked_on 早于评估日超过 N 天。",
    use_instead=example(as_of="2026-11-25", subjects=[{"id": "acme", "kind": "enterprise"}], accounts=[{"id": "news", "type": "subscription", "subject": "acme"}, {"id": "shop", "type": "mini_program", "subject": "acme"}], links=[{"kind": "mini_program", "source": "news", "target": "shop", "status": "linked", "linked_on": "2026-11-10"}]),
    limits={"en": "A pending link without linked_on is never reported: its age is unknown.",
            "zh": "没有 linked_on 的待确认关联不会被报告：无法得知它等待了多久。"},
)
def stale_pending_link(ctx):
    """A pending link has linked_on more than N days before the evaluation date.

    Exactly N days is not stale yet. A pending link that was removed (``unlinked_on``) or has
    no ``linked_on`` (its age is unknown) is not reported. ``mini_program`` links carry a
    ``status`` (the only kind that does today); like every rule after the integrity ones, this
    sees only the well-typed ones (official account → mini-program, WX004 reports the rest).
    """
    limit = ctx.params.pending_link_stale_days
    if limit is None:
        return
    as_of = ctx.as_of
    for _, _, i, link in ctx.links("mini_program"):
        if state(link) != "pending":  # not removed (unlinked_on), not answered
            continue
        linked_on = link.linked_on
        if linked_on is None:
            continue
        age = days_between(linked_on, as_of)
        if age > limit:
            yield ctx.finding(link.source, related=(link.target,), pointer=f"/links/{i}", observed=age, limit=limit,
                              source=link.source, target=link.target, linked_on=linked_on.isoformat(),
                              as_of=as_of.isoformat())


# -- the cap table, derived from the registry ------------------------------------------------------
class Cap(namedtuple("Cap", "key rule parameter")):
    """A standing cap: its key, the rule that enforces it and the ruleset parameter holding its limit.

    A namedtuple (not typing.NamedTuple): ``wxtopo rules`` imports this module and starts
    without ``typing``.
    """

    __slots__ = ()


#: cap key → the rule that counts it; the parameter is read from that rule's catalogue entry
_CAP_RULES = (("officials", "WX101"), ("same_subject", "WX102"), ("cross_subject", "WX103"))


def cap_table() -> dict[str, Cap]:
    """cap key ("officials", "same_subject", "cross_subject") → :class:`Cap`, read from the registry.

    The parameter is the first ``max_*`` one the rule declares, so the registry stays the one
    place that ties a rule to its limit (headroom, repair and plan count with this).

    >>> cap_table()["same_subject"]
    Cap(key='same_subject', rule='WX102', parameter='max_same_subject_mini_programs')
    """
    out = {}
    for key, rule_id in _CAP_RULES:
        entry = REGISTRY[rule_id]
        out[key] = Cap(key, rule_id, next(p for p in entry.parameters if p.startswith("max_")))
    return out
