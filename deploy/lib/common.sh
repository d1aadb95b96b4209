# shellcheck shell=bash
# Shared helpers for deploy/*.sh. Sourced, not run.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="${MONITORING_DATA_DIR:-$ROOT/.data}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Installs Debian packages that are missing (apt-get update only when something is missing).
ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Installs Debian packages that are missing without starting or enabling the services they bring (the
# prometheus package starts and enables a Prometheus daemon on install; the tests need only its promtool):
# a policy-rc.d that refuses every start for the install (any there already is put back after), then the
# packages' units disabled.
ensure_packages_without_services() {
  local missing=() pkg policy=/usr/sbin/policy-rc.d saved="" status=0
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -e "$policy" ]; then
    saved="$(mktemp)"
    as_root cp -p "$policy" "$saved"
  fi
  printf '#!/bin/sh\n# deploy/lib/common.sh: no service starts while packages install\nexit 101\n' | as_root tee "$policy" >/dev/null
  as_root chmod 755 "$policy"
  ensure_packages "${missing[@]}" || status=$?
  if [ -n "$saved" ]; then as_root mv "$saved" "$policy"; else as_root rm -f "$policy"; fi
  if command -v systemctl >/dev/null; then
    for pkg in "${missing[@]}"; do as_root systemctl disable "$pkg" >/dev/null 2>&1 || true; done
  fi
  return "$status"
}

ensure_dotnet() {
  command -v dotnet >/dev/null || die "the .NET SDK 10 is needed (dotnet on PATH); see https://learn.microsoft.com/dotnet/core/install/linux-debian"
}

# Waits until a TCP port on 127.0.0.1 accepts connections, or fails after $2 seconds.
wait_for_port() {
  local port=$1 seconds=${2:-60} i
  for ((i = 0; i < seconds * 10; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# Fails when something already listens on the port (a silo would start anyway and then misbehave).
require_free_port() {
  local port=$1 what=$2
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port (for $what) is already in use; stop what uses it or choose another port"
  fi
}

# The first port from $1 upwards that nothing listens on (tries 50).
first_free_port() {
  local port=$1
  for ((i = 0; i < 50; i++)); do
    # Nothing listens there, and no socket (a client's ephemeral port, one in TIME-WAIT) holds it:
    # either would stop a server binding it.
    (exec 3<>"/dev/tcp/127.0.0.1/$((port + i))") 2>/dev/null && continue
    if command -v ss >/dev/null && [ -n "$(ss -Htan "( sport = :$((port + i)) )" 2>/dev/null)" ]; then continue; fi
    echo $((port + i)); return 0
  done
  die "no free port from $1 to $(($1 + 49))"
}

# A random key (base64, 32 bytes) kept in $DATA/auth/FILE, made once, exported as VARIABLE unless it is
# set already.
ensure_key_file() {
  local variable="$1" file="$DATA/auth/$2"
  if [ -z "${!variable:-}" ]; then
    if [ ! -s "$file" ]; then
      mkdir -p "$DATA/auth" && chmod 700 "$DATA/auth"
      (umask 077 && head -c 32 /dev/urandom | base64 >"$file")
    fi
    printf -v "$variable" '%s' "$(cat "$file")"
  fi
  export "${variable?}"
}

# The local token signing key, exported as Auth__SigningKey for the api, the simulator and the token
# command. Production uses an identity provider instead (Auth__Authority) and has no such key.
ensure_signing_key() { ensure_key_file Auth__SigningKey signing.key; }

# The redaction key, exported as Redaction__Key for the silo and the api, so that a patient's log token
# is the same in both and an alarm id sealed by the silo is opened by the api.
ensure_redaction_key() { ensure_key_file Redaction__Key redaction.key; }

# Web Push to on-call phones: a VAPID key pair (EC P-256) made once with openssl in $DATA/auth/vapid.pem (owner
# only), exported as WebPush__PublicKey (the uncompressed point, base64url) and WebPush__PrivateKey (the 32-byte
# scalar, base64url) unless they are set already. Without openssl, push stays off and the api says so.
ensure_vapid_keys() {
  if [ -n "${WebPush__PublicKey:-}" ] && [ -n "${WebPush__PrivateKey:-}" ]; then
    export WebPush__PublicKey WebPush__PrivateKey
    return 0
  fi
  local file="$DATA/auth/vapid.pem"
  if ! command -v openssl >/dev/null; then
    say "openssl is missing: push notifications to on-call phones stay off (apt-get install openssl)"
    return 0
  fi
  if [ ! -s "$file" ]; then
    mkdir -p "$DATA/auth" && chmod 700 "$DATA/auth"
    (umask 077 && openssl ecparam -name prime256v1 -genkey -noout -out "$file" 2>/dev/null) || die "could not make the VAPID key in $file"
  fi
  chmod 600 "$file"
  local b64url='tr "+/" "-_" | tr -d "=\n"'
  # The SubjectPublicKeyInfo ends with the 65-byte point; the SEC 1 ECPrivateKey holds the scalar at bytes 8 to 39.
  WebPush__PublicKey="$(openssl ec -in "$file" -pubout -outform DER 2>/dev/null | tail -c 65 | base64 -w0 | eval "$b64url")"
  WebPush__PrivateKey="$(openssl ec -in "$file" -outform DER 2>/dev/null | head -c 39 | tail -c 32 | base64 -w0 | eval "$b64url")"
  export WebPush__PublicKey WebPush__PrivateKey
}

# TLS inside the cluster for a local run: an authority and one member certificate (server and client
# authentication, naming monitoring-silo) that every silo and api host presents, made once with openssl
# in $DATA/tls and exported as the Cluster__Tls__* settings. A deployment issues its own (docs/security.md).
ensure_cluster_tls() {
  local dir="$DATA/tls"
  if [ ! -s "$dir/member.key" ] || [ ! -s "$dir/member.crt" ] || [ ! -s "$dir/authority.crt" ]; then
    command -v openssl >/dev/null || die "openssl is needed to make the cluster's TLS certificates (apt-get install openssl)"
    mkdir -p "$dir" && chmod 700 "$dir"
    (
      umask 077
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
        -subj "/CN=Monitoring cluster authority (local)" -keyout "$dir/authority.key" -out "$dir/authority.crt" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=monitoring-silo" \
        -keyout "$dir/member.key" -out "$dir/member.csr" 2>/dev/null
      printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:monitoring-silo\n' >"$dir/member.ext"
      openssl x509 -req -in "$dir/member.csr" -CA "$dir/authority.crt" -CAkey "$dir/authority.key" -CAcreateserial \
        -days 825 -extfile "$dir/member.ext" -out "$dir/member.crt" 2>/dev/null
      rm -f "$dir/member.csr" "$dir/member.ext" "$dir/authority.srl"
    ) || die "could not make the cluster's TLS certificates in $dir"
  fi
  export Cluster__Tls__CertificatePath="$dir/member.crt" Cluster__Tls__KeyPath="$dir/member.key" Cluster__Tls__AuthorityPath="$dir/authority.crt"
}
