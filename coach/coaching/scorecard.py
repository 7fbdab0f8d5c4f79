"""The scorecard for a whole conversation: a rubric of yes/no checks, weighted.

The rubric (``rules/scorecard.yaml``) has groups as the domain has them (the
business case, the plan, the trial, handling concerns, tone). Each check is a
condition looked at turn by turn:

- ``applies`` (optional) picks the turns the check is about ("replies to pushback");
  a check with no such turn is *not applicable* and counts for nothing;
- ``met`` must hold on at least one of those turns (``turns: any``, the default) or
  on every one of them (``turns: every``, for "never hedged").

The arithmetic, so that it can be checked by hand:

- a group's share = the weight of its met checks / the weight of its applicable
  checks (a group with no applicable check is left out);
- the uncapped score = 100 x Σ(group weight x share) / Σ(weights of the groups left in);
- a blocker (an ultimatum; an opening that argues only from personal reasons) that
  fires on any turn caps the score at its ``cap``; with several, the lowest cap wins;
- the total = the capped score, rounded half up to a whole number 0-100.

The improvements are the (at most) three changes that would raise the total most,
picked one at a time: each is the single change (meeting one unmet check, or
removing one fired blocker) that raises the total most once the changes before it
are made, and its ``gain`` is what it adds at that point. A fired blocker is always
a candidate, even when the cap does not bind (gain 0), and wins ties.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from coach.coaching.loading import Check, Rubric
from coach.conditions import ConditionContext, evaluate


@dataclass(frozen=True)
class CheckResult:
    id: str
    title: str
    weight: float
    met: bool | None  # None: not applicable to this conversation
    turns: tuple[int, ...]  # the turns (from 1) where the check was met
    advice: str

    @property
    def applicable(self) -> bool:
        return self.met is not None


@dataclass(frozen=True)
class GroupResult:
    id: str
    title: str
    weight: float
    checks: tuple[CheckResult, ...]

    @property
    def share(self) -> float | None:
        """Weighted share of the applicable checks that are met; ``None`` if none apply."""
        applicable = [c for c in self.checks if c.applicable]
        if not applicable:
            return None
        return sum(c.weight for c in applicable if c.met) / sum(c.weight for c in applicable)

    @property
    def met(self) -> int:
        return sum(1 for c in self.checks if c.met)

    @property
    def applicable(self) -> int:
        return sum(1 for c in self.checks if c.applicable)


@dataclass(frozen=True)
class BlockerResult:
    id: str
    title: str
    cap: int
    turns: tuple[int, ...]  # where it fired; empty when it did not
    advice: str

    @property
    def fired(self) -> bool:
        return bool(self.turns)


@dataclass(frozen=True)
class Improvement:
    kind: str  # 'check' | 'blocker'
    id: str
    title: str
    advice: str
    gain: float  # points the total would rise by


@dataclass(frozen=True)
class Scorecard:
    groups: tuple[GroupResult, ...]
    blockers: tuple[BlockerResult, ...]
    uncapped: float
    cap: int | None
    total: int
    improvements: tuple[Improvement, ...]
    turns: int

    @property
    def fired_blockers(self) -> tuple[BlockerResult, ...]:
        return tuple(b for b in self.blockers if b.fired)

    def render_plain(self) -> str:
        """Plain text, symbols instead of colour (see :func:`scorecard_text`)."""
        return scorecard_text(self)


def round_half_up(value: float) -> int:
    return int(value + 0.5 + 1e-9)


def uncapped_score(groups: Sequence[GroupResult]) -> float:
    scored = [(g.weight, g.share) for g in groups if g.share is not None]
    if not scored:
        return 0.0
    return 100.0 * sum(w * s for w, s in scored if s is not None) / sum(w for w, _ in scored)


def capped(uncapped: float, blockers: Sequence[BlockerResult]) -> tuple[float, int | None]:
    caps = [b.cap for b in blockers if b.fired]
    cap = min(caps) if caps else None
    return (min(uncapped, cap) if cap is not None else uncapped), cap


def _check_result(check: Check, contexts: Sequence[ConditionContext]) -> CheckResult:
    relevant = [
        i for i, ctx in enumerate(contexts) if check.applies is None or evaluate(check.applies, ctx)
    ]
    spec = check.spec
    if not relevant:
        return CheckResult(spec.id, spec.title, spec.weight, None, (), spec.advice)
    hits = tuple(i + 1 for i in relevant if evaluate(check.met, contexts[i]))
    met = bool(hits) if spec.turns == "any" else len(hits) == len(relevant)
    return CheckResult(spec.id, spec.title, spec.weight, met, hits, spec.advice)


def compute_scorecard(rubric: Rubric, contexts: Sequence[ConditionContext]) -> Scorecard:
    groups = tuple(
        GroupResult(
            g.spec.id,
            g.spec.title,
            g.spec.weight,
            tuple(_check_result(c, contexts) for c in g.checks),
        )
        for g in rubric.groups
    )
    blockers = tuple(
        BlockerResult(
            b.spec.id,
            b.spec.title,
            b.spec.cap,
            tuple(i + 1 for i, ctx in enumerate(contexts) if evaluate(b.when, ctx)),
            b.spec.advice,
        )
        for b in rubric.blockers
    )
    raw = uncapped_score(groups)
    score, cap = capped(raw, blockers)
    return Scorecard(
        groups=groups,
        blockers=blockers,
        uncapped=raw,
        cap=cap,
        total=round_half_up(score),
        improvements=_improvements(groups, blockers, score),
        turns=len(contexts),
    )


def _improvements(
    groups: tuple[GroupResult, ...], blockers: tuple[BlockerResult, ...], score: float, n: int = 3
) -> tuple[Improvement, ...]:
    """Up to ``n`` changes, picked one at a time: each is the single change (meeting
    one unmet check, or removing one blocker) that raises the total most, given the
    changes picked before it. Picking in turn matters when a blocker caps the score:
    no check helps until the blocker is gone."""
    chosen: list[Improvement] = []
    current_groups = list(groups)
    current_blockers = list(blockers)
    current = score
    for _ in range(n):
        best: tuple[float, int, int, Improvement, Any] | None = None
        for gi, group in enumerate(current_groups):
            for ci, check in enumerate(group.checks):
                if check.met is not False:
                    continue
                checks = list(group.checks)
                checks[ci] = replace(check, met=True)
                changed = list(current_groups)
                changed[gi] = replace(group, checks=tuple(checks))
                gain = capped(uncapped_score(changed), current_blockers)[0] - current
                item = Improvement("check", check.id, check.title, check.advice, gain)
                key = (-gain, 1, gi * 1000 + ci)
                if gain > 1e-9 and (best is None or key < best[:3]):
                    best = (*key, item, ("check", changed))
        raw = uncapped_score(current_groups)
        for bi, blocker in enumerate(current_blockers):
            if not blocker.fired:
                continue
            others = [b for b in current_blockers if b is not blocker]
            gain = capped(raw, others)[0] - current
            item = Improvement("blocker", blocker.id, blocker.title, blocker.advice, gain)
            key = (-gain, 0, bi)
            if best is None or key < best[:3]:
                best = (*key, item, ("blocker", others))
        if best is None:
            break
        item, (kind, state) = best[3], best[4]
        chosen.append(item)
        if kind == "check":
            current_groups = state
        else:
            current_blockers = state
        current = capped(uncapped_score(current_groups), current_blockers)[0]
    return tuple(chosen)


def _percent(share: float | None) -> str:
    return "n/a" if share is None else f"{round_half_up(share * 100)}%"


def scorecard_text(card: Scorecard) -> str:
    """The scorecard as plain text (symbols, no colour): for ``--plain`` and pipes."""
    lines = [
        f"Scorecard: {card.total}/100 over {card.turns} repl{'y' if card.turns == 1 else 'ies'}"
    ]
    if card.cap is not None and card.uncapped > card.cap:
        lines[0] += f" (capped at {card.cap}; {round_half_up(card.uncapped)} without the blocker)"
    for group in card.groups:
        lines.append(
            f"  {group.title}: {group.met} of {group.applicable} met ({_percent(group.share)})"
        )
        for check in group.checks:
            mark = {True: "✓", False: "·", None: "-"}[check.met]
            note = " (not applicable)" if check.met is None else ""
            lines.append(f"    {mark} {check.title}{note}")
    for blocker in card.fired_blockers:
        turns = ", ".join(str(t) for t in blocker.turns)
        lines.append(f"  ✗ {blocker.title} (reply {turns}): caps the score at {blocker.cap}")
    if card.improvements:
        lines.append("  To raise the score:")
        for i, item in enumerate(card.improvements, start=1):
            gain = f" (+{round_half_up(item.gain)})" if item.gain >= 0.5 else ""
            lines.append(f"    {i}. {item.title}{gain}: {' '.join(item.advice.split())}")
    return "\n".join(lines) + "\n"
