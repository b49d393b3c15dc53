#include "fault_workload.h"

#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <memory>
#include <vector>

namespace tunelab::workloads {
namespace {

const std::array kVariants = {
    VariantSpec{"ok", "sleeps ms milliseconds per execution: a well-behaved case of known length"},
    VariantSpec{"segv", "writes to a read-only page: a real segmentation fault"},
    VariantSpec{"abort", "calls std::abort()"},
    VariantSpec{"hang", "sleeps forever: only --timeout ends it"},
    VariantSpec{"oom", "allocates and touches mib MiB in 16 MiB blocks: fails under --memory-limit"},
    VariantSpec{"throw", "throws std::runtime_error from the timed loop"},
};

const std::array kParams = {
    ParamSpec{"ms", ParamType::Real, "0",
              "milliseconds each execution takes before its fault (ok: its whole length)", 0, 600000},
    ParamSpec{"mib", ParamType::Int, "1024", "oom: how much memory to touch", 1, 1 << 20},
};

enum class Fault { None, Segv, Abort, Hang, Oom, Throw };

Fault faultOf(const std::string& variant) {
  if (variant == "segv") return Fault::Segv;
  if (variant == "abort") return Fault::Abort;
  if (variant == "hang") return Fault::Hang;
  if (variant == "oom") return Fault::Oom;
  if (variant == "throw") return Fault::Throw;
  return Fault::None;
}

[[noreturn]] void segfault() {
  // A genuine invalid access (not raise(SIGSEGV)): the page is mapped read-only, so the
  // kernel delivers SIGSEGV exactly as for a stray pointer in a workload.
  const long page = sysconf(_SC_PAGESIZE);
  void* p = mmap(nullptr, static_cast<std::size_t>(page), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p != MAP_FAILED) *static_cast<volatile char*>(p) = 1;
  std::raise(SIGSEGV);  // only if mmap failed
  std::abort();
}

class FaultInstance final : public Instance {
 public:
  FaultInstance(Fault fault, double ms, long long mib) : m_fault(fault), m_ms(ms), m_mib(mib) {}

  void run() override {
    if (m_ms > 0) std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(m_ms));
    switch (m_fault) {
      case Fault::None:
        break;
      case Fault::Segv:
        segfault();
      case Fault::Abort:
        std::abort();
      case Fault::Hang:
        for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
      case Fault::Oom: {
        // Touch every page, so the memory is really used (not merely reserved); under
        // --memory-limit (RLIMIT_AS) the allocation that crosses it throws bad_alloc.
        constexpr std::size_t kBlock = std::size_t{16} << 20;
        std::vector<std::unique_ptr<char[]>> blocks;
        for (long long done = 0; done < m_mib; done += 16) {
          blocks.emplace_back(new char[kBlock]);
          std::memset(blocks.back().get(), 1, kBlock);
        }
        m_touched = static_cast<double>(blocks.size() * kBlock);
        break;
      }
      case Fault::Throw:
        throw std::runtime_error("the fault workload's 'throw' variant threw, as asked");
    }
  }

  std::vector<model::Metric> metrics() const override {
    return {{"touched_bytes", m_touched, "B"}};
  }

 private:
  Fault m_fault;
  double m_ms;
  long long m_mib;
  double m_touched = 0;
};

}  // namespace

bool faultWorkloadEnabled() {
  const char* v = std::getenv(kFaultWorkloadVariable);
  return v != nullptr && std::strcmp(v, "1") == 0;
}

std::string_view FaultWorkload::name() const { return "fault"; }
std::string_view FaultWorkload::summary() const {
  return "test-only: cases that segfault, abort, hang, run out of memory or throw on purpose";
}
std::span<const VariantSpec> FaultWorkload::variants() const { return kVariants; }
std::span<const ParamSpec> FaultWorkload::params() const { return kParams; }

Result<std::unique_ptr<Instance>> FaultWorkload::prepare(const CaseConfig& config) const {
  return std::unique_ptr<Instance>(std::make_unique<FaultInstance>(
      faultOf(config.variant), paramReal(config.params, "ms"), paramInt(config.params, "mib")));
}

}  // namespace tunelab::workloads
