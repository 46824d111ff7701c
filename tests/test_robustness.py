"""Whatever the bytes, wxtopo answers with a report or a DocumentError, never a crash."""

import copy
import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import topology
from tests.helpers import SAMPLES

BASE = json.loads((SAMPLES / "mother-baby.json").read_text(encoding="utf-8"))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False)
    | st.text(max_size=12) | st.sampled_from(["2026-02-29", "2025-02-29", "wang-fang", "nuanya-mall", "WX102"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


PATHS = [p for p in _paths(BASE) if p]


def _set(doc, path, value):
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), json_values), min_size=1, max_size=3))
def test_mutated_documents_give_findings_or_document_errors(mutations):
    doc = copy.deepcopy(BASE)
    for path, value in mutations:
        try:
            _set(doc, path, value)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier mutation replaced the container
    try:
        eco = topology.load(json.dumps(doc).encode())
    except topology.DocumentError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        assert all(speaks_chinese(p) for p in exc.problems), [(p.pointer, p.text("zh")) for p in exc.problems]
        return
    report = topology.validate(eco)
    json.loads(report.to_json())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_crash(data):
    try:
        topology.load(data)
    except topology.DocumentError as exc:
        assert exc.problems
        assert all(speaks_chinese(p) for p in exc.problems), [(p.pointer, p.text("zh")) for p in exc.problems]


#: what a Chinese problem may hold in Latin letters: format names, units, date patterns, JSON words
TOKENS = {"JSON", "YAML", "UTF", "NUL", "NaN", "YYYY", "MM", "DD", "wxtopo", "null", "true", "false", "id", "ID",
          "WX", "U", "x", "xff"}


def speaks_chinese(problem) -> bool:
    """A problem's Chinese: Chinese words around the document's own (its pointer's keys, the values it
    quotes); no word of a parser's English sentence, and a key on every problem."""
    zh = problem.text("zh")
    if problem.key is None or not re.search(r"[\u4e00-\u9fff]", zh):
        return False
    rest = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\b0x[0-9a-f]+|#x[0-9a-f]+|U\+[0-9A-F]+", " ", zh)
    given = [str(v) for k, v in problem.args.items() if k not in ("detail", "reason", "context")]  # English there
    own = set(problem.pointer.split("/")) | TOKENS | set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", " ".join(given)))
    return all(w in own for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", rest))


# -- the other inputs: a suppressions file, a ruleset file, a changes file -------------------------
SUPPRESSIONS = {"schema_version": 1, "suppressions": [{"rule": "WX302", "account": "wang-fang", "related": [],
                                                       "reason": "pending"}]}
RULESET = {"name": "mine", "base": "wechat-2025", "parameters": {
    "max_accounts_per_admin": {"value": 3, "source": {"title": "policy"}, "confidence": "unverified",
                               "history": [{"effective_from": "2020-01-01", "value": 3}]},
    "pending_counts_toward_caps": False}}
CHANGES = {"schema_version": 1, "changes": [
    {"op": "link", "source": "nuanya-parenting", "target": "nuanya-mall", "priority": 2},
    {"op": "unlink", "source": "nuanya-parenting", "target": "nuanya-mall", "on": "2026-12-01"},
    {"op": "add_account", "account": {"id": "new-mp", "type": "mini_program", "subject": "nuanya"}},
    {"op": "remove_account", "id": "new-mp"}]}


def _mutate(base: dict, mutations) -> dict:
    doc = copy.deepcopy(base)
    paths = [p for p in _paths(doc) if p]
    for index, value in mutations:
        try:
            _set(doc, paths[index % len(paths)], value)
        except (KeyError, IndexError, TypeError):
            pass
    return doc


mutations = st.lists(st.tuples(st.integers(0, 10**6), json_values), min_size=1, max_size=3)


@settings(max_examples=150, deadline=None)
@given(changes=mutations | st.just([]), anything=json_values)
def test_a_mutated_suppressions_file_loads_or_is_a_usage_error(changes, anything):
    from topology.suppressions import load_suppressions

    for data in (_mutate(SUPPRESSIONS, changes), anything):
        try:
            s = load_suppressions(data)
        except topology.UsageError as exc:
            assert str(exc)
            continue
        topology.validate(topology.load(BASE), suppressions=s)


@settings(max_examples=150, deadline=None)
@given(changes=mutations | st.just([]))
def test_a_mutated_ruleset_file_loads_or_is_a_ruleset_error(tmp_path_factory, changes):
    path = tmp_path_factory.mktemp("rs") / "mine.json"
    path.write_text(json.dumps(_mutate(RULESET, changes)), encoding="utf-8")
    try:
        rs = topology.load_ruleset(str(path), as_of="2019-06-01")
    except topology.RulesetError as exc:
        assert str(exc)
        return
    topology.validate(topology.load(BASE), rs)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=mutations | st.just([]))
def test_a_mutated_changes_file_plans_or_is_a_changes_error(changes):
    from topology.planner.plan import ChangesError

    try:
        result = topology.plan(BASE, _mutate(CHANGES, changes), reorder=True, budget=50)
    except ChangesError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        return
    json.loads(result.to_json())
