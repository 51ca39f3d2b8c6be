"""Rectus abdominis.

Passages encoded (paraphrased):

* S2: the lower trigger points send pain across the belt line and into both sacroiliac
  joints; the upper one gives pain across the middle of the back at the level of the lowest ribs.
* S2: its trigger points can also cause a bloated or pressured belly, heartburn, nausea,
  pain like a gall bladder attack and painful menstruation; the middle ones pelvic and
  testicular or vaginal pain; a lateral one on the right side pain that mimics
  appendicitis. Some people have these without any back pain.
* S0: the usual knots lie beside the midline under the end of the breastbone and down at
  the pubic bone; excessive sit-ups activate trigger points in the belly muscles.

Every belly symptom here also belongs to organ problems that must be ruled out first; the
referrals for them are written in ``referrals``, and each counts only weakly here. Weights
are the library's judgement, each justified beside it. The aorta caution for work on the
belly lives in ``safety``.
"""

from __future__ import annotations

from ..rulebook import Advise, Evidence, Present, SideIs, Suspected, rule

MUSCLE = "rectus_abdominis"
_BOTH_SIDES = SideIs("pain_side", ("both",))

RULES = (
    # S2's first description of the lower trigger points. Two-sided belt-line pain tells it
    # from the one-sided QL ache.
    rule(
        "belt_line_both_sides",
        Present("belt_line_ache"),
        _BOTH_SIDES,
        then=Evidence(MUSCLE, "rectus_sign_belt_line_both_sides", 0.4),
    ),
    # S2: the same trigger points, felt in both sacroiliac joints.
    rule(
        "sacroiliac_both_sides",
        Present("sacroiliac_pain"),
        _BOTH_SIDES,
        then=Evidence(MUSCLE, "rectus_sign_belt_line_both_sides", 0.35),
    ),
    # S2, the upper trigger point: mid-back pain at the base of the ribs. No other muscle
    # of the library gives it, so fairly specific.
    rule(
        "mid_back",
        Present("mid_back_pain_at_lowest_ribs"),
        then=Evidence(MUSCLE, "rectus_sign_mid_back", 0.4),
    ),
    # S2: the lateral trigger point on the right mimics appendicitis. Named for this muscle
    # only, but appendicitis comes first, so moderate.
    rule(
        "right_lower_belly",
        Present("right_lower_abdominal_pain"),
        then=Evidence(MUSCLE, "rectus_sign_right_lower", 0.25),
    ),
    # S2: bloating or pressure in the belly. Common and usually from the gut: weak, so
    # that belly symptoms without any of the back patterns rarely name the muscle.
    rule(
        "bloating",
        Present("abdominal_bloating"),
        then=Evidence(MUSCLE, "rectus_sign_belly_symptoms", 0.1),
    ),
    # S2: heartburn, as for bloating.
    rule(
        "heartburn",
        Present("heartburn"),
        then=Evidence(MUSCLE, "rectus_sign_belly_symptoms", 0.1),
    ),
    # S2: nausea, as for bloating.
    rule(
        "nausea",
        Present("nausea"),
        then=Evidence(MUSCLE, "rectus_sign_belly_symptoms", 0.1),
    ),
    # S2: a 'gall bladder attack'; a more particular pattern than bloating, still weak.
    rule(
        "gallbladder_like",
        Present("gallbladder_like_pain"),
        then=Evidence(MUSCLE, "rectus_sign_belly_symptoms", 0.15),
    ),
    # S2: the middle trigger points give pelvic and genital pain; shared with the pelvic
    # floor muscles and with organ causes, so weak.
    rule(
        "pelvic_or_genital",
        Present("pelvic_or_genital_pain"),
        then=Evidence(MUSCLE, "rectus_sign_pelvic", 0.2),
    ),
    # S2: painful menstruation, as for pelvic pain.
    rule(
        "painful_periods",
        Present("painful_periods"),
        then=Evidence(MUSCLE, "rectus_sign_pelvic", 0.15),
    ),
    # S0: excessive sit-ups activate the belly's trigger points. A habit, not a pain
    # pattern, so weak (iliopsoas gets less for the same habit: S1 blames sit-ups done
    # wrong, S0 blames sit-ups as such for the belly).
    rule(
        "sit_ups",
        Present("does_sit_ups"),
        then=Evidence(MUSCLE, "rectus_sign_sit_ups", 0.15),
    ),
    rule("self_treatment", Suspected(MUSCLE), then=Advise("rectus_self_treatment")),
)
