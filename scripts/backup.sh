#!/bin/sh
# make backup: a pg_dump (custom format) of the compose stack's database and a tarball of the
# uploaded files, written into BACKUP_DIR (default backups/) under a UTC time stamp. A file is
# renamed into place only when complete, so a failed run never leaves a truncated backup.
#   COMPOSE   the compose command (default: docker compose)
set -eu
COMPOSE=${COMPOSE:-docker compose}
DIR=${BACKUP_DIR:-backups}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$DIR"

dump="$DIR/keurmerk-$STAMP.dump"
$COMPOSE exec -T postgres sh -c \
    'pg_dump -U "$POSTGRES_USER" -d "$POSTGRES_DB" --format=custom --no-owner --no-privileges' \
    > "$dump.partial"
$COMPOSE exec -T postgres pg_restore --list < "$dump.partial" > /dev/null  # readable?
mv "$dump.partial" "$dump"

media="$DIR/media-$STAMP.tar.gz"
$COMPOSE exec -T web tar -C "${MEDIA_PARENT:-/app/var}" -czf - media > "$media.partial"
mv "$media.partial" "$media"

echo "database: $dump"
echo "files:    $media"
