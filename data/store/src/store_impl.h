#pragma once

// What Store holds behind its pointer, shared by the files that implement it (store.cc:
// opening, sessions, writing runs; store_runs.cc: reading them back).
#include <filesystem>

#include "sqlite.h"
#include "tunelab/model/status.h"
#include "tunelab/store/store.h"

namespace tunelab::store {

struct Store::Impl {
  std::filesystem::path path;
  sql::Database db;
  int version = 0;

  // Prefixes a low-level message with the file it concerns.
  model::Error fail(const model::Error& e) const {
    return model::Error{e.kind, path.string() + ": " + e.message};
  }
};

}  // namespace tunelab::store
