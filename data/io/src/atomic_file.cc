#include "atomic_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace tunelab::io {

using model::Error;
using model::ErrorKind;

model::Result<std::unique_ptr<AtomicFile>> AtomicFile::open(const std::string& path) {
  std::string temp = path + ".tmp-" + std::to_string(::getpid());
  std::FILE* f = std::fopen(temp.c_str(), "wb");
  if (!f)
    return Error{ErrorKind::Io, "cannot write " + path + ": " + std::strerror(errno) +
                                    ". Check that its directory exists and is writable."};
  return std::unique_ptr<AtomicFile>(new AtomicFile(path, std::move(temp), f));
}

AtomicFile::~AtomicFile() {
  if (m_file) std::fclose(m_file);
  if (!m_committed) {
    std::error_code ec;
    std::filesystem::remove(m_temp, ec);
  }
}

model::Status AtomicFile::commit() {
  const bool failed = std::ferror(m_file) != 0;
  const int closed = std::fclose(m_file);
  m_file = nullptr;
  if (failed || closed != 0)
    return Error{ErrorKind::Io, "writing " + m_path + " failed (disk full?); nothing was written."};
  std::error_code ec;
  std::filesystem::rename(m_temp, m_path, ec);
  if (ec) return Error{ErrorKind::Io, "cannot write " + m_path + ": " + ec.message() + "."};
  m_committed = true;
  return model::Ok{};
}

}  // namespace tunelab::io
