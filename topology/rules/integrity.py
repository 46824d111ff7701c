"""WX0xx: document integrity. A graph with dangling or repeated ids cannot be trusted."""

from __future__ import annotations

from typing import Any

from ..links import stands
from ..vocab import LINK_ENDPOINTS
from .registry import example, rule

_S = {"id": "acme", "kind": "enterprise"}


@rule(
    id="WX001", name="unknown-reference", severity="error",
    title={"en": "Reference to an undefined id", "zh": "引用了未定义的 id"},
    message={"en": "{kind} link {end} names {missing!r}, which the document does not define.",
             "zh": "{kind:link_kind}关联的{end:link_end}引用了未定义的 {missing!r}。"},
    variants={"subject": {"en": "account {account} (subject) names {missing!r}, which the document does not define.",
                          "zh": "账号 {account} 的主体引用了未定义的 {missing!r}。"},
              "primary": {"en": "auxiliary {account} (primary) names {missing!r}, which the document does not define.",
                          "zh": "辅助账号 {account} 的主账号引用了未定义的 {missing!r}。"}},
    seed="通过关联机制形成互补共生的生态网络",
    gloss="Through association mechanisms, [the account types] form a complementary, symbiotic ecosystem network.",
    rationale={"en": "Every association joins two real accounts; a typo in an id silently drops a link "
                     "from every cap and check.",
               "zh": "每个关联都连接两个真实账号；id 拼写错误会让该关联在所有上限与检查中悄然消失。"},
    fix={"en": "Define the missing subject or account, or correct the id.",
         "zh": "补充缺失的主体或账号，或更正 id。"},
    example=example(subjects=[_S], accounts=[{"id": "news", "type": "subscription", "subject": "acme"}],
                    links=[{"kind": "mini_program", "source": "news", "target": "shopp"}]),
    summary_zh="账号的主体、辅助账号的主账号或关联的一端引用了文档中未定义的 id。",
    use_instead=example(subjects=[_S], accounts=[{"id": "news", "type": "subscription", "subject": "acme"}, {"id": "shop", "type": "mini_program", "subject": "acme"}], links=[{"kind": "mini_program", "source": "news", "target": "shop"}]),
)
def unknown_reference(ctx):
    """An account's subject, an auxiliary's primary, or a link end names an undefined id.

    Read from the graph's placeholder nodes, so the cost is in the dangling references,
    not in the size of the document.
    """
    G = ctx.graph
    for node in ctx.placeholders():
        if isinstance(node, tuple):  # a subject
            sid = node[1]
            for acct in ctx.subject_members(sid):
                if ctx.type_of(acct) != "auxiliary":  # an auxiliary's subject is its primary's
                    yield ctx.finding(acct, pointer=f"{ctx.pointer(acct)}/subject", related=(sid,),
                                      variant="subject", missing=sid)
            continue
        for u, _, key, d in G.in_edges(node, keys=True, data=True):
            if d["kind"] == "primary":
                yield ctx.finding(u, pointer=f"{ctx.pointer(u)}/primary", related=(node,),
                                  variant="primary", missing=node)
            else:
                yield ctx.finding(u if ctx.type_of(u) else None, pointer=f"/links/{ctx.position(key)}/target",
                                  related=(node,),
                                  kind=d["kind"], end="target", missing=node)
        for _, v, key, d in G.out_edges(node, keys=True, data=True):
            owner = v if ctx.type_of(v) else None
            yield ctx.finding(owner, pointer=f"/links/{ctx.position(key)}/source", related=(node,),
                              kind=d["kind"], end="source", missing=node)


@rule(
    id="WX002", name="duplicate-id", severity="error",
    title={"en": "Duplicate id", "zh": "id 重复"},
    message={"en": "Account id {id!r} is defined again (first at {first}).",
             "zh": "账号 id {id!r} 重复定义（首次定义于 {first}）。"},
    variants={"subject": {"en": "Subject id {id!r} is defined again (first at {first}).",
                          "zh": "主体 id {id!r} 重复定义（首次定义于 {first}）。"}},
    seed="每类账号在注册条件、功能权限、使用场景上均有清晰边界",
    gloss="Each type of account has clear boundaries in its registration requirements, feature permissions and "
          "use cases.",
    rationale={"en": "Ids name accounts in links and reports; two accounts with one id make every "
                     "reference ambiguous. The first definition is used.",
               "zh": "id 在关联和报告中指代账号；两个账号同用一个 id 会让所有引用含糊不清。以首次定义为准。"},
    fix={"en": "Give each subject and each account its own id.", "zh": "为每个主体和账号使用唯一 id。"},
    example=example(accounts=[{"id": "li", "type": "personal"}, {"id": "li", "type": "personal"}]),
    summary_zh="两个主体或两个账号使用了同一个 id。",
    use_instead=example(accounts=[{"id": "li", "type": "personal"}, {"id": "li-2", "type": "personal"}]),
)
def duplicate_id(ctx):
    """Two subjects, or two accounts, share an id."""
    for what, items, where in (("subject", ctx.eco.subjects, "subjects"), ("account", ctx.eco.accounts, "accounts")):
        first: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in first:
                kw = {"subject": item.id} if what == "subject" else {}
                yield ctx.finding(item.id if what == "account" else None, pointer=f"/{where}/{i}",
                                  variant="subject" if what == "subject" else None, id=item.id,
                                  first=f"/{where}/{first[item.id]}", **kw)
            else:
                first[item.id] = i


@rule(
    id="WX003", name="duplicate-link", severity="warning",
    title={"en": "Duplicate link", "zh": "重复的关联"},
    message={"en": "The {kind} link {source} → {target} is listed again (first at {first}); caps count it once.",
             "zh": "{kind:link_kind}关联 {source} → {target} 重复列出（首次于 {first}）；上限只计一次。"},
    seed="一个小程序可关联最多 50 个公众号",
    gloss="One mini-program can be linked to at most 50 official accounts.",
    rationale={"en": "An association exists or not; listing it twice is usually a copy-paste slip that "
                     "hides a link the author meant to add.",
               "zh": "关联只有存在与否；重复列出通常是复制粘贴失误，可能掩盖了本想添加的另一条关联。"},
    fix={"en": "Remove the repeated link.", "zh": "删除重复的关联。"},
    example=example(subjects=[_S], accounts=[{"id": "news", "type": "subscription", "subject": "acme"},
                                             {"id": "shop", "type": "mini_program", "subject": "acme"}],
                    links=[{"kind": "mini_program", "source": "news", "target": "shop"},
                           {"kind": "mini_program", "source": "news", "target": "shop"}]),
    summary_zh="同一条关联（类型、起点、终点均相同）被记录两次：linked_on 相同，或两条记录都仍有效。",
    use_instead=example(subjects=[_S], accounts=[{"id": "news", "type": "subscription", "subject": "acme"}, {"id": "shop", "type": "mini_program", "subject": "acme"}], links=[{"kind": "mini_program", "source": "news", "target": "shop"}]),
)
def duplicate_link(ctx):
    """The same (kind, source, target) is recorded twice: with the same linked_on, or live twice.

    An unlinked or rejected record followed by a later link is the link's history (WX104
    counts each), not a duplicate.
    """
    for u, v, keydict in ctx.parallel_edges():
        seen: dict[str, list[tuple[int, Any]]] = {}
        for key in sorted(k for k, d in keydict.items() if "link" in d):
            kind, link = keydict[key]["kind"], keydict[key]["link"]
            earlier = seen.setdefault(kind, [])
            first = next((k for k, e in earlier if _same_record(e, link)), None)
            if first is not None:
                yield ctx.finding(u, pointer=f"/links/{key}", related=(v,), kind=kind, source=u, target=v,
                                  first=f"/links/{first}")
            earlier.append((key, link))


def _same_record(a: Any, b: Any) -> bool:
    """Two records of one (kind, source, target) are one: the same ``linked_on``, or both standing."""
    return getattr(a, "linked_on", None) == getattr(b, "linked_on", None) or (stands(a) and stands(b))


@rule(
    id="WX004", name="endpoint-type", severity="error",
    title={"en": "Relation between the wrong account types", "zh": "关联的账号类型不符"},
    message={"en": "{kind} link {end} {ref!r} is of type {actual}; it must be one of: {allowed:list}.",
             "zh": "{kind:link_kind}关联的{end:link_end} {ref!r} 是{actual:account_type}，应为：{allowed:account_type}。"},
    variants={"primary": {"en": "auxiliary {account} primary {ref!r} is of type {actual}; it must be one of: {allowed:list}.",
                          "zh": "辅助账号 {account} 的主账号 {ref!r} 是{actual:account_type}，应为：{allowed:account_type}。"}},
    seed="公众号是内容与信任的载体,通过优质内容积累粉丝,再通过菜单关联将流量导向小程序",
    gloss="Official accounts are vehicles of content and trust: they build up followers through quality "
          "content, then direct traffic to mini-programs through menu links.",
    rationale={"en": "Each relation joins particular account types: official accounts link "
                     "mini-programs, people administer accounts, members join enterprise accounts. "
                     "Anything else cannot exist in WeChat and would distort every count.",
               "zh": "每种关联只连接特定类型：公众号关联小程序，个人主账号管理账号，成员加入企业号。"
                     "其他组合在微信中不存在，并会扭曲所有计数。"},
    fix={"en": "Point the relation at an account of an allowed type, or change the link kind.",
         "zh": "让关联指向允许类型的账号，或更改关联类型。"},
    example=example(subjects=[_S], accounts=[{"id": "news", "type": "subscription", "subject": "acme"},
                                             {"id": "care", "type": "service", "subject": "acme"}],
                    links=[{"kind": "mini_program", "source": "news", "target": "care"}]),
    summary_zh="关联的一端或辅助账号的主账号是该关系不允许的账号类型。",
    use_instead=example(subjects=[_S], accounts=[{"id": "news", "type": "subscription", "subject": "acme"}, {"id": "shop", "type": "mini_program", "subject": "acme"}], links=[{"kind": "mini_program", "source": "news", "target": "shop"}]),
)
def endpoint_type(ctx):
    """A link end or an auxiliary's primary is an account of a type the relation does not allow."""
    official = frozenset(ctx.params.linkable_official_types)
    types = ctx.types
    for i, link in ctx.document_links():
        sources, targets = LINK_ENDPOINTS[link.kind]
        sources = official if sources is None else sources
        source_type, target_type = types.get(link.source), types.get(link.target)
        if (source_type is None or source_type in sources) and (target_type is None or target_type in targets):
            continue  # the common case: both ends fine (or undefined: WX001's business)
        for end, ref, actual, allowed in (("source", link.source, source_type, sources),
                                          ("target", link.target, target_type, targets)):
            if actual is not None and actual not in allowed:
                yield ctx.finding(link.source if source_type else None,
                                  pointer=f"/links/{i}/{end}", related=(link.target,),
                                  kind=link.kind, end=end, ref=ref,
                                  actual=actual, allowed=sorted(allowed))
    for i, a in ctx.document_accounts():
        if a.type == "auxiliary":
            actual = ctx.type_of(a.primary)
            if actual is not None and actual != "personal":
                yield ctx.finding(a.id, pointer=f"/accounts/{i}/primary", related=(a.primary,),
                                  variant="primary", ref=a.primary, actual=actual, allowed=("personal",))


@rule(
    id="WX007", name="stale-suppression", severity="warning",
    title={"en": "Suppression that matches no finding", "zh": "抑制项已无对应问题"},
    message={"en": "{file}#/suppressions/{index} ({entry_rule} {who}{also}) matches no finding any more: delete it.",
             "zh": "{file}#/suppressions/{index}（{entry_rule} {who}{also}）已不再对应任何问题：请删除该条。"},
    variants={"subject": {
        "en": "{file}#/suppressions/{index} ({entry_rule} subject {who}{also}) matches no finding any more: delete it.",
        "zh": "{file}#/suppressions/{index}（{entry_rule} 主体 {who}{also}）已不再对应任何问题：请删除该条。"}},
    seed="", gloss="",
    rationale={"en": "A suppressions file hides known problems so that new ones stand out. An entry whose "
                     "finding is gone is not harmless: should the same problem come back, it would be "
                     "hidden without anyone having accepted it again.",
               "zh": "抑制文件隐藏已知问题，让新问题显露出来。已无对应问题的条目并非无害：同一问题若再次出现，"
                     "会在无人重新确认的情况下被直接隐藏。"},
    fix={"en": "Delete the entry, or rewrite the file: `wxtopo validate DOC --suppressions FILE "
               "--write-suppressions FILE` (reasons of the entries that still match are kept).",
         "zh": "删除该条，或重写抑制文件：`wxtopo validate DOC --suppressions FILE --write-suppressions FILE`"
               "（仍有效条目的 reason 会保留）。"},
    example=example(subjects=[_S], accounts=[{"id": "news", "type": "subscription", "subject": "acme"}]),
    example_suppressions={"schema_version": 1, "suppressions": [
        {"rule": "WX202", "account": "news", "related": [], "reason": "pay is being moved to a service account"}]},
    needs_suppressions=True,
    summary_zh="--suppressions 文件中的某条目已不再对应文档的任何发现。",
    use_instead=example(subjects=[_S], accounts=[{"id": "news", "type": "subscription", "subject": "acme", "features": ["wechat_pay"]}]),
)
def stale_suppression(ctx):
    """An entry of the --suppressions file matches no finding of the document any more.

    Runs after the file was applied; entries scoped to another document are not its concern.
    """
    for index, entry in ctx.stale_suppressions:
        known = entry.account is not None and ctx.type_of(entry.account) is not None
        yield ctx.finding(entry.account if known else None, pointer=None if known else "",
                          related=tuple(entry.related), subject=entry.subject,
                          variant="subject" if entry.account is None and entry.subject else None,
                          file=ctx.suppressions_name, index=index, entry_rule=entry.rule,
                          who=entry.account if entry.account is not None else (entry.subject or "-"),
                          also=f" [{', '.join(sorted(entry.related))}]" if entry.related else "")
