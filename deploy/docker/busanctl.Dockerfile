# busanctl with the shipped seed data: the client of both services, for
# Jobs (`busanctl seed`) and for operators (`podman run ... dashboard`).
#
#   podman build -f deploy/docker/busanctl.Dockerfile -t busan/busanctl:VERSION .
#
# BINARIES=prebuilt takes bin/busanctl and data/ from the build context
# instead of compiling (see catalog-service.Dockerfile).
# The base of every stage. A release pins it by digest (README,
# "Deploying on Kubernetes"): --build-arg BASE=debian:bookworm-slim@sha256:...
ARG BASE=docker.io/library/debian:bookworm-slim
ARG BINARIES=source

FROM ${BASE} AS source
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config libgrpc++-dev \
      libprotobuf-dev protobuf-compiler protobuf-compiler-grpc libabsl-dev \
      libssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DBUSAN_BUILD_TESTS=OFF -DBUSAN_BUILD_BENCH=OFF \
 && cmake --build /build --target busanctl \
 && install -D -s /build/bin/busanctl /out/bin/busanctl \
 && install -d /out/data && cp data/*.txtpb data/README.md /out/data/

FROM scratch AS prebuilt
COPY bin/busanctl /out/bin/busanctl
COPY data/ /out/data/

FROM ${BINARIES} AS binaries

FROM ${BASE}
# gRPC (with OpenSSL, c-ares, re2), Protobuf and Abseil (busanctl links no
# store); tini as PID 1, so that SIGTERM stops a running command (a CLI
# does not handle it itself).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libgrpc++1.51 libprotobuf32 libabsl20220623 tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 busan \
 && useradd --uid 10001 --gid 10001 --no-create-home \
      --home-dir /nonexistent --shell /usr/sbin/nologin busan
COPY --from=binaries /out/bin/busanctl /usr/local/bin/busanctl
COPY --from=binaries /out/data/ /usr/share/busan/data/
# `busanctl seed` with no FILE reads data/catalog.txtpb and
# data/metrics.txtpb relative to here.
WORKDIR /usr/share/busan
USER 10001:10001
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/busanctl"]
CMD ["--help"]
