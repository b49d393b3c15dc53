// `tunelab run -- COMMAND`: placeholders into cases, the program found as execvp would find
// it, and whether its heap can be tracked by LD_PRELOAD at all (command.h).
#include <elf.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "tunelab/model/params.h"
#include "tunelab/profiler/command.h"

namespace tunelab::profiler {
namespace fs = std::filesystem;
namespace {

using model::Error;
using model::ErrorKind;

bool identifierChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// Replaces `{name}` by its value for every name in `values`; a `{word}` not among them stays
// as written (a shell's `{a,b}`, awk's `{print $1}` and find's `{}` are not words) and is
// named in `unknown`.
std::string substitute(const std::string& text, const std::map<std::string, std::string>& values,
                       std::map<std::string, bool>& unknown) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      std::size_t k = i + 1;
      while (k < text.size() && identifierChar(text[k])) ++k;
      if (k > i + 1 && k < text.size() && text[k] == '}') {
        const std::string name = text.substr(i + 1, k - i - 1);
        if (auto it = values.find(name); it != values.end()) {
          out += it->second;
        } else {
          out += text.substr(i, k - i + 1);
          unknown[name] = true;
        }
        i = k + 1;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

std::string baseName(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool executableFile(const fs::path& p) {
  struct stat st{};
  return stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(p.c_str(), X_OK) == 0;
}

}  // namespace

bool usesPlaceholder(const std::vector<std::string>& texts, const std::string& name) {
  const std::string token = "{" + name + "}";
  for (const auto& t : texts)
    if (t.find(token) != std::string::npos) return true;
  return false;
}

model::Result<std::vector<CommandCase>> planCommandCases(const CommandTemplate& t,
                                                         const std::vector<CommandParam>& params,
                                                         const std::vector<int>& threads,
                                                         std::vector<std::string>* notes) {
  if (t.argv.empty() || t.argv.front().empty())
    return Error{ErrorKind::Usage, "no command after `--`: give the program to run, e.g. "
                                   "`tunelab run -- xz -T{threads} -c FILE`."};
  std::vector<std::string> texts = t.argv;
  texts.insert(texts.end(), t.environment.begin(), t.environment.end());
  texts.push_back(t.prepare);
  texts.push_back(t.setup);
  for (const auto& kv : t.environment) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0)
      return Error{ErrorKind::Usage, "--env '" + kv + "' is not NAME=VALUE (e.g. --env OMP_NUM_THREADS={threads})."};
  }
  if (!threads.empty() && !(threads.size() == 1 && threads[0] == 1) && !usesPlaceholder(texts, "threads"))
    return Error{ErrorKind::Usage,
                 "-t sweeps thread counts, but no argument, --env, --prepare or --setup uses "
                 "{threads}: every case would run the same command. Pass the count to the "
                 "program, e.g. `-- xz -T{threads} …` or `--env OMP_NUM_THREADS={threads}`."};
  for (std::size_t i = 0; i < params.size(); ++i) {
    const auto& p = params[i];
    if (p.name.empty() || p.name == "threads" ||
        p.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
            std::string::npos)
      return Error{ErrorKind::Usage, "-p " + p.name + "=…: a parameter's name is letters, digits, "
                                     "'_' and '-' (and not 'threads': that is -t)."};
    for (std::size_t k = 0; k < i; ++k)
      if (params[k].name == p.name)
        return Error{ErrorKind::Usage, "-p " + p.name + " is given twice: give one list, -p " +
                                           p.name + "=v1,v2."};
    if (p.values.empty())
      return Error{ErrorKind::Usage, "-p " + p.name + "= has no value."};
    if (!usesPlaceholder(texts, p.name))
      return Error{ErrorKind::Usage, "-p " + p.name + "=… is given, but no argument, --env, "
                                     "--prepare or --setup uses {" + p.name + "}."};
  }
  const std::vector<int> counts = threads.empty() ? std::vector<int>{1} : threads;
  const std::string name = !t.name.empty() ? t.name : baseName(t.shell ? t.argv.front().substr(0, t.argv.front().find(' ')) : t.argv.front());

  // The cartesian product, the first parameter outermost and the thread count innermost (a
  // scaling series stays together, as the workloads' sweeps do).
  std::vector<std::vector<model::Param>> sets{{}};
  for (const auto& p : params) {
    std::vector<std::vector<model::Param>> next;
    for (const auto& set : sets)
      for (const auto& v : p.values) {
        auto s = set;
        s.push_back({p.name, v});
        next.push_back(std::move(s));
      }
    sets = std::move(next);
  }
  std::map<std::string, bool> unknown;
  std::vector<CommandCase> cases;
  for (const auto& set : sets)
    for (int p : counts) {
      std::map<std::string, std::string> values{{"threads", std::to_string(p)}};
      for (const auto& kv : set) values[kv.key] = kv.value;
      CommandCase c;
      c.identity.workload = name;
      c.identity.variant = t.variant;
      c.identity.params = set;
      c.identity.threads = p;
      c.identity.name = model::benchmarkName(c.identity);
      std::vector<std::string> args;
      for (const auto& a : t.argv) args.push_back(substitute(a, values, unknown));
      if (t.shell) {
        std::string joined;
        for (const auto& a : args) joined += (joined.empty() ? "" : " ") + a;
        c.argv = {"/bin/sh", "-c", joined};
      } else {
        c.argv = std::move(args);
      }
      for (const auto& e : t.environment) c.environment.push_back(substitute(e, values, unknown));
      c.prepare = substitute(t.prepare, values, unknown);
      c.setup = substitute(t.setup, values, unknown);
      cases.push_back(std::move(c));
    }
  if (notes)
    for (const auto& [word, _] : unknown)
      notes->push_back("{" + word + "} stays as written: no -p " + word + "=… names it");
  return cases;
}

model::Result<std::string> resolveProgram(const std::string& argv0) {
  if (argv0.empty()) return Error{ErrorKind::Usage, "the command is empty"};
  if (argv0.find('/') != std::string::npos) {
    std::error_code ec;
    if (!fs::exists(argv0, ec))
      return Error{ErrorKind::Input, "cannot run '" + argv0 + "': no such file"};
    if (!executableFile(argv0))
      return Error{ErrorKind::Input, "cannot run '" + argv0 + "': not an executable file"};
    return argv0;
  }
  const char* path = std::getenv("PATH");
  const std::string dirs = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
  bool sawNonExecutable = false;
  std::size_t pos = 0;
  while (pos <= dirs.size()) {
    auto colon = dirs.find(':', pos);
    if (colon == std::string::npos) colon = dirs.size();
    const std::string dir = colon > pos ? dirs.substr(pos, colon - pos) : ".";
    pos = colon + 1;
    const fs::path candidate = fs::path(dir) / argv0;
    std::error_code ec;
    if (!fs::exists(candidate, ec)) continue;
    if (executableFile(candidate)) return candidate.string();
    sawNonExecutable = true;
  }
  return Error{ErrorKind::Input,
               "cannot run '" + argv0 + "': " +
                   (sawNonExecutable ? "found on PATH, but not as an executable file"
                                     : "command not found on PATH (" + dirs + ")")};
}

std::optional<std::string> preloadObstacle(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[256] = {};
  in.read(head, sizeof head);
  const auto got = static_cast<std::size_t>(in.gcount());
  if (got >= 2 && head[0] == '#' && head[1] == '!') {
    // A script: its interpreter is the process whose malloc runs.
    std::string line(head + 2, got - 2);
    line = line.substr(0, line.find('\n'));
    const auto b = line.find_first_not_of(" \t");
    if (b == std::string::npos) return std::nullopt;
    const std::string interp = line.substr(b, line.find_first_of(" \t\r", b) - b);
    if (interp == path) return std::nullopt;
    return preloadObstacle(interp);
  }
  if (got < EI_NIDENT || std::memcmp(head, ELFMAG, SELFMAG) != 0) return std::nullopt;
  // The program headers, 32- or 64-bit, in the file's own byte order (this machine's: an
  // ELF of another byte order would not run here anyway).
  const bool is64 = head[EI_CLASS] == ELFCLASS64;
  std::uint64_t phoff = 0;
  std::uint16_t phnum = 0, phentsize = 0;
  if (is64 && got >= sizeof(Elf64_Ehdr)) {
    Elf64_Ehdr eh;
    std::memcpy(&eh, head, sizeof eh);
    phoff = eh.e_phoff, phnum = eh.e_phnum, phentsize = eh.e_phentsize;
  } else if (!is64 && got >= sizeof(Elf32_Ehdr)) {
    Elf32_Ehdr eh;
    std::memcpy(&eh, head, sizeof eh);
    phoff = eh.e_phoff, phnum = eh.e_phnum, phentsize = eh.e_phentsize;
  } else {
    return std::nullopt;
  }
  in.clear();
  for (std::uint16_t i = 0; i < phnum; ++i) {
    std::uint32_t type = 0;
    in.seekg(static_cast<std::streamoff>(phoff + std::uint64_t{i} * phentsize));
    in.read(reinterpret_cast<char*>(&type), sizeof type);  // p_type is the first field in both
    if (!in) return std::nullopt;
    if (type == PT_INTERP) return std::nullopt;
  }
  return "the program is statically linked: " + baseName(path) +
         " has no PT_INTERP, so no dynamic loader runs and LD_PRELOAD cannot put the counting "
         "malloc in front of its own";
}

}  // namespace tunelab::profiler
