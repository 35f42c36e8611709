"""Exit 0 when the PostgreSQL server named by a database URL answers."""

import sys

import psycopg


def main(url: str) -> int:
    dsn = url.replace("postgres://", "postgresql://", 1)
    # Ask the maintenance database: the test database does not exist yet.
    dsn = dsn.rsplit("/", 1)[0] + "/postgres"
    try:
        psycopg.connect(dsn, connect_timeout=3).close()
    except psycopg.Error:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
