"""WX5xx: enterprise accounts (企业号 / 企业微信)."""

from __future__ import annotations

from .registry import example, rule


@rule(
    id="WX501", name="member-unverified", severity="error",
    title={"en": "Enterprise member not verified", "zh": "企业号成员未验证"},
    message={"en": "{member} is a member of enterprise account {account} without verified contact details.",
             "zh": "{member} 是企业号 {account} 的成员，但通讯信息未经验证。"},
    seed="需先验证成员通讯信息方可关注",
    gloss="The member's contact details must be verified before [the enterprise account] can be followed.",
    rationale={"en": "Enterprise accounts are internal: only members whose contact details were "
                     "verified can follow one. An unverified member cannot receive anything.",
               "zh": "企业号面向内部：只有通讯信息经过验证的成员才能关注，未验证的成员收不到任何消息。"},
    fix={"en": "Verify the member's contact details (\"verified\": true on the member link).",
         "zh": "验证该成员的通讯信息（在成员关联上设置 \"verified\": true）。"},
    example=example(subjects=[{"id": "acme", "kind": "enterprise"}],
                    accounts=[{"id": "li", "type": "personal"},
                              {"id": "team", "type": "enterprise", "subject": "acme"}],
                    links=[{"kind": "member", "source": "li", "target": "team"}]),
    summary_zh="成员关联（\"kind\": \"member\"）的 verified 为 false（成员通讯信息未验证）。",
    use_instead=example(subjects=[{"id": "acme", "kind": "enterprise"}], accounts=[{"id": "li", "type": "personal"}, {"id": "team", "type": "enterprise", "subject": "acme"}], links=[{"kind": "member", "source": "li", "target": "team", "verified": True}]),
    limits={"en": "Only member links are checked: the document has no other record of who follows an enterprise account.",
            "zh": "只检查成员关联：文档没有其他关于谁关注了企业号的记录。"},
)
def member_unverified(ctx):
    """A member link has verified false."""
    for u, v, i, link in ctx.links("member"):  # well typed: a person → an enterprise account
        if not link.verified:
            yield ctx.finding(v, related=(u,), pointer=f"/links/{i}", member=u)
