/* A C program of a user's with tunelab's C region API (region_c.h, libtunelab_probe_c.a):
 * "parse" once around three entries of "work". Prints the same whether or not it runs under
 * tunelab. */
#include <stdio.h>
#include <tunelab/probe/region_c.h>

static unsigned long long work(unsigned long long x) {
  tunelab_region_begin("work");
  for (int i = 0; i < 200000; ++i) x = x * 6364136223846793005ULL + 1442695040888963407ULL;
  tunelab_region_end("work");
  return x;
}

int main(void) {
  unsigned long long sum = 0;
  tunelab_region_begin("parse");
  for (int i = 0; i < 3; ++i) sum += work((unsigned long long)i);
  tunelab_region_end("parse");
  printf("%llu\n", sum);
  return 0;
}
