#include "common/testing/temp_dir.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace busan::testing {

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "busan-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::Sub(const std::string& name) const {
  return path_ + "/" + name;
}

std::string TempDir::Write(const std::string& name,
                           const std::string& contents) const {
  const std::string path = Sub(name);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << contents;
  return path;
}

std::string TempDir::Read(const std::string& name) const {
  std::ifstream file(Sub(name), std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

std::string WriteTestFile(const std::string& name,
                          const std::string& contents) {
  static TempDir files;  // removed when the process exits
  return files.Write(name, contents);
}

}  // namespace busan::testing
