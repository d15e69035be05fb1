#!/bin/sh
# make restore-drill [DUMP=backups/keurmerk-….dump]: prove a backup can be restored, without
# touching the live database. Restores DUMP (default: the newest in BACKUP_DIR) into a scratch
# database beside the live one, checks that the schema matches the code (no migration
# missing: `manage.py migrate --check`) and that the key tables hold rows, prints their counts
# beside the live ones, and drops the scratch database. Exits non-zero when any step fails.
# Run it after every change of the backup set-up and on a schedule (e.g. monthly).
#   COMPOSE   the compose command (default: docker compose)
set -eu
COMPOSE=${COMPOSE:-docker compose}
DIR=${BACKUP_DIR:-backups}
DUMP=${DUMP:-$(ls -1t "$DIR"/keurmerk-*.dump 2>/dev/null | head -n 1)}
[ -n "$DUMP" ] && [ -f "$DUMP" ] || { echo "no backup found (DUMP or $DIR/keurmerk-*.dump)" >&2; exit 1; }
SCRATCH=keurmerk_restore_drill

pg() {  # run a shell command in the postgres container, with its POSTGRES_* variables
    $COMPOSE exec -T postgres sh -c "$1"
}
cleanup() {
    pg "dropdb -U \"\$POSTGRES_USER\" --if-exists $SCRATCH" || true
}
trap cleanup EXIT

echo "drill: restoring $DUMP into the scratch database $SCRATCH"
pg "dropdb -U \"\$POSTGRES_USER\" --if-exists $SCRATCH && createdb -U \"\$POSTGRES_USER\" $SCRATCH"
$COMPOSE exec -T postgres sh -c "pg_restore -U \"\$POSTGRES_USER\" -d $SCRATCH --no-owner \
    --no-privileges --single-transaction --exit-on-error" < "$DUMP"

echo "drill: checking the schema against the code (migrate --check)"
$COMPOSE run --rm --no-deps -T web sh -c \
    "DATABASE_URL=\"\${DATABASE_URL%/*}/$SCRATCH\" python manage.py migrate --check"

status=0
for table in members_member core_decision certificates_certificate complaints_complaint \
        notifications_notification; do
    query="SELECT count(*) FROM $table"
    restored=$(pg "psql -U \"\$POSTGRES_USER\" -d $SCRATCH -tAc '$query'")
    live=$(pg "psql -U \"\$POSTGRES_USER\" -d \"\$POSTGRES_DB\" -tAc '$query'")
    echo "drill: $table: $restored rows restored, $live live"
    [ "$table" != members_member ] || [ "$restored" -gt 0 ] || status=1
done
[ $status -eq 0 ] && echo "drill: OK" || echo "drill: FAILED (no members restored)" >&2
exit $status
