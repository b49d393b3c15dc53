// Allocates and frees, linked with -static: no dynamic loader runs, so LD_PRELOAD cannot
// reach its malloc and `tunelab run -- COMMAND` must say "allocation tracking unavailable"
// instead of storing zeros (tests/cli/command_test.cc).
#include <cstdio>
#include <cstdlib>

int main() {
  long sum = 0;
  for (int i = 0; i < 1000; ++i) {
    auto* p = static_cast<long*>(std::malloc(64 * sizeof(long)));
    if (!p) return 1;
    p[0] = i;
    sum += p[0];
    std::free(p);
  }
  std::printf("%ld\n", sum);
  return 0;
}
