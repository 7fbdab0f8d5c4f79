"""From facts to a reviewed draft: the Markdown, the HTML, and the feedback.

The draft is checked like ``coach check`` checks a pitch: the same detection and
the same coaching rules, in the situation ``opening-pitch``. Facts left empty
become findings too (``rules/proposal/fields.yaml``), listed with the coaching
findings in one ranking; a coaching finding that says what a gap already says
(``covers``) is left out while the gap shows.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from coach.proposal.facts import ProposalFacts
from coach.proposal.guide import FieldGuide, load_field_guide
from coach.proposal.markdown import checked_text, to_html
from coach.proposal.template import (
    ProposalTemplate,
    choose_template,
    fill_template,
    stand_ins,
)

if TYPE_CHECKING:
    from coach.coaching import Coach, Feedback, Finding
    from coach.nlp.detection import Detection

SITUATION = "opening-pitch"
"""The situation a written proposal is judged in."""


class Detector(Protocol):
    """What a review needs from detection (``coach.analysis.Analyzer`` is one)."""

    pipeline: dict[str, str]

    def detect(self, text: str) -> Detection: ...


@dataclass(frozen=True)
class Draft:
    """A proposal written from facts with a template, not yet reviewed."""

    facts: ProposalFacts
    markdown: str
    template: str
    """Where the template came from (a path as shown to people)."""
    gaps: tuple[Finding, ...]
    """A finding per empty fact and per concern without an answer."""
    covered: frozenset[str] = frozenset()
    """Coaching rules the gaps stand in for."""
    stand_ins: frozenset[str] = frozenset()
    """The texts standing for empty facts in the draft."""

    @property
    def checked_text(self) -> str:
        """The draft as plain sentences: what detection and coaching read (sentences
        around a stand-in for an empty fact left out)."""
        return checked_text(self.markdown, sorted(self.stand_ins))

    def html(self) -> str:
        """The draft as a self-contained HTML page."""
        return to_html(self.markdown)


def build_draft(
    facts: ProposalFacts,
    template: ProposalTemplate | None = None,
    guide: FieldGuide | None = None,
    today: _dt.date | None = None,
) -> Draft:
    """Fill the template (the shipped one by default) with the facts."""
    guide = guide or load_field_guide()
    template = template or choose_template()
    markdown = fill_template(template, facts, guide, today)
    return Draft(
        facts,
        markdown,
        template.path,
        guide.gaps(facts),
        guide.covered(facts),
        stand_ins(guide),
    )


@dataclass(frozen=True)
class ProposalReview:
    """A draft with what detection found in it and every finding, ranked."""

    draft: Draft
    detection: Detection
    feedback: Feedback
    pipeline: dict[str, str]

    @property
    def coaching(self) -> tuple[Finding, ...]:
        """The coaching findings, less those a gap already makes."""
        return tuple(f for f in self.feedback.findings if f.rule_id not in self.draft.covered)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Gaps and coaching findings in one ranking: misses first, the most serious
        level first, a gap before a coaching finding of the same level; praise last."""
        return rank((*self.draft.gaps, *self.coaching))

    def select(self, min_level: str | None = None, praise: bool = True) -> tuple[Finding, ...]:
        from coach.coaching import at_or_above

        threshold = min_level or "tip"
        return tuple(
            f
            for f in self.findings
            if (f.is_praise and praise) or (not f.is_praise and at_or_above(f.level, threshold))
        )

    def to_json(self) -> dict[str, Any]:
        """What ``coach proposal --format json`` prints: the draft, the facts, every
        finding, and the checked text in the one JSON shape of a checked reply."""
        from coach.report import coached_reply, findings_json

        return {
            "format": 1,
            "markdown": self.draft.markdown,
            "template": self.draft.template,
            "facts": self.draft.facts.to_json(),
            "missing": list(self.draft.facts.missing()),
            "findings": [
                {**item, "source": "facts" if _is_gap(f, self.draft) else "coaching"}
                for f, item in zip(self.findings, findings_json(self.findings), strict=True)
            ],
            "check": coached_reply(
                self.detection,
                self.pipeline,
                self.feedback,
                self.coaching,
                situation=SITUATION,
            ),
        }


def _is_gap(finding: Finding, draft: Draft) -> bool:
    return any(finding is gap for gap in draft.gaps)


def rank(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    from coach.coaching.model import level_rank

    order = {id(f): i for i, f in enumerate(findings)}
    return tuple(sorted(findings, key=lambda f: (f.is_praise, -level_rank(f.level), order[id(f)])))


def review_facts(
    facts: ProposalFacts,
    analyzer: Detector,
    coach: Coach,
    template: ProposalTemplate | None = None,
    guide: FieldGuide | None = None,
    today: _dt.date | None = None,
) -> ProposalReview:
    """The one call for a screen: the topic of each concern detected (the manager's
    topics, as practice uses them), the draft built and reviewed. Save
    ``review.draft.facts`` (they carry the topics) with
    :func:`~coach.proposal.store.save_facts`."""
    facts = facts.with_topics(lambda text: coach.detect_topic(analyzer, text))
    return review_draft(build_draft(facts, template, guide, today), analyzer, coach)


def review_draft(draft: Draft, analyzer: Detector, coach: Coach) -> ProposalReview:
    """Run the draft through detection and coaching, as ``coach check`` would with
    ``--situation opening-pitch``."""
    from coach.coaching import ReplyContext

    detection = analyzer.detect(draft.checked_text)
    feedback = coach.feedback(detection, ReplyContext(situation=SITUATION))
    return ProposalReview(draft, detection, feedback, dict(analyzer.pipeline))
