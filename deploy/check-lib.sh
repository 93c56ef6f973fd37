# The image and container steps of deploy/check (sourced by it: uses its
# check/ok/not_ok helpers and its RUN, WORK, BIN, BASE_IMAGE variables).

IMAGES=(catalog-service metrics-service busanctl busan-offsite)
# The container settings the manifests ask of Kubernetes.
HARDENED=(--read-only --cap-drop=ALL --security-opt=no-new-privileges
          --user=10001:10001)

PAUSE_IMAGE=localhost/podman-pause:$(podman version --format '{{.Client.Version}}')-0

image() { echo "localhost/busan/$1:$RUN"; }

# No registry is reachable: make the base image the Dockerfiles start from
# the way Debian makes its own (minbase, docs and locales left out, as in
# the official -slim tag) unless it is there already.
ensure_base_image() {
  podman image exists "$BASE_IMAGE" && return 0
  mmdebstrap --quiet --variant=minbase --format=tar \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    bookworm - | podman import - "$BASE_IMAGE" >/dev/null
}

# Stripped binaries and the seed data: the context of BINARIES=prebuilt.
stage_context() {
  mkdir -p "$WORK/context/bin" || return 1
  for binary in catalog-service metrics-service busanctl busan-restore; do
    objcopy --strip-unneeded "$BIN/$binary" "$WORK/context/bin/$binary" ||
      return 1
  done
  cp -r data "$WORK/context/data" &&
    install -D deploy/offsite/busan-offsite \
      "$WORK/context/deploy/offsite/busan-offsite"
}

# USER, ENTRYPOINT and (for a service) VOLUME, as the manifests assume.
# The store is a directory below the volume, not its root: a fresh ext4
# volume's root holds lost+found, and a restore renames its staging
# directory into place beside the store.
image_config_ok() {
  local name=$1 config
  config=$(podman image inspect --format \
    '{{.Config.User}}|{{json .Config.Entrypoint}}|{{json .Config.Volumes}}' \
    "$(image "$name")") || return 1
  echo "$config"
  [[ $config == 10001:10001\|\[* ]] || return 1
  case $name in
    busanctl | busan-offsite) [[ $config == *'"/usr/bin/tini"'* ]] ;;
    *) [[ $config == *"\"/var/lib/busan/${name%-service}\""* &&
          $config == *"--data_dir=/var/lib/busan/${name%-service}/db\""* &&
          $config == *'"--health_address=0.0.0.0:808'* ]] ;;
  esac
}

build_images() {
  # Decided here, not in the check's subshell, so that cleanup sees it.
  podman image exists "$BASE_IMAGE" || made_images+=("$BASE_IMAGE")
  check "base image $BASE_IMAGE is present (made locally when missing)" \
    ensure_base_image
  check "stage the built binaries as the image context" stage_context
  # Built on the base pinned by digest, as a release is.
  local digest pinned
  digest=$(podman image inspect --format '{{.Digest}}' "$BASE_IMAGE" 2>/dev/null)
  pinned="${BASE_IMAGE%:*}@$digest"
  echo "    base: $pinned"
  local name size
  for name in "${IMAGES[@]}"; do
    check "podman build $name (BINARIES=prebuilt, BASE pinned by digest)" \
      podman build --pull=never --layers=false --network=host \
      --label "busan.check=$RUN" --build-arg "BASE=$pinned" \
      --build-arg BINARIES=prebuilt -f "deploy/docker/$name.Dockerfile" \
      -t "$(image "$name")" "$WORK/context"
    check "$name image: user 10001:10001, entrypoint, data below its volume" \
      image_config_ok "$name"
    size=$(podman image inspect --format '{{.Size}}' "$(image "$name")" \
      2>/dev/null)
    [ -n "$size" ] && echo "    $name image: $((size / 1000000)) MB"
  done
}

# The secrets a cluster would mount: the servers' tokens file with a write
# token (busanctl's, for the seed) and an admin token (the backup
# CronJob's), and a CA-signed certificate for both services' names.
make_secrets() {
  local s=$WORK/secrets
  mkdir -p "$s/auth" "$s/token" "$s/admin-token" "$s/tls" || return 1
  local token admin_token
  token=$(openssl rand -hex 24) || return 1
  admin_token=$(openssl rand -hex 24) || return 1
  printf '%s write\n%s admin\n' "$token" "$admin_token" >"$s/auth/tokens"
  echo "$token" >"$s/token/token"
  echo "$admin_token" >"$s/admin-token/token"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=busan-check CA" \
    -keyout "$s/ca.key" -out "$s/tls/ca.crt" 2>/dev/null || return 1
  openssl req -newkey rsa:2048 -nodes -subj "/CN=catalog-service" \
    -keyout "$s/tls/tls.key" -out "$s/server.csr" 2>/dev/null || return 1
  printf 'subjectAltName=DNS:catalog-service,DNS:metrics-service,DNS:localhost,IP:127.0.0.1\n' \
    >"$s/san.ext"
  openssl x509 -req -in "$s/server.csr" -CA "$s/tls/ca.crt" -CAkey "$s/ca.key" \
    -CAcreateserial -days 2 -extfile "$s/san.ext" -out "$s/tls/tls.crt" \
    2>/dev/null || return 1
  # Readable by the containers' user, as Kubernetes' fsGroup makes them.
  chmod 0755 "$s" "$s/auth" "$s/token" "$s/admin-token" "$s/tls" \
    "$WORK/config-prod"
  chmod 0644 "$s/auth/tokens" "$s/token/token" "$s/admin-token/token" \
    "$s"/tls/*
  # The cluster's DNS names of the two services, inside a pod that has
  # loopback only.
  echo "127.0.0.1 localhost catalog-service metrics-service" >"$WORK/hosts"
  chmod 0644 "$WORK/hosts"
}

# The volumes the services run on: $RUN-catalog, $RUN-catalog-backups and
# the metrics ones; $VOLUMES-... once the first set is "lost".
VOLUMES=$RUN

start_service() {
  local name=$1
  podman run -d --name "$RUN-${name%-service}" --pod "$RUN" "${HARDENED[@]}" \
    -v "$VOLUMES-${name%-service}:/var/lib/busan/${name%-service}" \
    -v "$VOLUMES-${name%-service}-backups:/var/lib/busan/backups" \
    -v "$WORK/config-prod:/etc/busan/config:ro" \
    -v "$WORK/secrets/auth:/etc/busan/auth:ro" \
    -v "$WORK/secrets/tls:/etc/busan/tls:ro" \
    "$(image "$name")" "--flagfile=/etc/busan/config/$name.flags" >/dev/null
}

start_services() {
  start_service catalog-service && start_service metrics-service
}

# busanctl from its image in the pod, with the seed Job's and the backup
# CronJob's mounts.
ctl() {
  podman run --rm --pod "$RUN" "${HARDENED[@]}" \
    -v "$WORK/hosts:/etc/hosts:ro" \
    -v "$WORK/config-prod:/etc/busan/config:ro" \
    -v "$WORK/secrets/token:/etc/busan/token:ro" \
    -v "$WORK/secrets/admin-token:/etc/busan/admin-token:ro" \
    -v "$WORK/secrets/tls:/etc/busan/tls:ro" \
    "$(image busanctl)" "$@"
}

# Polls the plaintext health ports (what kubelet's probes use), bounded.
wait_serving() {
  local deadline=$((SECONDS + 90))
  while [ $SECONDS -lt $deadline ]; do
    ctl --catalog=127.0.0.1:8081 --metrics=127.0.0.1:8082 --timeout=2 \
      health && return 0
    sleep 1
  done
  podman logs "$RUN-catalog" "$RUN-metrics" 2>&1 | tail -n 20
  return 1
}

# Runs busanctl with the prod busanctl.flags (TLS, token file) and keeps
# its output in $WORK/NAME.out.
ctl_job() {
  local name=$1
  shift
  ctl --flagfile=/etc/busan/config/busanctl.flags "$@" >"$WORK/$name.out" 2>&1
  local status=$?
  tail -n 5 "$WORK/$name.out"
  return $status
}

# Whether container $1 logged the "stopped" line. The log is read whole
# before matching (with pipefail, grep -q quitting early would fail the
# pipeline through podman's SIGPIPE) and re-read for a few seconds, since
# conmon may still be writing the last lines when the exit is reported.
logged_stopped() {
  local logs attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    logs=$(podman logs "$1" 2>&1)
    grep -q '"event":"stopped"' <<<"$logs" && return 0
    sleep 0.5
  done
  echo "$1 did not log its stop:"
  tail -n 5 <<<"$logs"
  return 1
}

# SIGTERM through `podman stop`: both exit 0 (the "stopped" log line, so
# the drain and the RocksDB flush ran), well before the 30 s grace period.
stop_services() {
  local start=$SECONDS
  podman stop -t 30 "$RUN-catalog" "$RUN-metrics" >/dev/null || return 1
  local took=$((SECONDS - start))
  echo "stopped in ${took}s"
  local name code
  for name in catalog metrics; do
    code=$(podman inspect --format '{{.State.ExitCode}}' "$RUN-$name")
    echo "$name-service exit code $code"
    [ "$code" = 0 ] || return 1
    logged_stopped "$RUN-$name" || return 1
  done
  [ "$took" -lt 15 ]
}

# The backup CronJob's command: both services report a verified backup in
# their backups volume; the seed's write token may not take one.
backup_both() {
  ctl_job backup-refused admin backup && return 1
  grep -q "role admin" "$WORK/backup-refused.out" || return 1
  ctl_job backup --token_file=/etc/busan/admin-token/token --timeout=300 \
    admin backup || return 1
  grep -q "^catalog-service  backups/1 " "$WORK/backup.out" &&
    grep -q "^metrics-service  backups/1 " "$WORK/backup.out"
}

seed_unchanged() {
  ctl_job reseed seed || return 1
  grep -q "^seed: created 0, updated 0, unchanged [1-9]" "$WORK/reseed.out"
}

# What the kernel says of each service's PID 1: its uid, no effective
# capability, and a root filesystem that refuses writes.
confined() {
  local name
  for name in catalog metrics; do
    podman exec "$RUN-$name" sh -c '
      grep -q "^Uid:[[:space:]]*10001[[:space:]]" /proc/1/status &&
      grep -q "^CapEff:[[:space:]]*0000000000000000$" /proc/1/status &&
      ! touch /usr/local/bin/probe 2>/dev/null' || {
      echo "$name-service is not confined"
      return 1
    }
  done
}

dashboard_unchanged() {
  ctl_job dashboard2 dashboard >/dev/null || return 1
  diff "$WORK/dashboard.out" "$WORK/dashboard2.out"
}

# A bucket for the off-cluster backups: s3rver (an S3-compatible server,
# from deploy/validate's npm packages) on a free loopback port, over TLS
# with the CA of make_secrets, its objects in $WORK/bucket. The shipper
# containers reach it through the host's network: what is tested is the
# shipping, not the cluster's network policies (deploy/validate checks
# those).
start_bucket() {
  BUCKET_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') ||
    return 1
  mkdir -p "$WORK/bucket" || return 1
  deploy/validate/node_modules/.bin/s3rver --directory "$WORK/bucket" \
    --address 127.0.0.1 --port "$BUCKET_PORT" \
    --key "$WORK/secrets/tls/tls.key" --cert "$WORK/secrets/tls/tls.crt" \
    --configure-bucket busan-check >"$WORK/bucket.log" 2>&1 &
  BUCKET_PID=$!
  local deadline=$((SECONDS + 30))
  until grep -q listening "$WORK/bucket.log"; do
    kill -0 "$BUCKET_PID" 2>/dev/null && [ $SECONDS -lt $deadline ] || {
      cat "$WORK/bucket.log"
      return 1
    }
    sleep 0.2
  done
  # What the Secret busan-offsite-backups holds in a cluster.
  printf '%s\n' "OFFSITE_REPOSITORY=s3:https://127.0.0.1:$BUCKET_PORT/busan-check" \
    AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER \
    "RESTIC_PASSWORD=$(openssl rand -hex 16)" \
    OFFSITE_CACERT=/etc/busan/tls/ca.crt >"$WORK/offsite.env"
}

# busan-offsite from its image, hardened like the pods' containers, for
# service $1, on the host's network (the bucket's loopback port).
offsite() {
  local service=$1
  shift
  podman run --network host "${HARDENED[@]}" \
    --tmpfs /var/cache/restic:rw,size=64m,mode=1777 \
    --env-file "$WORK/offsite.env" -e "SERVICE=$service" \
    -v "$WORK/secrets/tls:/etc/busan/tls:ro" "$@"
}

# The sidecars: each ships its service's newest verified backup (backup 1,
# from backup_both) within 60 s, reading the backups volume read-only, and
# stops on SIGTERM with exit 0.
ship_both() {
  local name
  for name in catalog metrics; do
    offsite "$name-service" -d --name "$RUN-$name-offsite" -e SHIP_INTERVAL=1 \
      -v "$RUN-$name-backups:/var/lib/busan/backups:ro" \
      "$(image busan-offsite)" ship >/dev/null || return 1
  done
  local deadline=$((SECONDS + 60)) logs
  for name in catalog metrics; do
    until logs=$(podman logs "$RUN-$name-offsite" 2>&1) &&
      grep -q '"event":"backup_shipped".*"backup":"1"' <<<"$logs"; do
      if [ $SECONDS -ge $deadline ] || grep -q backup_ship_failed <<<"$logs"; then
        echo "$name: $logs"
        return 1
      fi
      sleep 1
    done
    grep '"backup_shipped"' <<<"$logs"
  done
  podman stop -t 10 "$RUN-catalog-offsite" "$RUN-metrics-offsite" >/dev/null &&
    for name in catalog metrics; do
      [ "$(podman inspect --format '{{.State.ExitCode}}' "$RUN-$name-offsite")" = 0 ] ||
        { echo "$name-offsite did not exit 0"; return 1; }
    done
}

# Everything in the cluster lost: new, empty volumes, which the services
# run on from here (VOLUMES). Each service's backup comes back from the
# bucket (the restore-offsite init container), then the restore Job's
# busan-restore, from the service's image, puts it in place.
restore_from_bucket() {
  VOLUMES=$RUN-lost
  local name
  for name in catalog metrics; do
    podman volume create "$VOLUMES-$name" >/dev/null &&
      podman volume create "$VOLUMES-$name-backups" >/dev/null || return 1
    offsite "$name-service" --rm \
      -v "$VOLUMES-$name-backups:/var/lib/busan/backups:U" \
      "$(image busan-offsite)" fetch /var/lib/busan/backups || return 1
    podman run --rm --network none "${HARDENED[@]}" \
      -v "$VOLUMES-$name:/var/lib/busan/$name:U" \
      -v "$VOLUMES-$name-backups:/var/lib/busan/backups:ro" \
      --entrypoint /usr/local/bin/busan-restore \
      "$(image "$name-service")" /var/lib/busan/backups \
      "/var/lib/busan/$name/db" || return 1
  done
}

restart_services() {
  podman rm "$RUN-catalog" "$RUN-metrics" >/dev/null && start_services
}

run_containers() {
  check "secrets: tokens file, token, CA-signed certificate" make_secrets
  # podman makes its pause image for the first pod.
  podman image exists "$PAUSE_IMAGE" || made_images+=("$PAUSE_IMAGE")
  check "pod with loopback only" \
    podman pod create --name "$RUN" --network none
  check "a volume for each RocksDB directory and each backup directory" \
    sh -c "podman volume create $RUN-catalog && podman volume create $RUN-metrics &&
      podman volume create $RUN-catalog-backups &&
      podman volume create $RUN-metrics-backups"
  check "both services start read-only, non-root, no capabilities" \
    start_services
  check "both report SERVING on their health ports" wait_serving
  check "in the containers: uid 10001, read-only root, no capabilities" \
    confined
  check "busanctl seed over TLS with the token file" ctl_job seed seed
  [ -f "$WORK/seed.out" ] && echo "    $(tail -n 1 "$WORK/seed.out")"
  check "busanctl dashboard over TLS" ctl_job dashboard dashboard
  check "busanctl admin backup: both services, admin token only" backup_both
  check "podman stop: both exit 0 after draining, within 15 s" stop_services
  check "remove the containers, keep the volumes" \
    podman rm "$RUN-catalog" "$RUN-metrics"
  check "both services start again" start_services
  check "both report SERVING again" wait_serving
  check "the data survived: a second seed changes nothing" seed_unchanged
  check "the data survived: the dashboard is the same" dashboard_unchanged
  check "podman stop again: both exit 0" stop_services
  check_here "a TLS S3-compatible bucket on loopback (s3rver)" start_bucket
  check "busan-offsite ships each service's verified backup to the bucket" \
    ship_both
  check_here "all volumes lost: each service's backup fetched from the bucket and restored" \
    restore_from_bucket
  check "new containers start on the restored volumes" restart_services
  check "both report SERVING from the restored volumes" wait_serving
  check "the bucket's backups hold the data: the dashboard is the same" \
    dashboard_unchanged
  check "podman stop on the restored volumes: both exit 0" stop_services
}
