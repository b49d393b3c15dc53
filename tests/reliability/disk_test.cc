// A full disk and a read-only file system under a real `tunelab run` and `tunelab export`.
// The full disk is a small tmpfs mounted in a mount namespace of this test process (so it
// needs root, as CI and the development machine have; elsewhere the test says why it
// skips); the same faults without root come from RLIMIT_FSIZE with SIGXFSZ ignored, which
// turns the write that crosses the limit into EFBIG.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "support.h"
#include "tunelab/model/status.h"
#include "tunelab/store/store.h"

namespace tunelab {
namespace {

using testing::TempDir;
using testing::tunelab;
namespace fs = std::filesystem;

// A tmpfs of `kib` KiB at `where`, private to this process (and the tunelab it starts), gone
// when the process ends. Empty string on success, else why it cannot be had here.
std::string mountTmpfs(const fs::path& where, int kib) {
  static bool privateNamespace = false;
  if (!privateNamespace) {
    if (unshare(CLONE_NEWNS) != 0) return std::string("unshare(CLONE_NEWNS): ") + std::strerror(errno);
    if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
      return std::string("making / private: ") + std::strerror(errno);
    privateNamespace = true;
  }
  fs::create_directories(where);
  const std::string options = "size=" + std::to_string(kib) + "k";
  if (mount("tmpfs", where.c_str(), "tmpfs", 0, options.c_str()) != 0)
    return std::string("mount -t tmpfs: ") + std::strerror(errno);
  return {};
}

#define MOUNT_TMPFS_OR_SKIP(where, kib)                                                   \
  do {                                                                                     \
    if (auto why = mountTmpfs(where, kib); !why.empty())                                   \
      GTEST_SKIP() << "needs a tmpfs of its own (root in a mount namespace): " << why;     \
  } while (0)

// Fills the file system of `dir` up to `leaveBytes` free, with one file.
void fill(const fs::path& dir, std::size_t leaveBytes) {
  const auto filler = dir / "filler";
  int fd = open(filler.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  std::vector<char> block(4096, 'x');
  while (write(fd, block.data(), block.size()) > 0) {
  }
  ASSERT_EQ(errno, ENOSPC);
  const off_t full = lseek(fd, 0, SEEK_END);
  ASSERT_EQ(ftruncate(fd, full > static_cast<off_t>(leaveBytes) ? full - static_cast<off_t>(leaveBytes) : 0), 0);
  close(fd);
}

std::vector<std::string> manyCases(const std::string& db, const std::string& label) {
  std::string ms;
  for (int i = 0; i < 200; ++i) ms += (ms.empty() ? "" : ",") + std::to_string(i * 0.001);
  return {"run", "fault", "-v", "ok", "-p", "ms=" + ms, "-r", "3", "--min-time", "0", "--no-report",
          "--db", db, "--label", label};
}

std::vector<std::string> leftovers(const fs::path& dir, const std::string& stem) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind(stem, 0) == 0 && e.path().filename() != stem)
      out.push_back(e.path().filename().string());
  return out;
}

class Disk : public ::testing::Test {
 protected:
  void SetUp() override { testing::enableFaultWorkload(); }
  void TearDown() override {
    if (!m_mounted.empty()) umount2(m_mounted.c_str(), MNT_DETACH);
  }
  fs::path m_mounted;
};

// The disk fills while a session writes: the run whose commit does not fit is refused whole,
// tunelab stops with a clear error (exit 2), and every earlier run — of this session and of
// the sessions before — stays intact.
TEST_F(Disk, FullDiskWhileWritingKeepsEarlierResults) {
  TempDir dir;
  const auto disk = dir / "disk";
  MOUNT_TMPFS_OR_SKIP(disk, 2048);
  m_mounted = disk;
  auto before = tunelab({"run", "fault", "-v", "ok", "-r", "2", "--min-time", "0", "--no-report",
                         "--db", "disk/t.db", "--label", "before"},
                        dir.path());
  ASSERT_EQ(before.exitCode, 0) << before.err;
  fill(disk, 160 * 1024);

  auto r = tunelab(manyCases("disk/t.db", "full"), dir.path());
  EXPECT_EQ(r.exitCode, 2) << r.err;
  EXPECT_NE(r.err.find("disk is full"), std::string::npos) << r.err;
  const auto stored = testing::countLines(r.err, "[");
  EXPECT_LT(stored, 200u) << "the disk filled before the sweep ended";

  fs::remove(disk / "filler");
  const auto db = disk / "t.db";
  EXPECT_EQ(testing::integrityCheck(db), "ok");
  auto store = store::Store::open(db, store::OpenMode::ReadOnly);
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto old = store->runs(*store->resolveSession("before"));
  ASSERT_EQ(old->size(), 1u);
  EXPECT_EQ(old->front().samples.size(), 2u);
  auto id = store->resolveSession("full");
  ASSERT_TRUE(id.ok());
  auto runs = store->runs(*id);
  EXPECT_EQ(runs->size(), stored) << "every case reported done is stored, and no other";
  for (const auto& run : *runs) EXPECT_EQ(run.samples.size(), 3u) << "no half-written runs";
  const auto status = store->session(*id)->status;
  EXPECT_TRUE(status == model::SessionStatus::Interrupted || status == model::SessionStatus::Abandoned)
      << model::toString(status);
}

// Exports go to a temporary name renamed into place: when the disk fills, the previous file
// is untouched and no partial file or temporary is left behind.
TEST_F(Disk, FailedExportOnAFullDiskLeavesNoHalfFile) {
  TempDir dir;
  ASSERT_EQ(tunelab(manyCases("t.db", "big"), dir.path()).exitCode, 0);
  const auto disk = dir / "disk";
  MOUNT_TMPFS_OR_SKIP(disk, 512);
  m_mounted = disk;
  testing::writeFile(disk / "samples.csv", "previous export\n");
  fill(disk, 8 * 1024);
  auto r = tunelab({"export", "--db", "t.db", "--out", "disk/samples.csv"}, dir.path());
  EXPECT_EQ(r.exitCode, 2) << r.err;
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing was replaced"), std::string::npos) << r.err;
  EXPECT_EQ(testing::readFile(disk / "samples.csv"), "previous export\n");
  EXPECT_EQ(leftovers(disk, "samples.csv"), std::vector<std::string>{}) << "no temporary file left";
  // With room again, the same command replaces the file whole.
  fs::remove(disk / "filler");
  ASSERT_EQ(tunelab({"export", "--db", "t.db", "--out", "disk/samples.csv"}, dir.path()).exitCode, 0);
  EXPECT_EQ(testing::countLines(testing::readFile(disk / "samples.csv"), "1,"), 600u);
}

// Without root: a file-size limit (ulimit -f) makes the write that crosses it fail with EFBIG
// — the same path through the export as ENOSPC.
TEST_F(Disk, FailedExportAtTheFileSizeLimitLeavesNoHalfFile) {
  TempDir dir;
  ASSERT_EQ(tunelab(manyCases("t.db", "big"), dir.path()).exitCode, 0);
  testing::writeFile(dir / "samples.csv", "previous export\n");
  // ulimit -f counts 512-byte blocks in sh: 48 KiB, less than the export (about 60 KiB) and
  // more than the 32 KiB index SQLite's reader creates beside the database (t.db-shm).
  auto r = testing::runProcess("/bin/sh",
                               {"-c", "ulimit -f 96; trap '' XFSZ; exec \"$0\" \"$@\"", TUNELAB_BINARY,
                                "export", "--db", "t.db", "--out", "samples.csv"},
                               dir.path());
  EXPECT_EQ(r.exitCode, 2) << r.err;
  EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
  EXPECT_EQ(testing::readFile(dir / "samples.csv"), "previous export\n");
  EXPECT_EQ(leftovers(dir.path(), "samples.csv"), std::vector<std::string>{});
}

// The database file reaching the file-size limit mid-session: the same as a full disk.
TEST_F(Disk, DatabaseAtTheFileSizeLimitKeepsEarlierResults) {
  TempDir dir;
  ASSERT_EQ(tunelab({"run", "fault", "-v", "ok", "-r", "2", "--min-time", "0", "--no-report", "-q",
                     "--label", "before", "--db", "t.db"},
                    dir.path())
                .exitCode,
            0);
  std::vector<std::string> args = {"-c", "ulimit -f 1200; trap '' XFSZ; exec \"$0\" \"$@\"", TUNELAB_BINARY};
  for (const auto& a : manyCases("t.db", "limited")) args.push_back(a);
  auto r = testing::runProcess("/bin/sh", args, dir.path());
  EXPECT_EQ(r.exitCode, 2) << r.err;
  const auto stored = testing::countLines(r.err, "[");
  EXPECT_LT(stored, 200u) << r.err;
  EXPECT_EQ(testing::integrityCheck(dir / "t.db"), "ok");
  auto store = store::Store::open(dir / "t.db", store::OpenMode::ReadOnly);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_EQ(store->runs(*store->resolveSession("before"))->size(), 1u);
  auto runs = store->runs(*store->resolveSession("limited"));
  EXPECT_EQ(runs->size(), stored);
  for (const auto& run : *runs) EXPECT_EQ(run.samples.size(), 3u);
}

// A results file on a read-only file system: writing is refused before anything is touched
// (root cannot write there either, unlike a chmod'ed file), and reading still works.
TEST_F(Disk, ReadOnlyFileSystemRefusesWritingAndStillReads) {
  TempDir dir;
  const auto disk = dir / "disk";
  MOUNT_TMPFS_OR_SKIP(disk, 2048);
  m_mounted = disk;
  ASSERT_EQ(tunelab({"run", "fault", "-v", "ok", "-r", "2", "--min-time", "0", "--no-report", "-q",
                     "--db", "disk/t.db", "--label", "kept"},
                    dir.path())
                .exitCode,
            0);
  ASSERT_EQ(mount(nullptr, disk.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr), 0) << std::strerror(errno);
  const auto bytes = testing::readFile(disk / "t.db");

  auto r = tunelab({"run", "fault", "-v", "ok", "-r", "1", "--db", "disk/t.db"}, dir.path());
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("disk/t.db: is read-only"), std::string::npos) << r.err;
  EXPECT_EQ(testing::readFile(disk / "t.db"), bytes);

  auto report = tunelab({"report", "--db", "disk/t.db", "--session", "kept"}, dir.path());
  EXPECT_EQ(report.exitCode, 0) << report.err;
  EXPECT_NE(report.out.find("fault/ok"), std::string::npos) << report.out;
  auto exported = tunelab({"export", "--db", "disk/t.db", "--out", "disk/x.csv"}, dir.path());
  EXPECT_EQ(exported.exitCode, 2);
  EXPECT_NE(exported.err.find("Read-only file system"), std::string::npos) << exported.err;
}

}  // namespace
}  // namespace tunelab
