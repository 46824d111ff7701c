"""WX3xx: personal main accounts and auxiliary accounts (辅助账号).

An auxiliary account is registered with a main account's phone number once the main
account has been registered more than two years, has had no ban in the last year and
has both a phone number and WeChat Pay bound. The **evaluation date** of an auxiliary is
its ``registered_on``, else the run's as-of date.
"""

from __future__ import annotations

from ..dates import add_years
from .registry import example, rule


def _auxiliaries_with_primary(ctx):
    """(auxiliary id, its model, primary id, primary model) where the primary is a real personal account."""
    for aux in ctx.accounts("auxiliary"):
        primary = ctx.primary_of(aux)
        if primary is not None and ctx.type_of(primary) == "personal":
            yield aux, ctx.model(aux), primary, ctx.model(primary)


def _evaluation_date(ctx, aux_model):
    return aux_model.registered_on or ctx.as_of


def _person(registered_on="2020-01-01", **kw):
    return {"id": "li", "type": "personal", "registered_on": registered_on, "wechat_pay_bound": True, **kw}


@rule(
    id="WX301", name="personal-subject-kind", severity="error",
    title={"en": "Personal account under an organisation subject", "zh": "个人主账号属于组织主体"},
    message={"en": "Personal account {account} belongs to subject {owner} of kind {kind}; a personal account "
                   "belongs to an individual.",
             "zh": "个人主账号 {account} 属于{kind:subject_kind}主体 {owner}；个人主账号只能属于个人。"},
    seed="个人主账号是用户进入微信生态的核心入口,需通过手机号注册并完成实名认证",
    gloss="The personal main account is the user's core entry point into the WeChat ecosystem; it must be "
          "registered with a mobile phone number and complete real-name verification.",
    rationale={"en": "A main account is one person's real-name identity; it cannot belong to a company.",
               "zh": "主账号是个人的实名身份，不能属于公司。"},
    fix={"en": "Point the account's subject at an individual subject, or drop the subject.",
         "zh": "将该账号的主体改为个人主体，或去掉主体。"},
    example=example(subjects=[{"id": "acme", "kind": "enterprise"}],
                    accounts=[{"id": "li", "type": "personal", "subject": "acme"}]),
    summary_zh="个人主账号的主体不是个人。",
    use_instead=example(subjects=[{"id": "li-self", "kind": "individual"}], accounts=[{"id": "li", "type": "personal", "subject": "li-self"}]),
)
def personal_subject_kind(ctx):
    """A personal account's subject is not of kind individual."""
    for acct in ctx.accounts("personal"):
        kind = ctx.subject_kind(acct)
        if kind is not None and kind != "individual":
            yield ctx.finding(acct, owner=ctx.subject_of(acct), kind=kind)


@rule(
    id="WX302", name="personal-not-real-name", severity="error",
    title={"en": "Personal account not real-name verified", "zh": "个人主账号未实名认证"},
    message={"en": "Personal account {account} is not real-name verified.",
             "zh": "个人主账号 {account} 未完成实名认证。"},
    seed="需通过手机号注册并完成实名认证",
    gloss="[The personal main account] must be registered with a mobile phone number and complete real-name "
          "verification.",
    rationale={"en": "Real-name verification is the trust base of the ecosystem and a condition of "
                     "payments, auxiliary accounts and administering accounts.",
               "zh": "实名认证是生态的信任基础，也是支付、辅助账号与管理账号的前提。"},
    fix={"en": "Complete real-name verification (\"real_name_verified\": true).",
         "zh": "完成实名认证（\"real_name_verified\": true）。"},
    example=example(accounts=[{"id": "li", "type": "personal", "real_name_verified": False}]),
    summary_zh="个人主账号的 real_name_verified 为 false（未实名认证）。",
    use_instead=example(accounts=[{"id": "li", "type": "personal", "real_name_verified": True}]),
)
def personal_not_real_name(ctx):
    """A personal account has real_name_verified false."""
    for acct in ctx.accounts("personal"):
        if not ctx.model(acct).real_name_verified:
            yield ctx.finding(acct)


@rule(
    id="WX303", name="auxiliary-primary-age", severity="error",
    title={"en": "Main account too young for an auxiliary", "zh": "主账号注册时长不足"},
    message={"en": "Auxiliary {account} was registered on {when}, but its main account {primary} "
                   "(registered {registered}) was not yet more than {years:year|years} old.",
             "zh": "辅助账号 {account} 于 {when} 注册，但其主账号 {primary}（{registered} 注册）注册时长未超过 {years} 年。"},
    variants={"unknown": {
        "en": "Auxiliary {account}: main account {primary} has no registered_on, so its age "
              "(more than {years:year|years} required) cannot be checked.",
        "zh": "辅助账号 {account}：主账号 {primary} 没有 registered_on，无法检查其注册时长（须超过 {years} 年）。"}},
    seed="注册时长超两年",
    gloss="[The main account has been] registered for more than two years.",
    rationale={"en": "Only an established main account may vouch for a second one: the auxiliary is "
                     "registered with the main account's phone number.",
               "zh": "只有成熟的主账号才能为第二个账号担保：辅助账号使用主账号的手机号注册。"},
    fix={"en": "Register the auxiliary after the main account's anniversary, or record the main account's real registered_on.",
         "zh": "在主账号注册满期后再注册辅助账号，或填写主账号真实的 registered_on。"},
    example=example(accounts=[_person("2024-06-01"),
                              {"id": "li-work", "type": "auxiliary", "primary": "li", "registered_on": "2025-06-01"}]),
    parameters=("auxiliary_min_primary_age_years",),
    summary_zh="主账号的注册日期距辅助账号的评估日未超过 N 年。",
    use_instead=example(accounts=[_person("2022-06-01"), {"id": "li-work", "type": "auxiliary", "primary": "li", "registered_on": "2025-06-01"}]),
    limits={"en": "A main account without registered_on gets a warning, not an error: its age cannot be checked.",
            "zh": "没有 registered_on 的主账号只得到警告而非错误：无法检查其注册时长。"},
)
def auxiliary_primary_age(ctx):
    """The main account was not registered more than N years before the auxiliary's evaluation date."""
    years = ctx.params.auxiliary_min_primary_age_years
    if years is None:
        return
    for aux, model, primary, pmodel in _auxiliaries_with_primary(ctx):
        if pmodel.registered_on is None:
            yield ctx.finding(aux, related=(primary,), severity="warning", variant="unknown",
                              primary=primary, years=years)
            continue
        when = _evaluation_date(ctx, model)
        if when <= add_years(pmodel.registered_on, years):
            yield ctx.finding(aux, related=(primary,), primary=primary, when=when.isoformat(),
                              registered=pmodel.registered_on.isoformat(), years=years)


@rule(
    id="WX304", name="auxiliary-primary-banned", severity="error",
    title={"en": "Main account banned in the last year", "zh": "主账号近一年有封号记录"},
    message={"en": "Auxiliary {account} (evaluated {when}): main account {primary} was banned "
                   "{ban} within the {years:year|years} before.",
             "zh": "辅助账号 {account}（评估日 {when}）：主账号 {primary} 在此前 {years} 年内有封号记录（{ban}）。"},
    seed="近一年无封号记录",
    gloss="[The main account has] no record of being banned in the past year.",
    rationale={"en": "A recently banned account may not spawn new ones: that is how banned operators "
                     "would come back.",
               "zh": "近期被封的账号不能再派生新账号，否则被封者可借此卷土重来。"},
    fix={"en": "Wait until the ban is more than the window behind the registration date.",
         "zh": "待封号记录早于注册日前的时间窗口后再注册。"},
    example=example(accounts=[_person(bans=[{"start": "2025-01-01", "end": "2025-01-08"}]),
                              {"id": "li-work", "type": "auxiliary", "primary": "li", "registered_on": "2025-06-01"}]),
    parameters=("auxiliary_ban_free_years",),
    summary_zh="主账号的封号记录与［评估日前 N 年，评估日］有重叠。",
    use_instead=example(accounts=[_person(bans=[{"start": "2023-01-01", "end": "2023-01-08"}]), {"id": "li-work", "type": "auxiliary", "primary": "li", "registered_on": "2025-06-01"}]),
    limits={"en": "Only the bans the document records are seen.",
            "zh": "只能看到文档记录的封号。"},
)
def auxiliary_primary_banned(ctx):
    """A main-account ban overlaps [evaluation date − N years, evaluation date]."""
    years = ctx.params.auxiliary_ban_free_years
    if years is None:
        return
    for aux, model, primary, pmodel in _auxiliaries_with_primary(ctx):
        when = _evaluation_date(ctx, model)
        window_start = add_years(when, -years)
        hits = [b for b in pmodel.bans if b.start <= when and (b.end is None or b.end >= window_start)]
        if hits:
            last = max(hits, key=lambda b: (b.start, b.end or b.start))
            ban = f"{last.start.isoformat()}–{last.end.isoformat() if last.end else '…'}"
            yield ctx.finding(aux, related=(primary,), primary=primary, when=when.isoformat(), ban=ban,
                              years=years)


@rule(
    id="WX305", name="auxiliary-primary-bindings", severity="error",
    title={"en": "Main account lacks a required binding", "zh": "主账号未完成必要绑定"},
    message={"en": "Auxiliary {account}: main account {primary} has no {binding:binding} bound.",
             "zh": "辅助账号 {account}：主账号 {primary} 未绑定{binding:binding}。"},
    seed="已绑定手机号与微信支付",
    gloss="[The main account has] bound a mobile phone number and WeChat Pay.",
    rationale={"en": "The phone number and WeChat Pay bound on the main account are what tie the "
                     "auxiliary to a verified person.",
               "zh": "主账号绑定的手机号与微信支付把辅助账号与实名个人联系起来。"},
    fix={"en": "Bind a phone number and WeChat Pay on the main account first.",
         "zh": "先在主账号上绑定手机号与微信支付。"},
    example=example(accounts=[_person(wechat_pay_bound=False),
                              {"id": "li-work", "type": "auxiliary", "primary": "li", "registered_on": "2025-06-01"}]),
    summary_zh="主账号的 phone_bound 或 wechat_pay_bound 为 false（各报告一次）。",
    use_instead=example(accounts=[_person(), {"id": "li-work", "type": "auxiliary", "primary": "li", "registered_on": "2025-06-01"}]),
)
def auxiliary_primary_bindings(ctx):
    """The main account has phone_bound false or wechat_pay_bound false (one finding each)."""
    for aux, _, primary, pmodel in _auxiliaries_with_primary(ctx):
        if not pmodel.phone_bound:
            yield ctx.finding(aux, related=(primary,), primary=primary, binding="phone_bound")
        if not pmodel.wechat_pay_bound:
            yield ctx.finding(aux, related=(primary,), primary=primary, binding="wechat_pay_bound")


@rule(
    id="WX306", name="auxiliary-per-primary", severity="error",
    title={"en": "Too many auxiliary accounts", "zh": "辅助账号数量超过上限"},
    message={"en": "Main account {account} has {observed:auxiliary account|auxiliary accounts}; the limit is {limit}.",
             "zh": "主账号 {account} 有 {observed} 个辅助账号，上限为 {limit}。"},
    seed="辅助账号允许同一手机号在主账号满足",
    gloss="Auxiliary accounts let the same mobile phone number [register a second account] once its main "
          "account meets [these conditions] ...",
    rationale={"en": "One phone number carries one main account and a limited number of auxiliaries; "
                     "more would make the phone number a farm of accounts.",
               "zh": "一个手机号只承载一个主账号和有限的辅助账号，否则手机号会沦为批量注册的工具。"},
    fix={"en": "Retire the extra auxiliary accounts or register them with another person's phone.",
         "zh": "停用多余的辅助账号，或改用他人的手机号注册。"},
    example=example(accounts=[_person(), {"id": "li-work", "type": "auxiliary", "primary": "li"},
                              {"id": "li-shop", "type": "auxiliary", "primary": "li"}], as_of="2025-06-01"),
    parameters=("max_auxiliaries_per_primary",),
    summary_zh="一个主账号的辅助账号超过 N 个。",
    use_instead=example(accounts=[_person(), {"id": "li-work", "type": "auxiliary", "primary": "li"}], as_of="2025-06-01"),
)
def auxiliary_per_primary(ctx):
    """A main account has more than N auxiliary accounts."""
    limit = ctx.params.max_auxiliaries_per_primary
    if limit is None:
        return
    for person in ctx.accounts("personal"):
        aux = ctx.auxiliaries(person)
        if len(aux) > limit:
            yield ctx.finding(person, related=aux, observed=len(aux), limit=limit)


@rule(
    id="WX307", name="auxiliary-phone-search", severity="error",
    title={"en": "Auxiliary found by phone number without a phone bound", "zh": "未绑定手机号的辅助账号使用手机号搜索"},
    message={"en": "Auxiliary {account} lists phone_search as a way to add friends but has no phone number bound.",
             "zh": "辅助账号 {account} 未绑定手机号，却列出了通过手机号搜索添加好友。"},
    seed="未绑定新手机号前,仅能通过微信号、二维码、群聊、名片四种方式添加好友,无法通过手机号搜索",
    gloss="Until it binds a new phone number, [an auxiliary account] can add friends in only four ways: by "
          "WeChat ID, QR code, group chat or contact card; it cannot be found by phone-number search.",
    rationale={"en": "Until it binds a phone number of its own, an auxiliary can be added only by "
                     "WeChat ID, QR code, group chat or contact card.",
               "zh": "辅助账号绑定自己的手机号之前，只能通过微信号、二维码、群聊、名片添加好友。"},
    fix={"en": "Bind a new phone number (\"phone_bound\": true) or drop phone_search.",
         "zh": "绑定新手机号（\"phone_bound\": true），或去掉 phone_search。"},
    example=example(accounts=[_person(), {"id": "li-work", "type": "auxiliary", "primary": "li",
                                          "friend_add_methods": ["wechat_id", "phone_search"]}], as_of="2025-06-01"),
    summary_zh="辅助账号的 friend_add_methods 含 phone_search，但 phone_bound 为 false。",
    use_instead=example(accounts=[_person(), {"id": "li-work", "type": "auxiliary", "primary": "li", "phone_bound": True, "friend_add_methods": ["wechat_id", "phone_search"]}], as_of="2025-06-01"),
)
def auxiliary_phone_search(ctx):
    """An auxiliary lists phone_search in friend_add_methods while phone_bound is false."""
    for aux in ctx.accounts("auxiliary"):
        m = ctx.model(aux)
        if "phone_search" in m.friend_add_methods and not m.phone_bound:
            yield ctx.finding(aux)


@rule(
    id="WX308", name="auxiliary-payments", severity="error",
    title={"en": "Auxiliary pays without its own identity", "zh": "未绑定身份信息的辅助账号使用转账或红包"},
    message={"en": "Auxiliary {account} uses {feature} but has no identity bound.",
             "zh": "辅助账号 {account} 未绑定身份信息，却使用了{feature:feature}。"},
    seed="默认未完成实名认证,需单独绑定身份信息方可使用微信支付的转账、发红包等功能",
    gloss="By default [an auxiliary account] is not real-name verified; it must bind identity information "
          "separately before it can use WeChat Pay features such as transfers and sending red packets.",
    rationale={"en": "An auxiliary is not real-name verified by default; money moves only once it "
                     "binds an identity of its own.",
               "zh": "辅助账号默认未实名；只有单独绑定身份信息后才能转账、发红包。"},
    fix={"en": "Bind identity information (\"identity_bound\": true) or drop the feature.",
         "zh": "绑定身份信息（\"identity_bound\": true），或去掉该功能。"},
    example=example(accounts=[_person(), {"id": "li-work", "type": "auxiliary", "primary": "li",
                                          "features": ["red_packet"]}], as_of="2025-06-01"),
    summary_zh="辅助账号使用了转账或发红包（transfer、red_packet），但 identity_bound 为 false（各报告一次）。",
    use_instead=example(accounts=[_person(), {"id": "li-work", "type": "auxiliary", "primary": "li", "identity_bound": True, "features": ["red_packet"]}], as_of="2025-06-01"),
)
def auxiliary_payments(ctx):
    """An auxiliary uses transfer or red_packet while identity_bound is false (one finding each)."""
    for aux in ctx.accounts("auxiliary"):
        m = ctx.model(aux)
        if m.identity_bound:
            continue
        for feature in sorted(set(m.features)):
            yield ctx.finding(aux, feature=feature)
