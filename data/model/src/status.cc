#include "tunelab/model/status.h"

#include <array>
#include <utility>

namespace tunelab::model {
namespace {

constexpr std::array kSessionNames = {
    std::pair{SessionStatus::Running, std::string_view{"running"}},
    std::pair{SessionStatus::Complete, std::string_view{"complete"}},
    std::pair{SessionStatus::Interrupted, std::string_view{"interrupted"}},
    std::pair{SessionStatus::Abandoned, std::string_view{"abandoned"}},
};
constexpr std::array kRunNames = {
    std::pair{RunStatus::Ok, std::string_view{"ok"}},
    std::pair{RunStatus::Failed, std::string_view{"failed"}},
    std::pair{RunStatus::Timeout, std::string_view{"timeout"}},
    std::pair{RunStatus::Crashed, std::string_view{"crashed"}},
};

template <class Table, class Enum>
std::string_view nameOf(const Table& table, Enum value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return "unknown";
}

template <class Enum, class Table>
std::optional<Enum> valueOf(const Table& table, std::string_view text) {
  for (const auto& [v, name] : table)
    if (name == text) return v;
  return std::nullopt;
}

}  // namespace

std::string_view toString(SessionStatus status) { return nameOf(kSessionNames, status); }
std::string_view toString(RunStatus status) { return nameOf(kRunNames, status); }
std::optional<SessionStatus> sessionStatusFromString(std::string_view text) {
  return valueOf<SessionStatus>(kSessionNames, text);
}
std::optional<RunStatus> runStatusFromString(std::string_view text) {
  return valueOf<RunStatus>(kRunNames, text);
}

}  // namespace tunelab::model
