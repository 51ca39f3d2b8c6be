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
reading of 'without delay'), raised by low belly pain with an unusual discharge or with
deep pain during sex. Low belly pain with bleeding is the same-day
``belly_pain_with_bleeding`` referral in ``ectopic_pregnancy``, whose text names a pelvic
infection too. 'Chronic' pelvic pain is taken as six months of the pelvic pain itself,
asked as its own question (judgement).
"""

from __future__ import annotations

from ..rulebook import OneOf, Present, Refer, rule
from ..triage import TriageLevel

RULES = (
    rule(
        "painful_periods_and_sex",
        Present("painful_periods"),
        Present("pain_during_sex"),
        then=Refer("endometriosis", TriageLevel.ROUTINE),
    ),
    rule(
        "chronic_pelvic_pain",
        Present("pelvic_pain_six_months"),
        OneOf("sex", ("female",)),
        then=Refer("endometriosis", TriageLevel.ROUTINE),
    ),
    rule(
        "pelvic_pain_with_discharge",
        Present("lower_abdominal_pain"),
        Present("abnormal_vaginal_discharge"),
        then=Refer("pelvic_inflammatory_disease", TriageLevel.SAME_DAY),
    ),
    rule(
        "pelvic_pain_with_pain_during_sex",
        Present("lower_abdominal_pain"),
        Present("pain_during_sex"),
        then=Refer("pelvic_inflammatory_disease", TriageLevel.SAME_DAY),
    ),
)
