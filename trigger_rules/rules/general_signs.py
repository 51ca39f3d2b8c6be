"""General signs that the pain comes from trigger points, whatever the muscle.

Passages encoded (paraphrased):

* S0: trigger-point pain is mostly a dull or deep ache but can turn sharp on movement,
  which people wrongly take as a sign of a joint problem.
* S0: pain down the leg usually reaches only the back of the thigh and is often mistaken
  for sciatica or a nerve problem.
* S0: diagnoses such as lumbar strain, facet syndrome, disc herniation, sacroiliac joint
  dysfunction or arthritis may hide trigger points.
* S2: acute pain (a week or less) responds very well; chronic pain involves more muscles,
  up to twelve groups. S3: serious or chronic pain deserves a full assessment.

These conclude notes, not evidence for a muscle: the sources tie them to trigger points
in general.
"""

from __future__ import annotations

from ..rulebook import AtLeast, Below, Inform, Present, rule

#: Library judgement: "chronic" taken from about three months, a common clinical cut-off.
CHRONIC_FROM_DAYS = 90
#: S2: "one week or less".
ACUTE_UP_TO_DAYS = 7

RULES = (
    rule("dull_ache", Present("dull_deep_ache"), then=Inform("note_ache_and_sharp")),
    rule("sharp_on_movement", Present("sharp_on_movement"), then=Inform("note_ache_and_sharp")),
    rule("thigh_pain", Present("pain_to_back_of_thigh"), then=Inform("note_thigh_pain")),
    rule(
        "diagnosis_may_hide",
        Present("told_structural_diagnosis"),
        then=Inform("note_diagnosis_may_hide"),
    ),
    rule("acute", Below("duration_days", ACUTE_UP_TO_DAYS + 1), then=Inform("note_acute")),
    rule("chronic", AtLeast("duration_days", CHRONIC_FROM_DAYS), then=Inform("note_chronic")),
)
