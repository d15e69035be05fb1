#!/bin/sh
# make restore DUMP=backups/keurmerk-….dump [MEDIA=backups/media-….tar.gz] CONFIRM=yes
# Replaces the compose stack's database (and the uploaded files when MEDIA is given) with a
# backup of scripts/backup.sh. Web, worker and beat are stopped meanwhile, so nothing writes
# during the restore; pg_restore runs in one transaction, so a failed restore changes nothing.
#   COMPOSE   the compose command (default: docker compose)
set -eu
COMPOSE=${COMPOSE:-docker compose}
DUMP=${DUMP:?set DUMP=backups/keurmerk-<stamp>.dump}
MEDIA=${MEDIA:-}
[ -f "$DUMP" ] || { echo "no such file: $DUMP" >&2; exit 1; }
[ -z "$MEDIA" ] || [ -f "$MEDIA" ] || { echo "no such file: $MEDIA" >&2; exit 1; }
if [ "${CONFIRM:-}" != "yes" ]; then
    echo "This replaces the database of the running stack with $DUMP." >&2
    echo "Run again with CONFIRM=yes (make restore DUMP=$DUMP CONFIRM=yes)." >&2
    exit 2
fi

$COMPOSE stop web worker beat
$COMPOSE exec -T postgres sh -c \
    'pg_restore -U "$POSTGRES_USER" -d "$POSTGRES_DB" --clean --if-exists --no-owner \
        --role=keurmerk_owner --no-privileges --single-transaction --exit-on-error' < "$DUMP"
if [ -n "$MEDIA" ]; then
    $COMPOSE run --rm --no-deps -T web sh -c \
        'rm -rf /app/var/media/* && tar -C /app/var -xzf -' < "$MEDIA"
fi
# Apply any migration the backup predates and grant the application role its rights again
# (issue #13: the tables are restored owned by keurmerk_owner, without privileges), then start.
$COMPOSE run --rm --no-deps -T migrate
$COMPOSE start web worker beat
echo "restored $DUMP${MEDIA:+ and $MEDIA}"
