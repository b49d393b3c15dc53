// Store::runs: a session's runs read back, in one read snapshot, one query per table.
#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>

#include "sqlite.h"
#include "store_impl.h"
#include "tunelab/store/store.h"

namespace tunelab::store {

using model::RunId;
using model::SessionId;

Result<std::vector<model::Run>> Store::runs(SessionId session, RunParts parts) const {
  auto& db = m_impl->db;
  // One snapshot for all the queries below: a run committed meanwhile by another process is
  // either wholly in it or not at all (ReadTransaction).
  auto read = sql::ReadTransaction::begin(db);
  if (!read) return m_impl->fail(read.error());
  std::vector<model::Run> runs;
  std::map<std::int64_t, std::size_t> runIndex;
  // → run, sample; hashed: a session can hold a million samples.
  std::unordered_map<std::int64_t, std::pair<std::size_t, std::size_t>> sampleIndex;
  const bool all = parts == RunParts::All;

  auto step = [&](sql::Statement& q) -> Result<bool> {
    auto r = q.step();
    if (!r) return m_impl->fail(r.error());
    return *r;
  };

  auto q = db.prepare(
      "SELECT id, name, workload, variant, threads, ranks, status, reason FROM run "
      "WHERE session_id = ? ORDER BY seq");
  if (!q) return m_impl->fail(q.error());
  q->bind(1, session.value());
  for (;;) {
    auto more = step(*q);
    if (!more) return more.error();
    if (!*more) break;
    model::Run r;
    r.id = RunId{q->int64(0)};
    r.session = session;
    r.name = q->text(1);
    r.workload = q->text(2);
    r.variant = q->text(3);
    r.threads = static_cast<int>(q->int64(4));
    r.ranks = static_cast<int>(q->int64(5));
    r.status = model::runStatusFromString(q->text(6)).value_or(model::RunStatus::Failed);
    r.reason = q->text(7);
    runIndex[r.id.value()] = runs.size();
    runs.push_back(std::move(r));
  }

  // The children of all runs come in one query per table, joined back through the indexes.
  auto p = db.prepare(
      "SELECT p.run_id, p.key, p.value FROM run_param p JOIN run r ON r.id = p.run_id "
      "WHERE r.session_id = ? ORDER BY p.run_id, p.position");
  if (!p) return m_impl->fail(p.error());
  p->bind(1, session.value());
  for (;;) {
    auto more = step(*p);
    if (!more) return more.error();
    if (!*more) break;
    runs[runIndex.at(p->int64(0))].params.push_back({p->text(1), p->text(2)});
  }

  if (parts == RunParts::Headers) return runs;

  // Room for every sample first (an index-only count): a run can hold a million samples, and
  // growing that vector moves each one several times.
  auto counts = db.prepare(
      "SELECT s.run_id, count(*) FROM sample s JOIN run r ON r.id = s.run_id "
      "WHERE r.session_id = ? GROUP BY s.run_id");
  if (!counts) return m_impl->fail(counts.error());
  counts->bind(1, session.value());
  std::size_t total = 0;
  for (;;) {
    auto more = step(*counts);
    if (!more) return more.error();
    if (!*more) break;
    const auto n = static_cast<std::size_t>(counts->int64(1));
    runs[runIndex.at(counts->int64(0))].samples.reserve(n);
    total += n;
  }
  if (all) sampleIndex.reserve(total);

  auto s = db.prepare(
      "SELECT s.id, s.run_id, s.repetition, s.iterations, s.wall_s, s.cpu_s, s.position FROM sample s "
      "JOIN run r ON r.id = s.run_id WHERE r.session_id = ? ORDER BY r.seq, s.repetition");
  if (!s) return m_impl->fail(s.error());
  s->bind(1, session.value());
  for (;;) {
    auto more = step(*s);
    if (!more) return more.error();
    if (!*more) break;
    auto ri = runIndex.at(s->int64(1));
    auto& smp = runs[ri].samples.emplace_back();
    smp.id = model::SampleId{s->int64(0)};
    smp.repetition = static_cast<int>(s->int64(2));
    smp.iterations = s->int64(3);
    smp.wallSeconds = s->real(4);
    smp.cpuSeconds = s->real(5);
    smp.position = s->optionalInt64(6).value_or(-1);
    if (all) sampleIndex[smp.id.value()] = {ri, runs[ri].samples.size() - 1};
  }
  if (!all) return runs;
  auto setup = db.prepare(
      "SELECT t.run_id, t.name, t.seconds, t.entries FROM setup_region t JOIN run r ON r.id = "
      "t.run_id WHERE r.session_id = ? ORDER BY t.run_id, t.rowid");
  if (!setup) return m_impl->fail(setup.error());
  setup->bind(1, session.value());
  for (;;) {
    auto more = step(*setup);
    if (!more) return more.error();
    if (!*more) break;
    runs[runIndex.at(setup->int64(0))].setupRegions.push_back(
        {setup->text(1), setup->real(2), setup->int64(3), {}});
  }

  auto sampleOf = [&](std::int64_t id) -> model::Sample& {
    auto [ri, si] = sampleIndex.at(id);
    return runs[ri].samples[si];
  };

  constexpr std::string_view kJoin =
      " JOIN sample s ON s.id = t.sample_id JOIN run r ON r.id = s.run_id WHERE r.session_id = ?";
  // Rows in run, repetition, then insertion order. Ordering by run and repetition lets SQLite
  // walk the indexes and sort only within a sample; "ORDER BY s.run_id" or "t.rowid" alone
  // sorts every row of the session in a temporary B-tree (seconds on a million samples).
  constexpr std::string_view kSampleOrder = " ORDER BY r.seq, s.repetition, t.rowid";
  auto c = db.prepare(
      "SELECT t.sample_id, t.event, t.value, t.time_enabled_ns, t.time_running_ns, "
      "t.simulated, t.reason FROM counter t" + std::string(kJoin) + std::string(kSampleOrder));
  if (!c) return m_impl->fail(c.error());
  c->bind(1, session.value());
  for (;;) {
    auto more = step(*c);
    if (!more) return more.error();
    if (!*more) break;
    model::CounterValue cv;
    cv.event = c->text(1);
    cv.value = c->optionalReal(2);
    cv.timeEnabledNs = c->int64(3);
    cv.timeRunningNs = c->int64(4);
    cv.simulated = c->int64(5) != 0;
    cv.reason = c->text(6);
    sampleOf(c->int64(0)).counters.push_back(std::move(cv));
  }

  auto a = db.prepare(
      "SELECT t.sample_id, t.allocations, t.frees, t.bytes, t.peak_live_bytes, t.pool_bytes, "
      "t.allocated_bytes FROM alloc t" + std::string(kJoin));
  if (!a) return m_impl->fail(a.error());
  a->bind(1, session.value());
  for (;;) {
    auto more = step(*a);
    if (!more) return more.error();
    if (!*more) break;
    sampleOf(a->int64(0)).alloc = model::AllocStats{a->int64(1), a->int64(2), a->int64(3),
                                                    a->int64(4), a->optionalInt64(5),
                                                    a->optionalInt64(6)};
  }

  auto m = db.prepare("SELECT t.sample_id, t.name, t.value, t.unit FROM metric t" +
                      std::string(kJoin) + std::string(kSampleOrder));
  if (!m) return m_impl->fail(m.error());
  m->bind(1, session.value());
  for (;;) {
    auto more = step(*m);
    if (!more) return more.error();
    if (!*more) break;
    sampleOf(m->int64(0)).metrics.push_back({m->text(1), m->real(2), m->text(3)});
  }

  auto g = db.prepare("SELECT t.sample_id, t.name, t.seconds, t.entries FROM region t" +
                      std::string(kJoin) + std::string(kSampleOrder));
  if (!g) return m_impl->fail(g.error());
  g->bind(1, session.value());
  for (;;) {
    auto more = step(*g);
    if (!more) return more.error();
    if (!*more) break;
    sampleOf(g->int64(0)).regions.push_back({g->text(1), g->real(2), g->int64(3), {}});
  }
  auto rc = db.prepare(
      "SELECT t.sample_id, t.region, t.event, t.value, t.time_enabled_ns, t.time_running_ns, "
      "t.reason FROM region_counter t" + std::string(kJoin) + " ORDER BY t.rowid");
  if (!rc) return m_impl->fail(rc.error());
  rc->bind(1, session.value());
  for (;;) {
    auto more = step(*rc);
    if (!more) return more.error();
    if (!*more) break;
    auto& regions = sampleOf(rc->int64(0)).regions;
    const std::string name = rc->text(1);
    auto it = std::find_if(regions.begin(), regions.end(),
                           [&](const model::RegionStat& x) { return x.name == name; });
    if (it == regions.end()) continue;  // addRun writes a region's row before its counters
    model::CounterValue cv;
    cv.event = rc->text(2);
    cv.value = rc->optionalReal(3);
    cv.timeEnabledNs = rc->int64(4);
    cv.timeRunningNs = rc->int64(5);
    cv.reason = rc->text(6);
    it->counters.push_back(std::move(cv));
  }

  // Series points arrive ordered by series, then index; a series' row comes first.
  auto sr = db.prepare(
      "SELECT t.sample_id, t.id, t.name, t.unit, t.x_name, p.x, p.y FROM series t"
      " LEFT JOIN series_point p ON p.series_id = t.id" + std::string(kJoin) +
      " ORDER BY t.id, p.idx");
  if (!sr) return m_impl->fail(sr.error());
  sr->bind(1, session.value());
  std::int64_t currentSeries = -1;
  model::Series* cur = nullptr;
  for (;;) {
    auto more = step(*sr);
    if (!more) return more.error();
    if (!*more) break;
    if (sr->int64(1) != currentSeries) {
      currentSeries = sr->int64(1);
      auto& list = sampleOf(sr->int64(0)).series;
      list.push_back({sr->text(2), sr->text(3), sr->text(4), {}, {}});
      cur = &list.back();
    }
    if (!sr->isNull(5)) {
      cur->x.push_back(sr->real(5));
      cur->y.push_back(sr->real(6));
    }
  }

  auto th = db.prepare("SELECT t.sample_id, t.thread, t.cpu_s FROM thread_stat t" +
                       std::string(kJoin) + " ORDER BY t.sample_id, t.thread");
  if (!th) return m_impl->fail(th.error());
  th->bind(1, session.value());
  for (;;) {
    auto more = step(*th);
    if (!more) return more.error();
    if (!*more) break;
    sampleOf(th->int64(0)).threads.push_back({static_cast<int>(th->int64(1)), th->real(2), {}});
  }
  auto tc = db.prepare(
      "SELECT t.sample_id, t.thread, t.event, t.value, t.time_enabled_ns, t.time_running_ns, "
      "t.reason FROM thread_counter t" + std::string(kJoin) +
      " ORDER BY t.sample_id, t.thread, t.rowid");
  if (!tc) return m_impl->fail(tc.error());
  tc->bind(1, session.value());
  for (;;) {
    auto more = step(*tc);
    if (!more) return more.error();
    if (!*more) break;
    auto& threads = sampleOf(tc->int64(0)).threads;
    const int t = static_cast<int>(tc->int64(1));
    auto it = std::find_if(threads.begin(), threads.end(),
                           [t](const model::ThreadStat& x) { return x.thread == t; });
    if (it == threads.end()) continue;  // addRun writes a thread's stat row before its counters
    model::CounterValue cv;
    cv.event = tc->text(2);
    cv.value = tc->optionalReal(3);
    cv.timeEnabledNs = tc->int64(4);
    cv.timeRunningNs = tc->int64(5);
    cv.reason = tc->text(6);
    it->counters.push_back(std::move(cv));
  }
  return runs;
}

}  // namespace tunelab::store
