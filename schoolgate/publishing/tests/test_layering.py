"""Photos sit on posts: the photos app imports publishing, never the reverse."""

from __future__ import annotations

import ast
from pathlib import Path

import schoolgate.publishing
from schoolgate.publishing.attachments import post_photos

PUBLISHING = Path(schoolgate.publishing.__file__).parent


def _imported_modules(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):  # a walk sees imports inside functions too
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return found


def photos_imports_in_publishing() -> list[str]:
    """Return "path: module" for every import of the photos app by publishing's code."""
    hits = []
    for path in sorted(PUBLISHING.rglob("*.py")):
        if "tests" in path.relative_to(PUBLISHING).parts:
            continue
        for module in _imported_modules(ast.parse(path.read_text(), str(path))):
            if module == "schoolgate.photos" or module.startswith("schoolgate.photos."):
                hits.append(f"{path.relative_to(PUBLISHING)}: {module}")
    return hits


def test_publishing_never_imports_the_photos_app() -> None:
    assert photos_imports_in_publishing() == []


def test_the_scan_finds_an_import_hidden_in_a_function() -> None:
    source = "def f():\n    from schoolgate.photos.selectors import photos_of\n"
    assert "schoolgate.photos.selectors" in _imported_modules(ast.parse(source))
    source = "def f():\n    from schoolgate import photos\n"
    assert "schoolgate.photos" in _imported_modules(ast.parse(source))


def test_publishing_reaches_the_photos_through_the_provider_photos_registered() -> None:
    from schoolgate.photos.for_posts import PhotosOfPosts

    assert isinstance(post_photos(), PhotosOfPosts)
