#pragma once

// Who is writing a session, and whether that process still lives. A session stays "running"
// in the database when its writer dies without finishing it (SIGKILL, a power cut, a second
// Ctrl-C); comparing the recorded writer with the processes of this machine lets readers say
// "abandoned" instead of suggesting the run is still going on. Private to data_store.

#include <string>
#include <string_view>

namespace tunelab::store::writer {

// The session_env key the identity is stored under.
inline constexpr std::string_view kKey = "writer";

// This process, as "pid=1234 host=NAME boot=BOOT-ID start=TICKS": the kernel's boot id and
// the process's start time (in clock ticks since boot, /proc/PID/stat field 22) tell a live
// writer from a later process that happens to get the same pid.
std::string currentIdentity();

enum class State {
  Alive,    // that process is running on this machine now
  Gone,     // it is not: it died, or the machine has restarted since
  Unknown,  // another host wrote it, or the identity cannot be read: nothing can be said
};
State stateOf(std::string_view identity);

}  // namespace tunelab::store::writer
