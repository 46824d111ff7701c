"""Random documents through every library entry point (tests/fuzzing.py makes them,
tests/fuzz_checks.py checks them): a user may hand wxtopo any document the model accepts, with
any ruleset values, and must get a result or a documented error, the same one every time.
``scripts/fuzz.py`` runs the same checks for longer and through the command line."""

from hypothesis import HealthCheck, given, settings

import topology
from tests.fuzz_checks import check
from tests.fuzzing import cases, documents


def bounded(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@bounded(200)
@given(documents())
def test_the_generated_documents_load(doc):
    # The generator's promise: every field well-formed, so the fuzzing reaches the rules.
    topology.load(doc)


@bounded(250)
@given(cases())
def test_every_entry_point_answers_the_same_way_twice(case):
    check(case)
