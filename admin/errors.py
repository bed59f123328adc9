"""The one base of every refusal and failure gongshi reports to a person.

Every exception class of the program derives from :class:`GongshiError`, so a caller that
turns errors into a Chinese line (the CLI, the build, the back office's views) catches one
class and reads one attribute, ``message``, instead of guessing whether an error has one.
It imports nothing from the program: the domain and every layer above may use it.
"""

from __future__ import annotations


class GongshiError(Exception):
    """A refusal or failure for a person to read; ``message`` is Chinese and names the field.

    ``str(error)`` is the message too, so a log line and the user's line agree. A subclass
    may keep more (``problems``, ``status``, ``forbidden``) but always sets ``message``.
    """

    message: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
