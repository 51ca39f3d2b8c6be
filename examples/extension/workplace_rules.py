"""An example app's own rules, written in the library's public rule vocabulary.

The rule ids become ``workplace_rules.<name>``.
"""

from __future__ import annotations

from trigger_rules.extension import Inform, Present, rule

RULES = (
    # Long sitting at a desk job: point the person at the employer's desk assessment.
    rule(
        "desk_assessment",
        Present("desk_job"),
        Present("sits_over_an_hour"),
        then=Inform("acme_desk_assessment"),
    ),
)
