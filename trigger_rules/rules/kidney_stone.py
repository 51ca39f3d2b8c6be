"""Referral: a stone in the kidney or ureter (renal or ureteric colic).

Passages encoded (paraphrased):

* CKS, acute renal or ureteric colic, and NICE NG118 (2019): offer imaging within 24 hours
  to anyone with suspected colic; admit urgently when there are signs of infection such as
  a fever, or when the person cannot take fluids because of vomiting (an obstructed,
  infected kidney is an emergency). Almost everyone with a stone has blood in the urine.
* Regional pathways built on CKS: the pain is severe, one-sided in the loin, comes on
  suddenly, comes in waves and leaves no comfortable position; it is not linked to
  movement, which sets it apart from muscle pain.

Urgency: same_day for colicky pain with blood in the urine or with a sudden start
(imaging within 24 hours); emergency with a fever or vomiting. Reading these pairs as
'suspected colic' without an examination is the library's judgement, recorded on the item.
Blood in the urine alone stays the ``kidney`` referral in ``referrals``.
"""

from __future__ import annotations

from ..rulebook import Present, Refer, rule
from ..triage import TriageLevel

REFERRAL = "kidney_stone"

RULES = (
    rule(
        "colic_with_blood_in_urine",
        Present("colicky_pain"),
        Present("blood_in_urine"),
        then=Refer(REFERRAL, TriageLevel.SAME_DAY),
    ),
    rule(
        "colic_sudden_onset",
        Present("colicky_pain"),
        Present("sudden_onset"),
        then=Refer(REFERRAL, TriageLevel.SAME_DAY),
    ),
    # CKS: signs of infection with colic call for urgent admission.
    rule(
        "colic_with_fever",
        Present("colicky_pain"),
        Present("fever"),
        then=Refer(REFERRAL, TriageLevel.EMERGENCY),
    ),
    # CKS: unable to keep fluids down because of vomiting: urgent admission.
    rule(
        "colic_with_vomiting",
        Present("colicky_pain"),
        Present("vomiting"),
        then=Refer(REFERRAL, TriageLevel.EMERGENCY),
    ),
)
