"""Referral: sacroiliac joint pain.

Passages encoded (paraphrased):

* Murakami et al. 2008: when a person points with one finger to the bony bump at the back
  of the pelvis (or within 2 cm of it) as the main site of the pain, consider the
  sacroiliac joint as its source.
* SIJoint.com, diagnosis: the pain sits below the lowest lumbar vertebra over that bump;
  long sitting, rising, walking and rolling over in bed aggravate it.

Urgency: routine (library's choice; no NICE guideline covers the joint on its own). The
pain over the joint alone is shared with gluteus medius and piriformis trigger points, so
the referral needs a movement the second source names as aggravating the joint as well:
turning over in bed. Bending forward is not among the aggravating movements, so it no
longer counts; long sitting is, but it is also the piriformis's lead sign, so it would
send every piriformis story to the joint (judgement).
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
)
