"""The exceptions of suan. Each keeps the engine's message (where and why).

    Error                                  base of every suan error
    NotFoundError(Error, KeyError)         a sheet, name, address, table, row or column that does not
                                           exist; the message names the closest matches
    InvalidInputError(Error, ValueError)   bad input: NaN or infinite numbers, a malformed address,
                                           a wrong shape, a bad distribution
    FormulaCellError(InvalidInputError)    a constant written over a formula without override=True,
                                           or a formula cell given as a what-if input
    NoSolutionError(Error, ValueError)     a goal seek with no solution in its bracket
    StateError(Error, RuntimeError)        the workbook's state does not allow it (edits not
                                           recalculated while auto_recalc is off)

A missing file raises the built-in FileNotFoundError.
"""


class Error(Exception):
    """Base of every suan error."""


class NotFoundError(Error, KeyError):
    """Something named does not exist; the message names the closest matches."""

    # KeyError quotes its message (str(KeyError('x')) == "'x'"); show it as written.
    def __str__(self):
        return Exception.__str__(self)


class InvalidInputError(Error, ValueError):
    """Bad input: NaN or infinite numbers, a malformed address, a wrong shape."""


class FormulaCellError(InvalidInputError):
    """A formula cell written over (without override=True) or varied as an input."""


class NoSolutionError(Error, ValueError):
    """A goal seek found no input value reaching the goal."""


class StateError(Error, RuntimeError):
    """The workbook's state does not allow the operation."""
