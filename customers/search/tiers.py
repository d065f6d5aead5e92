"""How the directory search reads each tier of names, quickly at a million names.

See ``customers.search`` for what the tiers are; this module is how they are
read from the database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import connection

from customers.models import Customer, CustomerSearchWord

MIN_SUBSTRING_LENGTH = 3
# Reading one name of a walk costs about a tenth of finding and sorting one match.
WALK_COST = 0.1
# A walk reads at most this many times the names the estimate expects it to, or
# as many as it reads in this share of the time the sort would take.
WALK_MARGIN = 2
WALK_BUDGET = 0.5
# Estimates add up the counts of at most this many words.
ESTIMATED_WORDS = 2000
# _Tier._split_ids reads one range of names per word containing the query, and
# counts at most COUNTED_NAMES names in them (from the index alone).
MAX_SPLIT_WORDS = 300
COUNTED_NAMES = 10000


def starting_ids(wanted: str, *, count: int) -> list[int]:
    """The first ``count`` ids of tier 1: names starting with ``wanted``."""
    return [pk for (pk,) in _fetch(_STARTING, [f"{wanted}%", count])]


@dataclass(frozen=True)
class _Tier:
    """Listed names containing ``contained`` and matching no ``excluded`` LIKE pattern."""

    contained: str
    excluded: tuple[str, ...]
    # Whether ``contained`` is a word of its own, inside words of few enough
    # words of the vocabulary for ``_split_ids`` (PostgreSQL only).
    split: bool = False

    def first_ids(self, *, count: int, matches: int, names: int) -> list[int]:
        """The tier's first ``count`` ids, in ranking order. ``matches``: about how many
        names the tier holds, of ``names`` in the directory."""
        if self.split:
            return self._split_ids(count=count, matches=matches, names=names)
        if matches > 0 and names > 0:
            # The walk finds the page after about this many names, if the
            # matches are spread evenly through the directory.
            walk = count * names / matches
            if walk * WALK_COST < matches:
                # They are not always ("comptoir" starts many names, late in
                # the order): the walk may read on, for up to half the time the
                # sort would take.
                budget = matches * WALK_BUDGET / WALK_COST
                ids = self._walk(count=count, names=min(max(walk * WALK_MARGIN, budget), names))
                if len(ids) == count:
                    return ids
        values = [f"%{self.contained}%", *self.excluded, count]
        return [pk for (pk,) in self._fetch(_SORTED, values)]

    def _walk(self, *, count: int, names: float) -> list[int]:
        values = [math.ceil(names), self.contained, *self.excluded, count]
        return [pk for (pk,) in self._fetch(_WALK, values)]

    def _split_ids(self, *, count: int, matches: int, names: int) -> list[int]:
        """The first ``count`` ids, from the names whose first word contains the query
        (ranges of the byte-ordered index, one per such word of the vocabulary) and
        from those with a later word containing it (a trigram index of the rest of
        the name), merged. The first are often many and together in the order
        ("comptoir …"): a walk does not reach them, a sort reads them all."""
        word = self.contained
        containing = [f"%{word}%", word, f"{word}~"]
        later = matches
        # Too few names for a walk, even were they all in later words: no need
        # to count those in first words.
        if names > 0 and count * names / matches * WALK_MARGIN * WALK_COST < matches:
            counted = self._fetch(_FIRST_WORD_NAMES, [*containing, COUNTED_NAMES])
            # ``matches`` counts unlisted and deleted names, and a name once per
            # word containing the query: what is left is at least the names with
            # a later word containing it.
            later = max(matches - int(counted[0][0] or 0), 0)
        if later > 0 and names > 0:
            walk = count * names / later
            # Walk only when it is cheaper than sorting them even if it has to
            # read twice the names expected; then up to half the sort's time.
            if walk * WALK_MARGIN * WALK_COST < later:
                budget = later * WALK_BUDGET / WALK_COST
                ids = self._walk(count=count, names=min(max(walk * WALK_MARGIN, budget), names))
                if len(ids) == count:
                    return ids
        found = self._fetch(_FIRST_WORDS, [*containing, *self.excluded, count, count])
        if later > 0:
            found += self._fetch(_LATER_WORDS, [f"%{word}%", *self.excluded, count])
        return [pk for _name, pk in sorted(set(found))[:count]]

    def _fetch(self, template: str, values: list) -> list[tuple]:
        return _fetch(template, values, exclusions=len(self.excluded))


@dataclass(frozen=True)
class _Estimate:
    """About how many names the directory holds, and the later tiers (0: none);
    how many words of the vocabulary contain the query (not at their start)."""

    names: int
    word_starts: int
    inside_words: int
    words_inside: int


def containing_ids(wanted: str, *, count: int, name_starts: int) -> list[int]:
    """The first ``count`` ids of tiers 2 and 3, in ranking order, after the
    ``name_starts`` names of tier 1."""
    estimate = _estimate(wanted)
    # The names of tier 1 have a word starting with the query too, counted by
    # the estimate: without them, 0 means tier 2 is empty.
    word_starts = max(estimate.word_starts - name_starts, 0)
    if " " in wanted:
        # Several words: the estimate is that of one of them, far more names
        # than hold them all, in this order. So no walk, and one sort for both
        # tiers (tier 2 first).
        if not (word_starts or estimate.inside_words):
            return []
        values = [f"%{wanted}%", f"{wanted}%", f"% {wanted}%", count]
        return [pk for (pk,) in _fetch(_SORTED_TOGETHER, values)]
    tiers = [(_Tier(contained=f" {wanted}", excluded=(f"{wanted}%",)), word_starts)]
    if len(wanted) >= MIN_SUBSTRING_LENGTH:
        split = connection.vendor == "postgresql" and estimate.words_inside <= MAX_SPLIT_WORDS
        inside = _Tier(contained=wanted, excluded=(f"{wanted}%", f"% {wanted}%"), split=split)
        tiers.append((inside, estimate.inside_words))
    ids: list[int] = []
    for tier, matches in tiers:
        if len(ids) == count:
            break
        if matches:  # else no word of any name could match: nothing to read
            ids += tier.first_ids(count=count - len(ids), matches=matches, names=estimate.names)
    return ids


def _estimate(wanted: str) -> _Estimate:
    """How many names use the words the later tiers need, from the vocabulary, and how
    many names there are, from the database's statistics.

    The vocabulary holds every word of every name (``Customer.save`` adds them), so
    a count of 0 means the tier is empty. Other counts are estimates: they include
    unlisted and deleted names, and names whose word matches at the start of the
    name (tier 1), and add up at most ``ESTIMATED_WORDS`` words."""
    # The longest word stands for the query: a name matching a later tier has a
    # word starting with it (tier 2) or containing it (tier 3).
    word = max(wanted.split(), key=len)
    table, vocabulary = Customer._meta.db_table, CustomerSearchWord._meta.db_table
    if connection.vendor == "postgresql":
        names = f"SELECT reltuples FROM pg_class WHERE oid = '{table}'::regclass"
        in_bytes = ' COLLATE "C"'
    else:
        # SQLite keeps no row count; ids are near enough, and cost nothing.
        names, in_bytes = f"SELECT max(id) FROM {table}", ""
    inside = "word LIKE %s"
    values = [word, f"{word}~", f"%{word}%"]
    if word == wanted:  # one word: inside a word of the vocabulary, not at its start
        inside += f" AND NOT (word{in_bytes} >= %s AND word{in_bytes} < %s)"
        values += [word, f"{word}~"]
    if len(wanted) < MIN_SUBSTRING_LENGTH:
        inside, values = "1 = 0", values[:2]
    sql = f"""
        SELECT ({names}), starting.total, containing.total, containing.words
        FROM (
            SELECT sum(names) AS total FROM (
                SELECT names FROM {vocabulary}
                WHERE word{in_bytes} >= %s AND word{in_bytes} < %s AND names > 0
                LIMIT {ESTIMATED_WORDS}
            ) AS words
        ) AS starting, (
            SELECT sum(names) AS total, count(*) AS words FROM (
                SELECT names FROM {vocabulary} WHERE {inside} AND names > 0
                LIMIT {ESTIMATED_WORDS}
            ) AS words
        ) AS containing
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        names_count, starting, containing, words_inside = cursor.fetchone()
    return _Estimate(
        names=max(int(names_count or 0), 0),
        word_starts=int(starting or 0),
        inside_words=int(containing or 0),
        words_inside=int(words_inside or 0),
    )


# The tiers' queries. ``{bytes}`` orders and compares in byte order: PostgreSQL's
# "C" collation, SQLite's default. The database's own collation (en_US, fr_FR…)
# would rank differently and could not serve the prefix range scan. Patterns
# need no escaping: normalised text holds only [0-9a-z ].
_STARTING = """
    SELECT id FROM {table}
    WHERE listed AND search_name{bytes} LIKE %s
    ORDER BY search_name{bytes}, id LIMIT %s
"""
# The walk: names in ranking order from the byte-ordered index, at most a given
# number of them, tested for the substring (``{position}``: strpos/instr); it
# stops as soon as the page is full.
_WALK = """
    SELECT id FROM (
        SELECT id, search_name FROM {table} WHERE listed
        ORDER BY search_name{bytes}, id LIMIT %s
    ) AS first_names
    WHERE {position}(search_name, %s) > 0{exclusions}
    ORDER BY search_name{bytes}, id LIMIT %s
"""
# The sort: every match through the trigram index, then sorted. MATERIALIZED
# keeps the planner, whose estimates for LIKE '%…%' are far off, from walking
# the byte-ordered index until the page is full: a walk that can cross most
# of the directory (350 ms at a million names).
_SORTED = """
    WITH matches AS MATERIALIZED (
        SELECT id, search_name FROM {table}
        WHERE listed AND search_name LIKE %s{exclusions}
    )
    SELECT id FROM matches ORDER BY search_name{bytes}, id LIMIT %s
"""

# Both later tiers at once (several words): tier 2 (a word starts with them)
# first; false sorts before true on both databases.
_SORTED_TOGETHER = """
    WITH matches AS MATERIALIZED (
        SELECT id, search_name FROM {table}
        WHERE listed AND search_name LIKE %s AND search_name NOT LIKE %s
    )
    SELECT id FROM matches
    ORDER BY search_name NOT LIKE %s, search_name{bytes}, id LIMIT %s
"""
# PostgreSQL: the words of the vocabulary containing the query, not at their
# start. MATERIALIZED: else the LIMIT of the queries below, with the planner's
# estimate of a range's names (a tenth of the directory), makes a full scan of
# the vocabulary look cheaper than its trigram index.
_WORDS_INSIDE = """
    WITH vocabulary AS MATERIALIZED (
        SELECT word FROM {vocabulary}
        WHERE word LIKE %s AND NOT (word{bytes} >= %s AND word{bytes} < %s) AND names > 0
    )
"""
# PostgreSQL: names whose first word is one of those words. "!" follows " " in
# byte order, so [word, word + "!") holds the name made of the word and those
# starting with it and a space.
_FIRST_WORDS = (
    _WORDS_INSIDE
    + """
    SELECT named.search_name, named.id
    FROM vocabulary CROSS JOIN LATERAL (
        SELECT search_name, id FROM {table}
        WHERE listed AND search_name{bytes} >= vocabulary.word
            AND search_name{bytes} < vocabulary.word || '!'{exclusions}
        ORDER BY search_name{bytes}, id LIMIT %s
    ) AS named
    ORDER BY named.search_name{bytes}, named.id LIMIT %s
"""
)
# PostgreSQL: how many listed names have such a first word (index only).
_FIRST_WORD_NAMES = (
    _WORDS_INSIDE
    + """
    SELECT count(*) FROM (
        SELECT 1 FROM vocabulary CROSS JOIN LATERAL (
            SELECT 1 FROM {table}
            WHERE listed AND search_name{bytes} >= vocabulary.word
                AND search_name{bytes} < vocabulary.word || '!'
        ) AS named
        LIMIT %s
    ) AS first_word_names
"""
)
# PostgreSQL: names with a later word containing the query, through the trigram
# index of the name after its first word (of the whole name when it has one
# word: those are found by _FIRST_WORDS too).
_LATER_WORDS = """
    WITH matches AS MATERIALIZED (
        SELECT id, search_name FROM {table}
        WHERE listed AND substr(search_name, strpos(search_name, ' ') + 1) LIKE %s{exclusions}
    )
    SELECT search_name, id FROM matches ORDER BY search_name{bytes}, id LIMIT %s
"""


def _fetch(template: str, values: list, *, exclusions: int = 0) -> list[tuple]:
    """Run one of the queries above, with ``exclusions`` NOT LIKE patterns."""

    in_bytes = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
    sql = template.format(
        table=Customer._meta.db_table,
        vocabulary=CustomerSearchWord._meta.db_table,
        bytes=in_bytes,
        position="strpos" if connection.vendor == "postgresql" else "instr",
        exclusions=" AND search_name NOT LIKE %s" * exclusions,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchall()
