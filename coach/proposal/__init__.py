"""Before the conversation: the written proposal.

The user gives the facts (role, the days or hours wanted, what the team gains, how
they stay reachable, how results are measured, the trial and its review, the
concerns they expect with an answer each); a template (data: ``rules/proposal/*.md``,
overridable) turns them into a one-page Markdown proposal; the draft is then checked
by the same detection and coaching as ``coach check`` (situation ``opening-pitch``),
and facts left empty become findings of their own. The facts are kept for reuse and
for practice sessions. This package never imports Rich or Textual::

    from coach.proposal import (
        ProposalFacts, build_draft, review_draft, choose_template, load_field_guide,
        load_facts, save_facts, practice_facts,
    )

    guide = load_field_guide()                   # labels, prompts, examples per fact
    facts = ProposalFacts(role="Analyst", schedule="Tuesdays at home", ...)
    review = review_facts(facts, analyzer, coach, choose_template(data_dir, None), guide)
    review.draft.markdown, review.draft.html()   # the draft; gaps: review.draft.gaps
    review.findings                              # gaps and coaching findings, ranked
    save_facts(data_dir, review.draft.facts)     # the facts with each concern's topic
"""

from coach.proposal.draft import (
    SITUATION,
    Draft,
    ProposalReview,
    build_draft,
    rank,
    review_draft,
    review_facts,
)
from coach.proposal.facts import (
    FACTS,
    OPTIONAL,
    Concern,
    ProposalFacts,
    duration_days,
    parse_facts,
    read_facts_file,
)
from coach.proposal.guide import CODES, FactField, FieldGuide, load_field_guide
from coach.proposal.markdown import checked_text, to_html
from coach.proposal.practice import load_practice_facts, practice_facts
from coach.proposal.store import FACTS_FILE, SavedFacts, facts_path, load_facts, save_facts
from coach.proposal.template import (
    PLACEHOLDERS,
    ProposalTemplate,
    choose_template,
    fill_template,
    parse_template,
    read_template,
    shipped_template_names,
    user_template_path,
)

__all__ = [
    "CODES",
    "FACTS",
    "FACTS_FILE",
    "OPTIONAL",
    "PLACEHOLDERS",
    "SITUATION",
    "Concern",
    "Draft",
    "FactField",
    "FieldGuide",
    "ProposalFacts",
    "ProposalReview",
    "ProposalTemplate",
    "SavedFacts",
    "build_draft",
    "checked_text",
    "choose_template",
    "duration_days",
    "facts_path",
    "fill_template",
    "load_facts",
    "load_field_guide",
    "load_practice_facts",
    "parse_facts",
    "parse_template",
    "practice_facts",
    "rank",
    "read_facts_file",
    "read_template",
    "review_draft",
    "review_facts",
    "save_facts",
    "shipped_template_names",
    "to_html",
    "user_template_path",
]
