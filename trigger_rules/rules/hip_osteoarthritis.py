"""Referral: osteoarthritis of the hip.

Passages encoded (paraphrased):

* NICE NG226 (2022): diagnose osteoarthritis clinically, without imaging, in people aged 45
  or over with joint pain related to activity and no morning stiffness or stiffness of 30
  minutes or less; therapeutic exercise is a core treatment.

Urgency: routine (no guideline gives one; library's choice). A stiff hip shown by trouble
with socks, shoes or toenails stands in for the examination the library cannot do
(judgement on the item).
"""

from __future__ import annotations

from ..rulebook import AtLeast, Present, Refer, rule
from ..triage import TriageLevel

REFERRAL = "hip_osteoarthritis"
#: NG226's age for a clinical diagnosis.
AGE = 45

RULES = (
    rule(
        "stiff_painful_hip",
        Present("hip_pain"),
        Present("hip_stiffness"),
        AtLeast("age", AGE),
        then=Refer(REFERRAL, TriageLevel.ROUTINE),
    ),
    rule(
        "stiff_hip_groin_pain",
        Present("groin_pain"),
        Present("hip_stiffness"),
        AtLeast("age", AGE),
        then=Refer(REFERRAL, TriageLevel.ROUTINE),
    ),
)
