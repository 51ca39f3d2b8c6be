"""Red flag: progressive neurological deficit in one leg.

Statements encoded (paraphrased):

* Chou et al. 2007 (ACP/APS guideline), recommendation 3: when neurological deficits are
  severe or progressive, image and test promptly; progressive motor weakness is listed
  among the findings that call for it.

Urgency: emergency. The guidelines set no common time limit; UK regional pathways range
from a same-day referral to an emergency, and the library takes the safer level. Weakness
in both legs is the cauda equina flag's ``bilateral_leg_symptoms``.
"""

from __future__ import annotations

from ..rulebook import Present, RaiseRedFlag, rule
from ..triage import TriageLevel

FLAG = "progressive_neurological_deficit"
URGENCY = TriageLevel.EMERGENCY

RULES = (
    rule(
        "leg_getting_weaker",
        Present("progressive_leg_weakness"),
        then=RaiseRedFlag(FLAG, URGENCY),
    ),
    rule("foot_drop", Present("foot_drop"), then=RaiseRedFlag(FLAG, URGENCY)),
)
