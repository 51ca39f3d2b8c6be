"""Referral: deep vein thrombosis beyond a swollen leg.

Passages encoded (paraphrased):

* NICE NG158 (2020): anyone with signs or symptoms of a deep vein thrombosis, such as a
  swollen or painful leg, is assessed; the two-level Wells score counts tenderness along
  the deep veins, recent bed rest of three days or more, major surgery within 12 weeks and
  a swollen calf; with a likely score, a scan within 4 hours.

Urgency: same_day for a painful or tender calf, whatever else is known (NG158: within
hours); the rule with recent surgery is kept apart so that the report names the risk
factor. A swollen leg alone is the ``leg_swelling_check`` referral in ``referrals``.
"""

from __future__ import annotations

from ..rulebook import Present, Refer, rule
from ..triage import TriageLevel

REFERRAL = "deep_vein_thrombosis"

RULES = (
    rule(
        "tender_calf",
        Present("calf_pain_or_tenderness"),
        then=Refer(REFERRAL, TriageLevel.SAME_DAY),
    ),
    rule(
        "tender_calf_after_surgery",
        Present("calf_pain_or_tenderness"),
        Present("recent_surgery"),
        then=Refer(REFERRAL, TriageLevel.SAME_DAY),
    ),
    rule(
        "tender_calf_after_immobility",
        Present("calf_pain_or_tenderness"),
        Present("long_immobilisation"),
        then=Refer(REFERRAL, TriageLevel.SAME_DAY),
    ),
)
