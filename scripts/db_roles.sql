-- Issue #13, least privilege: what the application role may do. Idempotent; run as the owner
-- role (or a superuser) after every migrate. The compose `migrate` service does so through
-- `python manage.py db_grants`; by hand:
--   psql -v app_role=keurmerk_app -v owner_role=keurmerk_owner -f scripts/db_roles.sql
-- The roles themselves are created once by scripts/db_init.sh (PostgreSQL's init step).
--
-- The owner role owns every table and is used only by `migrate`. The application role (web,
-- worker, beat) owns nothing: it may read and write the ordinary tables, but on the decision
-- records (R-0.3) only SELECT and INSERT -- no UPDATE, DELETE or TRUNCATE -- and, owning no
-- table, it cannot ALTER TABLE ... DISABLE TRIGGER; not being a superuser it cannot
-- SET session_replication_role = replica either.

GRANT USAGE ON SCHEMA public TO :"app_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER
    ON core_decision, core_decision_documents FROM :"app_role";
GRANT SELECT, INSERT ON core_decision, core_decision_documents TO :"app_role";

-- Tables and sequences a later migration creates get the ordinary rights at once.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO :"app_role";
