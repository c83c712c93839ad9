"""Hypothesis strategies shared by the tests: generated, always-valid catalogues."""

from __future__ import annotations

from hypothesis import strategies as st

from peopleops.catalogue import Catalogue, catalogue
from peopleops.model import AXES, Activity, Area, Axis, Orientation, Position, Reference, Stage

_WORDS = st.sampled_from(
    [
        "pay", "plan", "hire", "train", "coach", "audit", "review", "survey", "record", "budget",
        "benefit", "leave", "policy", "grievance", "culture", "safety", "mentor", "interview", "offer",
        "exit", "retire", "vendor", "report",
    ]
)
ids = st.from_regex(r"[a-z][a-z0-9]{0,6}(_[a-z0-9]{1,5}){0,2}", fullmatch=True)
strengths = st.floats(min_value=0.01, max_value=1.0, allow_nan=False).map(lambda x: round(x, 3))
texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=0, max_size=40
)
xml_texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"),
    min_size=0,
    max_size=40,
)
"""Texts that XML 1.0 can hold (GraphML, GEXF): no U+FFFE or U+FFFF either."""


@st.composite
def positions(draw: st.DrawFn, axis: Axis) -> Position:
    """A position on ``axis`` with any pole and strength."""
    return Position(draw(st.sampled_from(list(AXES[axis]))), draw(strengths))


@st.composite
def catalogues(
    draw: st.DrawFn, max_activities: int = 8, text: st.SearchStrategy[str] = texts
) -> Catalogue:
    """A valid catalogue: unique ids and phrases, known areas/stages/references, sound links.

    ``text`` draws the free texts (names, descriptions); pass ``xml_texts`` for XML formats.
    """
    builtin = catalogue()
    areas = tuple(
        draw(st.lists(st.sampled_from(builtin.areas), min_size=1, max_size=4, unique_by=lambda a: a.id))
    )
    if draw(st.booleans()):
        areas = (*areas, Area("custom_area", draw(text.filter(str.strip)) or "x", draw(text)))
    stage_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    stages = tuple(
        Stage(sid, sid.title(), "", tuple(stage_ids[i + 1 : i + 2])) for i, sid in enumerate(stage_ids)
    )
    activity_ids = draw(st.lists(ids, min_size=1, max_size=max_activities, unique=True))
    examples = ("apqc:10418", "onet:4.A.4.a.7.I01.D03", "opm:HCM.A1-2.010", "shrm:total_rewards")
    refs = [Reference.parse(example) for example in examples]
    activities = []
    for index, ident in enumerate(activity_ids):
        phrases = draw(st.lists(_WORDS, min_size=0, max_size=3, unique=True))
        activities.append(
            Activity(
                id=ident,
                name=f"Activity {index} {ident}",
                description=draw(text),
                area=draw(st.sampled_from(areas)).id,
                stages=draw(st.lists(st.sampled_from(stage_ids), min_size=1, max_size=2, unique=True)),
                legal_emphasis=draw(st.booleans()),
                # Phrases are made unique per activity by prefixing its index.
                phrases=[f"{word} {index} {ident}" for word in phrases],
                references=draw(st.lists(st.sampled_from(refs), max_size=2, unique=True)),
                **{axis.value: draw(positions(axis)) for axis in Axis},
            )
        )
    reactive = [a.id for a in activities if a.orientation.pole is Orientation.REACTIVE]
    proactive = [a.id for a in activities if a.orientation.pole is Orientation.PROACTIVE]
    if reactive and proactive:
        links = draw(st.lists(st.tuples(st.sampled_from(reactive), st.sampled_from(proactive)), max_size=4))
        by_id = {a.id: a for a in activities}
        for source, target in links:
            a = by_id[source]
            by_id[source] = Activity(**{**_fields(a), "counterparts": (*a.counterparts, target)})
        activities = list(by_id.values())
    cue_keys = st.sampled_from(["reactive", "proactive", "not_hr"])
    cues = draw(st.dictionaries(cue_keys, st.lists(_WORDS, max_size=2), max_size=2))
    return Catalogue(activities, areas, stages, cues, name=draw(text.filter(str.strip)) or "generated")


def _fields(activity: Activity) -> dict[str, object]:
    import attrs

    return attrs.asdict(activity, recurse=False)
