"""Bring your own taxonomy: export the built-in catalogue, edit it, load it, check it.

A notebook written as a script: each ``# %%`` starts a cell; ``python
examples/custom_catalogue.py`` runs it top to bottom. Files go to a temporary folder.
"""

import json
import tempfile
from pathlib import Path

from peopleops import CatalogueError, catalogue, dumps, load_catalogue
from peopleops.cli import main

folder = Path(tempfile.mkdtemp(prefix="peopleops-example-"))

# %% Export the built-in catalogue
# The export is itself a loadable catalogue (JSON here; TOML and YAML work the same way).
# From a shell: peopleops catalogue --format json --output my-catalogue.json
exported = folder / "my-catalogue.json"
exported.write_text(dumps(catalogue(), "json"), encoding="utf-8")
print(f"exported {len(catalogue())} activities to {exported.name}")

# %% Edit it: add an activity, and phrases to an existing one
document = json.loads(exported.read_text(encoding="utf-8"))
document["name"] = "Acme HR catalogue"
document["activities"].append(
    {
        "id": "badge_provisioning",
        "name": "Badge provisioning",
        "description": "Ordering and handing out door badges before a new starter's first day.",
        "area": "onboarding",
        "stages": ["onboard"],
        "orientation": "proactive",
        "focus": "transactional",
        "approach": "hr",
        "systems": "established",
        "collaboration": "multidisciplinary",
        "strength": {"orientation": 0.4, "focus": 0.8},
        "phrases": ["order door badges", "print access badges for new starters"],
    }
)
payroll = next(a for a in document["activities"] if a["id"] == "payroll_processing")
payroll["phrases"].append("close the monthly pay run")
exported.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")

# %% Load it and show the new activity
mine = load_catalogue(exported)
print(f"{mine.name}: {len(mine)} activities")
badge = mine.lookup("printing access badges for new starters")
print(badge.id, "->", ", ".join(str(position.pole) for position in badge.positions))
print(mine.lookup("closing the monthly pay run").id)
main(["show", "badge_provisioning", "--catalogue", str(exported)])

# %% Or keep only your changes: a small file that extends the built-in catalogue
overlay = folder / "acme.toml"
overlay.write_text(
    """schema_version = 1
extends = "builtin"
name = "Acme HR"

[add_phrases]
payroll_processing = ["close the monthly pay run"]
""",
    encoding="utf-8",
)
print(load_catalogue(overlay).lookup("close the monthly pay run").id)

# %% A broken file: every problem, with its line, key path and a suggestion
broken = folder / "broken.toml"
broken.write_text(
    """schema_version = 1
extends = "builtin"
remove = ["payrol_processing"]

[[activities]]
id = "badge_provisioning"
name = "Badge provisioning"
are = "onboarding"
stages = ["onboard"]
orientation = "proactiv"
focus = "transactional"
approach = "hr"
systems = "established"
collaboration = "siloed"
""",
    encoding="utf-8",
)
try:
    load_catalogue(broken)
except CatalogueError as error:
    for problem in error.problems:
        print(problem)
# From a shell, `peopleops validate broken.toml` prints the same list and exits 2.
