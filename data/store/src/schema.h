#pragma once

#include <span>
#include <string_view>

namespace tunelab::store::schema {

// 'TLAB': marks a SQLite file as a tunelab results database, so a foreign database is
// refused rather than written into.
inline constexpr int kApplicationId = 0x544C4142;

struct Migration {
  int toVersion;
  std::string_view sql;
};

// Ordered; migrations()[i] takes the schema from version i to i + 1. Never edit a shipped
// migration: add the next one (docs/SCHEMA.md says how).
std::span<const Migration> migrations();

}  // namespace tunelab::store::schema
