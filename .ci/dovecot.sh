#!/usr/bin/env bash
# Start a throwaway Dovecot IMAP server for the tests, on 127.0.0.1, as an unprivileged user
# (Debian's `dovecot` when run as root), in a fresh folder, with a test CA and certificate
# made here; print what the tests need as one line of JSON:
#   export AZTUI_TEST_IMAP="$(bash .ci/dovecot.sh)"
#   {"host": "127.0.0.1", "port": <plain + STARTTLS>, "tls_port": <implicit TLS>,
#    "password": "...", "cafile": ".../ca.pem", "folder": "...", "oauth_url": "http://..."}
# Any user name logs in with that password (each test takes a name of its own, so a fresh
# mailbox); its mail is under <folder>/mail. Beside it, a local OAuth 2 token endpoint
# ("oauth_url", .ci/oauth_endpoint.py) that Dovecot asks about XOAUTH2 and OAUTHBEARER logins.
# Stop both with: dovecot -c <folder>/dovecot.conf stop; kill "$(cat <folder>/oauth.pid)"
# (the folder is printed on stderr too).
set -euo pipefail

if ! command -v dovecot >/dev/null 2>&1 && [ ! -x /usr/sbin/dovecot ]; then
  echo "no Dovecot here: apt-get install dovecot-imapd (Debian)" >&2
  exit 1
fi
dovecot_bin=$(command -v dovecot || echo /usr/sbin/dovecot)
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port=$(free_port)
tls_port=$(free_port)
while [ "$tls_port" = "$port" ]; do tls_port=$(free_port); done
oauth_port=$(free_port)
while [ "$oauth_port" = "$port" ] || [ "$oauth_port" = "$tls_port" ]; do oauth_port=$(free_port); done
folder=$(mktemp -d /tmp/aztui-dovecot.XXXXXX)
password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
if [ "$(id -u)" = 0 ]; then
  user=dovecot
else
  user=$(id -un)
fi
group=$(id -gn "$user")
uid=$(id -u "$user")
gid=$(id -g "$user")

# A test CA, and the server's certificate for 127.0.0.1 and localhost signed by it.
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=aztui test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$folder/ca.key" -out "$folder/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
  -keyout "$folder/server.key" -out "$folder/server.csr" 2>/dev/null
printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "basicConstraints=CA:FALSE" \
  "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" \
  >"$folder/server.ext"
openssl x509 -req -in "$folder/server.csr" -CA "$folder/ca.pem" -CAkey "$folder/ca.key" \
  -CAcreateserial -days 30 -extfile "$folder/server.ext" -out "$folder/server.pem" 2>/dev/null
rm -f "$folder/ca.key" "$folder/server.csr"

mkdir -p "$folder/run" "$folder/state" "$folder/mail" "$folder/rawlog"
cat >"$folder/dovecot.conf" <<EOF
# Written by .ci/dovecot.sh: a test server, nothing of the system's configuration.
base_dir = $folder/run
state_dir = $folder/state
instance_name = aztui-test-$port
log_path = $folder/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = yes
ssl_cert = <$folder/server.pem
ssl_key = <$folder/server.key
ssl_min_protocol = TLSv1.2
# Plain text passwords only inside TLS (implicit or after STARTTLS), as a real server.
disable_plaintext_auth = yes
auth_mechanisms = plain login xoauth2 oauthbearer
default_internal_user = $user
default_internal_group = $group
default_login_user = $user
first_valid_uid = $uid
first_valid_gid = $gid
# OAuth 2 (XOAUTH2, OAUTHBEARER): the access token is checked with the local token
# endpoint (.ci/oauth_endpoint.py), as a provider's introspection.
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = $folder/oauth2.conf.ext
}
passdb {
  driver = static
  mechanisms = plain login
  args = password=$password
}
userdb {
  driver = static
  args = uid=$user gid=$group home=$folder/mail/%n
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Archive {
    special_use = \\Archive
    auto = subscribe
  }
  # Junk, or Spam once renamed, is marked \\Junk, as a client's rename keeps a folder's
  # attribute; the server makes neither (tests/imap/test_imap_source.py).
  mailbox Junk {
    special_use = \\Junk
  }
  mailbox Spam {
    special_use = \\Junk
  }
}
# What the tests observe on the server side: the commands each session sent after login
# (rawlog, in <folder>/rawlog/<user> when a test made that folder), what it fetched, and any
# change it made to a message or a folder (mail_log).
protocol imap {
  mail_plugins = \$mail_plugins notify mail_log
  rawlog_dir = $folder/rawlog/%n
  imap_logout_format = in=%i out=%o fetch_body_count=%{fetch_body_count} deleted=%{deleted} expunged=%{expunged}
}
plugin {
  mail_log_events = delete undelete expunge copy mailbox_delete mailbox_rename flag_change
  mail_log_fields = uid box flags
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $tls_port
    ssl = yes
  }
}
service pop3-login {
  chroot =
}
service auth {
  user = $user
}
service auth-worker {
  user = $user
}
service anvil {
  chroot =
}
service stats {
  chroot =
}
EOF
cat >"$folder/oauth2.conf.ext" <<EOF
introspection_mode = post
introspection_url = http://127.0.0.1:$oauth_port/introspect
username_attribute = username
active_attribute = active
active_value = true
force_introspection = yes
EOF
if [ "$(id -u)" = 0 ]; then chown -R "$user:$group" "$folder"; fi
chmod 755 "$folder"
chmod 1777 "$folder/rawlog"
as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}
python3 "$(dirname "$0")/oauth_endpoint.py" "$oauth_port" </dev/null >"$folder/oauth.log" 2>&1 &
echo $! >"$folder/oauth.pid"
# Its own output to a file: a daemon holding this script's stdout open would keep the
# caller of "$(bash .ci/dovecot.sh)" waiting.
as_server_user "$dovecot_bin" -c "$folder/dovecot.conf" </dev/null >"$folder/start.log" 2>&1 || {
  cat "$folder/start.log" "$folder/dovecot.log" >&2 2>/dev/null || true
  kill "$(cat "$folder/oauth.pid")" 2>/dev/null || true
  exit 1
}
# Ready once Dovecot's two ports and the token endpoint's accept connections.
listening() {
  python3 - "$port" "$tls_port" "$oauth_port" <<'PY'
import socket, sys, time
deadline = time.monotonic() + 60
for port in map(int, sys.argv[1:]):
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                sys.exit(f"nothing listens on port {port}")
            time.sleep(0.1)
PY
}
if ! listening; then
  cat "$folder/dovecot.log" "$folder/oauth.log" >&2
  "$dovecot_bin" -c "$folder/dovecot.conf" stop 2>/dev/null || true
  kill "$(cat "$folder/oauth.pid")" 2>/dev/null || true
  exit 1
fi
echo "Dovecot $("$dovecot_bin" --version | awk '{print $1}') in $folder, ports $port and $tls_port" >&2
printf '{"host": "127.0.0.1", "port": %s, "tls_port": %s, "password": "%s", "cafile": "%s", "folder": "%s", "oauth_url": "%s"}\n' \
  "$port" "$tls_port" "$password" "$folder/ca.pem" "$folder" "http://127.0.0.1:$oauth_port"
