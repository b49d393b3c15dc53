#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

#include "tunelab/model/result.h"
#include "tunelab/store/store.h"

namespace tunelab::cli {

// Exit codes, as documented in `tunelab --help`.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;      // a workload failed (or, later, a regression)
inline constexpr int kExitUsage = 2;        // usage, input or database error
inline constexpr int kExitUndecided = 3;    // compare: too few repetitions to decide (no regression found either)
inline constexpr int kExitInterrupted = 130;  // SIGINT (Ctrl-C): 128 + 2, as shells report it
inline constexpr int kExitTerminated = 143;   // SIGTERM: 128 + 15

// --db FILE, defaulting to $TUNELAB_DB, else tunelab.db in the working directory.
struct DbOption {
  std::string path;
  void add(CLI::App& app);
};
std::string defaultDbPath();

// Prints "tunelab: <message>" on stderr and returns the exit code for the error's kind.
int reportError(const model::Error& error);

// Opens the store; on failure prints the error. For writing, creates missing parent folders.
model::Result<store::Store> openStore(const std::string& path, store::OpenMode mode);

// Writes via a temporary file in the same folder, renamed into place when complete, so a
// failed export never leaves half a file behind.
model::Status writeFileAtomically(const std::filesystem::path& path,
                                  const std::function<void(std::ostream&)>& write);

// The command line as typed, for the session record.
std::string joinCommandLine(int argc, char** argv);

}  // namespace tunelab::cli
