"""gongshi (公示): enforcement and government-information disclosure for a township."""

__version__ = "0.1.0"
