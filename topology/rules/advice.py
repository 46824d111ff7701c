"""WX9xx: ecosystem advice: nothing is broken, but the ecosystem works less well."""

from __future__ import annotations

from .registry import example, rule


@rule(
    id="WX901", name="mini-program-without-entry", severity="info",
    title={"en": "Mini-program without an official-account entry", "zh": "小程序没有公众号入口"},
    message={"en": "Mini-program {account} is not linked from any official account, so no content leads to it.",
             "zh": "小程序 {account} 未被任何公众号关联，没有内容流量入口。"},
    seed="再通过菜单关联将流量导向小程序,实现服务转化",
    gloss="Then [official accounts] direct traffic to mini-programs through menu links, achieving service conversion.",
    rationale={"en": "Official accounts carry the content and the followers; a mini-program no menu "
                     "leads to depends on search and sharing alone.",
               "zh": "公众号承载内容与粉丝；没有菜单入口的小程序只能依赖搜索和分享获得流量。"},
    fix={"en": "Link the mini-program from an official account of the brand.",
         "zh": "由品牌的某个公众号关联该小程序。"},
    example=example(subjects=[{"id": "acme", "kind": "enterprise"}],
                    accounts=[{"id": "shop", "type": "mini_program", "subject": "acme"}]),
    parameters=("linkable_official_types",),
    summary_zh="没有任何公众号以有效的 mini_program 关联指向该小程序。",
    use_instead=example(subjects=[{"id": "acme", "kind": "enterprise"}], accounts=[{"id": "news", "type": "subscription", "subject": "acme"}, {"id": "shop", "type": "mini_program", "subject": "acme"}], links=[{"kind": "mini_program", "source": "news", "target": "shop"}]),
    limits={"en": "Any live mini_program link counts as an entry, even from an official account nobody follows.",
            "zh": "任何有效的 mini_program 关联都算作入口，即使来自无人关注的公众号。"},
)
def mini_program_without_entry(ctx):
    """A mini-program has no live mini_program link from any official account."""
    for mini in ctx.accounts("mini_program"):
        if not ctx.count_linked_officials(mini, pending_counts=False):
            yield ctx.finding(mini)
