// libFuzzer target: the binary float32 points reader (io::mapPointsBinary), which maps a file:
// each input is written to an anonymous in-memory file (memfd) and mapped through its
// /proc/self/fd path, so the reader runs its real open/fstat/mmap path on every input.

#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "check.h"
#include "tunelab/io/points.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tunelab;
  static const int fd = memfd_create("fuzz.f32", MFD_CLOEXEC);
  static const std::string path = "/proc/self/fd/" + std::to_string(fd);
  FUZZ_CHECK(fd >= 0);
  FUZZ_CHECK(ftruncate(fd, 0) == 0);
  for (std::size_t done = 0; done < size;) {
    const ssize_t n = pwrite(fd, data + done, size - done, static_cast<off_t>(done));
    FUZZ_CHECK(n > 0);
    done += static_cast<std::size_t>(n);
  }
  auto m = io::mapPointsBinary(path);
  if (!m) {
    FUZZ_CHECK(m.error().kind == model::ErrorKind::Input);
    return 0;
  }
  FUZZ_CHECK(m->rows() > 0 && m->cols() > 0);
  FUZZ_CHECK(io::kPointsHeaderBytes + m->rows() * m->cols() * sizeof(float) == size);
  for (std::size_t i = 0; i < m->rows() * m->cols(); ++i) FUZZ_CHECK(std::isfinite(m->data()[i]));
  return 0;
}
