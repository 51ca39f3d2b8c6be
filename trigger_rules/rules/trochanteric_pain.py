"""Referral: greater trochanteric pain syndrome (once called trochanteric bursitis).

Passages encoded (paraphrased):

* NHS inform, greater trochanteric pain syndrome: pain over the outer hip and thigh, worse
  lying on that side or with direct pressure, with walking, stairs and standing on that
  leg; it often mimics spinal pain or hip osteoarthritis.
* S2: a long-standing quadratus lumborum problem can look like trochanteric bursitis.

Urgency: routine (library's choice).
"""

from __future__ import annotations

from ..rulebook import Present, Refer, rule
from ..triage import TriageLevel

RULES = (
    rule(
        "outer_hip_lying_on_side",
        Present("outer_hip_pain"),
        Present("pain_lying_on_painful_side"),
        then=Refer("trochanteric_pain", TriageLevel.ROUTINE),
    ),
)
