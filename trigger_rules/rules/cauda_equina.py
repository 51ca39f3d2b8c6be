"""Red flag: cauda equina syndrome.

Passage encoded: guidelines on low back pain ask first that serious causes be excluded;
compression of the nerve roots at the base of the spine (cauda equina) shows as numbness in
the saddle area, new bladder or bowel dysfunction, or symptoms in both legs (NICE NG59;
international red-flag framework, Finucane 2020). Each sign alone warrants emergency
assessment; no source lets any of them wait.
"""

from __future__ import annotations

from ..rulebook import Present, RaiseRedFlag, rule
from ..triage import TriageLevel

FLAG = "cauda_equina"
URGENCY = TriageLevel.EMERGENCY

RULES = (
    rule("saddle_numbness", Present("saddle_numbness"), then=RaiseRedFlag(FLAG, URGENCY)),
    rule(
        "bladder_or_bowel",
        Present("bladder_or_bowel_change"),
        then=RaiseRedFlag(FLAG, URGENCY),
    ),
    rule(
        "both_legs",
        Present("bilateral_leg_symptoms"),
        then=RaiseRedFlag(FLAG, URGENCY),
    ),
)
