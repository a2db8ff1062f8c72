# shellcheck shell=bash disable=SC2034
# Shared by the bench scripts (sourced after they define `log`, `die` and ROOT).

# Installs missing Debian packages through the project's installer.
apt_install() {
    log "installing: $*"
    "$ROOT/scripts/apt-install" "$@"
}

# Installs each missing command (its Debian package has the same name): need_commands python3 wrk curl
need_commands() {
    local command
    for command in "$@"; do
        command -v "$command" >/dev/null || apt_install "$command"
    done
}

# PostgreSQL 15's programs under PG_BIN and the `postgres` user the throwaway clusters run as.
need_postgres() {
    [[ -x $PG_BIN/initdb && -x $PG_BIN/psql ]] || apt_install postgresql-15
    id postgres >/dev/null 2>&1 || die "no 'postgres' user after installing postgresql-15"
}

# Sets BIN to the mantis binary to measure (MANTIS_BIN, or a release build made now) and BUILD_SECONDS.
resolve_binary() {
    BUILD_SECONDS=None
    if [[ -n ${MANTIS_BIN:-} ]]; then
        # Another build may be relinking this binary right now: give it up to 2 minutes to reappear.
        for ((i = 0; i < 120; i++)); do
            [[ -x $MANTIS_BIN ]] && break
            ((i == 0)) && log "waiting for $MANTIS_BIN to appear (a build may be relinking it)"
            sleep 1
        done
        BIN=$(realpath "$MANTIS_BIN")
        log "using MANTIS_BIN=$BIN"
    else
        BIN=$ROOT/.build/release/mantis
        if [[ ! -x $BIN ]]; then
            log "building release (swift build -c release --product mantis)"
            local build_start=$SECONDS
            (cd "$ROOT" && swift build -c release --product mantis)
            BUILD_SECONDS=$((SECONDS - build_start))
        fi
    fi
    [[ -x $BIN ]] || die "no executable at $BIN"
}

# The end of every cleanup: keep the scratch folder after a failure or with BENCH_KEEP=1, else remove it.
finish_scratch() {
    local rc=$1
    if ((rc != 0)); then
        log "failed (exit $rc); scratch files kept in $TMP"
    elif [[ ${BENCH_KEEP:-0} == 1 ]]; then
        log "scratch files kept in $TMP"
    else
        rm -rf "$TMP"
    fi
}

# Starts a throwaway PostgreSQL cluster (trust auth, loopback, its own socket directory) and creates database
# $1. Sets PG_DIR and PG_PORT; further arguments are extra server options ("-c name=value ..."). Needs PG_BIN,
# TMP and free_port.
start_throwaway_postgres() {
    local database=$1
    shift
    PG_DIR=$(mktemp -d /tmp/mantis-bench-pg.XXXXXX)
    chown postgres:postgres "$PG_DIR"
    chmod 700 "$PG_DIR"
    PG_PORT=$(free_port)
    log "postgres: initdb in $PG_DIR, port $PG_PORT"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR" -A trust -U postgres >"$TMP/initdb.log" 2>&1 \
        || { cat "$TMP/initdb.log" >&2; die "initdb failed"; }
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR" -w -t 60 \
        -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 $*" -l "$PG_DIR/log" start >/dev/null \
        || { cat "$PG_DIR/log" >&2; die "pg_ctl start failed"; }
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$database"
}
