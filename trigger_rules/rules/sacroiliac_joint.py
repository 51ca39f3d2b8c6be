"""Referral: sacroiliac joint pain.

Passages encoded (paraphrased):

* Murakami et al. 2008: when a person points with one finger to the bony bump at the back
  of the pelvis (or within 2 cm of it) as the main site of the pain, consider the
  sacroiliac joint as its source.
* SIJoint.com, diagnosis: the pain sits below the lowest lumbar vertebra over that bump;
  long sitting, rising, walking and rolling over in bed aggravate it.

Urgency: routine (library's choice; no NICE guideline covers the joint on its own). The
pain over the joint alone is shared with gluteus medius and piriformis trigger points, so
the referral needs a movement that loads the joint as well.
"""

from __future__ import annotations

from ..rulebook import Present, Refer, rule
from ..triage import TriageLevel

REFERRAL = "sacroiliac_joint"

RULES = (
    rule(
        "turning_in_bed",
        Present("sacroiliac_pain"),
        Present("pain_turning_in_bed"),
        then=Refer(REFERRAL, TriageLevel.ROUTINE),
    ),
    rule(
        "bending",
        Present("sacroiliac_pain"),
        Present("pain_worse_bending"),
        then=Refer(REFERRAL, TriageLevel.ROUTINE),
    ),
)
