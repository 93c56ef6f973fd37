# metrics-service: the release image. The source stage compiles the tree;
# the last stage holds the binary and its runtime libraries only.
#
#   podman build -f deploy/docker/metrics-service.Dockerfile \
#       -t busan/metrics-service:VERSION .
#
# BINARIES=prebuilt takes bin/metrics-service and bin/busan-restore from the
# build context instead
# of compiling (deploy/check builds the tree once and packs all three images
# from it); the runtime stage is the same either way.
# The base of every stage. A release pins it by digest (README,
# "Deploying on Kubernetes"): --build-arg BASE=debian:bookworm-slim@sha256:...
ARG BASE=docker.io/library/debian:bookworm-slim
ARG BINARIES=source

FROM ${BASE} AS source
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config libgrpc++-dev \
      libprotobuf-dev protobuf-compiler protobuf-compiler-grpc libabsl-dev \
      librocksdb-dev libssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DBUSAN_BUILD_TESTS=OFF -DBUSAN_BUILD_BENCH=OFF \
 && cmake --build /build --target metrics-service busan-restore \
 && install -D -s /build/bin/metrics-service /out/bin/metrics-service \
 && install -D -s /build/bin/busan-restore /out/bin/busan-restore

FROM scratch AS prebuilt
COPY bin/metrics-service /out/bin/metrics-service
COPY bin/busan-restore /out/bin/busan-restore

FROM ${BINARIES} AS binaries

FROM ${BASE}
# Only what the binary links: gRPC (with OpenSSL, c-ares, re2), Protobuf,
# Abseil, and the compression libraries of the static RocksDB.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libgrpc++1.51 libprotobuf32 libabsl20220623 libsnappy1v5 liblz4-1 \
      libzstd1 libbz2-1.0 zlib1g \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 busan \
 && useradd --uid 10001 --gid 10001 --no-create-home \
      --home-dir /nonexistent --shell /usr/sbin/nologin busan \
 && install -d -o 10001 -g 10001 -m 0750 /var/lib/busan/metrics \
      /var/lib/busan/backups
COPY --from=binaries /out/bin/metrics-service /usr/local/bin/metrics-service
# The offline restore the restore Jobs run on this image.
COPY --from=binaries /out/bin/busan-restore /usr/local/bin/busan-restore
USER 10001:10001
# The volume the RocksDB directory (db/) lives in, and where --backup_dir
# points in the manifests.
VOLUME /var/lib/busan/metrics /var/lib/busan/backups
# gRPC API, plaintext health for probes, Prometheus /metrics.
EXPOSE 50052 8082 9092
# The server is PID 1 and handles SIGTERM itself: it turns health
# NOT_SERVING, drains calls for --drain_seconds, flushes RocksDB, exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/metrics-service", \
            "--address=0.0.0.0:50052", \
            "--health_address=0.0.0.0:8082", \
            "--metrics_address=0.0.0.0:9092", \
            "--data_dir=/var/lib/busan/metrics/db"]
