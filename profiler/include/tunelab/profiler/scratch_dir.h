#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include <stdlib.h>  // mkdtemp

namespace tunelab::profiler {

// A private folder under $TMPDIR (else /tmp), "tunelab-<what>.XXXXXX", removed with what is in
// it when this goes: where a launched case, a command's executions or a Google Benchmark
// binary leave the files tunelab reads back. path() is empty when it could not be made.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& what) {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/tunelab-" + what + ".XXXXXX";
    if (mkdtemp(pattern.data())) m_path = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!m_path.empty()) std::filesystem::remove_all(m_path, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

}  // namespace tunelab::profiler
