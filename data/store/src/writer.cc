#include "writer.h"

#include <unistd.h>

#include <array>
#include <charconv>
#include <fstream>
#include <iterator>
#include <optional>

namespace tunelab::store::writer {
namespace {

std::string firstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string hostName() {
  std::array<char, 256> buf{};
  if (gethostname(buf.data(), buf.size() - 1) != 0) return {};
  return buf.data();
}

std::string bootId() { return firstLine("/proc/sys/kernel/random/boot_id"); }

// Field 22 of /proc/PID/stat (starttime) of a live process; nothing for a process that does
// not exist or has died and waits to be reaped (state Z or X). The command name (field 2) is
// in parentheses and may hold spaces or ')', so counting starts after the last ')'.
std::optional<std::string> startTicks(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  if (!in) return std::nullopt;
  std::string stat{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::size_t pos = close + 1;
  // After ')' come field 3 (state) … field 22: skip 19 fields.
  for (int field = 3; field <= 22; ++field) {
    while (pos < stat.size() && stat[pos] == ' ') ++pos;
    std::size_t end = stat.find(' ', pos);
    if (end == std::string::npos) end = stat.size();
    if (field == 3 && pos < stat.size() && (stat[pos] == 'Z' || stat[pos] == 'X'))
      return std::nullopt;
    if (field == 22) return stat.substr(pos, end - pos);
    pos = end;
  }
  return std::nullopt;
}

// The value of "key=" in "pid=1 host=h boot=b start=s"; host names have no spaces.
std::string_view field(std::string_view identity, std::string_view key) {
  const std::string needle = std::string(key) + "=";
  std::size_t at = 0;
  while ((at = identity.find(needle, at)) != std::string_view::npos) {
    if (at == 0 || identity[at - 1] == ' ') {
      auto from = at + needle.size();
      auto end = identity.find(' ', from);
      return identity.substr(from, end == std::string_view::npos ? end : end - from);
    }
    at += needle.size();
  }
  return {};
}

}  // namespace

std::string currentIdentity() {
  const long pid = static_cast<long>(getpid());
  return "pid=" + std::to_string(pid) + " host=" + hostName() + " boot=" + bootId() +
         " start=" + startTicks(pid).value_or("");
}

State stateOf(std::string_view identity) {
  const auto host = field(identity, "host");
  const auto boot = field(identity, "boot");
  const auto start = field(identity, "start");
  const auto pidText = field(identity, "pid");
  long pid = 0;
  auto [end, ec] = std::from_chars(pidText.data(), pidText.data() + pidText.size(), pid);
  if (ec != std::errc() || end != pidText.data() + pidText.size() || pid <= 0 || host.empty() ||
      boot.empty() || start.empty())
    return State::Unknown;
  if (host != hostName()) return State::Unknown;
  const auto nowBoot = bootId();
  if (nowBoot.empty()) return State::Unknown;
  if (boot != nowBoot) return State::Gone;  // the machine restarted: every writer is gone
  const auto nowStart = startTicks(pid);
  if (!nowStart || *nowStart != start) return State::Gone;  // no such process, or pid reused
  return State::Alive;
}

}  // namespace tunelab::store::writer
