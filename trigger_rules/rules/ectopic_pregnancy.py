"""Red flag: ectopic pregnancy; referral: other pain in a pregnancy or a possible one.

Passages encoded (paraphrased):

* NICE NG126 (2019): be aware that ectopic pregnancy can present with abdominal or pelvic
  pain, vaginal bleeding, a missed period, shoulder-tip pain, dizziness or fainting, and
  exclude it even without risk factors; refer immediately anyone with a positive test and
  pain with abdominal tenderness; send anyone who is unstable straight to an emergency
  department.
* NICE QS69: people referred to an early pregnancy assessment service are seen within 24
  hours, some immediately.

Urgency: emergency for pain low in the belly or pelvis with a possible pregnancy (answered
yes or possible, or a late period) and bleeding, faintness or shoulder-tip pain: the safer
level, since a person cannot be examined here (judgement on the item). The same pain
without those signs is a same-day referral (QS69: within 24 hours). Any possible pregnancy
brings a caution that holds back pressing on the belly (in ``safety``).
"""

from __future__ import annotations

from ..rulebook import OneOf, Present, RaiseRedFlag, Refer, rule
from ..triage import TriageLevel

FLAG = "ectopic_pregnancy"
#: Answers to ``pregnant`` that leave a pregnancy possible.
MAYBE_PREGNANT = ("yes", "possible")
#: NG126's warning signs beside the pain.
WARNING_SIGNS = ("vaginal_bleeding", "light_headed", "shoulder_tip_pain")

RULES = (
    *(
        rule(
            f"possibly_pregnant_pain_{sign}",
            OneOf("pregnant", MAYBE_PREGNANT),
            Present("lower_abdominal_pain"),
            Present(sign),
            then=RaiseRedFlag(FLAG, TriageLevel.EMERGENCY),
        )
        for sign in WARNING_SIGNS
    ),
    *(
        rule(
            f"late_period_pain_{sign}",
            Present("late_period"),
            Present("lower_abdominal_pain"),
            Present(sign),
            then=RaiseRedFlag(FLAG, TriageLevel.EMERGENCY),
        )
        for sign in WARNING_SIGNS
    ),
    rule(
        "possibly_pregnant_pain",
        OneOf("pregnant", MAYBE_PREGNANT),
        Present("lower_abdominal_pain"),
        then=Refer("pregnancy_pain", TriageLevel.SAME_DAY),
    ),
    rule(
        "late_period_pain",
        Present("late_period"),
        Present("lower_abdominal_pain"),
        then=Refer("pregnancy_pain", TriageLevel.SAME_DAY),
    ),
)
