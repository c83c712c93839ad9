"""Draw the pictures: the quadrant map, a task list's profile and an activity's neighbourhood.

A notebook written as a script (``# %%`` cells). Needs the ``plot`` extra. Every function
returns a matplotlib figure; a notebook shows it, ``fig.savefig(path)`` writes it.
"""

from pathlib import Path

from peopleops import catalogue, classify_many, profile
from peopleops.plot import neighbourhood, profile_chart, quadrant_map

TASKS = Path(__file__).with_name("tasks.txt")

# %% The catalogue on orientation × focus
# Every activity at its signed strengths: transactional (left) to strategic (right), reactive
# (bottom) to proactive (top), coloured by approach. Labels that would overlap are left out;
# the note beside the legend says how many are shown.
cat = catalogue()
fig = quadrant_map(cat)
print(f"{len(cat)} activities drawn")
fig  # noqa: B018 - a cell's last value is what a notebook shows

# %% A task list on the same map
# Classify the sample list, fold it into a profile, and draw the activities it contains: a
# point's area grows with the number of lines.
lines = TASKS.read_text(encoding="utf-8").splitlines()
summary = profile(classify_many(lines))
print(f"{summary.hr} of {summary.lines} lines are HR work, in {len(summary.activities)} activities")
quadrant_map(summary)

# %% The task list's profile
# Lines by area, and the split between the traditional-HR and People Ops pole on every axis,
# with the overall balance last.
print(f"balance: {summary.balance.people_ops_share:.0%} of decided positions on the People Ops side")
profile_chart(summary)

# %% An activity's neighbourhood
# Dispute mediation with its poles, area, stages and framework references, and the
# proactive work that makes it rarer.
print("alternatives:", ", ".join(a.name for a in cat.counterparts("dispute_mediation")))
neighbourhood("dispute_mediation")
