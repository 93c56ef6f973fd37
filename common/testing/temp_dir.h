// A unique temporary directory per test, removed when the object dies.
#ifndef BUSAN_COMMON_TESTING_TEMP_DIR_H_
#define BUSAN_COMMON_TESTING_TEMP_DIR_H_

#include <string>

namespace busan::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() + "/" + name.
  std::string Sub(const std::string& name) const;
  // Writes `contents` to Sub(name), replacing it, and returns that path.
  std::string Write(const std::string& name, const std::string& contents) const;
  // The bytes of Sub(name); empty when it cannot be read.
  std::string Read(const std::string& name) const;

 private:
  std::string path_;
};

// Writes `contents` to `name` in a directory of this process's own (a
// TempDir removed at exit) and returns the file's path: for tests that need
// a file, not a directory.
std::string WriteTestFile(const std::string& name, const std::string& contents);

}  // namespace busan::testing

#endif  // BUSAN_COMMON_TESTING_TEMP_DIR_H_
