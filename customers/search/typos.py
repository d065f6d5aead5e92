"""Typo correction for the directory search: see ``customers.search``, "Typos"."""

from __future__ import annotations

import itertools
import json
import string

from django.db import connection

from customers.models import CustomerSearchWord

MIN_TYPO_WORD_LENGTH = 5
MAX_TYPO_WORD_LENGTH = 30
MAX_TYPO_WORDS = 3
MAX_CORRECTIONS_TRIED = 3
NEIGHBOUR_KEYS = 8

_ALPHABET = string.ascii_lowercase + string.digits


def corrections(wanted: str) -> list[str]:
    """Queries with each misspelt word replaced, most likely first."""
    words = wanted.split()
    suspects = sorted(
        {word for word in words if MIN_TYPO_WORD_LENGTH <= len(word) <= MAX_TYPO_WORD_LENGTH}
    )[:MAX_TYPO_WORDS]
    if not suspects:
        return []
    variants = {suspect: _one_edit_away(suspect) for suspect in suspects}
    usage = _word_usage([*suspects, *itertools.chain.from_iterable(variants.values())])
    options: dict[str, list[str]] = {}
    for suspect in suspects:
        if suspect in usage:
            continue  # it starts a name word: not a typo
        found = sorted(
            (variant for variant in variants[suspect] if variant in usage),
            key=lambda variant: _likelihood(variant, usage[variant], typed=suspect),
        )
        if found:
            options[suspect] = found[:MAX_CORRECTIONS_TRIED]
    if not options:
        return []
    # Every combination of the replacements, the best-ranked ones first.
    combinations = sorted(
        itertools.product(*(enumerate(choices) for choices in options.values())),
        key=lambda combination: sum(rank for rank, _choice in combination),
    )
    corrections = []
    for combination in combinations[:MAX_CORRECTIONS_TRIED]:
        replacement = dict(zip(options, (choice for _rank, choice in combination), strict=True))
        corrections.append(" ".join(replacement.get(word, word) for word in words))
    return corrections


def _likelihood(variant: str, names: int | None, *, typed: str) -> tuple:
    """Sort key of a correction: most likely first."""
    # A whole word before a word start (the start of a word still being typed);
    # then the word most likely meant: how many names use it, times how likely
    # the slip that turns it into what was typed; then alphabetical, so that
    # every page picks the same.
    return (names is None, -(names or 1) * _slip_likelihood(variant, typed=typed), variant)


def _slip_likelihood(variant: str, *, typed: str) -> float:
    """How likely typing ``variant`` gives ``typed``, relative to leaving a letter out.

    A letter left out or two letters swapped can only give one string, while a
    letter replaced or added can be any of the keys around the right one (about
    eight): each of those strings is that much less likely."""
    if len(variant) > len(typed):
        return 1.0  # a letter left out
    if len(variant) == len(typed):
        changed = [i for i, (a, b) in enumerate(zip(variant, typed, strict=True)) if a != b]
        if len(changed) == 2 and changed[1] == changed[0] + 1:
            return 1.0  # two neighbours swapped
    return 1 / NEIGHBOUR_KEYS  # a letter replaced or added


def _word_usage(candidates: list[str]) -> dict[str, int | None]:
    """The candidates that start a word of some name, each with the number of
    names using it as a whole word (``None``: it is only the start of words)."""

    table = CustomerSearchWord._meta.db_table
    if connection.vendor == "postgresql":
        candidate_rows, parameter = "unnest(%s::text[]) AS candidates(candidate)", candidates
        in_bytes = ' COLLATE "C"'
    else:  # SQLite: a JSON array; its default collation is already byte order
        candidate_rows = "(SELECT value AS candidate FROM json_each(%s)) AS candidates"
        parameter, in_bytes = json.dumps(candidates), ""
    # Words hold only [0-9a-z]; "~" sorts after all of them in byte order, so
    # [candidate, candidate + "~") is the range of words starting with it.
    sql = f"""
        SELECT candidate, whole_word.names
        FROM {candidate_rows}
        LEFT JOIN {table} AS whole_word ON whole_word.word = candidate AND whole_word.names > 0
        WHERE EXISTS (
            SELECT 1 FROM {table}
            WHERE word{in_bytes} >= candidate AND word{in_bytes} < candidate || '~'
                AND names > 0
        )
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [parameter])
        return dict(cursor.fetchall())


def _one_edit_away(word: str) -> list[str]:
    """Every string one deletion, swap of neighbours, replacement or insertion from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletions = [left + right[1:] for left, right in splits if right]
    swaps = [left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1]
    replacements = [
        left + char + right[1:] for left, right in splits if right for char in _ALPHABET
    ]
    insertions = [left + char + right for left, right in splits for char in _ALPHABET]
    return sorted(set(deletions + swaps + replacements + insertions) - {word})
