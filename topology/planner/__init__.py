"""Planning on top of validation: headroom, an optimal repair, diffs and change plans.

Validation says what breaks; these answer what operators ask next: what may I still link
(:mod:`.headroom`), which links do I drop losing the least (:mod:`.repair`, with
:mod:`.repair_units` and :mod:`.repair_solver`), what did this change do (:mod:`.diff`), and in
which order can I make these changes (:mod:`.plan`: :mod:`.changes` reads the file, :mod:`.state`
applies a change, :mod:`.steps` compares two states, :mod:`.reorder` searches an order).

``diff`` and ``plan`` judge findings with one comparison (:mod:`.compare`). Every result is
data (``to_dict``/``to_json``); text and Markdown live in :mod:`topology.formats` (``diff``,
``plan``, ``headroom``, ``repair``) and the diff's drawing in :mod:`topology.diagrams.diff`.
Link semantics come from :mod:`topology.links`, the caps from :func:`topology.rules.caps.cap_table`.
"""
