"""Referrals: gynaecological causes of pelvic and low back pain.

Passages encoded (paraphrased):

* NICE NG73 (2017), endometriosis: suspect it with chronic pelvic pain, period pain that
  affects daily life, deep pain during or after sex, or period-related bowel or urinary
  symptoms; consider referral to gynaecology for severe, persistent or recurrent symptoms.
* CKS, pelvic inflammatory disease: lower abdominal pain, usually on both sides, with deep
  pain during sex, unusual vaginal discharge or bleeding; start treatment without waiting
  for test results; admit when systemically unwell, pregnant or when an ectopic pregnancy
  cannot be excluded (pregnancy is handled in ``ectopic_pregnancy``).

Urgencies: endometriosis routine; pelvic inflammatory disease same_day (the library's
reading of 'without delay'). 'Chronic' pelvic pain is taken as six months (judgement).
"""

from __future__ import annotations

from ..rulebook import AtLeast, OneOf, Present, Refer, rule
from ..triage import TriageLevel

#: Chronic pelvic pain: six months (library threshold).
CHRONIC_PELVIC_DAYS = 180

RULES = (
    rule(
        "painful_periods_and_sex",
        Present("painful_periods"),
        Present("pain_during_sex"),
        then=Refer("endometriosis", TriageLevel.ROUTINE),
    ),
    rule(
        "chronic_pelvic_pain",
        Present("pelvic_or_genital_pain"),
        OneOf("sex", ("female",)),
        AtLeast("duration_days", CHRONIC_PELVIC_DAYS),
        then=Refer("endometriosis", TriageLevel.ROUTINE),
    ),
    rule(
        "pelvic_pain_with_discharge",
        Present("lower_abdominal_pain"),
        Present("abnormal_vaginal_discharge"),
        then=Refer("pelvic_inflammatory_disease", TriageLevel.SAME_DAY),
    ),
)
