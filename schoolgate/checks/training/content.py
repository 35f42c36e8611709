"""Build `schoolgate/checks/models/content.json.gz` from the labelled drafts.

    .venv/bin/python -m schoolgate.checks.training.content [--check]

Reads every `benchmarks/data/content_tuning*.tsv` (label TAB text; the
reporting sets are never read here) and fits one multinomial logistic
regression over word and character TF-IDF (see `schoolgate.checks.content_model`).
The fit is deterministic: the same files give the same file. `--check`
rebuilds in memory and says whether the shipped file still matches.
Needs scikit-learn (the `training` extra); the product never imports it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from schoolgate.checks.content_model import HARMLESS, MODEL_FILE, char_terms, word_terms

DATA = Path(__file__).resolve().parents[3] / "benchmarks" / "data"
OUT = Path(__file__).resolve().parents[1] / "models" / MODEL_FILE
#: Inverse of the regularisation strength; chosen by cross-validation by file.
C = 30.0
#: The likeliest category must reach this probability to be reported.
THRESHOLD = 0.4
#: The runner-up category is reported beside it when it reaches this one.
RUNNER_UP = 0.2
#: Character n-grams seen in fewer drafts than this are left out (noise, file size).
MIN_CHAR_DF = 2
#: Texts with fewer words are left to the cues: the tuning drafts have
#: hardly any, and the model misreads short comments ("Sick performance").
MIN_WORDS = 8
DIGITS = 5


def read_tsv(path: Path) -> list[tuple[str, str]]:
    """Return (label, text) for each labelled line of `path`."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, text = line.split("\t", 1)
            rows.append((label.strip(), text.strip()))
    return rows


def tuning_files(data: Path = DATA) -> list[Path]:
    """Return the tuning files, in name order."""
    return sorted(data.glob("content_tuning*.tsv"))


def fit(rows: Iterable[tuple[str, str]], *, threshold: float = THRESHOLD) -> dict[str, Any]:
    """Return the model file's content fitted on (label, text) rows."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_union

    labels, texts = zip(*rows, strict=True)
    words = TfidfVectorizer(analyzer=word_terms, sublinear_tf=True)
    chars = TfidfVectorizer(analyzer=char_terms, sublinear_tf=True, min_df=MIN_CHAR_DF)
    features = make_union(words, chars).fit_transform(texts)
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    model.fit(features, labels)
    classes = [str(c) for c in model.classes_]
    if HARMLESS not in classes:
        raise ValueError(f"no {HARMLESS!r} drafts to learn from")
    coef = model.coef_
    data: dict[str, Any] = {
        "about": "Content model built by schoolgate.checks.training.content from "
        "benchmarks/data/content_tuning*.tsv.",
        "classes": classes,
        "threshold": threshold,
        "runner_up": RUNNER_UP,
        "min_words": MIN_WORDS,
        "intercept": [round(float(b), DIGITS) for b in model.intercept_],
    }
    offset = 0
    for name, vectoriser in (("words", words), ("chars", chars)):
        terms = sorted(vectoriser.vocabulary_.items(), key=lambda item: item[1])
        part = {}
        for term, column in terms:
            weights = coef[:, offset + column]
            idf = float(vectoriser.idf_[column])
            part[term] = [round(idf, DIGITS), *(round(float(w), DIGITS) for w in weights)]
        data[name] = part
        offset += len(terms)
    return data


def build(data: Path = DATA) -> dict[str, Any]:
    """Return the model fitted on every tuning file under `data`."""
    return fit(row for path in tuning_files(data) for row in read_tsv(path))


def encode(model: dict[str, Any]) -> bytes:
    """Return the model file's bytes (gzip with no timestamp, so builds compare)."""
    raw = json.dumps(model, ensure_ascii=False, separators=(",", ":")).encode()
    return gzip.compress(raw, compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    model = build()
    if args.check:
        same = OUT.exists() and json.loads(gzip.decompress(OUT.read_bytes())) == model
        print("the shipped content model matches the tuning files" if same else "out of date")
        return 0 if same else 1
    OUT.write_bytes(encode(model))
    sizes = ", ".join(f"{len(model[p])} {p}" for p in ("words", "chars"))
    print(f"wrote {OUT} ({sizes})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
