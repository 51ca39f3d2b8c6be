"""Referral: a stone in the kidney or ureter (renal or ureteric colic).

Passages encoded (paraphrased):

* CKS, acute renal or ureteric colic, and NICE NG118 (2019): offer imaging within 24 hours
  to anyone with suspected colic; admit urgently when there are signs of infection such as
  a fever, or when the person cannot take fluids because of vomiting (an obstructed,
  infected kidney is an emergency). Almost everyone with a stone has blood in the urine.
* Wright et al. 2002 (a primary-care colic pathway): the diagnosis rests on a sudden start
  of severe one-sided flank pain spreading towards the groin; in atypical cases think of a
  leaking aortic aneurysm over 60 (the age rule is in ``aortic_aneurysm``) and of an
  ectopic pregnancy when a period is late. A person cannot test their own urine for blood,
  so colicky pain alone is enough to refer (judgement).

Urgency: same_day for colicky pain alone (imaging within 24 hours; the question asks for
the defining pattern); the pairs with blood in the urine or a sudden start are kept so the
report names the supporting sign, and a sudden start with blood in the urine is same_day
too, without the waves. Emergency with a fever or vomiting, and with a possible
pregnancy or a late period (an ectopic pregnancy must be ruled out). Reading a person's
answers as 'suspected colic' without an examination is the library's judgement, recorded
on the item. Blood in the urine alone stays the ``kidney`` referral in ``referrals``.
"""

from __future__ import annotations

from ..rulebook import OneOf, Present, Refer, rule
from ..triage import TriageLevel

REFERRAL = "kidney_stone"

RULES = (
    rule("colic", Present("colicky_pain"), then=Refer(REFERRAL, TriageLevel.SAME_DAY)),
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
    # Wright 2002: the pain of a stone starts suddenly; CKS: almost everyone with a stone
    # has blood in the urine. Together they suggest colic even when the person does not
    # describe the pain as coming in waves.
    rule(
        "sudden_onset_with_blood_in_urine",
        Present("sudden_onset"),
        Present("blood_in_urine"),
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
    # Wright 2002: a late period with colic raises ectopic pregnancy (NG126: exclude it).
    rule(
        "colic_possibly_pregnant",
        Present("colicky_pain"),
        OneOf("pregnant", ("yes", "possible")),
        then=Refer(REFERRAL, TriageLevel.EMERGENCY),
    ),
    rule(
        "colic_late_period",
        Present("colicky_pain"),
        Present("late_period"),
        then=Refer(REFERRAL, TriageLevel.EMERGENCY),
    ),
)
