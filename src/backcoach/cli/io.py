"""Reading command-line inputs: a file path or '-' for standard input, with clear errors."""

from __future__ import annotations

import sys

from backcoach.errors import UnreadableInput


def read_text_argument(value: str, argument: str) -> str:
    """The text of FILE, or of stdin for '-'; unreadable input raises UnreadableInput naming the argument."""
    if value == "-":
        try:
            return sys.stdin.read()
        except (OSError, UnicodeDecodeError) as error:
            raise UnreadableInput(argument, f"standard input cannot be read ({error})") from None
    try:
        with open(value, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        raise UnreadableInput(argument, f"no such file: {value}") from None
    except IsADirectoryError:
        raise UnreadableInput(argument, f"{value} is a folder, not a file") from None
    except PermissionError:
        raise UnreadableInput(argument, f"permission denied: {value}") from None
    except UnicodeDecodeError:
        raise UnreadableInput(argument, f"{value} is not UTF-8 text") from None
    except OSError as error:
        raise UnreadableInput(argument, f"{value} cannot be read ({error.strerror})") from None


def print_json(document: object) -> None:
    import json

    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
