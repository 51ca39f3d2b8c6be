"""Red flag: cauda equina syndrome.

Statements encoded from spinal guidelines (paraphrased):

* SBNS/BASS standards of care (2018): a person with back or leg pain and any disturbance
  of bladder or bowel function, altered sensation in the saddle or genital area, or pain
  in both legs should be suspected of threatened or actual cauda equina syndrome.
* GIRFT National Suspected Cauda Equina Syndrome Pathway (2023): new (within 14 days) or
  worsening bladder, saddle, bowel or bilateral leg signs go to a hospital emergency
  department; it notes that back pain with sexual dysfunction as the only other feature is
  unlikely to be cauda equina syndrome, so ``sexual_dysfunction`` alone raises no flag here
  (see the piriformis referral).
* Finucane et al. 2020 (international red-flag framework) lists the same signs.

Urgency: emergency for each sign alone. Where sources differ (GIRFT allows an urgent rather
than emergency route for long-standing signs) the library takes the safer level, because
a consultation cannot reliably tell a new sign from an old one.
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
