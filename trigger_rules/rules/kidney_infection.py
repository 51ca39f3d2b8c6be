"""Referral: infection of the kidney (acute pyelonephritis).

Passages encoded (paraphrased):

* NICE NG111 (2018): acute pyelonephritis is treated with antibiotics without delay; refer
  to hospital anyone with signs of a more serious illness such as sepsis; consider
  referral when the person cannot take fluids or medicines.
* Chou et al. 2007: think of causes of back pain outside the spine, such as kidney
  disease (already cited on ``kidney``).

Urgency: same_day for a fever with pain on passing urine or other urinary symptoms
(antibiotics without delay, for someone not yet examined: the library's reading);
emergency when the person also feels faint, one of the signs of sepsis that NG111 sends to
hospital.
"""

from __future__ import annotations

from ..rulebook import Present, Refer, rule
from ..triage import TriageLevel

REFERRAL = "kidney_infection"

RULES = (
    rule(
        "fever_pain_passing_urine",
        Present("fever"),
        Present("pain_passing_urine"),
        then=Refer(REFERRAL, TriageLevel.SAME_DAY),
    ),
    rule(
        "fever_urinary_symptoms",
        Present("fever"),
        Present("urinary_symptoms"),
        then=Refer(REFERRAL, TriageLevel.SAME_DAY),
    ),
    rule(
        "fever_pain_passing_urine_faint",
        Present("fever"),
        Present("pain_passing_urine"),
        Present("light_headed"),
        then=Refer(REFERRAL, TriageLevel.EMERGENCY),
    ),
)
