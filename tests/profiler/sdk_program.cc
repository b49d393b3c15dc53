// A program of a user's, built with tunelab's region API the way an installed SDK builds it
// (the header alone, no tunelab library, no TUNELAB_PROBE_NO_ENV_RECORDER): regions on the
// main thread and on two threads of its own. It prints the same result whether or not it runs
// under tunelab. `sdk_program exit` ends with _exit() (no regions can be written then).
#include <tunelab/probe/region.h>

#include <cstdio>
#include <cstring>
#include <thread>
#include <unistd.h>

namespace {

unsigned long long work(unsigned long long n) {
  TUNELAB_REGION("work");
  unsigned long long x = n;
  for (int i = 0; i < 200000; ++i) x = x * 6364136223846793005ULL + 1442695040888963407ULL;
  return x;
}

}  // namespace

int main(int argc, char** argv) {
  unsigned long long sum = 0;
  {
    TUNELAB_REGION("parse");
    for (int i = 0; i < 3; ++i) sum += work(static_cast<unsigned long long>(i));
  }
  unsigned long long a = 0, b = 0;
  std::thread t1([&] { a = work(10) + work(11); });
  std::thread t2([&] { b = work(20); });
  t1.join();
  t2.join();
  std::printf("%llu\n", sum ^ a ^ b);
  std::fflush(stdout);
  if (argc > 1 && std::strcmp(argv[1], "exit") == 0) _exit(0);
  return 0;
}
