"""WX1xx: association caps between official accounts and mini-programs.

Counts are of distinct counterpart accounts over ``mini_program`` links that occupy a
slot (see :func:`topology.graph.counts_toward_caps`).
"""

from __future__ import annotations

from .registry import example, rule


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
    message={"en": "Mini-program {account} is linked to {observed} official accounts; the limit is {limit}.",
             "zh": "小程序 {account} 关联了 {observed} 个公众号，上限为 {limit}。"},
    seed="一个小程序可关联最多 50 个公众号",
    gloss="One mini-program can be linked to at most 50 official accounts.",
    rationale={"en": "WeChat refuses a new association once a mini-program has reached its cap "
                     "(error 89009), so a plan over the cap cannot be carried out.",
               "zh": "小程序关联数达到上限后微信会拒绝新的关联（错误码 89009），超出上限的规划无法落地。"},
    fix={"en": "Unlink official accounts from the mini-program until at most the limit remain "
               "(`wxtopo repair` will choose which, later).",
         "zh": "解除部分公众号与该小程序的关联，直到不超过上限。"},
    example=_officials_doc(51),
    parameters=("max_officials_per_mini_program", "linkable_official_types", "pending_counts_toward_caps"),
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


def _split(ctx, official):
    """The official's capped mini-programs: (same subject, other subjects), each sorted.

    "Same subject" needs a subject on both sides: an official account without one has
    only other-subject mini-programs.
    """
    return ctx.memo(("split", official), lambda: _split_now(ctx, official))


def _split_now(ctx, official):
    own = ctx.subject_of(official)
    same, other = [], []
    for m in ctx.linked_mini_programs(official):
        (same if own is not None and own == ctx.subject_of(m) else other).append(m)
    return same, other


@rule(
    id="WX102", name="official-same-subject-cap", severity="error",
    title={"en": "Too many same-subject mini-programs", "zh": "关联同主体小程序超过上限"},
    message={"en": "Official account {account} links {observed} mini-programs of its own subject; the limit is {limit}.",
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
)
def official_same_subject_cap(ctx):
    """An official account links more than N mini-programs of its own subject."""
    limit = ctx.params.max_same_subject_mini_programs
    if limit is None:
        return
    for official in ctx.officials():
        if ctx.count_linked_mini_programs(official) <= limit:
            continue  # fewer links in all than the same-subject cap
        same, _ = _split(ctx, official)
        if len(same) > limit:
            yield ctx.finding(official, related=same, observed=len(same), limit=limit)


@rule(
    id="WX103", name="official-cross-subject-cap", severity="error",
    title={"en": "Too many cross-subject mini-programs", "zh": "关联不同主体小程序超过上限"},
    message={"en": "Official account {account} links {observed} mini-programs of other subjects; the limit is {limit}.",
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
)
def official_cross_subject_cap(ctx):
    """An official account links more than N mini-programs of other subjects."""
    limit = ctx.params.max_cross_subject_mini_programs
    if limit is None:
        return
    for official in ctx.officials():
        if ctx.count_linked_mini_programs(official) <= limit:
            continue
        _, other = _split(ctx, official)
        if len(other) > limit:
            yield ctx.finding(official, related=other, observed=len(other), limit=limit)
