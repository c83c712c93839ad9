"""Classify and profile the sample task list from Python.

Run from the repository root (or anywhere: the sample is found next to this script)::

    python examples/classify_tasks.py
"""

from __future__ import annotations

from pathlib import Path

import peopleops
from peopleops.inputs import Skip, read_tasks

SAMPLE = Path(__file__).with_name("tasks.txt")


def main() -> None:
    # Read the list the way the CLI does: one task per line, bullets and all; a blank line
    # comes back as a Skip with its line number instead of disappearing.
    tasks = []
    for item in read_tasks(SAMPLE):
        if isinstance(item, Skip):
            print(f"line {item.line}: skipped ({item.reason})")
        else:
            tasks.append(item)

    # One line at a time: the label, the pole on each axis, and the evidence behind it.
    result = peopleops.classify("Mediate the dispute between two colleagues after a complaint")
    print(f"\n{result.text!r}")
    print(f"  activity={result.activity} area={result.area} confidence={result.confidence:.2f}")
    print("  " + ", ".join(f"{axis}={result.pole(axis)}" for axis in peopleops.Axis))
    for evidence in result.evidence:
        print(f"  evidence: {evidence.kind} {evidence.text!r} -> {evidence.phrase!r}")

    # A whole list at once: classify_many streams results in input order.
    print()
    results = list(peopleops.classify_many(task.text for task in tasks))
    for task, res in list(zip(tasks, results, strict=True))[:8]:
        label = res.activity or "not HR"
        print(f"{task.line:>3}  {label:<32} {res.pole('orientation') or '-':<10} {task.text}")

    # What the list says about the function: shares, balance and proactive alternatives.
    profile = peopleops.profile(results)
    print(
        f"\n{profile.hr} of {profile.lines} tasks are HR work; {profile.share('reactive'):.0%} of those are reactive."
    )
    for suggestion in profile.suggestions[:3]:
        alternatives = ", ".join(c.name for c in suggestion.counterparts) or "none in the catalogue"
        print(f"  {suggestion.name} ({suggestion.count}x) -> try: {alternatives}")


if __name__ == "__main__":
    main()
