"""Persistence: SQLAlchemy models, Alembic migrations, field encryption, sync outbox."""
