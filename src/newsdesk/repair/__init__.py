"""Text repair: restores damaged text (glued words, missing spaces, lost Persian non-joiners,
mojibake) in the vocabulary of each paragraph's language, and leaves good text byte for byte
as it was.

Floors, bottom up (each module imports only from floors below it): ``errors``, ``lexicon``
and ``vocabulary`` (the words and their costs); ``words``, ``language``, ``evidence``,
``edits``, ``unicode``; ``viterbi`` (the cost model's search); ``segment``; ``punctuation``;
``protected``; ``spacing``, ``joiners``; ``repairing`` (the entry points); ``learning`` (the
vocabulary that learns from clean articles).
"""

from newsdesk.repair.edits import apply_edits
from newsdesk.repair.errors import RepairError
from newsdesk.repair.learning import Vocabulary, words_worth_learning
from newsdesk.repair.repairing import Repaired, damage_score, repair_article, repair_text

__all__ = [
    "RepairError",
    "Repaired",
    "Vocabulary",
    "apply_edits",
    "damage_score",
    "repair_article",
    "repair_text",
    "words_worth_learning",
]
