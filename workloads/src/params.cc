#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "tunelab/model/params.h"
#include "tunelab/workloads/workload.h"

namespace tunelab::workloads {

using model::Error;
using model::ErrorKind;

namespace {

std::string paramList(const Workload& w) {
  std::string out;
  for (const auto& p : w.params()) {
    if (!out.empty()) out += ", ";
    out += p.name;
  }
  return out;
}

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  for (;;) {
    auto comma = text.find(',', pos);
    out.push_back(text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    if (comma == std::string::npos) return out;
    pos = comma + 1;
  }
}

std::string formatBound(double v) {
  if (v == std::floor(v) && std::abs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  return std::to_string(v);
}

// Parses the whole of `text` as a number of the spec's type and checks the bounds; a Text
// value must be one of the spec's choices, when it has any.
model::Status checkValue(const Workload& w, const ParamSpec& spec, const std::string& text) {
  const std::string where = std::string(w.name()) + ": parameter " + spec.name + "=" + text;
  double value = 0;
  if (spec.type == ParamType::Int) {
    long long v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size())
      return Error{ErrorKind::Usage, where + " is not an integer (" + spec.help + ")."};
    value = static_cast<double>(v);
  } else if (spec.type == ParamType::Real) {
    char* end = nullptr;
    value = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value))
      return Error{ErrorKind::Usage, where + " is not a finite number (" + spec.help + ")."};
  } else {
    if (spec.choices.empty()) return model::Ok{};
    for (const auto& c : splitList(spec.choices))
      if (c == text) return model::Ok{};
    return Error{ErrorKind::Usage, where + " is not one of " + spec.choices + " (" + spec.help +
                                       ")."};
  }
  if (value < spec.min || value > spec.max)
    return Error{ErrorKind::Usage, where + " is out of range: it must be between " +
                                       formatBound(spec.min) + " and " + formatBound(spec.max) +
                                       " (" + spec.help + ")."};
  return model::Ok{};
}

bool isList(const ParamSpec& spec) {
  return spec.type != ParamType::Text || !spec.choices.empty() || spec.list;
}

}  // namespace

Result<std::vector<std::vector<model::Param>>> expandParams(
    const Workload& w, const std::vector<model::Param>& given) {
  for (const auto& g : given) {
    bool known = false;
    for (const auto& spec : w.params()) known = known || spec.name == g.key;
    if (!known)
      return Error{ErrorKind::Usage, std::string(w.name()) + ": unknown parameter '" + g.key +
                                         "'. Valid parameters: " + paramList(w) +
                                         " (`tunelab list " + std::string(w.name()) +
                                         "` shows defaults)."};
  }
  std::vector<std::vector<model::Param>> out = {{}};
  for (const auto& spec : w.params()) {
    std::string value = spec.defaultValue;
    // The last occurrence wins, as with repeated command-line flags.
    for (const auto& g : given)
      if (g.key == spec.name) value = g.value;
    auto values = isList(spec) ? splitList(value) : std::vector<std::string>{value};
    if (!spec.choices.empty() && value == "all") values = splitList(spec.choices);
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (auto s = checkValue(w, spec, values[i]); !s) return s.error();
      // Two equal values would make two runs of one name: compare and trend match by name.
      for (std::size_t j = 0; j < i; ++j)
        if (values[j] == values[i])
          return Error{ErrorKind::Usage, std::string(w.name()) + ": parameter " + spec.name + "=" + value +
                                             " lists " + values[i] + " twice; each value runs once."};
    }
    std::vector<std::vector<model::Param>> next;
    next.reserve(out.size() * values.size());
    for (const auto& prefix : out)
      for (const auto& v : values) {
        next.push_back(prefix);
        next.back().push_back({spec.name, v});
      }
    out = std::move(next);
  }
  for (auto& set : out) {
    auto checked = w.checkParams(std::move(set));
    if (!checked) return checked.error();
    set = std::move(*checked);
  }
  return out;
}

Result<std::vector<model::Param>> resolveParams(const Workload& w,
                                                const std::vector<model::Param>& given) {
  auto all = expandParams(w, given);
  if (!all) return all.error();
  if (all->size() != 1)
    return Error{ErrorKind::Usage, std::string(w.name()) + ": the parameters describe " +
                                       std::to_string(all->size()) +
                                       " cases; give one value per parameter here."};
  return std::move(all->front());
}

Result<std::vector<const VariantSpec*>> resolveVariants(const Workload& w,
                                                        const std::vector<std::string>& names) {
  std::vector<const VariantSpec*> out;
  const bool all = names.empty() || (names.size() == 1 && names[0] == "all");
  for (const auto& v : w.variants()) {
    if (all) out.push_back(&v);
  }
  if (all) return out;
  for (const auto& name : names) {
    const VariantSpec* found = nullptr;
    for (const auto& v : w.variants())
      if (v.name == name) found = &v;
    if (!found) {
      std::string valid;
      for (const auto& v : w.variants()) valid += (valid.empty() ? "" : ", ") + v.name;
      return Error{ErrorKind::Usage, std::string(w.name()) + ": unknown variant '" + name +
                                         "'. Valid variants: " + valid + " (or all)."};
    }
    if (std::find(out.begin(), out.end(), found) == out.end()) out.push_back(found);
  }
  // The floor runs beside what it is the floor of, in the same session.
  const bool anyMeasured =
      std::any_of(out.begin(), out.end(), [](const VariantSpec* v) { return !v->floor; });
  std::vector<const VariantSpec*> floors;
  for (const auto& v : w.variants())
    if (v.floor && anyMeasured && std::find(out.begin(), out.end(), &v) == out.end())
      floors.push_back(&v);
  out.insert(out.begin(), floors.begin(), floors.end());
  return out;
}

long long paramInt(const std::vector<model::Param>& params, std::string_view key) {
  return std::stoll(model::findParam(params, key).value_or("0"));
}
double paramReal(const std::vector<model::Param>& params, std::string_view key) {
  return std::stod(model::findParam(params, key).value_or("0"));
}
std::string paramText(const std::vector<model::Param>& params, std::string_view key) {
  return model::findParam(params, key).value_or("");
}

}  // namespace tunelab::workloads
