"""Lumbar paraspinals (the deep and superficial spinal muscles, erector spinae).

Passages encoded (paraphrased):

* S0: the trigger points in the low back itself are mostly local: the pain is where the
  knot is.
* S3, Perfect Spot 13: the 'pit' of the low back, the lowest thick part of the spinal
  muscles at L5 beside the back dimple; pressure there gives a deep, dull ache that the
  person recognises as their back pain ('that's it, right there'), sometimes only under
  surprisingly firm pressure; pain in the low back, buttocks, hamstrings. If firm pressure
  causes strong, unpleasant pain instead, it is not this spot (the caution lives in
  ``safety``).
* S3, Spot 13 sits an inch or two from Spot 12 (gluteus maximus): check both. Spot 2, the
  corner under the lowest rib, includes the upper erector spinae.

Weights are the library's judgement, each justified beside it. Stretching and
strengthening for the low back live in ``progression``.
"""

from __future__ import annotations

from ..rulebook import Advise, Evidence, NotPresent, Present, Suspected, rule

MUSCLE = "lumbar_paraspinals"

RULES = (
    # S3: recognition under pressure is the standard test for a trigger point, and S3 says
    # it is particularly strong at this spot: the most direct evidence for this muscle.
    rule(
        "pressure_reproduces",
        Present("pressure_reproduces_pain"),
        then=Evidence(MUSCLE, "paraspinals_sign_recognised", 0.55),
    ),
    # S3: where the pain sits, at the bottom of the back beside the spine. A location only,
    # and a common one, so less than the pressure finding.
    rule(
        "pit_of_low_back",
        Present("pain_in_low_back_pit"),
        then=Evidence(MUSCLE, "paraspinals_sign_pit", 0.3),
    ),
    # S3: the quality at that spot is a deep, dull ache; with the location it adds a little
    # (S0 gives the dull ache to trigger points in general, so alone it counts for nothing).
    rule(
        "pit_dull_ache",
        Present("pain_in_low_back_pit"),
        Present("dull_deep_ache"),
        then=Evidence(MUSCLE, "paraspinals_sign_pit", 0.15),
    ),
    # S0: low back trigger points are mostly local. Most back pain is felt in the low back,
    # so weak.
    rule(
        "local",
        Present("pain_stays_in_low_back"),
        then=Evidence(MUSCLE, "paraspinals_sign_local", 0.2),
    ),
    # S3, Spot 2: the corner under the lowest rib includes the erector spinae, but the QL
    # is the main muscle there.
    rule(
        "spot_two",
        Present("tender_below_lowest_rib"),
        then=Evidence(MUSCLE, "paraspinals_sign_spot_two", 0.15),
    ),
    # S3: 'check both'. A tender Spot 12 makes Spot 13 likely too; weak, as for the
    # reverse rule in ``gluteus_maximus``.
    rule(
        "next_to_spot_twelve",
        Present("tender_top_of_buttock"),
        then=Evidence(MUSCLE, "paraspinals_sign_butt_back", 0.15),
    ),
    # S3: strong, unpleasant pain under firm pressure means 'not a perfect spot for you',
    # perhaps a structure being guarded: evidence against, enough to cancel the location.
    rule(
        "strong_pain_under_pressure",
        Present("strong_pain_under_firm_pressure"),
        then=Evidence(MUSCLE, "paraspinals_sign_strong_pain", -0.3),
    ),
    # S3: strong, unpleasant pain under firm pressure means back off, so the advice to
    # press firmly here is not given while that is reported.
    rule(
        "self_treatment",
        Suspected(MUSCLE),
        NotPresent("strong_pain_under_firm_pressure"),
        then=Advise("paraspinals_self_treatment"),
    ),
)
