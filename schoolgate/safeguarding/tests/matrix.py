MATRIX: dict = {}  # type: ignore[type-arg]
