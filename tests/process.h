#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace tunelab::testing {

struct ProcessResult {
  int exitCode = -1;  // 128 + signal when killed by one
  std::string out;
  std::string err;
};

// Starts a real program in `cwd` with stdout and stderr captured to files; stdin is
// /dev/null, as in CI. With ownProcessGroup, the program leads a process group of its own, so
// signalGroup() reaches it and its children as a terminal's Ctrl-C or a service stop would.
class Process {
 public:
  Process(const std::string& program, const std::vector<std::string>& args,
          const std::filesystem::path& cwd, bool ownProcessGroup = false)
      : m_outPath(cwd / (".out-" + std::to_string(++counter()))),
        m_errPath(cwd / (".err-" + std::to_string(counter()))) {
    m_pid = fork();
    if (m_pid == 0) {
      if (ownProcessGroup) setpgid(0, 0);
      if (chdir(cwd.c_str()) != 0) _exit(127);
      int in = open("/dev/null", O_RDONLY);
      int out = open(m_outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int err = open(m_errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(in, 0);
      dup2(out, 1);
      dup2(err, 2);
      std::vector<char*> argv;
      argv.push_back(const_cast<char*>(program.c_str()));
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(program.c_str(), argv.data());
      _exit(127);
    }
    // Both sides set the group, so signalGroup() works whichever runs first.
    if (ownProcessGroup) setpgid(m_pid, m_pid);
  }
  pid_t pid() const { return m_pid; }
  void signal(int sig) const { kill(m_pid, sig); }
  void signalGroup(int sig) const { kill(-m_pid, sig); }
  // What the program has written to standard error so far (it may still be running).
  std::string errSoFar() const { return readFile(m_errPath); }

  ProcessResult wait() {
    int status = 0;
    waitpid(m_pid, &status, 0);
    ProcessResult r;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = readFile(m_outPath);
    r.err = readFile(m_errPath);
    std::error_code ec;
    std::filesystem::remove(m_outPath, ec);
    std::filesystem::remove(m_errPath, ec);
    return r;
  }

 private:
  static int& counter() {
    static int c = 0;
    return c;
  }
  std::filesystem::path m_outPath, m_errPath;
  pid_t m_pid = -1;
};

inline ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args,
                                const std::filesystem::path& cwd) {
  return Process(program, args, cwd).wait();
}

}  // namespace tunelab::testing
