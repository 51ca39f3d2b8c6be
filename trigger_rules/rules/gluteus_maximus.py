"""Gluteus maximus.

Passages encoded (paraphrased):

* S3, Perfect Spot 12: a trigger point at the roots of the muscle at the top of the
  buttocks, just below the low back, that often feels like low back pain; it spreads pain
  to the low back, buttocks, hip and hamstrings, and pressing it gives a deep ache that
  reaches further than expected.
* S3: Spot 12 and Spot 13 (lumbar paraspinals) lie an inch or two apart on either side of
  the pelvic rim; whoever is tender at one is usually tender at the other: check both.
* S0: lists the gluteus maximus among the muscles that can cause low back pain; buttock
  trigger points are found with a ball against a wall.
* Kent 2014 (Massage Today): the person rubs the sacrum and sitting bone when describing
  the pain, cannot sit comfortably, and the sacrum or tailbone is tender.
* Body Ache Escape (trigger-point practice): pain when sitting, swimming or walking
  uphill; long uphill walks and the crawl keep the trigger points going.

Weights are the library's judgement, each justified beside it.
"""

from __future__ import annotations

from ..rulebook import Advise, Evidence, Present, Suspected, rule

MUSCLE = "gluteus_maximus"

RULES = (
    # S3: a palpation finding at the named spot, the most direct evidence for this muscle.
    rule(
        "spot_twelve",
        Present("tender_top_of_buttock"),
        then=Evidence(MUSCLE, "maximus_sign_spot_twelve", 0.5),
    ),
    # S3: pain at the top of the buttocks that passes for low back pain; S0 lists the
    # muscle as a low back pain source. A location only, so a little weaker than the spot.
    rule(
        "top_of_buttock",
        Present("pain_top_of_buttock"),
        then=Evidence(MUSCLE, "maximus_sign_top_of_buttock", 0.4),
    ),
    # S3 (Spot 12: hip, hamstrings) with buttock pain. Spots 6 and 13 spread the same way
    # (S3), and S0 says back and buttock trigger points commonly reach the back of the
    # thigh, so it is a weak, shared sign.
    rule(
        "hamstrings",
        Present("buttock_pain"),
        Present("pain_to_back_of_thigh"),
        then=Evidence(MUSCLE, "maximus_sign_hamstrings", 0.15),
    ),
    # S3: 'check both'. A tender Spot 13 makes Spot 12 likely too, but it is not this
    # muscle's own sign, so weak.
    rule(
        "next_to_spot_thirteen",
        Present("pressure_reproduces_pain"),
        then=Evidence(MUSCLE, "maximus_sign_butt_back", 0.15),
    ),
    # Kent 2014 and Body Ache Escape agree that sitting is hard; piriformis shares it
    # (Hubbard Foundation), so it is a shared, modest sign.
    rule(
        "sitting",
        Present("pain_worse_sitting"),
        then=Evidence(MUSCLE, "maximus_sign_sitting", 0.2),
    ),
    # Body Ache Escape: walking uphill and the crawl load this muscle (it extends the
    # hip). Specific to it among the library's muscles, but from one practice blog, so no
    # stronger than the two-source sitting sign.
    rule(
        "uphill_or_swimming",
        Present("pain_uphill_or_swimming"),
        then=Evidence(MUSCLE, "maximus_sign_uphill_swimming", 0.2),
    ),
    # Kent 2014: sacrum and tailbone ache; S1 gives the tailbone to the piriformis and S3
    # to Spot 13 (paraspinals) too, so weak, and weaker than piriformis's own
    # buttock-and-tailbone sign.
    rule(
        "sacrum_and_tailbone",
        Present("tailbone_pain"),
        then=Evidence(MUSCLE, "maximus_sign_sacrum_tailbone", 0.2),
    ),
    rule("self_treatment", Suspected(MUSCLE), then=Advise("maximus_self_treatment")),
)
