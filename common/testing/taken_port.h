// A loopback port held by the test for as long as the object lives, for
// tests of "address in use" and "nothing answers here". It is bound without
// SO_REUSEPORT, so no server (gRPC sets that option) can share it.
#ifndef BUSAN_COMMON_TESTING_TAKEN_PORT_H_
#define BUSAN_COMMON_TESTING_TAKEN_PORT_H_

#include <string>

namespace busan::testing {

class TakenPort {
 public:
  enum class Mode {
    kListening,  // connections are accepted into a backlog nobody reads
    kRefusing,   // bound but not listening: connections are refused
  };

  // Adds a test failure when no port can be held.
  explicit TakenPort(Mode mode = Mode::kListening);
  ~TakenPort();
  TakenPort(const TakenPort&) = delete;
  TakenPort& operator=(const TakenPort&) = delete;

  int port() const { return port_; }
  // "127.0.0.1:PORT".
  std::string address() const;

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace busan::testing

#endif  // BUSAN_COMMON_TESTING_TAKEN_PORT_H_
