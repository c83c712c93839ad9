"""Extend the built-in catalogue with your own activity and phrases, then classify with it.

A notebook written as a script (``# %%`` cells). A custom catalogue is a JSON, TOML or YAML
file; with ``extends = "builtin"`` it only says what differs from the built-in one. The same
text could be saved as ``mine.toml`` and passed to any command with ``--catalogue mine.toml``.
"""

from peopleops import CatalogueError, classify, loads

# %% A catalogue that extends the built-in one
# One new activity (a four-day-week pilot, People Ops through and through) and one more way
# of writing payroll work.
MINE = """
schema_version = 1
name = "our HR team"
extends = "builtin"

[add_phrases]
payroll_processing = ["close the payroll month"]

[[activities]]
id = "four_day_week_pilot"
name = "Four-day week pilot"
description = "Trying a shorter working week with a few teams, measuring output and well-being."
area = "engagement_culture"
stages = ["retain"]
orientation = "proactive"
focus = "strategic"
approach = "people_ops"
systems = "experimental"
collaboration = "multidisciplinary"
strength = { orientation = 0.8, focus = 0.7, approach = 0.9, systems = 0.95, collaboration = 0.7 }
phrases = ["four-day week pilot", "trial a four day week", "shorter working week trial"]
"""
mine = loads(MINE, "toml", source="mine.toml")
pilot = mine["four_day_week_pilot"]
print(f"{mine.name}: {len(mine)} activities; new: {pilot.name} ({pilot.area})")

# %% Classify with it
# The classifier is compiled from whatever catalogue it is given: no extra step.
for line in ["Trial a four day week with the support team", "Close the payroll month"]:
    result = classify(line, mine)
    print(f"{line!r} -> {result.activity}")

# %% Mistakes are reported clearly
# A misspelt area and a missing pole: each error names the file, where in it, what was
# expected and what was found, with a suggestion when one is close.
broken = {
    "misspelt area": MINE.replace('area = "engagement_culture"', 'area = "engagment_culture"'),
    "missing pole": MINE.replace('focus = "strategic"\n', ""),
}
for what, text in broken.items():
    try:
        loads(text, "toml", source="mine.toml")
    except CatalogueError as error:
        print(f"{what}: {error}")
