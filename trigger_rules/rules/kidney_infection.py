"""Referral: infection of the kidney (acute pyelonephritis).

Passages encoded (paraphrased):

* NICE NG111 (2018): acute pyelonephritis is treated with antibiotics without delay; refer
  to hospital anyone with signs of a more serious illness such as sepsis; consider
  referral when the person cannot take fluids or medicines.
* Chou et al. 2007: think of causes of back pain outside the spine, such as kidney
  disease (already cited on ``kidney``).

Urgency: same_day for a fever with pain on passing urine or other urinary symptoms
(antibiotics without delay, for someone not yet examined: the library's reading);
emergency when the person also feels faint (the library's stand-in for NG111's signs of
sepsis, which a person cannot check at home), cannot keep fluids down (vomiting), or is or
may be pregnant (NG111: consider referral; the library takes the safer level). A fever
with faintness and no urinary symptoms is the ``infection`` flag's emergency rule.
"""

from __future__ import annotations

from ..rulebook import OneOf, Present, Refer, rule
from ..triage import TriageLevel

REFERRAL = "kidney_infection"

#: Each urinary sign that, with a fever, suggests the infection has reached the kidney.
URINARY_SIGNS = ("pain_passing_urine", "urinary_symptoms")
#: Each sign that, beside those, calls for hospital (NG111); ids name the sign.
HOSPITAL_SIGNS = (
    ("faint", Present("light_headed")),
    ("vomiting", Present("vomiting")),
    ("possibly_pregnant", OneOf("pregnant", ("yes", "possible"))),
    ("late_period", Present("late_period")),
)

RULES = (
    *(
        rule(
            f"fever_{urinary}",
            Present("fever"),
            Present(urinary),
            then=Refer(REFERRAL, TriageLevel.SAME_DAY),
        )
        for urinary in URINARY_SIGNS
    ),
    *(
        rule(
            f"fever_{urinary}_{name}",
            Present("fever"),
            Present(urinary),
            sign,
            then=Refer(REFERRAL, TriageLevel.EMERGENCY),
        )
        for urinary in URINARY_SIGNS
        for name, sign in HOSPITAL_SIGNS
    ),
)
