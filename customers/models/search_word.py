"""The vocabulary of customer names, for correcting typos in directory searches.

One row per distinct word (normalised as in ``Customer.search_name``) with the
number of customer names that contain it. ``customers/search/typos.py`` looks a
misspelt query word up here — tens of thousands of words are much cheaper to
probe than a million names — and prefers the corrections more names use.
``Customer.save()`` keeps the counts: a new name adds its words, a renamed
customer moves its counts from the old words to the new. Deleting a customer
leaves its words counted; the counts only rank corrections and estimate how
many names a search will find, and the engine drops a correction that finds
nothing. ``customers/search/tiers.py`` relies on the vocabulary holding every
word of every name: when no word of it could match, a search does not read the
names at all. A name written without ``save()`` (``bulk_create``, ``update``)
must have its words counted too.
"""

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class CustomerSearchWordQuerySet(models.QuerySet["CustomerSearchWord"]):
    def count_words(self, *, before: str, after: str) -> None:
        """Move the counts of a name's words from its old search name to its new one."""
        old, new = set(before.split()), set(after.split())
        added, removed = sorted(new - old), sorted(old - new)
        if added:
            # Sorted, so that two transactions counting the same words lock
            # their rows in the same order and cannot deadlock.
            self.bulk_create(
                [CustomerSearchWord(word=word, names=0) for word in added], ignore_conflicts=True
            )
            self.filter(word__in=added).update(names=F("names") + 1)
        if removed:
            self.filter(word__in=removed, names__gt=0).update(names=F("names") - 1)


class CustomerSearchWord(models.Model):
    """A word of customer names, and how many names contain it."""

    word = models.CharField(_("word"), max_length=200, primary_key=True)
    names = models.PositiveIntegerField(_("names using it"), default=0)

    objects = CustomerSearchWordQuerySet.as_manager()

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word
