"""The ``govperf`` command: validate, show and score schemes from the terminal."""

from ._main import COMMANDS, Command, build_parser, main

__all__ = ["COMMANDS", "Command", "build_parser", "main"]
