#pragma once

// The allocation patterns of the alloc workload as seeded traces: everything random is
// drawn in prepare(), so an execution only allocates, touches and frees.
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tunelab::workloads::alloc {

enum class Pattern { FixedChurn, MixedSmall, ProducerConsumer, LargeBuffers, Phase };

inline constexpr std::array<std::string_view, 5> kPatternNames = {
    "fixed-churn", "mixed-small", "producer-consumer", "large-buffers", "phase"};

// fixed-churn's one object size: the pattern loop knows it at compile time, as a program
// allocating its nodes would (sizeof), so it spends nothing on sizes.
inline constexpr std::uint32_t kChurnObject = 64;

// producer-consumer's ring of messages between a producer and its consumer: how far the
// producer may run ahead. A message the producer allocates is at most this many (plus the
// one the consumer holds) ahead of the last one freed.
inline constexpr std::uint32_t kRingCapacity = 1024;

std::optional<Pattern> parsePattern(std::string_view name);
std::string_view patternName(Pattern p);
// The largest request of the pattern: the block size of object-pool when it serves it.
std::size_t patternMaxSize(Pattern p);
// True where the pattern's blocks cross threads (so a single-threaded allocator must be
// shared behind a mutex rather than given one per thread).
bool patternCrossesThreads(Pattern p);

// One thread's part of a trace — for producer-consumer, one producer → consumer pair's.
struct ThreadTrace {
  // Size of every allocation, in allocation order.
  std::vector<std::uint32_t> sizes;
  // fixed-churn and large-buffers: `window` slots are filled first (the first `window`
  // sizes), then step k frees slot victims[k] and refills it with allocation window + k.
  std::uint32_t window = 0;
  std::vector<std::uint32_t> victims;
  // mixed-small (trees) and phase (requests): allocations [groups[g], groups[g + 1]) form
  // group g; all of a group is freed before the next starts.
  std::vector<std::uint32_t> groups;
  // mixed-small: each node's parent (allocation index; the root is its own), and the order
  // a tree is torn down, as allocation indices (post-order: children before their parent),
  // for every group in turn.
  std::vector<std::uint32_t> parents;
  std::vector<std::uint32_t> teardown;
  std::int64_t totalBytes = 0;  // Σ sizes
};

struct TraceConfig {
  Pattern pattern = Pattern::FixedChurn;
  double scale = 1.0;  // multiplies the trace length (not the sizes)
  int parts = 1;       // threads, or producer → consumer pairs: one trace is split among them
  std::uint64_t seed = 42;
};

// The whole trace, drawn once whatever `parts` is (p = 1's trace).
ThreadTrace makeTrace(const TraceConfig& config);

// One trace split among `parts` threads (or pairs): every allocation of it goes to exactly
// one part, so the parts together make the same allocations, of the same sizes, with the
// same live set, at every thread count — a speedup compares the same work. Slot patterns:
// slot s and the steps that replace it belong to part s mod parts; group patterns: each
// group (tree, request) goes whole to the part with the fewest allocations so far;
// producer-consumer: contiguous runs of messages. A part may get nothing (4 large buffers
// among 8 threads): the trace has no more to share.
std::vector<ThreadTrace> splitTrace(const ThreadTrace& whole, Pattern pattern, int parts);

// makeTrace, then splitTrace into config.parts parts.
std::vector<ThreadTrace> makeTraces(const TraceConfig& config);

// The "touch" of every pattern: one 8-byte word in every cache line of a block (every page,
// for large buffers) and its last word are written at allocation and read back at free.
// That brings every line (page) of the block into the cache (memory) — what locality costs —
// without turning the pattern into a memset benchmark; and the read-back checks that the
// allocator preserved what was written.
inline constexpr std::size_t kLargeTouchFrom = 16384;
inline std::uint64_t tagWord(std::uint64_t tag) { return (tag + 1) * 0x9E3779B97F4A7C15ull; }

// The pattern loops are the measuring instrument: forced inline, so what they add to an
// operation is a few instructions, not a call.
#define TUNELAB_HOT [[gnu::always_inline]] inline
// The same for the lambdas that are a pattern loop's body (after the parameter list).
#define TUNELAB_LAMBDA_HOT __attribute__((always_inline))

// The words are written and read as double: a store of a double cannot alias the
// recorder's counters, the allocator's cursor or the trace's pointers (all integers), so
// the compiler keeps those in registers across the touch instead of reloading them after
// every store. Only the bits matter: tagWord's pattern is stored and compared exactly.
// kStride is a template argument: the small-block patterns (every size below
// kLargeTouchFrom) touch one word per line, large-buffers one per page.
template <std::size_t kStride = 8>
TUNELAB_HOT void touch(void* p, std::size_t size, std::uint64_t tag) {
  auto* w = static_cast<double*>(p);
  const double v = std::bit_cast<double>(tagWord(tag));
  const std::size_t last = size / 8 - 1;
  w[0] = v;
  for (std::size_t i = kStride; i < last; i += kStride) w[i] = v;
  w[last] = v;
}

// Nonzero when the words touch() wrote differ.
template <std::size_t kStride = 8>
TUNELAB_HOT std::uint64_t damage(const void* p, std::size_t size, std::uint64_t tag) {
  const auto* w = static_cast<const double*>(p);
  const std::uint64_t v = tagWord(tag);
  const std::size_t last = size / 8 - 1;
  std::uint64_t diff =
      (std::bit_cast<std::uint64_t>(w[0]) ^ v) | (std::bit_cast<std::uint64_t>(w[last]) ^ v);
  for (std::size_t i = kStride; i < last; i += kStride)
    diff |= std::bit_cast<std::uint64_t>(w[i]) ^ v;
  return diff;
}

// A glance at a live block: its first and last word (a parent's header as a child is linked
// in, the object a request made a moment ago) — checked like damage(), at a line or two.
TUNELAB_HOT std::uint64_t peek(const void* p, std::size_t size, std::uint64_t tag) {
  const auto* w = static_cast<const double*>(p);
  const std::uint64_t v = tagWord(tag);
  return (std::bit_cast<std::uint64_t>(w[0]) ^ v) |
         (std::bit_cast<std::uint64_t>(w[size / 8 - 1]) ^ v);
}

}  // namespace tunelab::workloads::alloc
