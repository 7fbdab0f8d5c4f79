"""Doc/Span/Token extensions set by coach's components, registered idempotently.

Registering twice is harmless, so the module can be imported from anywhere and tests
can build as many pipelines as they like.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token


def _is_question(span: Span) -> bool:
    starts: set[int] = span.doc._.coach_question_starts
    return span.sent.start in starts


def register_extensions() -> None:
    if not Token.has_extension("coach_negated"):
        Token.set_extension("coach_negated", default=False)
    if not Token.has_extension("coach_negated_by"):
        # What negates the token: the lemma of the negated head ("be" in "this isn't
        # about my commute", "want" in "I don't want to move"), or "no" / "without".
        Token.set_extension("coach_negated_by", default="")
    if not Doc.has_extension("coach_question_starts"):
        Doc.set_extension("coach_question_starts", default=None)
    if not Doc.has_extension("coach_first_substantive"):
        Doc.set_extension("coach_first_substantive", default=None)
    if not Doc.has_extension("coach_behaviours"):
        Doc.set_extension("coach_behaviours", default=None)
    if not Span.has_extension("coach_is_question"):
        Span.set_extension("coach_is_question", getter=_is_question)


register_extensions()
