"""The planner's reports in Chinese: reasons restate findings with the rules' own zh messages,
change summaries and field names in words, the English report untouched."""

from __future__ import annotations

import json

import pytest

import topology
from tests.formats import run_cli
from tests.planner import CAMPAIGN, CAPS, MOTHER_BABY
from topology.formats.repair import reason, render
from topology.planner.changes import load_changes, summary


@pytest.mark.parametrize(("lang", "colon", "stop"), [("en", ": ", "."), ("zh", "：", "。")])
def test_repair_reasons_are_the_findings_they_restate(lang, colon, stop):
    """A reason is its rule's own message (as a clause), in either language: one wording."""
    result = topology.repair(CAPS)
    findings = {(f.rule, f.account): f.message for f in topology.validate(CAPS, lang=lang).findings}
    reasons = [(c.rule, c.account, reason(c, lang)) for d in result.dropped for c in d.relieves]
    assert reasons
    for rule, account, text in reasons:
        message = findings[(rule, account)]
        assert message.endswith(stop) and text == f"{rule}{colon}{message[:-1]}"


def test_repair_reasons_in_chinese_are_chinese():
    result = topology.repair(CAPS)
    reasons = [reason(c, "zh") for d in result.dropped for c in d.relieves]
    text = render(result, "text", "zh")
    assert reasons and all(r in text for r in reasons) and "official account" not in text
    data = json.loads(render(result, "json", "zh"))
    assert [d["why"] for d in data["dropped"]] == ["；".join(reason(c, "zh") for c in d.relieves)
                                                    for d in result.dropped]


def test_english_repair_json_is_the_results_own():
    result = topology.repair(CAPS)
    assert render(result, "json", "en") == result.to_json()


def test_an_infeasible_repair_says_so_with_the_pinned_count_in_chinese():
    result = topology.repair("samples/diff/after.json", overrides={"max_officials_per_mini_program": 0})
    assert not result.feasible
    text = render(result, "text", "zh")
    assert "无法修复" in text and "仅计固定的关联：小程序 mx-cake 关联了 1 个公众号，上限为 0" in text


def test_change_summaries_read_in_chinese_and_stay_tokens_in_english():
    changes = load_changes(CAMPAIGN).changes
    assert summary(changes[0]) == "add_account wang-fang-groupbuy (mini_program)"
    assert summary(changes[0], "zh") == "添加账号 wang-fang-groupbuy（小程序）"
    assert summary(changes[12], "zh") == "解除关联 小程序 nuanya-parenting → wang-fang-swap，2026-12-15 生效"
    code, out, _ = run_cli(["plan", MOTHER_BABY, "--changes", CAMPAIGN, "--format", "json", "--lang", "zh"])
    assert code == 1 and json.loads(out)["steps"][3]["summary"] == "关联 管理员 wang-fang → wang-fang-groupbuy"


def test_diff_in_chinese_names_types_kinds_and_fields_in_words():
    code, out, _ = run_cli(["diff", "samples/diff/before.json", "samples/diff/after.json", "--lang", "zh"])
    text = out.decode()
    assert "mx-news (服务号)" in text and "类型：\"subscription\" → \"service\"" in text
    assert "+ 成员 wang-lei → mx-team" in text and "新出现 2 个错误：退出码 1" in text
