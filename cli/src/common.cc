#include "common.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

namespace tunelab::cli {

namespace fs = std::filesystem;
using model::Error;
using model::ErrorKind;

std::string defaultDbPath() {
  const char* env = std::getenv("TUNELAB_DB");
  return env && *env ? env : "tunelab.db";
}

void DbOption::add(CLI::App& app) {
  path = defaultDbPath();
  app.add_option("--db", path, "results database (default: $TUNELAB_DB, else ./tunelab.db)")
      ->type_name("FILE");
}

int reportError(const Error& error) {
  fmt::print(stderr, "tunelab: {}\n", error.message);
  switch (error.kind) {
    case ErrorKind::Workload:
      return kExitFailure;
    default:
      return kExitUsage;
  }
}

model::Result<store::Store> openStore(const std::string& path, store::OpenMode mode) {
  if (mode == store::OpenMode::ReadWrite) {
    fs::path parent = fs::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty() && !fs::exists(parent, ec) && !fs::create_directories(parent, ec))
      return Error{ErrorKind::Database, path + ": cannot create the folder " + parent.string() +
                                            " (" + ec.message() + "). Pass --db with a writable path."};
  }
  return store::Store::open(path, mode);
}

model::Status writeFileAtomically(const fs::path& path, const std::function<void(std::ostream&)>& write) {
  // Rendered first, then written with system calls, so a failure is reported with the
  // kernel's own reason (ENOSPC, EFBIG, EROFS …) instead of a stream's bad bit.
  std::ostringstream text;
  write(text);
  const std::string bytes = std::move(text).str();

  fs::path tmp = path;
  tmp += ".tmp-" + std::to_string(getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return Error{ErrorKind::Io, path.string() + ": cannot create " + tmp.filename().string() + " (" +
                                    std::strerror(errno) +
                                    "). Check that the folder exists and is writable; nothing was replaced."};
  auto failWith = [&](const char* what, int err) -> model::Status {
    ::close(fd);
    std::error_code ec;
    fs::remove(tmp, ec);
    return Error{ErrorKind::Io, path.string() + ": " + what + " failed (" + std::strerror(err) +
                                    "); nothing was replaced."};
  };
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return failWith("writing", n < 0 ? errno : ENOSPC);
    done += static_cast<std::size_t>(n);
  }
  // On disk before the rename: after a power cut the name holds the old file or the new
  // one, never an empty or partial one.
  if (::fsync(fd) != 0) return failWith("syncing", errno);
  if (::close(fd) != 0) {
    const int err = errno;
    std::error_code ec;
    fs::remove(tmp, ec);
    return Error{ErrorKind::Io, path.string() + ": closing failed (" + std::strerror(err) +
                                    "); nothing was replaced."};
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    return Error{ErrorKind::Io, path.string() + ": cannot rename into place (" + ec.message() +
                                    "); nothing was replaced."};
  }
  return model::Ok{};
}

std::string joinCommandLine(int argc, char** argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    if (i) out += ' ';
    std::string a = argv[i];
    if (a.find_first_of(" \t'\"") != std::string::npos) {
      std::string q = "'";
      for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
      a = q + "'";
    }
    out += a;
  }
  return out;
}

}  // namespace tunelab::cli
