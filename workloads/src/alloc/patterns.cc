#include "patterns.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace tunelab::workloads::alloc {
namespace {

// Per pattern, at scale 1 (the default sweep's "small size"): the trace length and live set.
constexpr std::uint32_t kChurnWindow = 4096;  // live objects: 256 KiB, an L2's worth
constexpr double kChurnSteps = 100000;
constexpr std::uint32_t kTreeNodes = 4000;  // nodes per tree (≈ 250 KiB)
constexpr double kTrees = 25;
constexpr double kMessages = 50000;
constexpr std::uint32_t kBufferWindow = 4;  // live buffers
constexpr double kBufferSteps = 28;
constexpr double kRequests = 25;                 // phases
constexpr std::uint32_t kRequestObjects = 2000;  // mean allocations per request

using Rng = std::mt19937_64;

std::uint32_t roundTo8(double v) {
  return static_cast<std::uint32_t>((static_cast<std::uint64_t>(v) + 7) / 8 * 8);
}

// Skewed small sizes: 16 B plus an exponential tail, in 8-byte steps, capped. Most nodes are
// small and a few are large, like AST nodes or request objects.
std::uint32_t skewedSize(Rng& rng, double mean, std::uint32_t cap) {
  std::exponential_distribution<double> tail(1.0 / mean);
  return std::min<std::uint32_t>(cap, 16 + roundTo8(tail(rng)));
}

std::uint32_t count(double total) {
  return static_cast<std::uint32_t>(std::max(1.0, std::round(total)));
}

ThreadTrace fixedChurn(Rng& rng, double scale) {
  ThreadTrace t;
  t.window = kChurnWindow;
  const std::uint32_t steps = count(kChurnSteps * scale);
  std::uniform_int_distribution<std::uint32_t> slot(0, t.window - 1);
  t.victims.resize(steps);
  for (auto& v : t.victims) v = slot(rng);
  t.sizes.assign(std::size_t{t.window} + steps, kChurnObject);
  return t;
}

ThreadTrace mixedSmall(Rng& rng, double scale) {
  ThreadTrace t;
  const std::uint32_t trees = count(kTrees * scale);
  // Sized up front: growing them would leave freed chunks in glibc's heap, which the glibc
  // variant would then count as its pool.
  t.sizes.reserve(std::size_t{trees} * kTreeNodes);
  t.parents.reserve(std::size_t{trees} * kTreeNodes);
  t.teardown.reserve(std::size_t{trees} * kTreeNodes);
  std::vector<std::vector<std::uint32_t>> children(kTreeNodes);
  for (std::uint32_t g = 0; g < trees; ++g) {
    const auto base = static_cast<std::uint32_t>(t.sizes.size());
    t.groups.push_back(base);
    // A random tree built in allocation order: each node's parent is one of the recent
    // nodes (parsers attach to what they just built), so subtrees are mostly contiguous.
    for (auto& c : children) c.clear();
    for (std::uint32_t i = 0; i < kTreeNodes; ++i) {
      t.sizes.push_back(skewedSize(rng, 48, 512));
      std::uint32_t parent = 0;
      if (i > 0) {
        std::uniform_int_distribution<std::uint32_t> recent(i > 32 ? i - 32 : 0, i - 1);
        parent = recent(rng);
        children[parent].push_back(i);
      }
      t.parents.push_back(base + parent);
    }
    // Post-order from the root, iteratively: children are freed before their parent.
    std::vector<std::pair<std::uint32_t, std::size_t>> stack{{0, 0}};
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next < children[node].size()) {
        const std::uint32_t child = children[node][next++];
        stack.emplace_back(child, 0);
      } else {
        t.teardown.push_back(base + node);
        stack.pop_back();
      }
    }
  }
  t.groups.push_back(static_cast<std::uint32_t>(t.sizes.size()));
  return t;
}

ThreadTrace producerConsumer(Rng& rng, double scale) {
  ThreadTrace t;
  std::uniform_int_distribution<std::uint32_t> size(4, 32);  // 32 … 256 bytes, 8-byte steps
  t.sizes.resize(count(kMessages * scale));
  for (auto& s : t.sizes) s = size(rng) * 8;
  return t;
}

ThreadTrace largeBuffers(Rng& rng, double scale) {
  ThreadTrace t;
  // Tensor scratch space: a dozen shapes from 64 KiB to 4 MiB, a few of them requested
  // most of the time (Zipf weights over a shuffled list), so buffers are reused by size.
  std::vector<std::uint32_t> shapes;
  for (int i = 0; i < 12; ++i) {
    const double bytes = 65536.0 * std::pow(64.0, i / 11.0);
    shapes.push_back(static_cast<std::uint32_t>(std::round(bytes / 4096) * 4096));
  }
  std::shuffle(shapes.begin(), shapes.end(), rng);
  std::vector<double> weights;
  for (std::size_t i = 0; i < shapes.size(); ++i)
    weights.push_back(1.0 / static_cast<double>(i + 1));
  std::discrete_distribution<std::size_t> shape(weights.begin(), weights.end());
  t.window = kBufferWindow;
  const std::uint32_t steps = count(kBufferSteps * scale);
  std::uniform_int_distribution<std::uint32_t> slot(0, t.window - 1);
  for (std::uint32_t i = 0; i < t.window + steps; ++i) t.sizes.push_back(shapes[shape(rng)]);
  t.victims.resize(steps);
  for (auto& v : t.victims) v = slot(rng);
  return t;
}

ThreadTrace phase(Rng& rng, double scale) {
  ThreadTrace t;
  const std::uint32_t requests = count(kRequests * scale);
  std::uniform_int_distribution<std::uint32_t> objects(kRequestObjects / 2,
                                                       kRequestObjects * 3 / 2);
  t.sizes.reserve(std::size_t{requests} * kRequestObjects * 3 / 2);
  for (std::uint32_t r = 0; r < requests; ++r) {
    t.groups.push_back(static_cast<std::uint32_t>(t.sizes.size()));
    const std::uint32_t count = objects(rng);
    for (std::uint32_t i = 0; i < count; ++i) t.sizes.push_back(skewedSize(rng, 96, 1024));
  }
  t.groups.push_back(static_cast<std::uint32_t>(t.sizes.size()));
  return t;
}

}  // namespace

std::optional<Pattern> parsePattern(std::string_view name) {
  for (std::size_t i = 0; i < kPatternNames.size(); ++i)
    if (kPatternNames[i] == name) return static_cast<Pattern>(i);
  return std::nullopt;
}

std::string_view patternName(Pattern p) { return kPatternNames[static_cast<std::size_t>(p)]; }

std::size_t patternMaxSize(Pattern p) {
  switch (p) {
    case Pattern::FixedChurn:
      return kChurnObject;
    case Pattern::MixedSmall:
      return 512;
    case Pattern::ProducerConsumer:
      return 256;
    case Pattern::LargeBuffers:
      return std::size_t{4} << 20;
    case Pattern::Phase:
      return 1024;
  }
  return 0;
}

bool patternCrossesThreads(Pattern p) { return p == Pattern::ProducerConsumer; }

ThreadTrace makeTrace(const TraceConfig& config) {
  // The seed of what was part 0 when every part drew its own trace: p = 1 traces are the
  // ones measured before the split, so figures taken at p = 1 stay comparable.
  Rng rng(config.seed * 0x100000001B3ull + 1);
  ThreadTrace t;
  switch (config.pattern) {
    case Pattern::FixedChurn:
      t = fixedChurn(rng, config.scale);
      break;
    case Pattern::MixedSmall:
      t = mixedSmall(rng, config.scale);
      break;
    case Pattern::ProducerConsumer:
      t = producerConsumer(rng, config.scale);
      break;
    case Pattern::LargeBuffers:
      t = largeBuffers(rng, config.scale);
      break;
    case Pattern::Phase:
      t = phase(rng, config.scale);
      break;
  }
  for (auto s : t.sizes) t.totalBytes += s;
  return t;
}

std::vector<ThreadTrace> makeTraces(const TraceConfig& config) {
  return splitTrace(makeTrace(config), config.pattern, std::max(1, config.parts));
}

}  // namespace tunelab::workloads::alloc
