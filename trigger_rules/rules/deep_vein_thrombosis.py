"""Referral: deep vein thrombosis beyond a swollen leg.

Passages encoded (paraphrased):

* NICE NG158 (2020): anyone with signs or symptoms of a deep vein thrombosis, such as a
  swollen or painful leg, is assessed; the two-level Wells score counts tenderness along
  the deep veins, recent bed rest of three days or more, major surgery within 12 weeks and
  a swollen calf; with a likely score, a scan within 4 hours. Anyone with signs or
  symptoms of a pulmonary embolism, such as new breathlessness, is assessed at once.

Urgency: same_day for a painful or tender calf, whatever else is known (NG158: within
hours); the rules with recent surgery or a long spell kept still, beside a tender calf or
a swollen leg, are kept apart so that the report names the risk factor. Emergency for new
breathlessness with a painful or swollen leg (NG158 assesses a suspected embolism at
once; the emergency level without an examination is the library's judgement). A swollen
leg alone is the ``leg_swelling_check`` referral in ``referrals``.
"""

from __future__ import annotations

from ..rulebook import Present, Refer, rule
from ..triage import TriageLevel

REFERRAL = "deep_vein_thrombosis"

#: The leg signs NG158 scores, each read alone.
LEG_SIGNS = ("calf_pain_or_tenderness", "leg_swelling")
#: Risk factors named in the report; ``long_immobilisation`` stands for NG158's bed rest.
RISK_FACTORS = (("surgery", "recent_surgery"), ("immobility", "long_immobilisation"))

RULES = (
    rule(
        "tender_calf",
        Present("calf_pain_or_tenderness"),
        then=Refer(REFERRAL, TriageLevel.SAME_DAY),
    ),
    *(
        rule(
            f"{'tender_calf' if sign.startswith('calf') else 'swollen_leg'}_after_{name}",
            Present(sign),
            Present(code),
            then=Refer(REFERRAL, TriageLevel.SAME_DAY),
        )
        for sign in LEG_SIGNS
        for name, code in RISK_FACTORS
    ),
    *(
        rule(
            f"breathless_with_{'tender_calf' if sign.startswith('calf') else 'swollen_leg'}",
            Present("breathless"),
            Present(sign),
            then=Refer(REFERRAL, TriageLevel.EMERGENCY),
        )
        for sign in LEG_SIGNS
    ),
)
