"""Red flag: inflammatory back pain (axial spondyloarthritis).

Statements encoded (paraphrased):

* NICE NG65 (2017): assess low back pain that began before the age of 45 and has lasted
  more than 3 months for spondyloarthritis; refer when 4 or more further features are
  present (3 with a positive HLA-B27 test), among them waking in the second half of the
  night and improvement with movement.
* Chou et al. 2007: morning stiffness, improvement with exercise, alternating buttock pain
  and waking because of back pain in the second part of the night suggest ankylosing
  spondylitis.
* NICE NG59 (2016): exclude inflammatory disease such as spondyloarthritis.

Urgency: routine (NG65 sets no time limit). The library flags any two of the four
features (as the Berlin criteria for inflammatory back pain do), more sensitive than
NG65's four, at the cost of a routine appointment. Age at onset is not asked: "began
before 45" is read as "under 45 now" with the pain lasting 90 days or more (judgement).
"""

from __future__ import annotations

from ..rulebook import AtLeast, Below, Present, RaiseRedFlag, rule
from ..triage import TriageLevel

FLAG = "inflammatory_back_pain"
URGENCY = TriageLevel.ROUTINE
ONSET_BEFORE_AGE = 45
CHRONIC_DAYS = 90
#: Onset before 45 (read as: under 45 now) and lasting over three months.
CHRONIC_AND_YOUNG = (Below("age", ONSET_BEFORE_AGE), AtLeast("duration_days", CHRONIC_DAYS))

RULES = (
    rule(
        "stiffness_and_exercise",
        Present("morning_stiffness_over_30_min"),
        Present("improves_with_exercise"),
        *CHRONIC_AND_YOUNG,
        then=RaiseRedFlag(FLAG, URGENCY),
    ),
    rule(
        "stiffness_and_night_waking",
        Present("morning_stiffness_over_30_min"),
        Present("wakes_second_half_night"),
        *CHRONIC_AND_YOUNG,
        then=RaiseRedFlag(FLAG, URGENCY),
    ),
    rule(
        "exercise_and_night_waking",
        Present("improves_with_exercise"),
        Present("wakes_second_half_night"),
        *CHRONIC_AND_YOUNG,
        then=RaiseRedFlag(FLAG, URGENCY),
    ),
    *(
        rule(
            f"alternating_buttocks_and_{name}",
            Present("alternating_buttock_pain"),
            Present(code),
            *CHRONIC_AND_YOUNG,
            then=RaiseRedFlag(FLAG, URGENCY),
        )
        for name, code in (
            ("stiffness", "morning_stiffness_over_30_min"),
            ("exercise", "improves_with_exercise"),
            ("night_waking", "wakes_second_half_night"),
        )
    ),
)
