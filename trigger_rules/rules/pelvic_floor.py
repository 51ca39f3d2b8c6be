"""Pelvic floor muscles.

Passages encoded (paraphrased):

* S0: the pelvic floor muscles, in the pelvic area, are listed among the muscles whose
  trigger points can send pain to the low back. Nothing more is said about them.

Kept minimal on purpose: a clinician's finding that pressure reproduces the back pain (the
general trigger-point test, S0, S3) and pelvic pain as weak support, both marked as the
library's judgement in the knowledge file. The sources give no self-treatment, so instead of
advice the person gets a routine referral to a pelvic health physiotherapist.
"""

from __future__ import annotations

from ..rulebook import Evidence, Present, Refer, Suspected, rule
from ..triage import TriageLevel

MUSCLE = "pelvic_floor"

RULES = (
    # S0 lists the muscles as a low back pain source; a clinician reproducing the pain by
    # pressure is the general test for a trigger point, so it alone names them.
    rule(
        "clinician_finding",
        Present("pelvic_floor_tender_on_exam"),
        then=Evidence(MUSCLE, "pelvic_floor_sign_exam", 0.5),
    ),
    # S0 places the muscles in the pelvic area; pelvic pain is weak support only (shared
    # with rectus abdominis, S2, and with organ causes), below the suspect threshold alone.
    rule(
        "pelvic_pain",
        Present("pelvic_or_genital_pain"),
        then=Evidence(MUSCLE, "pelvic_floor_sign_pelvic_pain", 0.25),
    ),
    # No self-treatment is described, so the muscle is handed to a professional instead;
    # nothing here is urgent.
    rule(
        "assessment",
        Suspected(MUSCLE),
        then=Refer("pelvic_floor_assessment", TriageLevel.ROUTINE),
    ),
)
