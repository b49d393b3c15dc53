#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "tunelab/model/result.h"

namespace tunelab::io {

// Writes to "<path>.tmp-<pid>" and renames onto `path` only in commit(): a failed or
// abandoned write leaves whatever was at `path` untouched and removes its temporary file.
class AtomicFile {
 public:
  static model::Result<std::unique_ptr<AtomicFile>> open(const std::string& path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::FILE* stream() { return m_file; }
  bool write(const void* data, std::size_t bytes) {
    return std::fwrite(data, 1, bytes, m_file) == bytes;
  }
  bool write(const std::string& text) { return write(text.data(), text.size()); }
  // Flushes, closes and renames; reports the first write error, if any, instead.
  model::Status commit();

 private:
  AtomicFile(std::string path, std::string temp, std::FILE* file)
      : m_path(std::move(path)), m_temp(std::move(temp)), m_file(file) {}
  std::string m_path;
  std::string m_temp;
  std::FILE* m_file = nullptr;
  bool m_committed = false;
};

}  // namespace tunelab::io
