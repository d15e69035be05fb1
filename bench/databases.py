"""Throw-away benchmark databases: SQLite files in a temporary directory, or databases of
their own on a PostgreSQL server (created from a template, dropped at the end). A benchmark
runs each measurement on a fresh copy of the generated data."""

import shutil
from pathlib import Path

from django.db import connections


class Databases:
    def __init__(self, *, vendor: str, base: str, workdir: Path):
        self.vendor = vendor  # "sqlite" or "postgresql"
        self.base = base  # the file, or the database name
        self.workdir = workdir
        self.created: list[str] = []

    def _admin(self):
        import psycopg

        settings = dict(connections["default"].settings_dict)
        return psycopg.connect(dbname="postgres", user=settings["USER"] or None,
                               password=settings["PASSWORD"] or None,
                               host=settings["HOST"] or None,
                               port=settings["PORT"] or None, autocommit=True)

    def create_base(self) -> None:
        if self.vendor == "postgresql":
            with self._admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.base}"')
                admin.execute(f'CREATE DATABASE "{self.base}"')
            self.created.append(self.base)

    def use(self, name: str) -> None:
        connections.close_all()
        connections["default"].settings_dict["NAME"] = name

    def clone(self, suffix: str) -> str:
        """A copy of the base database with everything generated so far."""
        connections.close_all()
        if self.vendor == "sqlite":
            target = str(self.workdir / f"{suffix}.sqlite3")
            shutil.copyfile(self.base, target)
            return target
        target = f"{self.base}_{suffix}"
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
            admin.execute(f'CREATE DATABASE "{target}" TEMPLATE "{self.base}"')
        self.created.append(target)
        return target

    def drop_all(self) -> None:
        connections.close_all()
        if self.vendor == "postgresql":
            with self._admin() as admin:
                for name in reversed(self.created):
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
