#!/usr/bin/env bash
# scripts/check-layers on the tree (must pass), then on a scratch tree with
# each kind of violation planted (each must be reported), so the check
# itself cannot rot into one that always passes.
set -uo pipefail
root=${1:?usage: layering_test.sh SOURCE_DIR}
"$root/scripts/check-layers" "$root" || exit 1

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=0
expect_reported() {
  local what=$1 file=$2 text=$3 message=$4
  rm -rf "$scratch/tree" && mkdir "$scratch/tree" &&
    cp -r "$root/catalog-service" "$root/metrics-service" "$root/common" \
      "$scratch/tree/" || exit 1
  mkdir -p "$(dirname "$scratch/tree/$file")"
  printf '%s\n' "$text" >>"$scratch/tree/$file"
  local out
  if out=$("$root/scripts/check-layers" "$scratch/tree"); then
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
expect_reported "gRPC in a store file" catalog-service/store/planted.h \
  '#include <grpcpp/grpcpp.h>' "must not include gRPC"
expect_reported "a gRPC stub in a domain file" metrics-service/domain/planted.cc \
  '#include "busan/metrics/v1/metrics.grpc.pb.h"' "must not include gRPC"
expect_reported "RocksDB in a new domain file" catalog-service/domain/planted.cc \
  'rocksdb::WriteBatch batch;' "must not use RocksDB"
exit $failed
