"""docs/architecture.md says what the models allow: its state tables match ALLOWED_MOVES."""

import re
from pathlib import Path

from customers.models import ALLOWED_MOVES as RELATIONSHIP_MOVES
from customers.models.invitations import ALLOWED_MOVES as INVITATION_MOVES

DOC = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"


def _moves_table(heading: str) -> dict[str | None, set[str]]:
    """The "| from | may move to |" table under ``### heading``."""
    section = DOC.read_text().split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0]
    table = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 2 or cells[0] in {"from", "---"}:
            continue
        state = None if cells[0] == "(none)" else cells[0]
        table[state] = {word for word in re.split(r",\s*", cells[1]) if word}
    return table


def test_the_relationship_table_is_the_models_moves():
    assert _moves_table("The relationship's moves") == {
        state: {str(target) for target in targets} for state, targets in RELATIONSHIP_MOVES.items()
    }


def test_the_invitation_table_is_the_models_moves():
    assert _moves_table("The invitation's moves") == {
        state: {str(target) for target in targets} for state, targets in INVITATION_MOVES.items()
    }
