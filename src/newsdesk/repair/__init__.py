"""Text repair: restores damaged text (glued words, missing spaces, mojibake) and leaves
good text byte for byte as it was."""

from newsdesk.repair.edits import apply_edits
from newsdesk.repair.errors import RepairError
from newsdesk.repair.repairing import Repaired, damage_score, repair_article, repair_text
from newsdesk.repair.vocabulary import Vocabulary

__all__ = [
    "RepairError",
    "Repaired",
    "Vocabulary",
    "apply_edits",
    "damage_score",
    "repair_article",
    "repair_text",
]
