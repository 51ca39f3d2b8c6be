"""Soleus.

Passages encoded (paraphrased):

* S0: the soleus, in the lower leg, is listed among the muscles whose trigger points can
  send pain to the low back. Nothing more is said about its pattern.
* S0: a strap lever tool can be used standing on calf trigger points; calves feel tight in
  most people, so tightness is no guide.

Kept minimal on purpose: the one sign is the general trigger-point test (pressure on the
spot reproduces the familiar pain) applied to the calf, marked as the library's judgement
in the knowledge file.
"""

from __future__ import annotations

from ..rulebook import Advise, Evidence, Present, Suspected, rule

MUSCLE = "soleus"

RULES = (
    # S0 lists the muscle as a low back pain source; reproduction of the familiar pain by
    # pressure (S0, S3) is the test the articles give for any trigger point. A direct
    # finding, but on a muscle the sources barely describe, so moderate.
    rule(
        "calf_pressure",
        Present("calf_pressure_brings_back_pain"),
        then=Evidence(MUSCLE, "soleus_sign_calf_pressure", 0.45),
    ),
    rule("self_treatment", Suspected(MUSCLE), then=Advise("soleus_self_treatment")),
)
