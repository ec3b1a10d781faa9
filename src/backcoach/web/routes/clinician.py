"""A clinician's own patients: list them, prescribe a program, clear their safety stops. Anything of someone
else's answers 404."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from backcoach.web.bodies import Body, JsonObject, field
from backcoach.web.deps import App, Clinician, PatientId
from backcoach.web.documented import CLINICIAN, CLINICIAN_CLEARANCE, JSON_BODY, PLAN_BODY, errors, json_body

router = APIRouter(prefix="/api/v1/clinician", tags=["clinician"])


@router.get("/patients", summary="Your own patients", responses=errors(401, 403))
def patients(app: App, clinician: Clinician) -> list[dict[str, Any]]:
    return app.accounts().patients_of(clinician)


@router.post("/patients/{patient_id}/programs", status_code=201,
             summary="Prescribe a program (a plan) to one of your patients",
             responses=errors(*CLINICIAN, *JSON_BODY), openapi_extra=json_body(PLAN_BODY))
def prescribe(app: App, clinician: Clinician, patient_id: PatientId, body: Body) -> dict[str, Any]:
    patient = app.person(app.accounts().own_patient(clinician, patient_id, "opened your record to prescribe a program"))
    program_id = patient.programs.save_plan(field(body, "plan"), reason=f"prescribed by {clinician.email}",
                                            created_by=clinician.id)
    return patient.programs.program_document(program_id)


@router.post("/patients/{patient_id}/clearances", summary="Clear a patient's safety stops after assessing them",
             responses=errors(*CLINICIAN, *JSON_BODY), openapi_extra=json_body(CLINICIAN_CLEARANCE))
def clear_patient(app: App, clinician: Clinician, patient_id: PatientId, body: JsonObject) -> dict[str, Any]:
    patient = app.person(app.accounts().own_patient(clinician, patient_id))
    return patient.care.clear(body.get("assessed_on"), body.get("note"), by_role="clinician", by_user=clinician.id,
                              note_field="note")
