"""The JSON API under /api/v1 (interfaces.md), one module per resource. `API_ROUTERS` is the order in which
create_app includes them: a request is matched against the routes in that order, so the busiest come first (a
session sends an event every few seconds)."""

from __future__ import annotations

from backcoach.web.routes import (
    about,
    accounts,
    care,
    checkins,
    clinician,
    exercises,
    health,
    invites,
    plans,
    pose,
    programs,
    sessions,
    videos,
)

API_ROUTERS = (
    sessions.router, pose.router, accounts.router, programs.router, checkins.router, care.router, clinician.router,
    invites.router, plans.router, exercises.router, videos.router, health.router, about.router,
)
