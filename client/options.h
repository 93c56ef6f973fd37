// Settings of the Busan client library: where the services are, how a
// channel is secured and kept alive, how calls are retried and bounded.
// Plain structs, so a service embedding the library fills them from its own
// configuration.
#ifndef BUSAN_CLIENT_OPTIONS_H_
#define BUSAN_CLIENT_OPTIONS_H_

#include <chrono>
#include <string>

namespace busan::client {

// TLS of one channel. Off when ca_file is empty (plaintext, for loopback
// and for meshes that encrypt for us).
struct TlsOptions {
  // PEM roots that sign the server's certificate; turns TLS on.
  std::string ca_file;
  // PEM client certificate and key, for servers that require mTLS
  // (--tls_client_ca_file on the server). Both or neither.
  std::string cert_file;
  std::string key_file;
  // Expected name in the server certificate when it differs from the
  // target's host (e.g. a certificate for "catalog.busan.internal" reached
  // at 127.0.0.1). Empty: the target's host.
  std::string server_name;
};

// Retries of UNAVAILABLE (server down, restarting or draining), done by
// gRPC itself from the channel's service config. Writes are safe to retry:
// the client sends a request_id, so a write that did land is not repeated.
struct RetryOptions {
  // Attempts in all, including the first; 1 turns retries off. gRPC caps
  // this at 5.
  int max_attempts = 4;
  std::chrono::milliseconds initial_backoff{200};
  std::chrono::milliseconds max_backoff{2000};
  double backoff_multiplier = 2.0;
};

struct ChannelOptions {
  // "HOST:PORT" or any gRPC target URI ("dns:///catalog:50051").
  std::string target;
  // Names the service in error messages: "catalog-service".
  std::string service_label;
  TlsOptions tls;
  RetryOptions retry;
  // HTTP/2 keepalive pings on idle connections, so a long-lived client
  // notices a dead peer (and proxies keep the connection) within
  // time + timeout. The servers accept pings every 10 s or slower.
  std::chrono::milliseconds keepalive_time{60'000};
  std::chrono::milliseconds keepalive_timeout{20'000};
};

// Settings of each call.
struct CallOptions {
  // Deadline of each unary call, counted from the moment its context is
  // made; it bounds all retry attempts together. Streams have none.
  std::chrono::milliseconds timeout{10'000};
  // Sent as "authorization: Bearer <token>" when not empty.
  std::string token;
};

}  // namespace busan::client

#endif  // BUSAN_CLIENT_OPTIONS_H_
