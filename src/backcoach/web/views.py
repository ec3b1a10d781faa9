"""What a page shows, built once for the page and its JSON twin."""

from __future__ import annotations

from typing import Any

from backcoach.bootstrap import Application
from backcoach.services.accounts import Account


def plan_view(app: Application, plan_id: str, viewer: Account | None) -> dict[str, Any]:
    """The plan page's content, as the page and its JSON twin show it: the plan and the best videos."""
    plan = app.saved_plans().open(plan_id, viewer.id if viewer else None)
    videos = {entry["exercise_id"]: entry["videos"] for entry in app.videos.recommend(plan)}
    return {"id": plan_id, "plan": plan, "videos": videos}
