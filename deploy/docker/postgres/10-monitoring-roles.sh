#!/bin/sh
# Run once by the postgres image on an empty data folder (/docker-entrypoint-initdb.d), as its superuser,
# which nothing else uses. Makes the two roles of docs/security.md, neither a superuser:
#   monitoring      owns the schema; the migrate service connects as it, and nothing else does.
#   monitoring_app  owns nothing; the silos and api hosts connect as it, with the rights the migrations grant.
set -eu
: "${MONITORING_OWNER_PASSWORD:?}" "${MONITORING_APP_PASSWORD:?}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$MONITORING_OWNER_PASSWORD" -v app_password="$MONITORING_APP_PASSWORD" <<'SQL'
create role monitoring login password :'owner_password';
create role monitoring_app login password :'app_password';
create database monitoring owner monitoring;
SQL
