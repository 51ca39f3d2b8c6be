"""Iliopsoas (psoas and iliacus).

Passages encoded (paraphrased):

* S2: pain in a vertical strip beside the spine on one side, a band across the low back when
  both sides are involved, sometimes groin pain; worse standing, eased by leaning slightly
  forward; a sit-up is hard; worse during a bowel movement.
* S4 (psoas major): the person runs a hand up and down one side of the low back; it hurts
  on getting up from sleep, after a drive, after anything with the hip bent for long; moving
  around helps; a pillow under the legs helps lying on the back; it can feel like a twisted
  hip or crooked back, one side of the low back looking flatter.
* S1: long sitting, sit-ups and leg lifts done wrong make it worse; S0: so does sitting
  with the knees above the hips or a foot rest set too high.
* S0: pain at the front of the inner thigh; treat the psoas with the hands, not a tool,
  because of the aorta (the caution lives in ``safety``).

Weights are the library's judgement, each justified beside it.
"""

from __future__ import annotations

from ..rulebook import Advise, Evidence, Present, Suspected, rule

MUSCLE = "iliopsoas"

RULES = (
    # S2's map and S4's opening description agree: the most characteristic sign.
    rule(
        "vertical_strip",
        Present("vertical_strip_beside_spine"),
        then=Evidence(MUSCLE, "iliopsoas_sign_vertical_strip", 0.45),
    ),
    # S2: the two-sided form of the same map.
    rule(
        "band",
        Present("band_across_low_back"),
        then=Evidence(MUSCLE, "iliopsoas_sign_band", 0.4),
    ),
    # S2 leads its iliopsoas description with it, so alone it is enough to name the muscle.
    rule(
        "worse_standing",
        Present("pain_worse_standing"),
        then=Evidence(MUSCLE, "iliopsoas_sign_worse_standing", 0.4),
    ),
    # S2: the other half of the same description.
    rule(
        "eased_leaning_forward",
        Present("eased_leaning_forward"),
        then=Evidence(MUSCLE, "iliopsoas_sign_worse_standing", 0.3),
    ),
    # S2: unusual for other back muscles, so fairly specific.
    rule(
        "bowel_movement",
        Present("pain_during_bowel_movement"),
        then=Evidence(MUSCLE, "iliopsoas_sign_bowel_movement", 0.35),
    ),
    # S4's lead symptom after the hand-tracing; S1 agrees that long sitting aggravates.
    rule(
        "rising_after_sitting",
        Present("pain_rising_after_sitting"),
        then=Evidence(MUSCLE, "iliopsoas_sign_rising_after_sitting", 0.3),
    ),
    # S2: the hip flexors do the work of a sit-up.
    rule(
        "sit_up_hard",
        Present("sit_up_hard"),
        then=Evidence(MUSCLE, "iliopsoas_sign_sit_up", 0.25),
    ),
    # S4: relief with the hip flexors shortened.
    rule(
        "pillow_under_legs",
        Present("pillow_under_legs_helps"),
        then=Evidence(MUSCLE, "iliopsoas_sign_pillow_under_legs", 0.25),
    ),
    # S0: front of the inner thigh; S2: groin. Groin pain is shared with the QL and
    # piriformis, so it weighs less than the thigh.
    rule(
        "front_thigh",
        Present("front_thigh_pain"),
        then=Evidence(MUSCLE, "iliopsoas_sign_thigh_groin", 0.25),
    ),
    # As above: groin pain alone is shared, so it counts for little.
    rule(
        "groin",
        Present("groin_pain"),
        then=Evidence(MUSCLE, "iliopsoas_sign_thigh_groin", 0.15),
    ),
    # S4 only, and many back pains feel lopsided: weak.
    rule(
        "feels_crooked",
        Present("feels_crooked"),
        then=Evidence(MUSCLE, "iliopsoas_sign_crooked", 0.2),
    ),
    # S4: common to many muscular pains, weak on its own.
    rule(
        "moving_helps",
        Present("moving_around_helps"),
        then=Evidence(MUSCLE, "iliopsoas_sign_moving_helps", 0.15),
    ),
    # S1 and S0 name these habits as what keeps the iliopsoas short; they perpetuate rather
    # than locate pain, so each counts for little on its own.
    rule(
        "kept_short_sitting",
        Present("sits_over_an_hour"),
        then=Evidence(MUSCLE, "iliopsoas_sign_kept_short", 0.1),
    ),
    # As above (S0: knees above the hips, a foot rest set too high).
    rule(
        "kept_short_knees_up",
        Present("knees_above_hips_sitting"),
        then=Evidence(MUSCLE, "iliopsoas_sign_kept_short", 0.15),
    ),
    # As above (S1: sit-ups and leg lifts done wrong).
    rule(
        "kept_short_sit_ups",
        Present("does_sit_ups"),
        then=Evidence(MUSCLE, "iliopsoas_sign_kept_short", 0.1),
    ),
    # S4: walking hurts once the trigger point is more active. S2 makes walking the lead
    # complaint of gluteus medius (0.4 there), so it counts only a little here.
    rule(
        "walking",
        Present("pain_walking"),
        then=Evidence(MUSCLE, "iliopsoas_sign_walking", 0.1),
    ),
    rule("self_treatment", Suspected(MUSCLE), then=Advise("iliopsoas_self_treatment")),
)
