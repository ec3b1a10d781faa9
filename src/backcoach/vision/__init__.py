"""Poses from recorded video: OpenCV reads the file frame by frame and MediaPipe Pose (the ``camera`` extra, the
only module of BackCoach that imports it) finds the 33 landmarks in each, as ``domain.form.Frame``s for the form
checker. Nothing here is imported until a video is analysed, so BackCoach runs without the extra."""
