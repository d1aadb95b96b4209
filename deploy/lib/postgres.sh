# shellcheck shell=bash
# A private PostgreSQL for local runs and tests: its own data folder, loopback only, a non-default
# port, password authentication. Sourced by deploy/*.sh. Idempotent: starting a running one is a no-op.
#
#   pg_up NAME PORT    starts (initialising on first use) and exports PG_CONNECTION (the schema's owner)
#                      and PG_APP_CONNECTION (the application's role)
#   pg_down NAME       stops it

PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"

as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sudo -u postgres sh -c "$*"; fi; }

# The data folder lives in the project's ignored .data folder when the postgres user can reach it,
# else (a checkout under /root, say) in a folder of its own named after the checkout.
pg_home() {
  local name=$1
  if as_postgres "test -x '$DATA'" 2>/dev/null; then
    echo "$DATA/$name"
  else
    echo "/var/tmp/monitoring-$(printf '%s' "$ROOT" | md5sum | cut -c1-12)/$name"
  fi
}

# A quarter of the machine's memory for PostgreSQL's own cache (its usual advice for a dedicated
# server; the default, 128 MB, holds a few minutes of a ward's trends), from 128 MB up to 8 GB. The rest
# of the memory is the operating system's cache. Allocated as used, not up front.
pg_shared_buffers() {
  local mb
  mb=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 / 4 ))
  [ "$mb" -lt 128 ] && mb=128
  [ "$mb" -gt 8192 ] && mb=8192
  echo "${mb}MB"
}

pg_up() {
  local name=$1 port=$2 home data password
  ensure_packages postgresql
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  mkdir -p "$DATA"
  home="$(pg_home "$name")"
  data="$home/data"
  as_root mkdir -p "$home"
  as_root chown postgres "$home"
  as_root chmod 700 "$home"

  if [ ! -f "$data/PG_VERSION" ]; then
    say "Initialising PostgreSQL in $data"
    password="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
    printf '%s\n' "$password" | as_root tee "$home/password" >/dev/null
    as_root chown postgres "$home/password"
    as_postgres "'$PG_BIN/initdb' -D '$data' -U postgres --auth=scram-sha-256 --pwfile='$home/password' -E UTF8 --locale=C.UTF-8 >'$home/initdb.log'" \
      || die "initdb failed; see $home/initdb.log"
    cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 300
fsync = on
log_min_messages = warning
CONF
  fi
  password="$(as_root cat "$home/password")"

  if as_postgres "'$PG_BIN/pg_ctl' -D '$data' status" >/dev/null 2>&1; then
    # Already running (started earlier): use the port it listens on.
    port="$(as_root sed -n 4p "$data/postmaster.pid")"
  else
    require_free_port "$port" "PostgreSQL"
    # PG_SERVER_OPTIONS: more server settings for this start (the benchmark loads pg_stat_statements).
    as_postgres "'$PG_BIN/pg_ctl' -D '$data' -o '-p $port -c shared_buffers=$(pg_shared_buffers) ${PG_SERVER_OPTIONS:-}' -l '$home/server.log' -w -t 60 start" >/dev/null \
      || die "PostgreSQL did not start; see $home/server.log"
  fi

  # Two login roles (docs/security.md): monitoring owns the schema and runs the migrations (CREATEDB so
  # that tests can make databases of their own); monitoring_app, which the silos and api hosts connect as,
  # owns nothing and gets its rights from the migration run. Neither is a superuser.
  # Each its own password, none the superuser's (which only these scripts use, from $home/password).
  local owner_password app_password file
  for file in owner-password app-password; do
    if ! as_root test -f "$home/$file"; then
      od -An -tx1 -N16 /dev/urandom | tr -d ' \n' | as_root tee "$home/$file" >/dev/null
      as_root chown postgres "$home/$file"
    fi
  done
  owner_password="$(as_root cat "$home/owner-password")"
  app_password="$(as_root cat "$home/app-password")"
  PGPASSWORD="$password" psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt >/dev/null <<SQL
do \$\$ begin
  if not exists (select from pg_roles where rolname = 'monitoring') then
    create role monitoring login createdb password '$owner_password';
  else
    alter role monitoring login nosuperuser password '$owner_password';
  end if;
  if not exists (select from pg_roles where rolname = 'monitoring_app') then
    create role monitoring_app login password '$app_password';
  else
    alter role monitoring_app login nosuperuser nocreatedb nocreaterole password '$app_password';
  end if;
end \$\$;
SQL
  if ! PGPASSWORD="$password" psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -c "select 1 from pg_database where datname = 'monitoring'" | grep -q 1; then
    PGPASSWORD="$password" psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -c "create database monitoring owner monitoring" >/dev/null
  fi

  # PG_CONNECTION: the owner, for migrations; PG_APP_CONNECTION: the application's role, for everything
  # else; PG_SUPERUSER_PASSWORD: for these scripts' own setup (the benchmark's extension), never a service.
  export PG_CONNECTION="Host=127.0.0.1;Port=$port;Database=monitoring;Username=monitoring;Password=$owner_password"
  export PG_APP_CONNECTION="Host=127.0.0.1;Port=$port;Database=monitoring;Username=monitoring_app;Password=$app_password"
  export PG_SUPERUSER_PASSWORD="$password"
}

pg_down() {
  local data
  data="$(pg_home "$1")/data"
  [ -f "$data/PG_VERSION" ] || return 0
  as_postgres "'$PG_BIN/pg_ctl' -D '$data' -m fast -w stop" >/dev/null 2>&1 || true
}
