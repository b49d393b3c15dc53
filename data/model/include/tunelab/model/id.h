#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace tunelab::model {

// A database row id that cannot be mixed up with another table's: Id<RunTag> does not
// convert to Id<SessionTag>. Zero means "not stored yet".
template <class Tag>
class Id {
 public:
  constexpr Id() = default;
  constexpr explicit Id(std::int64_t value) : m_value(value) {}
  constexpr std::int64_t value() const { return m_value; }
  constexpr bool valid() const { return m_value > 0; }
  friend constexpr auto operator<=>(Id, Id) = default;

 private:
  std::int64_t m_value = 0;
};

using SessionId = Id<struct SessionTag>;
using RunId = Id<struct RunTag>;
using SampleId = Id<struct SampleTag>;

}  // namespace tunelab::model

template <class Tag>
struct std::hash<tunelab::model::Id<Tag>> {
  std::size_t operator()(tunelab::model::Id<Tag> id) const noexcept {
    return std::hash<std::int64_t>{}(id.value());
  }
};
