"""Which step of the decision walkthrough uses a study: over the walkthrough's own patients, the first step
that decides with one of the study's records (strategy, regimen, timing), else the first step that cites
one, with that patient's link so the step opens citing it."""

from __future__ import annotations

from dataclasses import dataclass

from .. import memo
from ..cases import walkthrough_params
from ..catalog import Catalog
from ..decision import load_presets, recommend
from .model import Study


@dataclass(frozen=True)
class StepLink:
    number: int  # the step's place in the walkthrough's trace (1 = presentation)
    key: str
    title: str
    patient: str  # the walkthrough patient whose plan cites the study at this step
    params: tuple[tuple[str, str], ...]  # that patient's walkthrough URL parameters
    evidence_ids: tuple[str, ...]  # the study's records that step cites
    resectable: bool = True  # the patient's disease can be removed now (the plan's reading)

    @property
    def label(self) -> str:
        """The link's own text: short, as a link is one line that a phone cuts off (``where`` says more)."""
        return f"Open step {self.number} in the walkthrough"

    @property
    def where(self) -> str:
        return (
            f"The decision walkthrough cites it at step {self.number} ({self.title}), for the preset "
            f"patient '{self.patient}'."
        )


def step_citations(catalog: Catalog) -> dict[str, tuple[StepLink, ...]]:
    """For every record a walkthrough step cites: where (step and patient), in step order."""
    found: dict[str, list[StepLink]] = {}
    for preset in load_presets(catalog):
        plan = recommend(preset.scenario)
        params = tuple(sorted(walkthrough_params(preset.scenario).items()))
        for number, step in enumerate(plan.steps, start=1):
            for evidence_id in step.evidence_ids:
                found.setdefault(evidence_id, []).append(
                    StepLink(
                        number, step.key, step.title, preset.title, params, (evidence_id,), plan.resectable
                    )
                )
    return {key: tuple(sorted(links, key=lambda link: link.number)) for key, links in found.items()}


# The steps where a trial's result decides the plan: a link there shows the study at work, where a link to an
# earlier step (resectability, say) may open a patient far from the trial's setting. At the same step a
# patient whose disease can be removed comes first: the walkthrough also cites resectable-disease trials to
# say why an unresectable patient falls outside them, which is not where a reader of the trial should land.
DECIDING_STEPS = frozenset({"strategy", "regimen", "timing"})


def walkthrough_link(catalog: Catalog, study: Study) -> StepLink | None:
    """The earliest deciding step (``DECIDING_STEPS``) that cites one of the study's records, else the
    earliest step that cites one (None: no step uses it)."""
    # memo.cached, not memo.content: step_citations reads the presets through memo.content (its lock is not
    # re-entrant).
    cited = memo.cached(step_citations, catalog)
    links = [link for evidence_id in study.evidence_ids for link in cited.get(evidence_id, ())]
    if not links:
        return None
    first = min(links, key=lambda link: (link.key not in DECIDING_STEPS, link.number, not link.resectable))
    same = tuple(
        dict.fromkeys(
            link.evidence_ids[0]
            for link in links
            if link.number == first.number and link.patient == first.patient
        )
    )
    return StepLink(first.number, first.key, first.title, first.patient, first.params, same, first.resectable)
