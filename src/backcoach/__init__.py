"""BackCoach: an open-source back-pain relief coach."""

__version__ = "0.1.0"
