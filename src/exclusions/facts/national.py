"""National context facts: England's level and its change on the previous year.

Every profile gets them, for the same phase and measure, so a story about an LA can say
what happened nationally. England's own profile gets them too, with ``detail['is_self']``
set so the text does not compare England with itself. The level is stated even when the
previous year is unusable; the change is then left out (comparison and test are None).
"""

from __future__ import annotations

from typing import Any

from exclusions.facts.change import MEASURES, caveats, compared, point
from exclusions.facts.context import Context
from exclusions.facts.data import ENGLAND
from exclusions.facts.model import Fact


def build(ctx: Context) -> list[Fact]:
    """England's level and change on the previous year, for each measure."""
    facts: list[Fact] = []
    for measure in MEASURES:
        now = point(ctx, measure, ctx.year, ENGLAND)
        if now is None:
            continue
        before = point(ctx, measure, ctx.year - 1, ENGLAND)
        detail: dict[str, Any] = {"area_code": ENGLAND, "is_self": ctx.area.code == ENGLAND}
        comparison, test, named = None, None, [now]
        if before is not None:
            # England's years, nested so they are not read as the LA's own series.
            comparison, test, detail["change"] = compared(before, now)
            named = [before, now]
        facts.append(
            Fact(
                kind="national_context",
                subject=ctx.subject(measure),
                value=now.value,
                comparison=comparison,
                uncertainty=test,
                detail=detail,
                # England's figures: the LA's own reorganisations don't apply (own=False).
                caveats=caveats(ctx, measure, named, own=False),
                provenance=[s for p in named for s in p.sources],
            )
        )
    return facts
