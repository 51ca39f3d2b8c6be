"""Red flags: ectopic pregnancy and bleeding inside the belly; referrals: pain or bleeding
in a pregnancy or a possible one, and low belly pain with vaginal bleeding.

Passages encoded (paraphrased):

* NICE NG126 (2019): be aware that ectopic pregnancy can present with abdominal or pelvic
  pain, vaginal bleeding, a missed period, shoulder-tip pain, dizziness or fainting, that
  atypical presentations are common, and exclude it even without risk factors; refer
  immediately anyone with a positive test and pain with abdominal tenderness; send anyone
  who is unstable straight to an emergency department; refer to an early pregnancy
  assessment service anyone with bleeding or other symptoms who has pain or whose
  gestation is uncertain.
* NICE QS69: people referred to an early pregnancy assessment service are seen within 24
  hours, some immediately.
* NICE NG156 (2020): think of a ruptured aneurysm in anyone with new abdominal or back
  pain (a second cause of bleeding inside the belly with faintness).

Urgency:

Pain low in the belly counts whether the person answers the belly question
(``lower_abdominal_pain``) or the pelvis question (``pelvic_or_genital_pain``).

* Emergency, whatever the answer about pregnancy, for pain low in the belly with
  faintness or with shoulder-tip pain (``internal_bleeding``): a person's belief that she
  is not pregnant is not a negative test, and faintness with belly pain needs an
  emergency department whatever its cause (judgement, recorded on the item).
* Emergency for a possible pregnancy (answered yes or possible, or a late period) with
  low belly pain and bleeding, or with faintness or shoulder-tip pain even without belly
  pain (``ectopic_pregnancy``): the safer level, since a person cannot be examined here.
* Same day for a possible pregnancy with low belly pain or with bleeding alone
  (``pregnancy_pain``; QS69: within 24 hours), and for low belly pain with vaginal
  bleeding whatever the answer about pregnancy (``belly_pain_with_bleeding``, whose text
  asks for a pregnancy test). Rules never read ``sex``: a 'yes' always counts.

Any possible pregnancy brings a caution that holds back pressing on the belly (in
``safety``).
"""

from __future__ import annotations

from ..rulebook import Condition, OneOf, Present, RaiseRedFlag, Refer, rule
from ..triage import TriageLevel

FLAG = "ectopic_pregnancy"
#: Answers to ``pregnant`` that leave a pregnancy possible.
MAYBE_PREGNANT = ("yes", "possible")
#: Signs of bleeding inside the belly: an emergency with a possible pregnancy, even
#: without belly pain (NG126 lists each as a presentation).
EMERGENCY_SIGNS = ("light_headed", "shoulder_tip_pain")
#: Pain low in the belly, asked two ways (NG126: abdominal or pelvic pain): the name each
#: gives its rules, and the condition. ``pelvic_or_genital_pain`` also covers pain a man
#: feels in the testicles; with faintness that is an emergency too (judgement).
BELLY_PAIN: tuple[tuple[str, Condition], ...] = (
    ("belly_pain", Present("lower_abdominal_pain")),
    ("pelvic_pain", Present("pelvic_or_genital_pain")),
)
#: The two ways a pregnancy is known to be possible, named for rule ids.
POSSIBLE_PREGNANCY: tuple[tuple[str, Condition], ...] = (
    ("possibly_pregnant", OneOf("pregnant", MAYBE_PREGNANT)),
    ("late_period", Present("late_period")),
)

RULES = (
    # Whatever the answer about pregnancy: belly pain with faintness or shoulder-tip pain.
    *(
        rule(
            f"{where}_{sign}",
            pain,
            Present(sign),
            then=RaiseRedFlag("internal_bleeding", TriageLevel.EMERGENCY),
        )
        for where, pain in BELLY_PAIN
        for sign in EMERGENCY_SIGNS
    ),
    *(
        rule(
            f"{where}_vaginal_bleeding",
            pain,
            Present("vaginal_bleeding"),
            then=Refer("belly_pain_with_bleeding", TriageLevel.SAME_DAY),
        )
        for where, pain in BELLY_PAIN
    ),
    *(
        rule(
            f"{name}_{'pain' if where == 'belly_pain' else where}_vaginal_bleeding",
            pregnancy,
            pain,
            Present("vaginal_bleeding"),
            then=RaiseRedFlag(FLAG, TriageLevel.EMERGENCY),
        )
        for name, pregnancy in POSSIBLE_PREGNANCY
        for where, pain in BELLY_PAIN
    ),
    *(
        rule(
            f"{name}_{sign}",
            pregnancy,
            Present(sign),
            then=RaiseRedFlag(FLAG, TriageLevel.EMERGENCY),
        )
        for name, pregnancy in POSSIBLE_PREGNANCY
        for sign in EMERGENCY_SIGNS
    ),
    *(
        rule(
            f"{name}_{'pain' if where == 'belly_pain' else where}",
            pregnancy,
            pain,
            then=Refer("pregnancy_pain", TriageLevel.SAME_DAY),
        )
        for name, pregnancy in POSSIBLE_PREGNANCY
        for where, pain in BELLY_PAIN
    ),
    *(
        rule(
            f"{name}_bleeding",
            pregnancy,
            Present("vaginal_bleeding"),
            then=Refer("pregnancy_pain", TriageLevel.SAME_DAY),
        )
        for name, pregnancy in POSSIBLE_PREGNANCY
    ),
)
