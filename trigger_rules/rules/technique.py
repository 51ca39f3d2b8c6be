"""How to find and press trigger points, by body area.

Passages encoded (paraphrased):

* S0: press just enough to feel tenderness or the referred pain while staying relaxed, for
  30 seconds to a minute, breathing deeply, more as the pain eases; treat many spots in a
  session rather than one for long; you will rarely feel a knot, look for the tender spot
  that reproduces your pain (S3 agrees); standing against a wall gives control, lying
  down people use their full weight.
* S0, buttocks: start near the middle and slide outwards, come back lower, repeat; a foam
  roller: rest on a tender spot rather than rolling, and do not arch the low back on it.
* S0, abdomen: lying down, legs as straight as possible, top to bottom beside the midline,
  then further out, both sides.

The general technique goes with every area the sources describe pressing (low back,
buttocks, abdomen, and the calf for the soleus), not with the pelvic floor, which is
referred instead. Technique advice is self-treatment, so the triage gate holds it back in
an emergency.
"""

from __future__ import annotations

from ..rulebook import Advise, Suspected, rule

#: Areas where the sources describe pressing the spots yourself.
SELF_TREATED_AREAS = ("low_back", "buttocks", "abdomen", "lower_leg")

RULES = (
    *(
        rule(f"{advice}_{area}", Suspected(area=area), then=Advise(f"technique_{advice}"))
        for advice in ("pressure", "many_spots", "find_the_spot")
        for area in SELF_TREATED_AREAS
    ),
    rule("wall_for_the_back", Suspected(area="low_back"), then=Advise("technique_wall")),
    rule("buttocks_path", Suspected(area="buttocks"), then=Advise("technique_buttocks")),
    rule("foam_roller", Suspected(area="buttocks"), then=Advise("technique_foam_roller")),
    rule("abdomen_by_hand", Suspected(area="abdomen"), then=Advise("technique_abdomen")),
)
