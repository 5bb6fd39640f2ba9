"""Storage: SQLAlchemy models, repositories that hand out core dataclasses, Alembic migrations,
and the content-addressed asset store.

Open everything with `storage.workspace.open_workspace(paths)`. Nothing here imports Qt,
requests or keyring, and Alembic is imported only when a migration has to run.
"""
