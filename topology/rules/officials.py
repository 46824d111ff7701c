"""WX2xx: official accounts and mini-programs: who may register them and what they may use."""

from __future__ import annotations

from .registry import example, rule

_CO = {"id": "acme", "kind": "enterprise"}
_ME = {"id": "li", "kind": "individual"}


@rule(
    id="WX201", name="service-subject-kind", severity="error",
    title={"en": "Service account registered by an individual", "zh": "个人主体注册了服务号"},
    message={"en": "Service account {account} belongs to subject {owner}, an individual; service "
                   "accounts are for organisations only.",
             "zh": "服务号 {account} 的主体 {owner} 是个人；服务号的注册主体仅限组织。"},
    seed="服务号的注册主体仅限企业、政府机构等组织",
    gloss="The registering subject of a service account is limited to organisations such as enterprises and "
          "government agencies.",
    rationale={"en": "WeChat gives an individual who registers an official account a subscription "
                     "account; a service account under a person cannot exist.",
               "zh": "个人注册公众号只能得到订阅号；个人主体下的服务号并不存在。"},
    fix={"en": "Register the service account under an organisation subject, or make it a subscription account.",
         "zh": "改用组织主体注册服务号，或改为订阅号。"},
    example=example(subjects=[_ME], accounts=[{"id": "care", "type": "service", "subject": "li"}]),
    summary_zh="服务号的主体是个人。",
    use_instead=example(subjects=[_CO], accounts=[{"id": "care", "type": "service", "subject": "acme"}]),
)
def service_subject_kind(ctx):
    """A service account's subject is of kind individual."""
    for acct in ctx.accounts("service"):
        if ctx.subject_kind(acct) == "individual":
            yield ctx.finding(acct, owner=ctx.subject_of(acct))


@rule(
    id="WX202", name="subscription-capability", severity="error",
    title={"en": "Subscription account uses a service capability", "zh": "订阅号使用了不具备的权限"},
    message={"en": "Subscription account {account} uses {feature}, which a subscription account of a "
                   "subject of kind {kind} does not have (allowed for: {allowed:list}).",
             "zh": "订阅号 {account} 使用了{feature:feature}，{kind:subject_kind}主体的订阅号不具备该权限（仅限：{allowed:subject_kind}）。"},
    seed="虽不具备高级接口与微信支付权限(媒体类型除外)",
    gloss="Although [a subscription account] lacks permission for advanced interfaces and WeChat Pay "
          "(media-type accounts excepted) ...",
    rationale={"en": "Subscription accounts trade capability for reach: WeChat Pay and the advanced "
                     "interfaces are reserved to a few subject kinds.",
               "zh": "订阅号以触达换能力：微信支付与高级接口只对少数主体类型开放。"},
    fix={"en": "Move payment and advanced interfaces to a verified service account or a mini-program.",
         "zh": "将支付与高级接口迁移到已认证的服务号或小程序。"},
    example=example(subjects=[_CO], accounts=[{"id": "news", "type": "subscription", "subject": "acme",
                                               "features": ["wechat_pay"]}]),
    parameters=("subscription_pay_subject_kinds",),
    summary_zh="订阅号使用了微信支付或高级接口（wechat_pay、advanced_api），而其主体类型不允许。",
    use_instead=example(subjects=[_CO], accounts=[{"id": "news", "type": "subscription", "subject": "acme"}, {"id": "care", "type": "service", "subject": "acme", "verified": True, "features": ["wechat_pay"]}]),
    limits={"en": "Only wechat_pay and advanced_api are checked: the document does not record which other interfaces an account calls.",
            "zh": "只检查 wechat_pay 与 advanced_api：文档不记录账号调用了哪些其他接口。"},
)
def subscription_capability(ctx):
    """A subscription account uses wechat_pay or advanced_api and its subject kind may not."""
    allowed = ctx.params.subscription_pay_subject_kinds
    for acct in ctx.accounts("subscription"):
        kind = ctx.subject_kind(acct)
        if kind is None or kind in allowed:
            continue
        for feature in sorted({"wechat_pay", "advanced_api"} & set(ctx.model(acct).features)):
            yield ctx.finding(acct, feature=feature, kind=kind, allowed=list(allowed))


@rule(
    id="WX203", name="service-pay-unverified", severity="error",
    title={"en": "WeChat Pay on an unverified service account", "zh": "未认证服务号开通了微信支付"},
    message={"en": "Service account {account} uses wechat_pay but is not verified.",
             "zh": "服务号 {account} 使用了微信支付，但尚未认证。"},
    seed="认证后可开通微信支付",
    gloss="After verification, [a service account] can enable WeChat Pay.",
    rationale={"en": "WeChat Pay opens only after verification (认证); an unverified account cannot take payments.",
               "zh": "微信支付须在认证后开通；未认证的账号无法收款。"},
    fix={"en": "Verify the service account (\"verified\": true) or drop wechat_pay.",
         "zh": "完成服务号认证（\"verified\": true），或去掉 wechat_pay。"},
    example=example(subjects=[_CO], accounts=[{"id": "care", "type": "service", "subject": "acme",
                                               "features": ["wechat_pay"]}]),
    summary_zh="服务号使用了微信支付（wechat_pay），但尚未认证。",
    use_instead=example(subjects=[_CO], accounts=[{"id": "care", "type": "service", "subject": "acme", "verified": True, "features": ["wechat_pay"]}]),
)
def service_pay_unverified(ctx):
    """A service account uses wechat_pay and is not verified."""
    for acct in ctx.accounts("service"):
        m = ctx.model(acct)
        if "wechat_pay" in m.features and not m.verified:
            yield ctx.finding(acct)


@rule(
    id="WX204", name="admin-not-real-name", severity="error",
    title={"en": "Administrator without real-name verification", "zh": "管理员未实名认证"},
    message={"en": "{person} administers {account} but is not real-name verified.",
             "zh": "{person} 管理 {account}，但未完成实名认证。"},
    seed="个人主账号是用户进入微信生态的核心入口,需通过手机号注册并完成实名认证",
    gloss="The personal main account is the user's core entry point into the WeChat ecosystem; it must be "
          "registered with a mobile phone number and complete real-name verification.",
    rationale={"en": "A real-name verified main account is the precondition for opening official "
                     "accounts and mini-programs; it is who answers for them.",
               "zh": "实名认证的个人主账号是开通公众号、小程序的前提条件，也是对其负责的人。"},
    fix={"en": "Verify the person's real name, or have a verified person administer the account.",
         "zh": "完成该个人账号的实名认证，或改由已实名的人管理。"},
    example=example(subjects=[_CO], accounts=[{"id": "li", "type": "personal", "real_name_verified": False},
                                              {"id": "news", "type": "subscription", "subject": "acme"}],
                    links=[{"kind": "admin", "source": "li", "target": "news"}]),
    summary_zh="管理员关联（\"kind\": \"admin\"）的个人主账号未完成实名认证。",
    use_instead=example(subjects=[_CO], accounts=[{"id": "li", "type": "personal"}, {"id": "news", "type": "subscription", "subject": "acme"}], links=[{"kind": "admin", "source": "li", "target": "news"}]),
)
def admin_not_real_name(ctx):
    """An admin link's personal account is not real-name verified."""
    for u, v, i, _ in ctx.links("admin"):
        if ctx.type_of(u) == "personal" and ctx.type_of(v) is not None and not ctx.model(u).real_name_verified:
            yield ctx.finding(v, related=(u,), pointer=f"/links/{i}", person=u)


@rule(
    id="WX205", name="missing-admin", severity="info",
    title={"en": "No administrator recorded", "zh": "未记录管理员"},
    message={"en": "{account} has no admin link: record the main account that opened it.",
             "zh": "{account} 没有管理员关联：请记录开通它的个人主账号。"},
    seed="也是开通其他账号类型(如公众号、小程序)的前提条件",
    gloss="[The personal main account] is also the prerequisite for opening other account types (such as "
          "official accounts and mini-programs).",
    rationale={"en": "Every official account and mini-program is opened by a person's main account; "
                     "knowing who keeps access from being lost when staff leave.",
               "zh": "每个公众号和小程序都由个人主账号开通；记录管理员可避免人员变动时失去控制权。"},
    fix={"en": "Add an admin link from the personal account that administers it.",
         "zh": "添加从其管理员个人账号出发的管理员关联（\"kind\": \"admin\"）。"},
    example=example(subjects=[_CO], accounts=[{"id": "news", "type": "subscription", "subject": "acme"}]),
    parameters=("linkable_official_types",),
    summary_zh="公众号或小程序没有管理员关联（\"kind\": \"admin\"）。",
    use_instead=example(subjects=[_CO], accounts=[{"id": "li", "type": "personal"}, {"id": "news", "type": "subscription", "subject": "acme"}], links=[{"kind": "admin", "source": "li", "target": "news"}]),
)
def missing_admin(ctx):
    """An official account or mini-program has no admin link."""
    for acct in ctx.accounts(*ctx.params.linkable_official_types, "mini_program"):
        if not ctx.has_admin(acct):
            yield ctx.finding(acct)


@rule(
    id="WX206", name="mini-program-subject-kind", severity="error",
    title={"en": "Mini-program registered by a subject kind not allowed", "zh": "小程序的主体类型不被允许"},
    message={"en": "Mini-program {account} belongs to a subject of kind {kind}; allowed kinds: {allowed:list}.",
             "zh": "小程序 {account} 的主体类型为{kind:subject_kind}；允许的类型：{allowed:subject_kind}。"},
    seed="小程序账号的注册主体分为个人、企业、政府等",
    gloss="The registering subjects of mini-program accounts fall into individuals, enterprises, governments "
          "and others.",
    rationale={"en": "Which subject kinds may register mini-programs is WeChat's policy to change; the "
                     "ruleset narrows it when a category closes.",
               "zh": "哪些主体可注册小程序由微信政策决定；当某类主体被关闭时，可在规则集中收窄。"},
    fix={"en": "Register the mini-program under an allowed subject kind.",
         "zh": "改用允许的主体类型注册该小程序。"},
    example=example(subjects=[_ME], accounts=[{"id": "shop", "type": "mini_program", "subject": "li"}]),
    example_set={"mini_program_subject_kinds": ["enterprise", "government", "media", "organization"]},
    parameters=("mini_program_subject_kinds",),
    summary_zh="小程序的主体类型不在规则集的 mini_program_subject_kinds 中。",
    use_instead=example(subjects=[_CO], accounts=[{"id": "shop", "type": "mini_program", "subject": "acme"}]),
)
def mini_program_subject_kind(ctx):
    """A mini-program's subject kind is not in the ruleset's mini_program_subject_kinds."""
    allowed = ctx.params.mini_program_subject_kinds
    for acct in ctx.accounts("mini_program"):
        kind = ctx.subject_kind(acct)
        if kind is not None and kind not in allowed:
            yield ctx.finding(acct, kind=kind, allowed=list(allowed))


# -- WX207-WX210: registration and administration caps (values of the sourced rulesets) ----------
_OFFICIAL_KINDS = ("subscription", "service")  # 公众号 as registration counts them: not 企业号


def _per_subject(ctx, limits: dict | None, types: tuple[str, ...]):
    """(subject, kind, owned accounts, limit) of the subjects owning more accounts of ``types`` than
    ``limits[kind]``; a kind missing from ``limits`` has no limit."""
    if limits is None:
        return
    for sid in ctx.subjects():
        limit = limits.get(ctx.kind_of_subject(sid))
        if limit is None:
            continue
        owned = ctx.owned(sid, *types)
        if len(owned) > limit:
            yield sid, ctx.kind_of_subject(sid), owned, limit


@rule(
    id="WX207", name="officials-per-subject", severity="error",
    title={"en": "Subject owns too many official accounts", "zh": "主体注册的公众号超过上限"},
    message={"en": "Subject {subject} (kind {kind}) owns {observed:official account|official accounts} (subscription and service); "
                   "the limit for its kind is {limit}.",
             "zh": "主体 {subject}（{kind:subject_kind}）注册了 {observed} 个公众号（订阅号与服务号），该类主体上限为 {limit} 个。"},
    seed="公众账号是为机构、企业、媒体及个人创作者打造的“专业账号体系”",
    gloss="Official accounts are a 'professional account system' built for institutions, enterprises, media and "
          "individual creators.",
    rationale={"en": "WeChat caps how many official accounts one subject may register, by the kind of subject "
                     "(since 2018-11: an individual 1, an enterprise 2 without approval, government and media 50); "
                     "a plan with more cannot be registered under that subject.",
               "zh": "微信按主体类型限制一个主体可注册的公众号数量（2018 年 11 月起：个人 1 个，企业类 2 个（可申请增加），"
                     "政府与媒体 50 个）；超出的规划无法在该主体下注册。"},
    fix={"en": "Register the extra official accounts under another subject, merge them, or record the approval "
               "that raised the subject's quota with a ruleset that raises its limit.",
         "zh": "将多出的公众号改由其他主体注册或合并；若已获批提高额度，在规则集中提高该类主体的上限。"},
    example=example(subjects=[_ME], accounts=[{"id": "li-notes", "type": "subscription", "subject": "li"},
                                              {"id": "li-diary", "type": "subscription", "subject": "li"}]),
    example_set={"max_officials_per_subject": {"individual": 1}},
    parameters=("max_officials_per_subject",),
    summary_zh="一个主体拥有的订阅号与服务号超过其主体类型的上限。",
    use_instead=example(subjects=[_ME], accounts=[{"id": "li-notes", "type": "subscription", "subject": "li"}]),
)
def officials_per_subject(ctx):
    """A subject owns more subscription and service accounts than its kind's limit.

    The limit is ``max_officials_per_subject[kind]``; a kind the mapping does not name has no
    limit. Enterprise accounts (企业号) are not counted: the registration quota is about 公众号.
    """
    for sid, kind, owned, limit in _per_subject(ctx, ctx.params.max_officials_per_subject, _OFFICIAL_KINDS):
        yield ctx.finding(subject=sid, related=owned, pointer=ctx.subject_pointer(sid), observed=len(owned),
                          limit=limit, kind=kind)


@rule(
    id="WX208", name="mini-programs-per-subject", severity="error",
    title={"en": "Subject owns too many mini-programs", "zh": "主体注册的小程序超过上限"},
    message={"en": "Subject {subject} (kind {kind}) owns {observed:mini-program|mini-programs}; the limit for its kind is {limit}.",
             "zh": "主体 {subject}（{kind:subject_kind}）注册了 {observed} 个小程序，该类主体上限为 {limit} 个。"},
    seed="小程序账号的注册主体分为个人、企业、政府等",
    gloss="The registering subjects of mini-program accounts fall into individuals, enterprises, governments "
          "and others.",
    rationale={"en": "How many mini-programs a subject may register depends on its kind (reported: 5 for an "
                     "individual or a sole trader, 50 for enterprises, government, media and other "
                     "organisations); registration beyond it is refused.",
               "zh": "一个主体可注册的小程序数量取决于主体类型（据报道：个人与个体工商户 5 个，企业、政府、媒体及其他组织 50 个）；"
                     "超出后无法注册。"},
    fix={"en": "Register the extra mini-programs under another subject, or merge their services into fewer "
               "mini-programs.",
         "zh": "将多出的小程序改由其他主体注册，或把服务合并到更少的小程序中。"},
    example=example(subjects=[_ME], accounts=[{"id": f"li-shop-{i}", "type": "mini_program", "subject": "li"}
                                              for i in (1, 2, 3)]),
    example_set={"max_mini_programs_per_subject": {"individual": 2}},
    parameters=("max_mini_programs_per_subject",),
    summary_zh="一个主体拥有的小程序超过其主体类型的上限。",
    use_instead=example(subjects=[_ME], accounts=[{"id": f"li-shop-{i}", "type": "mini_program", "subject": "li"} for i in (1, 2)]),
)
def mini_programs_per_subject(ctx):
    """A subject owns more mini-programs than its kind's limit.

    The limit is ``max_mini_programs_per_subject[kind]``; a kind the mapping does not name has
    no limit.
    """
    for sid, kind, owned, limit in _per_subject(ctx, ctx.params.max_mini_programs_per_subject, ("mini_program",)):
        yield ctx.finding(subject=sid, related=owned, pointer=ctx.subject_pointer(sid), observed=len(owned),
                          limit=limit, kind=kind)


@rule(
    id="WX209", name="admin-account-cap", severity="error",
    title={"en": "Person administers too many official accounts", "zh": "个人管理的公众号超过上限"},
    message={"en": "{account} administers {observed:official account|official accounts}; one person may administer at most {limit}.",
             "zh": "{account} 管理了 {observed} 个公众号，一个人最多可管理 {limit} 个。"},
    seed="", gloss="",  # no sentence of the seed document states this limit: a secondary-source rule
    rationale={"en": "WeChat lets one ID card or phone number administer a limited number of official accounts "
                     "(5, help-centre FAQ); binding one more administrator is refused. The source speaks of "
                     "official accounts only, so mini-programs a person administers are not counted.",
               "zh": "微信限制同一身份证或手机号可管理的公众号数量（帮助中心：5 个），超出后无法再绑定为管理员。"
                     "来源只提到公众号，因此个人管理的小程序不计入。"},
    fix={"en": "Hand some official accounts to another real-name verified administrator.",
         "zh": "将部分公众号交由其他已实名认证的管理员管理。"},
    example=example(subjects=[_CO], accounts=[{"id": "li", "type": "personal"}]
                    + [{"id": f"news-{i}", "type": "subscription", "subject": "acme"} for i in (1, 2, 3)],
                    links=[{"kind": "admin", "source": "li", "target": f"news-{i}"} for i in (1, 2, 3)]),
    example_set={"max_accounts_per_admin": 2},
    parameters=("max_accounts_per_admin", "linkable_official_types", "pending_counts_toward_caps"),
    summary_zh="一个个人主账号管理的公众号超过 N 个。",
    use_instead=example(subjects=[_CO], accounts=[{"id": "li", "type": "personal"}] + [{"id": f"news-{i}", "type": "subscription", "subject": "acme"} for i in (1, 2)], links=[{"kind": "admin", "source": "li", "target": f"news-{i}"} for i in (1, 2)]),
    limits={"en": "Only official accounts are counted, per personal account: mini-programs a person administers are not, and the document records no ID card, so one person's several main accounts count apart.",
            "zh": "只按个人主账号统计公众号：个人管理的小程序不计入；文档不记录身份证，同一人的多个主账号分开统计。"},
)
def admin_account_cap(ctx):
    """A personal account administers more than N official accounts.

    Counted: the distinct official accounts (``linkable_official_types``) a personal account
    has a live ``admin`` link to. Mini-programs are not counted: the public source (help-centre
    FAQ) caps the official accounts one person administers. A link that was rejected or removed
    (``unlinked_on``) does not count, a pending one does when ``pending_counts_toward_caps`` is
    true (fields that only ``mini_program`` links carry today).
    """
    limit = ctx.params.max_accounts_per_admin
    if limit is None:
        return
    officials = set(ctx.params.linkable_official_types)
    for person in ctx.accounts("personal"):
        administered = [a for a in ctx.administered(person) if ctx.type_of(a) in officials]
        if len(administered) > limit:
            yield ctx.finding(person, related=administered, observed=len(administered), limit=limit)


@rule(
    id="WX210", name="individual-mini-program-pay", severity="error",
    title={"en": "Mini-program of a subject that may not verify or take payments",
           "zh": "该类主体的小程序不能认证或开通微信支付"},
    message={"en": "Mini-program {account} uses wechat_pay, but its subject is of kind {kind} (allowed for: {allowed:list}).",
             "zh": "小程序 {account} 使用了微信支付，但其主体类型为{kind:subject_kind}（仅限：{allowed:subject_kind}）。"},
    variants={"verified": {
        "en": "Mini-program {account} is verified, but its subject is of kind {kind} (allowed for: {allowed:list}).",
        "zh": "小程序 {account} 已认证，但其主体类型为{kind:subject_kind}（仅限：{allowed:subject_kind}）。"}},
    seed="小程序账号的注册主体分为个人、企业、政府等",
    gloss="The registering subjects of mini-program accounts fall into individuals, enterprises, governments "
          "and others.",
    rationale={"en": "An individual's mini-program cannot be verified and so cannot use WeChat Pay (official "
                     "mini-program documentation); a plan that sells through it cannot take payments.",
               "zh": "个人主体的小程序无法认证，因此不能使用微信支付（小程序官方文档）；依靠它收款的规划无法实现。"},
    fix={"en": "Register the mini-program under an organisation subject (a sole trader counts), or take "
               "payments in a mini-program of such a subject.",
         "zh": "改用组织主体（个体工商户亦可）注册该小程序，或改由此类主体的小程序收款。"},
    example=example(subjects=[_ME], accounts=[{"id": "li-shop", "type": "mini_program", "subject": "li",
                                               "features": ["wechat_pay"]}]),
    example_set={"mini_program_pay_subject_kinds": ["enterprise", "sole_trader", "government", "media",
                                                    "organization"]},
    parameters=("mini_program_pay_subject_kinds",),
    summary_zh="主体类型不在 mini_program_pay_subject_kinds 中的小程序使用了微信支付或已认证。",
    use_instead=example(subjects=[_CO], accounts=[{"id": "shop", "type": "mini_program", "subject": "acme", "features": ["wechat_pay"]}]),
)
def individual_mini_program_pay(ctx):
    """A mini-program whose subject kind is not in mini_program_pay_subject_kinds uses wechat_pay or is verified.

    One finding per offence: using WeChat Pay, being verified. Off while the parameter is null;
    a mini-program whose subject is unknown is not checked (WX001 reports it).
    """
    allowed = ctx.params.mini_program_pay_subject_kinds
    if allowed is None:
        return
    shown = list(allowed)
    for acct in ctx.accounts("mini_program"):
        kind = ctx.subject_kind(acct)
        if kind is None or kind in allowed:
            continue
        m = ctx.model(acct)
        if "wechat_pay" in m.features:
            yield ctx.finding(acct, kind=kind, allowed=shown)
        if m.verified:
            yield ctx.finding(acct, variant="verified", kind=kind, allowed=shown)
