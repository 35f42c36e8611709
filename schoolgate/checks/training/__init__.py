"""Build `schoolgate/checks/models/offensive.json.gz` from labelled comments.

    .venv/bin/python -m schoolgate.checks.training [--data ../shared/data/comments]

Reads ONLY the train split (`train_text.txt`, `train_labels.txt`: TweetEval
offensive, released without restrictions), fits the word model and the
stack, and chooses the triage thresholds on out-of-fold scores of that
split (five folds), so no comment is scored by a model that saw it: the
best F1 of "needs a human" (the constants in `triage.py`), and, for
comparison, the best precision at recall 0.90 (stored, not used). The
validation split is never read here: `make bench` reports on it. Needs
scikit-learn, which alt-profanity-check brings; the product does not
import it at run time.
"""
