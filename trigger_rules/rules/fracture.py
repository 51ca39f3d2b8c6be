"""Red flag: fracture of the spine.

Statements encoded (paraphrased):

* Finucane et al. 2020: significant trauma, and minor trauma in someone with
  osteoporosis, long-term corticosteroid use or older age, raise suspicion of fracture.
* Chou et al. 2007: a history of osteoporosis, corticosteroid use and older age suggest a
  vertebral compression fracture.
* NICE NG59 (2016): exclude specific causes of low back pain such as trauma.

Urgency: emergency after significant trauma (a possibly unstable fracture; the safer
level); urgent_days after minor trauma with a risk factor (an X-ray within days is what
regional pathways ask for a suspected osteoporotic fracture). "Older age" is not given a
number by Chou 2007; the library uses 65 (judgement).
"""

from __future__ import annotations

from ..rulebook import AtLeast, Present, RaiseRedFlag, rule
from ..triage import TriageLevel

FLAG = "fracture"
OLDER_AGE = 65

RULES = (
    rule(
        "significant_trauma",
        Present("significant_trauma"),
        then=RaiseRedFlag(FLAG, TriageLevel.EMERGENCY),
    ),
    rule(
        "minor_trauma_osteoporosis",
        Present("minor_trauma"),
        Present("osteoporosis"),
        then=RaiseRedFlag(FLAG, TriageLevel.URGENT_DAYS),
    ),
    rule(
        "minor_trauma_steroids",
        Present("minor_trauma"),
        Present("long_term_steroids"),
        then=RaiseRedFlag(FLAG, TriageLevel.URGENT_DAYS),
    ),
    rule(
        "minor_trauma_older_age",
        Present("minor_trauma"),
        AtLeast("age", OLDER_AGE),
        then=RaiseRedFlag(FLAG, TriageLevel.URGENT_DAYS),
    ),
)
