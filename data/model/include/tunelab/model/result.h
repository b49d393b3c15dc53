#pragma once

#include <cstdlib>
#include <cstdio>
#include <string>
#include <utility>
#include <variant>

namespace tunelab::model {

// What kind of failure an Error is; the CLI maps it to an exit code (usage/input → 2).
enum class ErrorKind {
  Usage,     // the caller asked for something that does not exist (unknown workload, bad flag)
  Input,     // a file or value is malformed (CSV, JSON, parameter value)
  Database,  // the results store refused: not SQLite, newer schema, unwritable, corrupt
  Io,        // the operating system refused: open, write, rename
  Workload,  // a measured case failed
};

struct Error {
  ErrorKind kind = ErrorKind::Input;
  std::string message;  // complete sentence(s): what, where, what to do
};

// No exception crosses a module boundary: fallible APIs return Result<T>. C++20 has no
// std::expected, and this is the small part of it we need.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_state(std::move(value)) {}  // NOLINT: implicit by design, like expected
  Result(Error error) : m_state(std::move(error)) {}  // NOLINT

  bool ok() const { return m_state.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(checked()); }
  const T& value() const& { return std::get<0>(const_cast<Result*>(this)->checked()); }
  T&& value() && { return std::get<0>(std::move(checked())); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(m_state); }

 private:
  std::variant<T, Error>& checked() {
    if (!ok()) {
      // A programmer error: the caller did not look at ok() first.
      std::fprintf(stderr, "tunelab: value() of a failed Result: %s\n", error().message.c_str());
      std::abort();
    }
    return m_state;
  }
  std::variant<T, Error> m_state;
};

struct Ok {};
using Status = Result<Ok>;

inline Error makeError(ErrorKind kind, std::string message) { return Error{kind, std::move(message)}; }

}  // namespace tunelab::model
