// Writes through a null pointer: a real SIGSEGV for `tunelab run -- COMMAND` to report as a
// crash (tests/cli/command_test.cc). Says so on stderr first, so the reason can be checked.
// The address is read from a volatile, so the compiler cannot see the null and replace the
// store with a trap instruction (SIGILL).
#include <cstdint>
#include <cstdio>

int main() {
  std::fputs("about to write through a null pointer\n", stderr);
  volatile std::uintptr_t address = 0;
  *reinterpret_cast<volatile int*>(address) = 1;  // volatile: not a dead store either
  return 0;
}
