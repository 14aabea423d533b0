"""Alembic migrations of the Trialogue schema (see ``env.py``; run by ``surveys.storage.store``)."""
