#pragma once

// What a fuzz target asserts besides "no crash": a broken invariant aborts with a message, so
// libFuzzer (and the replay programs) report it like any crash.

#include <cstdio>
#include <cstdlib>
#include <string_view>

#define FUZZ_CHECK(condition)                                                           \
  do {                                                                                  \
    if (!(condition)) {                                                                 \
      std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (0)

namespace tunelab::fuzz {

// Every input error must say where: it starts with the file name the reader was given.
inline bool namesTheFile(std::string_view message, std::string_view file) {
  return message.substr(0, file.size()) == file;
}

}  // namespace tunelab::fuzz
