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
                   "subject of kind {kind} does not have (allowed for: {allowed}).",
             "zh": "订阅号 {account} 使用了 {feature}，{kind} 主体的订阅号不具备该权限（仅限：{allowed}）。"},
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
)
def subscription_capability(ctx):
    """A subscription account uses wechat_pay or advanced_api and its subject kind may not."""
    allowed = ctx.params.subscription_pay_subject_kinds
    for acct in ctx.accounts("subscription"):
        kind = ctx.subject_kind(acct)
        if kind is None or kind in allowed:
            continue
        for feature in sorted({"wechat_pay", "advanced_api"} & set(ctx.model(acct).features)):
            yield ctx.finding(acct, feature=feature, kind=kind, allowed=", ".join(allowed) or "none")


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
         "zh": "添加从其管理员个人账号出发的 admin 关联。"},
    example=example(subjects=[_CO], accounts=[{"id": "news", "type": "subscription", "subject": "acme"}]),
    parameters=("linkable_official_types",),
)
def missing_admin(ctx):
    """An official account or mini-program has no admin link."""
    for acct in ctx.accounts(*ctx.params.linkable_official_types, "mini_program"):
        if not ctx.has_admin(acct):
            yield ctx.finding(acct)


@rule(
    id="WX206", name="mini-program-subject-kind", severity="error",
    title={"en": "Mini-program registered by a subject kind not allowed", "zh": "小程序的主体类型不被允许"},
    message={"en": "Mini-program {account} belongs to a subject of kind {kind}; allowed kinds: {allowed}.",
             "zh": "小程序 {account} 的主体类型为 {kind}；允许的类型：{allowed}。"},
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
)
def mini_program_subject_kind(ctx):
    """A mini-program's subject kind is not in the ruleset's mini_program_subject_kinds."""
    allowed = ctx.params.mini_program_subject_kinds
    for acct in ctx.accounts("mini_program"):
        kind = ctx.subject_kind(acct)
        if kind is not None and kind not in allowed:
            yield ctx.finding(acct, kind=kind, allowed=", ".join(allowed) or "none")
