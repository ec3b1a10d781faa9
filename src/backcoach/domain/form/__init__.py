"""Camera form checking, in pure Python: MediaPipe Pose's 33 landmarks, the geometry read from them, each
exercise's rules as values (knowledge/data/form_rules.yaml, loaded by knowledge/form_rules.py) and the step engine
that judges frames (checker.py).

Wiring it to a camera (the browser's ``@mediapipe/pose`` over a WebSocket, or ``backcoach analyze`` on a video):

    form = load_form_rules()[exercise_id]             # knowledge.form_rules; None of it for an exercise without rules
    checker = FormChecker(form, aspect=width / height)
    state = checker.start()
    for each frame:                                   # t in seconds from the frame's own clock
        state, result = checker.step(state, Frame.from_rows(t, rows))   # rows: 33 x (x, y, z, visibility)
        for event in result.events:                   # {"type": "form", ...} or {"type": "rep_done"}, on changes only
            session_state, effects = session.step(session_state, {**event, "at": now}, now)
        if result.notice: say or show it              # what to change when the camera can't see, once per change
    form_summary(form, state, fps)                    # analyze's answer; stored with the session

``result.status`` is ``judged``, ``cant_see`` (``result.problem`` says what to change; the timer counts) or
``out_of_position``; ``result.faults`` the rule ids at fault; ``result.in_end`` and ``result.side`` where the
movement is. Before a session, a few seconds of frames give the pre-flight check: ``cant_see`` with its problem, or
``form.placement`` (view, height, distance, advice) to show how to place the camera.
"""

from backcoach.domain.form.checker import FormChecker, FormState, FrameResult
from backcoach.domain.form.landmarks import LANDMARK_NAMES, Frame, Landmark
from backcoach.domain.form.spec import ExerciseForm
from backcoach.domain.form.summary import form_summary

__all__ = ["LANDMARK_NAMES", "ExerciseForm", "FormChecker", "FormState", "Frame", "FrameResult", "Landmark",
           "form_summary"]
