#include "common.h"

#include <fmt/core.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

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
  fs::path tmp = path;
  tmp += ".tmp-" + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out)
      return Error{ErrorKind::Io, tmp.string() + ": cannot create (" + std::strerror(errno) +
                                      "). Check that the folder exists and is writable."};
    write(out);
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      return Error{ErrorKind::Io, path.string() + ": writing failed (disk full?); nothing was replaced."};
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Error{ErrorKind::Io, path.string() + ": cannot rename into place (" + ec.message() + ")."};
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
