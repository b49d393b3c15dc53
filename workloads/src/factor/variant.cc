#include "tunelab/workloads/factor/factorizations.h"

namespace tunelab::workloads::factor {

std::optional<Variant> parseVariant(std::string_view name) {
  if (name == "naive") return Variant::Naive;
  if (name == "blocked") return Variant::Blocked;
  if (name == "parallel") return Variant::Parallel;
  if (name == "lapack") return Variant::Lapack;
  return std::nullopt;
}

const char* variantName(Variant v) {
  switch (v) {
    case Variant::Naive:
      return "naive";
    case Variant::Blocked:
      return "blocked";
    case Variant::Parallel:
      return "parallel";
    case Variant::Lapack:
      return "lapack";
  }
  return "?";
}

}  // namespace tunelab::workloads::factor
