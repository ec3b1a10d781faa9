"""Camera form checking, in pure Python: landmarks (MediaPipe Pose's 33 points), the geometry read from them,
the rules of each exercise as values and the step engine that judges frames (see checker.py)."""

from backcoach.domain.form.checker import FormChecker, FormState, FrameResult
from backcoach.domain.form.landmarks import LANDMARK_NAMES, Frame, Landmark
from backcoach.domain.form.spec import ExerciseForm
from backcoach.domain.form.summary import form_summary

__all__ = ["LANDMARK_NAMES", "ExerciseForm", "FormChecker", "FormState", "Frame", "FrameResult", "Landmark",
           "form_summary"]
