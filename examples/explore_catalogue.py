"""Explore the built-in catalogue: areas, poles, counterparts, a DataFrame and the quadrant map.

A notebook written as a script: each ``# %%`` starts a cell (Jupyter, VS Code and the docs
build run it cell by cell); ``python examples/explore_catalogue.py`` runs it top to bottom.
Needs the ``dataframe`` and ``plot`` extras.
"""

from collections import Counter

from peopleops import Approach, catalogue
from peopleops.dataframe import catalogue_to_dataframe
from peopleops.plot import quadrant_map

# %% The catalogue
# One immutable object holds every activity with its areas and lifecycle stages.
cat = catalogue()
print(f"{len(cat)} activities in {len(cat.areas)} areas and {len(cat.stages)} stages")

# %% One activity
# In a notebook an activity shows itself as a small table: its pole and strength on each
# axis, its stages, links and framework references.
payroll = cat["payroll_processing"]
print(payroll.name, "->", ", ".join(str(p.pole) for p in payroll.positions))
payroll  # noqa: B018 - a cell's last value is what a notebook shows

# %% HR and People Ops, area by area
# How many activities of each area sit on each side of the approach axis.
counts = Counter((a.area, a.approach.pole) for a in cat)
print(f"{'area':<22} {'HR':>4} {'People Ops':>11}")
for area in cat.areas:
    hr, people_ops = counts[area.id, Approach.HR], counts[area.id, Approach.PEOPLE_OPS]
    print(f"{area.id:<22} {hr:>4} {people_ops:>11}")

# %% Reactive work and its proactive alternatives
# A reactive activity names the proactive work that makes it rarer.
for activity in cat.select("reactive"):
    alternatives = [other.name for other in cat.counterparts(activity.id)]
    if alternatives:
        print(f"{activity.name} -> {', '.join(alternatives)}")

# %% As a DataFrame
# One row per activity; each axis gives a pole column (an ordered categorical), its strength
# and the signed strength used for pictures.
frame = catalogue_to_dataframe(cat)
means = frame.groupby("approach", observed=False)[["orientation_signed", "focus_signed"]].mean()
print(means.round(2))
frame[["name", "area", "orientation", "focus", "approach"]].head(8)

# %% The quadrant map
# Every activity on focus (x) and orientation (y), coloured by approach: traditional HR
# gathers bottom left (reactive, transactional), People Ops top right.
fig = quadrant_map(cat)
print(f"quadrant map: {sum(len(c.get_offsets()) for c in fig.axes[0].collections)} points")
fig  # noqa: B018 - shown by the notebook
