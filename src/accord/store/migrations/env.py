"""Alembic environment: migrations run on the connection the store hands over (never from an ini file)."""

from alembic import context


def run() -> None:
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=None, transactional_ddl=True)
    with context.begin_transaction():
        context.run_migrations()


try:
    context.config  # noqa: B018 (a probe: raises outside a migration run)
except AttributeError:  # imported outside a migration run (e.g. by pytest's doctest collection): do nothing
    pass
else:
    run()
