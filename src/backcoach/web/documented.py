"""What the OpenAPI document (/openapi.json) says of the JSON API beyond what FastAPI sees: the error answers
each route may give (one body for all, see app.py) and the JSON bodies the routes read themselves (api.Body)."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict

from backcoach.knowledge.files import checkin_schema
from backcoach.services.plan_bounds import MAX_SESSION_SECONDS
from backcoach.web.deps import MAX_ID


class ErrorAnswer(BaseModel):
    """Every error answer of the API (errors.py's BackCoachError.to_dict and its subclasses)."""

    model_config = ConfigDict(extra="allow")

    error: str
    message: str
    field: str | None = None  # invalid_input: the offending field (a dotted path)
    retry_after: int | None = None  # too_many_requests: seconds to wait (also in the Retry-After header)
    triage: dict[str, Any] | None = None  # safety_stop: the level and words of the warning sign


WHY = {
    400: "A header the request must carry is missing",
    401: "Not signed in, or the sign-in has ended",
    403: "Only a clinician account can do this",
    404: "Not found, or not yours (both answer the same)",
    409: "Conflicts with what is stored (e.g. a safety stop holds: see a clinician first)",
    413: "The body is larger than the limit",
    415: "The body is not sent as Content-Type: application/json",
    422: "The input breaks the contract: `field` names where",
    429: "Too many failed sign-ins: try again after Retry-After seconds",
}
SIGNED_IN = (401,)
CLINICIAN = (401, 403, 404)
JSON_BODY = (413, 415, 422)


def errors(*codes: int, why: dict[int, str] | None = None) -> dict[int | str, dict[str, Any]]:
    """The `responses` of a route that may answer these error codes (`why`: what a code means on this route,
    where it is not the usual)."""
    said = {**WHY, **(why or {})}
    return {code: {"model": ErrorAnswer, "description": said[code]} for code in sorted(set(codes))}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    """The `openapi_extra` of a route whose JSON body is read by api.Body: the body it reads."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def _inlined(node: Any, defs: dict[str, Any]) -> Any:
    """A contract schema with its local `#/$defs/...` references replaced by what they name (the OpenAPI
    document has no `$defs` of its own)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inlined(defs[ref.removeprefix("#/$defs/")], defs)
        return {key: _inlined(value, defs) for key, value in node.items() if key not in ("$defs", "$schema", "$id")}
    if isinstance(node, list):
        return [_inlined(item, defs) for item in node]
    return node


def _contract(name: str) -> Any:
    return json.loads(resources.files("backcoach.contracts").joinpath(name).read_text("utf-8"))


def account_body(kind: str) -> dict[str, Any]:
    """`register` or `login` of contracts/account.schema.json; the email is documented as one (the service
    checks its form, which the contract leaves to it)."""
    schema = _contract("account.schema.json")
    found: dict[str, Any] = _inlined(schema["$defs"][kind], schema["$defs"])
    found["properties"]["email"]["format"] = "email"
    return found


def _schema_only(schema: Any) -> dict[str, Any]:
    found: dict[str, Any] = _inlined(copy.deepcopy(schema), schema.get("$defs", {}))
    return found


CHECKIN = _schema_only(checkin_schema())
PLAN_BODY = {"type": "object", "required": ["plan"],
             "properties": {"plan": _schema_only(_contract("plan.schema.json"))}}
PROGRAM_ID_BODY = {"type": "object", "required": ["program_id"],
                   "properties": {"program_id": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}}
LEVEL = {"type": "integer", "minimum": 0, "maximum": 10}
LEG = {"enum": ["none", "buttock", "above_knee", "below_knee", "foot"]}
SESSION_EVENT = {
    "type": "object", "required": ["at", "type"],
    "description": "One session event (interfaces.md); `triage` is worked out by BackCoach, never sent",
    "properties": {
        "at": {"type": "number", "minimum": 0, "maximum": MAX_SESSION_SECONDS,
               "description": "Seconds since the session was made"},
        "type": {"enum": ["start", "tick", "pause", "resume", "skip", "rep_done", "pain_report", "form", "stop",
                          "warning_sign"]},
        "level": LEVEL, "sharp": {"type": "boolean"}, "leg_symptoms": LEG, "valid": {"type": "boolean"},
        "leg_symptom_kinds": CHECKIN["properties"]["leg_symptom_kinds"],
        "red_flags": CHECKIN["properties"]["red_flags"],
    },
}
SYMPTOMS = {"type": "object", "required": ["leg"], "properties": {"leg": LEG, "back_pain": LEVEL}}
MOVEMENT_TEST = {
    "type": "object", "required": ["direction", "method", "before", "after"],
    "properties": {"direction": {"enum": ["extension", "flexion"]},
                   "method": {"type": "string", "minLength": 1, "maxLength": 40},
                   "before": SYMPTOMS, "after": SYMPTOMS, "stopped_spreading": {"type": "boolean"}},
}
DAY = {"type": "string", "format": "date", "description": "The day of the assessment (today when left out)"}
NOTE = {"type": "string", "minLength": 1, "maxLength": 2000}
PATIENT_CLEARANCE = {"type": "object", "required": ["clinician_said"],
                     "properties": {"assessed_on": DAY, "clinician_said": NOTE}}
CLINICIAN_CLEARANCE = {"type": "object", "required": ["note"], "properties": {"assessed_on": DAY, "note": NOTE}}
INVITE_CODE = {"type": "object", "required": ["code"], "additionalProperties": False,
               "properties": {"code": {"type": "string", "minLength": 1, "maxLength": 20,
                                       "description": "The code a clinician gave you, like K7M2-Q9XR"}}}
