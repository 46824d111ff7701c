"""Planning on top of validation: headroom, an optimal repair, diffs and change plans.

Validation says what breaks; these answer what operators ask next: what may I still link
(:mod:`.headroom`), which links do I drop losing the least (:mod:`.repair`), what did this
change do (:mod:`.diff`), and in which order can I make these changes (:mod:`.plan`).
"""
