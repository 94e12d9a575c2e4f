"""Exceptions raised by troopwatch.

Every message says what was wrong, where (file, line, column or parameter) and
how to fix it, so that a user never has to read a traceback from inside pandas.

Example:
    >>> from troopwatch.errors import CorpusError, TroopwatchError
    >>> issubclass(CorpusError, TroopwatchError)
    True
"""


class TroopwatchError(Exception):
    """Base class of every error troopwatch raises on bad input.

    In a notebook it shows as one line (IPython's ``_render_traceback_`` hook), so
    papermill and the reports runner print the message, not a traceback.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class CorpusError(TroopwatchError):
    """The corpus folder or its metadata.csv cannot be used as it is."""


class ResourceError(TroopwatchError):
    """A data file that drives the library (rules, abbreviations, tables) is malformed."""


class ParameterError(TroopwatchError, ValueError):
    """A notebook or function parameter has a value that is not allowed."""


class CodebookError(TroopwatchError):
    """A frame codebook is malformed: the message names the frame and the problem."""


class LexiconError(TroopwatchError):
    """A lexicon overrides file is malformed: the message names the line."""
