"""The migrations build the schema and load the reference data on a fresh database (the test
suite itself builds its tables without migrations, for speed)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_migrations_apply_on_a_fresh_database_with_the_reference_data(tmp_path):
    """R-U3/R-M5/R-U2: the data migrations load 7 areas, 50 norms, 28 level texts, 22 scope
    items, 27 documents and 13 interviewee functions."""
    database = tmp_path / "fresh.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DATABASE_URL=f"sqlite:///{database}", DJANGO_SETTINGS_MODULE="config.settings.test")
    result = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as db:
        counts = {table: db.execute(f"select count(*) from {table}").fetchone()[0]
                  for table in ("audits_performancearea", "audits_norm",
                                "audits_leveldescription", "members_scopeitem",
                                "audits_documentrequirement", "audits_intervieweefunction")}
    assert counts == {"audits_performancearea": 7, "audits_norm": 50,
                      "audits_leveldescription": 28, "members_scopeitem": 22,
                      "audits_documentrequirement": 27, "audits_intervieweefunction": 13}
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "select g.name, ct.app_label || '.' || p.codename from auth_group g "
            "join auth_group_permissions gp on gp.group_id = g.id "
            "join auth_permission p on p.id = gp.permission_id "
            "join django_content_type ct on ct.id = p.content_type_id").fetchall()
    granted = {}
    for group, perm in rows:
        granted.setdefault(group, set()).add(perm)
    # Issue #8: the staff groups of /admin/ (core.staff_groups), created on a fresh database.
    assert set(granted) == {"Verenigingsbureau", "Directeur"}
    for perms in granted.values():
        assert {"audits.change_norm", "audits.add_norm", "members.change_scopeitem",
                "members.view_member", "core.view_decision"} <= perms
        assert not {"core.view_user", "core.change_user", "audits.delete_norm",
                    "members.change_member"} & perms
    assert "core.change_loginthrottle" in granted["Verenigingsbureau"]
    assert "core.change_loginthrottle" not in granted["Directeur"]
