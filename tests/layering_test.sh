#!/usr/bin/env bash
# scripts/check-layers on the tree and its build (must pass), then on a
# scratch tree with each kind of violation planted (each must be reported),
# so the check itself cannot rot into one that always passes.
set -uo pipefail
root=${1:?usage: layering_test.sh SOURCE_DIR BUILD_DIR}
build=${2:?usage: layering_test.sh SOURCE_DIR BUILD_DIR}
"$root/scripts/check-layers" "$root" "$build" || exit 1

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=0
# Runs check-layers with the given arguments and judges its report.
judge() {
  local what=$1 message=$2
  shift 2
  local out
  if out=$("$root/scripts/check-layers" "$@"); then
    echo "not reported: $what"
    failed=1
  elif ! grep -q "$message" <<<"$out"; then
    echo "reported without \"$message\": $what"
    echo "$out"
    failed=1
  else
    echo "reported: $what"
  fi
}
expect_reported() {
  local what=$1 file=$2 text=$3 message=$4
  rm -rf "$scratch/tree" && mkdir "$scratch/tree" &&
    cp -r "$root/catalog-service" "$root/metrics-service" "$root/common" \
      "$root/client" "$root/busanctl" "$scratch/tree/" || exit 1
  mkdir -p "$(dirname "$scratch/tree/$file")"
  printf '%s\n' "$text" >>"$scratch/tree/$file"
  judge "$what" "$message" "$scratch/tree"
}
expect_reported "gRPC in a store file" catalog-service/store/planted.h \
  '#include <grpcpp/grpcpp.h>' "must not include gRPC"
expect_reported "a gRPC stub in a domain file" metrics-service/domain/planted.cc \
  '#include "busan/metrics/v1/metrics.grpc.pb.h"' "must not include gRPC"
expect_reported "RocksDB in a new domain file" catalog-service/domain/planted.cc \
  'rocksdb::WriteBatch batch;' "must not use RocksDB"
expect_reported "a store type in an API file" catalog-service/api/planted.cc \
  'const store::Database* database;' "must not use the store"
expect_reported "the commit thread in an API file" metrics-service/api/planted.cc \
  'metrics_->writer().Stop();' "must not use the store"
expect_reported "gRPC in a report file" busanctl/report/planted.cc \
  '#include <grpcpp/grpcpp.h>' "report code must not include gRPC"
expect_reported "a store in the command-line client" busanctl/planted.cc \
  '#include "common/store/backups.h"' "client code must not open a store"
expect_reported "RocksDB in the client library" client/planted.h \
  '#include <rocksdb/db.h>' "client code must not open a store"
expect_reported "etcd's stubs outside the etcd client" common/store/planted.cc \
  '#include "common/etcd/internal/etcd_stubs.h"' "etcd's stubs are common/etcd's own"

# A domain file that includes no RocksDB header itself but a store header
# that does: only the transitive check sees it. Its compile command is a
# real domain file's, pointed at the planted file.
rm -rf "$scratch/tree" && mkdir -p "$scratch/tree/catalog-service/domain" \
  "$scratch/build" || exit 1
planted="$scratch/tree/catalog-service/domain/planted.cc"
printf '#include "common/store/database.h"\n' >"$planted"
python3 - "$build/compile_commands.json" "$root" "$planted" \
  >"$scratch/build/compile_commands.json" <<'PY' || exit 1
import json, os, sys
database, root, planted = sys.argv[1:]
real = os.path.join(root, "catalog-service/domain/totals.cc")
entry = next(e for e in json.load(open(database))
             if os.path.realpath(e["file"]) == os.path.realpath(real))
entry["command"] = entry["command"].replace(entry["file"], planted)
entry["file"] = planted
print(json.dumps([entry]))
PY
judge "RocksDB reached through a header" "domain code reaches .*rocksdb" \
  "$scratch/tree" "$scratch/build"
exit $failed
