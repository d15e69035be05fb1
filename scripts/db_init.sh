#!/bin/sh
# Issue #13, least privilege: PostgreSQL's init step (/docker-entrypoint-initdb.d, run once on
# an empty data volume as POSTGRES_USER) creates the two roles of scripts/db_roles.sql:
#   keurmerk_owner  owns the database and every table; used only by `migrate` (and backups);
#   keurmerk_app    the application (web, worker, beat): no ownership, no superuser.
# The grants follow after each migrate (manage.py db_grants runs scripts/db_roles.sql).
set -eu
: "${KEURMERK_OWNER_PASSWORD:?set KEURMERK_OWNER_PASSWORD}"
: "${KEURMERK_APP_PASSWORD:?set KEURMERK_APP_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v owner_password="$KEURMERK_OWNER_PASSWORD" -v app_password="$KEURMERK_APP_PASSWORD" <<'SQL'
CREATE ROLE keurmerk_owner LOGIN PASSWORD :'owner_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
CREATE ROLE keurmerk_app LOGIN PASSWORD :'app_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER DATABASE :"DBNAME" OWNER TO keurmerk_owner;
ALTER SCHEMA public OWNER TO keurmerk_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"DBNAME" TO keurmerk_app;
SQL
