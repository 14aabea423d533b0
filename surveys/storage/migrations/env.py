"""Alembic environment for Trialogue's schema.

Configured from code (``surveys.storage.store``), not from an ini file: the store hands over an
open connection in ``config.attributes["connection"]`` so migrations run inside the
caller's transaction, from any working directory.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from surveys.storage.schema import metadata

config = context.config
target_metadata = metadata


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        url = config.get_main_option("sqlalchemy.url")
        if url is None:
            raise RuntimeError("no database URL: Alembic runs through surveys.storage.store.open_store")
        engine = create_engine(url)
        with engine.begin() as connection:
            _run(connection)
        engine.dispose()
    else:
        _run(connection)


def _run(connection) -> None:
    # Batch mode lets later migrations alter SQLite tables (which lack ALTER COLUMN).
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
