"""Referrals: symptoms that point to a condition mimicking trigger-point pain, or that need
a professional's hands.

Passages encoded (paraphrased):

* S2: sciatica that is nearly constant and unbearable is typical of a disc compressing the
  nerve and is serious (``disc_radiculopathy``; S2's claim that surgery is the only option
  is not repeated).
* S3: if firm pressure causes strong, unpleasant pain, back off; the body may be guarding
  a structural abnormality such as spondylolisthesis (``structural_abnormality``).
* S0: a spot that needs more than a minute of pressure may be something else, such as
  fibromyalgia, which overlaps with myofascial pain but is treated differently
  (``fibromyalgia``; widespread pain as a second pointer is the library's addition).
* S2: the lateral rectus abdominis trigger point on the right side mimics appendicitis;
  the muscle can also produce heartburn, nausea, gall-bladder-like pain and pelvic or
  genital pain (``appendicitis``, ``visceral_mimic``: organ causes come first);
  RCEMLearning: loss of appetite is common in appendicitis.
* Chou et al. 2007: consider causes of back pain outside the spine, among them kidney
  stones; NICE NG12: visible blood in the urine at 45 or over is checked for cancer within
  two weeks (``kidney``).
* NICE CG95: recent chest pain of suspected heart origin is an emergency (``cardiac``).
* S2: piriformis syndrome brings pain, numbness and swelling down the leg from the
  buttock, and sexual dysfunction (``piriformis_syndrome``); NICE NG158: a suspected deep
  vein thrombosis is assessed within hours, so a swollen leg is same-day.
* S0: a heel lift for a shorter leg in someone who stands all day, fitted and monitored by
  a qualified professional (``heel_lift``).
* S3: serious or chronic back pain needs more than self-treatment; S2: chronic cases
  involve many muscles and call for clinical trigger point therapy
  (``chronic_pain_assessment``).

Urgencies are the library's judgement unless a guideline above gives one; each item's
``judgement`` says which. A referral that depends on the ranked suspects (``ManySuspects``)
stays below same_day, as the rulebook requires.
"""

from __future__ import annotations

from ..rulebook import AtLeast, ManySuspects, Present, Refer, rule
from ..triage import TriageLevel

ROUTINE = TriageLevel.ROUTINE
URGENT_DAYS = TriageLevel.URGENT_DAYS
SAME_DAY = TriageLevel.SAME_DAY
EMERGENCY = TriageLevel.EMERGENCY

#: Chronic pain: three months (library threshold).
CHRONIC_DAYS = 90
#: Many muscles: three or more suspects (library threshold).
MANY_MUSCLES = 3
#: Library judgement: a muscle counts as clearly suspected from this certainty up, which
#: takes one specific sign and some support, or several signs together.
CLEARLY_SUSPECTED = 0.5
#: The many-muscles referral waits until the pain has lasted six weeks (library
#: threshold): on day one several weak suspects are a ranking artefact, not chronic pain.
MANY_MUSCLES_AFTER_DAYS = 42

RULES = (
    rule(
        "constant_severe_leg_pain",
        Present("constant_severe_leg_pain"),
        then=Refer("disc_radiculopathy", URGENT_DAYS),
    ),
    rule(
        "strong_pain_under_pressure",
        Present("strong_pain_under_firm_pressure"),
        then=Refer("structural_abnormality", ROUTINE),
    ),
    rule(
        "spot_over_a_minute",
        Present("spot_needs_over_a_minute"),
        then=Refer("fibromyalgia", ROUTINE),
    ),
    rule("widespread_pain", Present("widespread_pain"), then=Refer("fibromyalgia", ROUTINE)),
    rule(
        "right_lower_abdomen",
        Present("right_lower_abdominal_pain"),
        then=Refer("appendicitis", SAME_DAY),
    ),
    rule(
        "right_lower_abdomen_fever",
        Present("right_lower_abdominal_pain"),
        Present("fever"),
        then=Refer("appendicitis", EMERGENCY),
    ),
    rule(
        "right_lower_abdomen_vomiting",
        Present("right_lower_abdominal_pain"),
        Present("vomiting"),
        then=Refer("appendicitis", EMERGENCY),
    ),
    # RCEMLearning: loss of appetite is present in most people with appendicitis; it
    # supports the same-day referral (the report names it) without raising the level.
    rule(
        "right_lower_abdomen_no_appetite",
        Present("right_lower_abdominal_pain"),
        Present("loss_of_appetite"),
        then=Refer("appendicitis", SAME_DAY),
    ),
    rule("heartburn", Present("heartburn"), then=Refer("visceral_mimic", ROUTINE)),
    rule("nausea", Present("nausea"), then=Refer("visceral_mimic", ROUTINE)),
    rule(
        "gallbladder_like_pain",
        Present("gallbladder_like_pain"),
        then=Refer("visceral_mimic", ROUTINE),
    ),
    rule(
        "pelvic_or_genital_pain",
        Present("pelvic_or_genital_pain"),
        then=Refer("visceral_mimic", ROUTINE),
    ),
    rule("urinary_symptoms", Present("urinary_symptoms"), then=Refer("kidney", URGENT_DAYS)),
    rule("blood_in_urine", Present("blood_in_urine"), then=Refer("kidney", URGENT_DAYS)),
    rule("chest_pain", Present("chest_pain"), then=Refer("cardiac", EMERGENCY)),
    # NG158: a possible deep vein thrombosis is assessed within hours, whatever else is felt.
    rule("swollen_leg", Present("leg_swelling"), then=Refer("leg_swelling_check", SAME_DAY)),
    rule(
        "buttock_pain_leg_swelling",
        Present("buttock_pain"),
        Present("leg_swelling"),
        then=Refer("piriformis_syndrome", SAME_DAY),
    ),
    rule(
        "buttock_pain_sexual_dysfunction",
        Present("buttock_pain"),
        Present("sexual_dysfunction"),
        then=Refer("piriformis_syndrome", ROUTINE),
    ),
    rule(
        "short_leg_standing_all_day",
        Present("leg_length_difference"),
        Present("stands_all_day"),
        then=Refer("heel_lift", ROUTINE),
    ),
    rule(
        "chronic_pain",
        AtLeast("duration_days", CHRONIC_DAYS),
        then=Refer("chronic_pain_assessment", ROUTINE),
    ),
    # S2: chronic cases involve many muscles. Only once the pain has lasted, and only
    # muscles clearly suspected: a muscle at the bare suspect threshold rests on one weak
    # shared sign, which says little about how many muscles are involved.
    rule(
        "many_muscles",
        ManySuspects(MANY_MUSCLES, min_certainty=CLEARLY_SUSPECTED),
        AtLeast("duration_days", MANY_MUSCLES_AFTER_DAYS),
        then=Refer("chronic_pain_assessment", ROUTINE),
    ),
)
