"""The language of the command line: chosen once, before the parser is built.

Chinese is the default.  ``--lang en`` (a global option, accepted before or after the
subcommand) or the environment variable ``GOVPERF_LANG=en`` switches help, messages,
``check``, ``explain`` and every output to English; when both are given, ``--lang``
wins (the command line is the more specific choice).

The language must be known before :mod:`argparse` parses anything, because ``--help``
and usage errors are printed during parsing: :func:`choose_lang` reads it from the raw
arguments and the environment, :func:`build_parser` builds the parser in it, and
:func:`argparse_words` makes :mod:`argparse`'s own words (``usage:``, ``options``, ``the
following arguments are required``, ``invalid choice`` …) speak it too.

Every help text of a subcommand is a key of :data:`govperf._labels.LABELS`
(``cli.<command>.<option>``); :func:`translate` replaces the keys by the chosen
language's text once the parser is built, so a command's ``add_*`` function never needs
to know the language.
"""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from .._labels import LABELS, Lang, label
from ..output._text import wrap

__all__ = [
    "ENV_VAR",
    "HelpFormatter",
    "argparse_words",
    "choose_lang",
    "lang_from_env",
    "translate",
]

ENV_VAR = "GOVPERF_LANG"
"""The environment variable that sets the language when ``--lang`` is not given."""


def lang_from_env(environ: Mapping[str, str] | None = None) -> Lang | None:
    """The language that ``GOVPERF_LANG`` names (``zh``, ``en``, also ``zh_CN``, ``en_US.UTF-8``).

    ``None`` when the variable is unset or empty; :class:`ValueError` when it names
    something else, so that a mistyped setting is reported, not silently ignored.
    """
    value = (os.environ if environ is None else environ).get(ENV_VAR, "").strip()
    if not value:
        return None
    head = value.lower().replace("-", "_").split("_")[0].split(".")[0]
    if head in ("zh", "en"):
        return "zh" if head == "zh" else "en"
    raise ValueError(value)


def _lang_in_argv(argv: Sequence[str]) -> str | None:
    """The last ``--lang X`` or ``--lang=X`` before a ``--``, as given (also abbreviated
    to ``--la`` or ``--lan``, as argparse allows)."""
    found: str | None = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        name, eq, value = arg.partition("=")
        if name not in _SPELLINGS:
            continue
        if eq:
            found = value
        elif i + 1 < len(argv):
            found = argv[i + 1]
    return found


_SPELLINGS = frozenset({"--la", "--lan", "--lang"})


def choose_lang(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> Lang:
    """The language to speak: ``--lang`` in ``argv``, else ``GOVPERF_LANG``, else Chinese.

    An unknown ``--lang`` value falls back to the environment's or Chinese here; the
    parser then refuses it with a usage error in that language.  An unknown
    ``GOVPERF_LANG`` raises :class:`ValueError` (unless ``--lang`` decides).
    """
    given = _lang_in_argv(argv)
    if given in ("zh", "en"):
        return "zh" if given == "zh" else "en"
    try:
        from_env = lang_from_env(environ)
    except ValueError:
        if given is not None:  # --lang fr: the parser reports it, in Chinese
            return "zh"
        raise
    return from_env or "zh"


# -- argparse's own words ------------------------------------------------------------------

_ARGPARSE: Mapping[str, tuple[str, Callable[[Any], dict[str, object]]]] = {
    "usage: ": ("cli.argparse.usage", lambda _: {}),
    "positional arguments": ("cli.argparse.positionals", lambda _: {}),
    "options": ("cli.argparse.options", lambda _: {}),
    "show this help message and exit": ("cli.opt.help", lambda _: {}),
    "%(prog)s: error: %(message)s\n": (
        "cli.argparse.error",
        lambda v: {"prog": v["prog"], "message": v["message"]},
    ),
    "argument %(argument_name)s: %(message)s": (
        "cli.argparse.argument",
        lambda v: {"argument": v["argument_name"], "message": v["message"]},
    ),
    "the following arguments are required: %s": (
        "cli.argparse.required",
        lambda v: {"names": v},
    ),
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "cli.argparse.invalid_choice",
        lambda v: {"value": repr(v["value"]), "choices": v["choices"]},
    ),
    "invalid %(type)s value: %(value)r": (
        "cli.argparse.invalid_value",
        lambda v: {"type": v["type"], "value": repr(v["value"])},
    ),
    "unrecognized arguments: %s": ("cli.argparse.unrecognized", lambda v: {"args": v}),
    "expected one argument": ("cli.argparse.expected_one", lambda _: {}),
    "expected at most one argument": ("cli.argparse.expected_at_most_one", lambda _: {}),
    "expected at least one argument": ("cli.argparse.expected_at_least_one", lambda _: {}),
    "ambiguous option: %(option)s could match %(matches)s": (
        "cli.argparse.ambiguous",
        lambda v: {"option": v["option"], "matches": v["matches"]},
    ),
    "not allowed with argument %s": ("cli.argparse.not_allowed", lambda v: {"other": v}),
    "one of the arguments %s is required": ("cli.argparse.one_required", lambda v: {"names": v}),
    "ignored explicit argument %r": ("cli.argparse.ignored", lambda v: {"value": repr(v)}),
}
"""argparse's messages (its gettext message ids) → our key and how to fill it."""


class _Words(str):
    """A translated argparse message: ``%`` fills it with argparse's own values.

    argparse writes ``_('invalid choice: %(value)r …') % args``; the translation is
    only known once the values are, so the ``%`` is done here, in the chosen language.
    """

    key: str
    fill: Callable[[Any], dict[str, object]]
    lang: Lang

    def __new__(
        cls, msgid: str, key: str, fill: Callable[[Any], dict[str, object]], lang: Lang
    ) -> _Words:
        self = super().__new__(cls, label(key, lang) if "%" not in msgid else msgid)
        self.key, self.fill, self.lang = key, fill, lang
        return self

    def __mod__(self, values: Any) -> str:
        return label(self.key, self.lang, **self.fill(values))


@contextlib.contextmanager
def argparse_words(lang: Lang) -> Iterator[None]:
    """While active, :mod:`argparse` prints its own words in ``lang``.

    argparse looks its messages up through its module-level ``_`` (gettext); this
    replaces that name for the duration and restores it after.  Messages it does not
    know (a newer Python's) stay as argparse has them.
    """
    if lang == "en":
        yield
        return
    original: Callable[[str], str] = argparse._  # type: ignore[attr-defined]
    original_n = argparse.ngettext  # type: ignore[attr-defined]

    def translated(msgid: str) -> str:
        entry = _ARGPARSE.get(msgid)
        if entry is None:
            return original(msgid)
        return _Words(msgid, entry[0], entry[1], lang)

    def translated_n(singular: str, plural: str, n: int) -> str:
        if singular == "expected %s argument":
            return label("cli.argparse.expected_n", lang, n="%s")
        return str(original_n(singular, plural, n))

    def argument_error(error: argparse.ArgumentError) -> str:
        # Python 3.10 formats "argument X: message" without gettext; 3.11+ through it.
        if error.argument_name is None:
            return error.message
        words = translated("argument %(argument_name)s: %(message)s")
        return words % {"argument_name": error.argument_name, "message": error.message}

    original_str = argparse.ArgumentError.__str__
    argparse._ = translated  # type: ignore[attr-defined]
    argparse.ngettext = translated_n  # type: ignore[attr-defined]
    argparse.ArgumentError.__str__ = argument_error  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]
        argparse.ngettext = original_n  # type: ignore[attr-defined]
        argparse.ArgumentError.__str__ = original_str  # type: ignore[method-assign]


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, wrapping help texts by display width (a Chinese character
    takes two columns) and between Chinese characters, not only at blanks."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))


# -- help texts as catalogue keys --------------------------------------------------------------


def _text(value: str | None, lang: Lang) -> str | None:
    if value is None or value is argparse.SUPPRESS or value not in LABELS:
        return value
    # argparse expands %(default)s and the like in help texts: keep a literal % intact
    return label(value, lang).replace("%", "%%")


def translate(parser: argparse.ArgumentParser, lang: Lang) -> None:
    """Replace every help text and description of ``parser`` and its sub-parsers that is
    a key of the catalogue by its text in ``lang`` (in place)."""
    parser.formatter_class = HelpFormatter  # also for parsers a command nests
    if parser.description is not None and parser.description in LABELS:
        parser.description = label(parser.description, lang)
    if parser.epilog is not None and parser.epilog in LABELS:
        parser.epilog = label(parser.epilog, lang)
    for action in parser._actions:
        action.help = _text(action.help, lang)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = _text(choice.help, lang)
            seen: set[int] = set()
            for sub in action.choices.values():
                if id(sub) not in seen:  # an alias names the same parser
                    seen.add(id(sub))
                    translate(sub, lang)
