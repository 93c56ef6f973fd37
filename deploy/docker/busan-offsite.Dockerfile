# busan-offsite: restic from Debian and deploy/offsite/busan-offsite, which
# ships each service's verified backups to an S3-compatible bucket (the
# services' sidecar) and fetches them back for a restore (an init container
# of the restore Jobs). Built from the repository's root:
#
#   podman build -f deploy/docker/busan-offsite.Dockerfile \
#       -t busan/busan-offsite:VERSION .
# The base of every stage. A release pins it by digest (README,
# "Deploying on Kubernetes"): --build-arg BASE=debian:bookworm-slim@sha256:...
ARG BASE=docker.io/library/debian:bookworm-slim
FROM ${BASE}
# ca-certificates for the bucket's TLS; tini as PID 1 passes SIGTERM to
# the whole process group, so that a restic run stops with the script.
RUN apt-get update \
 && apt-get install -y --no-install-recommends restic ca-certificates tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 busan \
 && useradd --uid 10001 --gid 10001 --no-create-home \
      --home-dir /nonexistent --shell /usr/sbin/nologin busan
COPY deploy/offsite/busan-offsite /usr/local/bin/busan-offsite
USER 10001:10001
# restic's cache: a writable volume in the pod (the root is read-only).
ENV RESTIC_CACHE_DIR=/var/cache/restic
ENTRYPOINT ["/usr/bin/tini", "-g", "--", "/usr/local/bin/busan-offsite"]
CMD ["ship"]
