"""Persistence: SQLAlchemy models, migrations and repositories (the only place with queries)."""
