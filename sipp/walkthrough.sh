#!/usr/bin/env bash
# Runs every scenario of this folder, in order, against a running Muster server that serves
# examples/metro.yaml (or a copy of it on another address), with the injection files of
# sipp/metro/. Prints one line per scenario and exits non-zero when one failed.
#
#   ./muster server --config examples/metro.yaml &      # or a copy with system.sip changed
#   sipp/walkthrough.sh 127.0.0.1:5060
#
# The server must be fresh (no regroup in effect: state survives restarts) and offer MD5 first
# (system.digest-algorithms: [MD5, SHA-256], as examples/metro.yaml does): sipp 3.6 answers only
# the first challenge of a 401, and only MD5. Credentials: the PASSWORD field of each injection
# file. sipp's logs go to a scratch folder, printed at the start; a failed scenario's
# *_errors.log is printed.
#
# Before anything runs it asks the server's admin API (MUSTER_HTTP=HOST:PORT, default the
# server's host and port 8080, as in examples/metro.yaml; MUSTER_ADMIN_TOKEN if it needs one) for
# leftovers of an earlier run: a regroup in effect, or a group marked as regrouped by another
# mechanism. It then says so in one line, with what to do, and exits 3 without running a scenario.
# Without curl or an admin API it says that it could not check, and goes on.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
server="${1:-127.0.0.1:5060}"
data="${SIPP_DATA:-$here/metro}"
http="${MUSTER_HTTP:-${server%:*}:8080}"

leftovers() { # one line and exit 3 when an earlier run left something the scenarios trip over
  command -v curl >/dev/null || { echo "walkthrough: curl is missing, so leftovers of an earlier run are not checked"; return 0; }
  local auth=() code regroups marks
  [ -n "${MUSTER_ADMIN_TOKEN:-}" ] && auth=(-H "Authorization: Bearer $MUSTER_ADMIN_TOKEN")
  code="$(curl -s -m 5 -o /dev/null -w '%{http_code}' "${auth[@]}" "http://$http/api/status")"
  case "$code" in
    200) ;;
    401) echo "walkthrough: the admin API at http://$http needs its token (MUSTER_ADMIN_TOKEN), so leftovers of an earlier run are not checked"; return 0 ;;
    *) echo "walkthrough: no admin API at http://$http (set MUSTER_HTTP=HOST:PORT), so leftovers of an earlier run are not checked"; return 0 ;;
  esac
  # the regroup groups whose state is ACTIVE, and the groups marked as regrouped by another mechanism
  regroups="$(curl -s -m 5 "${auth[@]}" "http://$http/api/regroups" | grep -oE '"(regroupGroup|state)" *: *"[^"]*"' \
    | awk -F'"' '$2 == "regroupGroup" { rg = $4 } $2 == "state" && $4 == "ACTIVE" { printf "%s%s", sep, rg; sep = " " }')"
  marks="$(curl -s -m 5 "${auth[@]}" "http://$http/api/gms/regrouped" | grep -oE '"sip:[^"]*"' | tr -d '"' | tr '\n' ' ' | sed 's/ $//')"
  if [ -n "$regroups" ]; then
    echo "walkthrough: an earlier regroup is still in effect on $server ($regroups): cancel it" \
      "(./muster cancel --config examples/metro.yaml --user sip:disp1@metro.example --regroup-group ${regroups%% *})" \
      "or stop the server, run ./muster store reset --config examples/metro.yaml and start it again" >&2
    exit 3
  fi
  if [ -n "$marks" ]; then
    echo "walkthrough: groups are marked as regrouped by another mechanism on $server ($marks): remove the marks" \
      "(curl -X DELETE 'http://$http/api/gms/regrouped?group=${marks%% *}', with the admin token) or run ./muster store reset" \
      "on the stopped server" >&2
    exit 3
  fi
}
leftovers

command -v sipp >/dev/null || { echo "sipp is not installed (Debian: apt-get install sip-tester)" >&2; exit 2; }
logs="$(mktemp -d "${TMPDIR:-/tmp}/muster-sipp.XXXXXX")"
echo "server $server, injection files $data, logs in $logs"
cd "$logs" || exit 2
failed=0

common=(-m 1 -nostdin -timeout_error -i 127.0.0.1 -trace_err -trace_logs)
# sipp's own default local port is 5060: give each run its own port (SIPP_BASE_PORT, default 25100)
port="${SIPP_BASE_PORT:-25100}"
next_port() { port=$((port + 1)); }

run() { # NAME CSV [TIMEOUT] [extra sipp options]: runs in the foreground, reports
  local name="$1" csv="$2" timeout="${3:-30s}"
  shift 3 2>/dev/null || shift $#
  next_port
  if sipp "$server" -sf "$here/$name.xml" -inf "$data/$csv.csv" -timeout "$timeout" -p "$port" "${common[@]}" "$@" \
      >"$logs/$csv.out" 2>&1; then
    echo "PASS $name ($csv)"
  else
    echo "FAIL $name ($csv): exit $?"; cat "$logs"/"$name"_*_errors.log 2>/dev/null; failed=1
  fi
}

start_member() { # NAME CSV: in the background; waits until its PUBLISH was answered 200
  local name="$1" csv="$2"
  next_port
  sipp "$server" -sf "$here/$name.xml" -oocsf "$here/member-incoming.xml" -inf "$data/$csv.csv" \
      -timeout 120s -p "$port" "${common[@]}" -log_file "$logs/$csv.log" >"$logs/$csv.out" 2>&1 &
  eval "${csv//-/_}_pid=$!"
  for _ in $(seq 100); do
    grep -q 'SIP-ETag' "$logs/$csv.log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "FAIL $name ($csv): no affiliation within 10 s"; failed=1
}

wait_member() { # NAME CSV
  local name="$1" csv="$2" pidvar="${2//-/_}_pid"
  if wait "${!pidvar}"; then
    echo "PASS $name ($csv)"
  else
    echo "FAIL $name ($csv): exit $?"; cat "$logs/$csv.out" | tail -5; failed=1
  fi
}

run register register
run register-forbidden register-forbidden
run affiliate affiliate

# group regroup: ff1 (affiliated to fire) receives the create, a late member ff2 too, then the cancel
start_member member member
# impersonation: disp1 is registered by its own client; from sockets of their own, the dispatcher's
# regroup MESSAGE and a log-off (Contact: *) of ff1 get 401, without credentials and with a wrong
# password. Had either been accepted, what follows fails: group-regroup would find fire and police
# regrouped already, or ff1 (logged off) would never get the create.
run register register-dispatcher
run forged-regroup forged-regroup
run forged-logoff forged-logoff
run group-regroup group-regroup
run late-affiliation late-affiliation 30s -oocsf "$here/member-incoming.xml"
run regroup-rejected-148 regroup-rejected-148
run regroup-not-authorized regroup-not-authorized
run regroup-unknown-group regroup-unknown-group
run regroup-malformed regroup-malformed
run cancel cancel
wait_member member member

# user regroup: amb1 receives the create and the cancel
start_member member member-user
run user-regroup user-regroup
run cancel cancel-user
wait_member member member-user

exit $failed
