"""Referral: shingles (herpes zoster) on the trunk.

Passages encoded (paraphrased):

* CKS (NICE Clinical Knowledge Summaries), shingles: pain or an odd sensation in one
  band of skin often starts two to three days before the rash; the rash is on one side
  and does not cross the midline; antiviral treatment helps most when started within 72
  hours of the rash appearing.

Urgency: same_day with a one-sided rash (so that antivirals can start inside the 72-hour
window); urgent_days for a burning band of skin before any rash, to be seen the same day
once a rash appears. Both levels are the library's judgement; CKS gives the window, not
a time to be seen. The item holds back pressing on the low back and belly while the band
hurts (judgement).
"""

from __future__ import annotations

from ..rulebook import Present, Refer, rule
from ..triage import TriageLevel

REFERRAL = "shingles"

RULES = (
    rule("rash_on_trunk", Present("rash_on_trunk"), then=Refer(REFERRAL, TriageLevel.SAME_DAY)),
    rule(
        "burning_band",
        Present("burning_band_of_skin"),
        then=Refer(REFERRAL, TriageLevel.URGENT_DAYS),
    ),
)
