"""Red flag: abdominal aortic aneurysm.

Statements encoded (paraphrased):

* NICE NG156 (2020): smoking (now or in the past) and older age (screening from 66 for men
  and 70 for women with risk factors) are risk factors; a suspected aneurysm felt in the
  abdomen needs an ultrasound; think of a ruptured aneurysm in anyone with new abdominal or
  back pain.
* S0 (caution while self-treating the psoas, encoded in ``safety``): a pulse felt under the
  fingers while pressing into the belly means the aorta; slide off it.

Urgency: emergency. NG156 does not itself call back pain with a pulsating mass an
emergency; the library does, because a leaking aneurysm cannot be ruled out without a
scan (judgement, recorded on the item). A pulse felt while pressing, with no other sign,
stays a caution; it becomes a red flag only together with the risk factors NG156 names:
age (65, below NG156's thresholds, since sex is not asked) and smoking.
"""

from __future__ import annotations

from ..rulebook import AtLeast, Present, RaiseRedFlag, rule
from ..triage import TriageLevel

FLAG = "aortic_aneurysm"
URGENCY = TriageLevel.EMERGENCY
#: Library threshold: the lower of NG156's ages (66 for men, 70 for women), rounded down.
RISK_AGE = 65

RULES = (
    # A leaking aneurysm shows as sudden severe back or belly pain with faintness or
    # collapse; NG156 asks to think of rupture in anyone with new abdominal or back pain.
    rule(
        "sudden_pain_with_faintness",
        Present("sudden_severe_pain_with_faintness"),
        then=RaiseRedFlag(FLAG, URGENCY),
    ),
    rule(
        "pulsating_mass",
        Present("pulsatile_abdominal_mass"),
        then=RaiseRedFlag(FLAG, URGENCY),
    ),
    rule(
        "pulse_with_risk_factors",
        Present("pulse_felt_while_pressing"),
        Present("smoker"),
        AtLeast("age", RISK_AGE),
        then=RaiseRedFlag(FLAG, URGENCY),
    ),
)
