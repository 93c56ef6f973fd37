// How busanctl reaches the services: the client library's channels and call
// settings (retries, keepalive, TLS, token, clear error messages).
#ifndef BUSAN_BUSANCTL_CONNECTION_H_
#define BUSAN_BUSANCTL_CONNECTION_H_

#include "client/busan_client.h"
#include "client/channel.h"
#include "client/options.h"

namespace busan::ctl {

using client::CallOptions;
using client::NewStreamContext;
using client::NewUnaryContext;

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_CONNECTION_H_
