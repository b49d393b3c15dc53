// `--region-counters` for a program of the user's: the events its SDK recorder opens.
#include <fmt/core.h>
#include <unistd.h>

#include "perf_event.h"
#include "tunelab/profiler/command.h"
#include "tunelab/profiler/counter_math.h"

namespace tunelab::profiler {

RegionEvents regionEventsFor(const std::vector<std::string>& events) {
  RegionEvents out;
  const bool kernel = detail::kernelCountingAllowed();
  std::size_t opened = 0;
  for (const auto& e : events) {
    const auto enc = detail::encodeEvent(e, kernel);
    std::string reason;
    if (!enc.known)
      reason = "unknown event: " + enc.error;
    else if (enc.attr.exclude_kernel && detail::countsOnlyInKernel(enc.attr))
      reason = kernelOnlyEventReason(kernel, detail::perfEventParanoid());
    else if (opened == 8)
      reason = "more than 8 region counters";
    if (reason.empty()) {
      // Opened here as the program's recorder will open it (this thread, enabled): an event
      // this machine cannot count is said once, with the kernel's reason, not per thread.
      const perf_event_attr attr = detail::counterAttr(enc.attr, false, false);
      const auto probe = detail::perfEventOpen(attr, -1);
      if (probe.fd < 0) reason = detail::openFailure(attr, probe.err);
      else close(probe.fd);
    }
    if (!reason.empty()) {
      model::CounterValue c;
      c.event = e;
      c.reason = reason;
      out.unsupported.push_back(std::move(c));
      continue;
    }
    if (!out.env.empty()) out.env += ';';
    out.env += fmt::format("{},{:x},{:x},{:x},{},{},{}", enc.attr.type,
                           static_cast<unsigned long long>(enc.attr.config),
                           static_cast<unsigned long long>(enc.attr.config1),
                           static_cast<unsigned long long>(enc.attr.config2),
                           static_cast<unsigned>(enc.attr.exclude_kernel),
                           static_cast<unsigned>(enc.attr.exclude_hv), e);
    ++opened;
  }
  return out;
}

}  // namespace tunelab::profiler
