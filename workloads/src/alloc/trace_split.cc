// splitTrace: one trace shared among threads. Before it, every thread drew a trace of its
// own with a 1/p share of the counts; the parts then differed from the p = 1 trace in their
// sizes (each part shuffled its own large-buffer shapes), in their total (25 trees became
// 2 × 13), and in their live set (4 buffers among 8 threads became 8): a speedup compared
// different work.
#include <algorithm>

#include "patterns.h"

namespace tunelab::workloads::alloc {
namespace {

bool slotPattern(Pattern p) { return p == Pattern::FixedChurn || p == Pattern::LargeBuffers; }
bool groupPattern(Pattern p) { return p == Pattern::MixedSmall || p == Pattern::Phase; }

// Slot s, with the allocation that fills it and every step that frees and refills it, goes
// to part s mod n as its local slot s / n: each part frees only its own blocks.
void splitSlots(const ThreadTrace& whole, std::vector<ThreadTrace>& out) {
  const auto n = static_cast<std::uint32_t>(out.size());
  for (std::uint32_t s = 0; s < whole.window; ++s) {
    ThreadTrace& t = out[s % n];
    ++t.window;
    t.sizes.push_back(whole.sizes[s]);
  }
  for (std::size_t k = 0; k < whole.victims.size(); ++k) {
    const std::uint32_t s = whole.victims[k];
    ThreadTrace& t = out[s % n];
    t.victims.push_back(s / n);
    t.sizes.push_back(whole.sizes[whole.window + k]);
  }
}

// Each group goes whole, in trace order, to the part with the fewest allocations so far
// (the lowest-numbered on a tie): round robin would give one part up to a whole request of
// 3000 objects more than another. Indices into the trace become indices into the part.
void splitGroups(const ThreadTrace& whole, bool tree, std::vector<ThreadTrace>& out) {
  for (std::size_t g = 0; g + 1 < whole.groups.size(); ++g) {
    const std::uint32_t begin = whole.groups[g], end = whole.groups[g + 1];
    ThreadTrace& t = *std::min_element(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.sizes.size() < b.sizes.size();
    });
    const auto base = static_cast<std::uint32_t>(t.sizes.size());
    t.groups.push_back(base);
    t.sizes.insert(t.sizes.end(), whole.sizes.begin() + begin, whole.sizes.begin() + end);
    if (tree)
      for (std::uint32_t i = begin; i < end; ++i) {
        t.parents.push_back(whole.parents[i] - begin + base);
        t.teardown.push_back(whole.teardown[i] - begin + base);
      }
  }
  for (auto& t : out) t.groups.push_back(static_cast<std::uint32_t>(t.sizes.size()));
}

void splitMessages(const ThreadTrace& whole, std::vector<ThreadTrace>& out) {
  const std::size_t n = out.size(), total = whole.sizes.size();
  for (std::size_t i = 0; i < n; ++i)
    out[i].sizes.assign(whole.sizes.begin() + static_cast<std::ptrdiff_t>(total * i / n),
                        whole.sizes.begin() + static_cast<std::ptrdiff_t>(total * (i + 1) / n));
}

}  // namespace

std::vector<ThreadTrace> splitTrace(const ThreadTrace& whole, Pattern pattern, int parts) {
  if (parts <= 1) return {whole};
  std::vector<ThreadTrace> out(static_cast<std::size_t>(parts));
  if (slotPattern(pattern))
    splitSlots(whole, out);
  else if (groupPattern(pattern))
    splitGroups(whole, pattern == Pattern::MixedSmall, out);
  else
    splitMessages(whole, out);
  for (auto& t : out)
    for (auto s : t.sizes) t.totalBytes += s;
  return out;
}

}  // namespace tunelab::workloads::alloc
