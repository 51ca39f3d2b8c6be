"""Red flag: abdominal aortic aneurysm.

Statements encoded (paraphrased):

* NICE NG156 (2020): smoking (now or in the past) and older age (screening from 66 for men
  and 70 for women with risk factors) are risk factors; a suspected aneurysm felt in the
  abdomen needs an ultrasound; think of a ruptured aneurysm in anyone with new abdominal or
  back pain.
* Wright et al. 2002 (a primary-care renal colic pathway): over 60, consider a leaking
  aortic aneurysm in what looks like renal colic.
* S0 (caution while self-treating the psoas, encoded in ``safety``): a pulse felt under the
  fingers while pressing into the belly means the aorta; slide off it.

Urgency: emergency. NG156 does not itself call back pain with a pulsating mass an
emergency; the library does, because a leaking aneurysm cannot be ruled out without a
scan (judgement, recorded on the item). A pulse felt while pressing, with no other sign,
stays a caution; it becomes a red flag only together with the risk factors NG156 names:
age (65, below NG156's thresholds, since sex is not asked) and smoking. A sudden start or
pain in waves together with faintness, and pain in waves at 60 or over, are emergencies:
a leak cannot be told from colic or from sudden muscle pain without a scan (judgement).
"""

from __future__ import annotations

from ..rulebook import AtLeast, Present, RaiseRedFlag, rule
from ..triage import TriageLevel

FLAG = "aortic_aneurysm"
URGENCY = TriageLevel.EMERGENCY
#: Library threshold: the lower of NG156's ages (66 for men, 70 for women), rounded down.
RISK_AGE = 65
#: Wright et al. 2002: over 60, colic may be a leaking aneurysm (the library includes 60).
COLIC_AGE = 60

RULES = (
    # A leaking aneurysm shows as sudden severe back or belly pain with faintness or
    # collapse; NG156 asks to think of rupture in anyone with new abdominal or back pain.
    rule(
        "sudden_pain_with_faintness",
        Present("sudden_severe_pain_with_faintness"),
        then=RaiseRedFlag(FLAG, URGENCY),
    ),
    # The same picture from the separate intake questions.
    rule(
        "sudden_onset_with_faintness",
        Present("sudden_onset"),
        Present("light_headed"),
        then=RaiseRedFlag(FLAG, URGENCY),
    ),
    rule(
        "colic_with_faintness",
        Present("colicky_pain"),
        Present("light_headed"),
        then=RaiseRedFlag(FLAG, URGENCY),
    ),
    rule(
        "colic_at_60_or_over",
        Present("colicky_pain"),
        AtLeast("age", COLIC_AGE),
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
