"""Red flag: infection of the spine (discitis, vertebral osteomyelitis, epidural abscess).

Statements encoded (paraphrased):

* Chou et al. 2007: fever, intravenous drug use or a recent infection suggest vertebral
  infection.
* Finucane et al. 2020: adds a weakened immune system to the risk factors for spinal
  infection.
* NICE NG59 (2016): exclude specific causes of low back pain such as infection.

Urgency: same_day with a fever (UK regional pathways ask for same-day assessment of
suspected spinal infection); urgent_days for a risk factor without fever. The sources give
no time limits; both levels are the library's judgement. A fever with faintness is an
emergency: NICE NG111 sends signs of a more serious illness such as sepsis to hospital,
and faintness is the library's stand-in for those signs (judgement, on the item).
"""

from __future__ import annotations

from ..rulebook import Present, RaiseRedFlag, rule
from ..triage import TriageLevel

FLAG = "infection"

RULES = (
    rule("fever", Present("fever"), then=RaiseRedFlag(FLAG, TriageLevel.SAME_DAY)),
    rule(
        "fever_with_faintness",
        Present("fever"),
        Present("light_headed"),
        then=RaiseRedFlag(FLAG, TriageLevel.EMERGENCY),
    ),
    rule(
        "injects_drugs",
        Present("iv_drug_use"),
        then=RaiseRedFlag(FLAG, TriageLevel.URGENT_DAYS),
    ),
    # Chou 2007 names a recent infection elsewhere beside fever and drug use.
    rule(
        "recent_infection",
        Present("recent_infection"),
        then=RaiseRedFlag(FLAG, TriageLevel.URGENT_DAYS),
    ),
    rule(
        "immunosuppressed",
        Present("immunosuppressed"),
        then=RaiseRedFlag(FLAG, TriageLevel.URGENT_DAYS),
    ),
)
