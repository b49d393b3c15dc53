// tunelab-plot: the GUI's views rendered to a file without a display, for CI reports and
// documentation. `tunelab plot …` runs this program (the CLI itself stays free of Qt).
//
//   tunelab-plot --view scaling [--session ID|LABEL|latest] [--db FILE] --out FILE.svg|png
//                [--size WxH] [--palette light|dark] [--log-axes]
//                [--baseline ID|LABEL]   (compare: the candidate is --session)
//                [--benchmark NAME]      (trend: default, the session's first run)
#include <QApplication>
#include <QScrollArea>
#include <QChartView>
#include <QCommandLineParser>
#include <QStyle>
#include <QStyleFactory>
#include <QTextStream>
#include <algorithm>
#include <string>
#include <string_view>
#include <optional>
#include <vector>

#include "tunelab/analysis/ann.h"
#include "tunelab/analysis/scope.h"
#include "tunelab/model/params.h"
#include "tunelab/gui/compare_model.h"
#include "tunelab/gui/cross_session.h"
#include "tunelab/gui/database_loader.h"
#include "tunelab/gui/roofline_model.h"
#include "tunelab/gui/session_list_model.h"
#include "tunelab/gui/trend_model.h"
#include "tunelab/gui/format.h"
#include "tunelab/gui/session_models.h"
#include "tunelab/gui_app/ann_chart.h"
#include "tunelab/gui_app/chart_style.h"
#include "tunelab/gui_app/image_export.h"
#include "tunelab/gui_app/scaling_view.h"
#include "tunelab/gui_app/view.h"
#include "tunelab/gui_app/views.h"

namespace {

using namespace tunelab;

int fail(const QString& message) {
  QTextStream(stderr) << "tunelab plot: " << message << '\n';
  return 2;
}

// A session by id, label (the newest with it) or "latest", as the CLI names sessions.
std::optional<model::SessionId> resolve(const gui::DatabaseLoader& db, const QString& ref) {
  const auto& sessions = db.sessions();  // newest first
  if (sessions.empty()) return std::nullopt;
  if (ref.isEmpty() || ref == QLatin1String("latest")) return sessions.front().id;
  bool numeric = false;
  const qint64 id = ref.toLongLong(&numeric);
  for (const auto& s : sessions)
    if (numeric ? s.id.value() == id : gui::toQString(s.label) == ref) return s.id;
  return std::nullopt;
}

// `--view ann`: the recall–queries/s chart of one data set's nearest-neighbour cases (every
// knob value: a scope would pin nprobe and rerank to one), chosen by --workload and --where.
// Drawn here rather than by the window's ANN tab (AnnView), whose scope comes from the scope
// bar and whose data set and worker count from the box above its chart: here --where picks
// them, threads=N among them, and the view's controls and table stay out of the image.
int plotAnn(const model::SessionId& id, const std::vector<model::Run>& all, const QString& workload,
            const QStringList& where, const QSize& size, const QString& file) {
  std::vector<const model::Run*> runs;
  std::vector<model::Param> wanted;
  int workers = 0;  // --where threads=N (or p=N); 0: the data set's first (the fewest)
  for (const QString& kv : where) {
    const auto eq = kv.indexOf(QLatin1Char('='));
    if (eq <= 0) return fail(QStringLiteral("--where %1: expected KEY=VALUE").arg(kv));
    const QString key = kv.left(eq);
    if (key == QLatin1String("threads") || key == QLatin1String("p")) {
      bool number = false;
      workers = kv.mid(eq + 1).toInt(&number);
      if (!number || workers < 1) return fail(QStringLiteral("--where %1: expected a worker count").arg(kv));
      continue;
    }
    wanted.push_back({key.toStdString(), kv.mid(eq + 1).toStdString()});
  }
  for (const auto& r : all) {
    if (!workload.isEmpty() && r.workload != workload.toStdString()) continue;
    if (std::all_of(wanted.begin(), wanted.end(), [&](const model::Param& p) {
          return model::findParam(r.params, p.key) == p.value;
        }))
      runs.push_back(&r);
  }
  const auto a = analysis::analyzeAnn(runs);
  if (a.cases.empty())
    return fail(QStringLiteral("session %1 has no ann runs%2 (runs that report recall_at_k and qps: "
                               "`tunelab run ann`)")
                    .arg(id.value())
                    .arg(where.isEmpty() ? QString() : QStringLiteral(" with ") + where.join(QLatin1Char(' '))));
  // One data set at one worker count (its front is that count's): the first, or the worker
  // count --where names; the others are named so that --where can pick one.
  const auto firstAt = std::find_if(a.cases.begin(), a.cases.end(), [&](const analysis::AnnCase& c) {
    return workers == 0 || c.workers() == workers;
  });
  if (firstAt == a.cases.end())
    return fail(QStringLiteral("session %1 has no ann runs at p=%2").arg(id.value()).arg(workers));
  const auto& first = *firstAt;
  std::vector<int> otherWorkers;
  std::vector<analysis::AnnCase> cases;
  std::vector<std::size_t> index(a.cases.size(), 0);
  std::vector<std::string> others;
  for (std::size_t i = 0; i < a.cases.size(); ++i) {
    const auto& c = a.cases[i];
    if (c.workload == first.workload && c.data == first.data && c.workers() == first.workers()) {
      index[i] = cases.size();
      cases.push_back(c);
    } else if (c.workload == first.workload && c.data == first.data) {
      if (std::find(otherWorkers.begin(), otherWorkers.end(), c.workers()) == otherWorkers.end())
        otherWorkers.push_back(c.workers());
    } else if (std::find(others.begin(), others.end(), c.data) == others.end()) {
      others.push_back(c.data);
    }
  }
  std::vector<analysis::AnnSeries> series;
  for (auto s : a.series)
    if (s.workload == first.workload && s.data == first.data && s.workers() == first.workers()) {
      for (auto& c : s.cases) c = index[c];
      series.push_back(std::move(s));
    }
  const auto labels = analysis::annSeriesLabels(series, cases);
  for (std::size_t i = 0; i < labels.size(); ++i) series[i].label = labels[i];
  const QString title = QStringLiteral("Recall and queries/s — session %1 · %2")
                            .arg(id.value())
                            .arg(QString::fromStdString(first.workload));
  QString subtitle = QString::fromStdString(first.data) + QStringLiteral(" · p=%1").arg(first.workers());
  if (!otherWorkers.empty()) {
    QStringList ps;
    for (int p : otherWorkers) ps << QString::number(p);
    subtitle += QStringLiteral(" (also p=%1: --where threads=N)").arg(ps.join(QLatin1Char(',')));
  }
  if (!others.empty())
    subtitle += QStringLiteral(" (%1 other data set%2: --where picks one)")
                    .arg(others.size())
                    .arg(others.size() == 1 ? "" : "s");
  QChartView* view = gui::makeChartView(QStringLiteral("annChart"));
  view->resize(size);
  view->setAttribute(Qt::WA_DontShowOnScreen);
  view->show();
  std::vector<std::string> variants;  // every data set's and worker count's, for the colours
  for (const auto& c : a.cases)
    if (std::find(variants.begin(), variants.end(), c.variant) == variants.end())
      variants.push_back(c.variant);
  gui::drawAnnChart(view->chart(), cases, series, title, subtitle, QApplication::palette(), variants);
  QApplication::processEvents();
  QApplication::sendPostedEvents();
  QApplication::processEvents();
  QString error;
  const bool ok = gui::exportImage(view, file, title, &error);
  delete view;
  return ok ? 0 : fail(error);
}

}  // namespace

int main(int argc, char** argv) {
  // Never a window: render offscreen unless the caller chose a platform.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  // QGuiApplication takes -session/--session for X11 session management and removes it from
  // the arguments. --session is what the CLI calls a session everywhere, so it is renamed
  // before Qt sees it.
  std::vector<std::string> renamed;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--session" || a == "-session")
      renamed.emplace_back("--select-session");
    else if (a.starts_with("--session="))
      renamed.emplace_back("--select-session=" + std::string(a.substr(10)));
    else
      renamed.emplace_back(a);
  }
  for (auto& a : renamed) args.push_back(a.data());
  args.push_back(nullptr);
  int count = argc;
  QApplication app(count, args.data());
  QApplication::setApplicationName(QStringLiteral("tunelab-plot"));
  QApplication::setApplicationVersion(QStringLiteral(TUNELAB_VERSION_STRING));
  QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Render a tunelab-gui view of a session to SVG or PNG, without a display.\n\n"
      "Examples:\n"
      "  tunelab plot --view scaling --out scaling.svg\n"
      "  tunelab plot --view regions --session nightly --db results/tunelab.db --out r.png\n"
      "  tunelab plot --view scaling --log-axes --palette dark --size 1000x700 --out s.png\n"
      "  tunelab plot --view compare --baseline 3 --session 4 --out compare.svg\n"
      "  tunelab plot --view compare --baseline 3 --session 4 --ignore-param extra --out c.png\n"
      "  tunelab plot --view trend --benchmark kmeans/threads/n:20000/threads:2 --out trend.png"));
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption view(
      QStringLiteral("view"), QStringLiteral("what to draw: %1").arg(gui::viewNames().join(QStringLiteral(", "))),
      QStringLiteral("VIEW"));
  const QCommandLineOption session(QStringList{QStringLiteral("session"), QStringLiteral("select-session")},
                                   QStringLiteral("session id, label or latest (default: latest)"),
                                   QStringLiteral("ID"), QStringLiteral("latest"));
  const QString defaultDb = qEnvironmentVariableIsEmpty("TUNELAB_DB")
                                ? QStringLiteral("tunelab.db")
                                : qEnvironmentVariable("TUNELAB_DB");
  const QCommandLineOption db(QStringLiteral("db"),
                              QStringLiteral("results database (default: $TUNELAB_DB, else ./tunelab.db)"),
                              QStringLiteral("FILE"), defaultDb);
  const QCommandLineOption out(QStringLiteral("out"),
                               QStringLiteral("file to write; .svg (vector) or .png"),
                               QStringLiteral("FILE"));
  const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("image size (default 1000x700)"),
                                QStringLiteral("WxH"), QStringLiteral("1000x700"));
  const QCommandLineOption palette(QStringLiteral("palette"),
                                   QStringLiteral("light (default) or dark"), QStringLiteral("NAME"),
                                   QStringLiteral("light"));
  const QCommandLineOption logAxes(QStringLiteral("log-axes"),
                                   QStringLiteral("log₂ axes in the scaling view"));
  const QCommandLineOption baseline(QStringLiteral("baseline"),
                                    QStringLiteral("compare: the baseline session (id, label or latest)"),
                                    QStringLiteral("ID"));
  const QCommandLineOption benchmark(QStringLiteral("benchmark"),
                                     QStringLiteral("trend: the run name to follow across sessions"),
                                     QStringLiteral("NAME"));
  const QCommandLineOption ignoreParam(
      QStringLiteral("ignore-param"),
      QStringLiteral("compare: leave parameter KEY out when matching runs by name (repeatable), as "
                     "`tunelab compare --ignore-param`"),
      QStringLiteral("KEY"));
  const QCommandLineOption workload(
      QStringLiteral("workload"),
      QStringLiteral("draw only this workload's runs, at its first run's value of each parameter "
                     "that varies (alloc: one pattern; factor: one op) unless --where says"),
      QStringLiteral("NAME"));
  const QCommandLineOption where(QStringLiteral("where"),
                                 QStringLiteral("with --workload: only runs with KEY=VALUE (repeatable)"),
                                 QStringLiteral("KEY=VALUE"));
  parser.addOptions({view, session, db, out, size, palette, logAxes, baseline, benchmark, ignoreParam,
                     workload, where});
  parser.process(app);

  if (!parser.positionalArguments().isEmpty())
    return fail(QStringLiteral("unexpected argument '%1' (see --help)").arg(parser.positionalArguments().front()));
  if (!parser.isSet(view))
    return fail(QStringLiteral("--view is required: one of %1").arg(gui::viewNames().join(QStringLiteral(", "))));
  const auto kind = gui::viewFromName(parser.value(view));
  if (!kind)
    return fail(QStringLiteral("unknown view '%1'; valid views: %2")
                    .arg(parser.value(view), gui::viewNames().join(QStringLiteral(", "))));
  const bool annView = kind == gui::ViewKind::Ann;  // drawn by plotAnn, not by the tab
  if (!parser.isSet(out)) return fail(QStringLiteral("--out FILE.svg or FILE.png is required"));
  const QString file = parser.value(out);
  if (!file.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive) &&
      !file.endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
    return fail(QStringLiteral("%1: the output must end in .svg or .png").arg(file));
  const QStringList dims = parser.value(size).split(QLatin1Char('x'));
  const QSize imageSize(dims.value(0).toInt(), dims.value(1).toInt());
  if (dims.size() != 2 || imageSize.width() < 200 || imageSize.height() < 150 ||
      imageSize.width() > 10000 || imageSize.height() > 10000)
    return fail(QStringLiteral("--size must be WxH between 200x150 and 10000x10000, not '%1'")
                    .arg(parser.value(size)));
  if (parser.value(palette) == QLatin1String("dark"))
    QApplication::setPalette(gui::darkPalette());
  else if (parser.value(palette) == QLatin1String("light"))
    QApplication::setPalette(QApplication::style()->standardPalette());
  else
    return fail(QStringLiteral("--palette must be light or dark, not '%1'").arg(parser.value(palette)));

  auto database = gui::DatabaseLoader::open(parser.value(db).toStdString());
  if (!database) return fail(QString::fromStdString(database.error().message));
  const auto id = resolve(*database, parser.value(session));
  if (!id)
    return fail(database->sessions().empty()
                    ? QStringLiteral("%1 has no sessions yet; `tunelab run` makes one").arg(parser.value(db))
                    : QStringLiteral("%1 has no session '%2' (give an id, a label or latest; "
                                     "`tunelab sessions` lists them)")
                          .arg(parser.value(db), parser.value(session)));
  auto loaded = gui::loadSessionNow(*database, *id);
  if (!loaded) return fail(QString::fromStdString(loaded.error().message));
  if (annView)
    return plotAnn(*id, (*loaded)->results.runs, parser.value(workload), parser.values(where),
                   imageSize, file);
  // A scope: one workload (and one value of each parameter that varies in it), as a person
  // compares them; the whole session of the default sweep is ~150 series in one chart.
  QString scopeText;
  if (parser.isSet(workload)) {
    const auto& runs = (*loaded)->results.runs;
    const std::string name = parser.value(workload).toStdString();
    auto scope = analysis::defaultScope(
        runs, name, analysis::workloadTraits((*loaded)->results.session.environment.extra));
    if (parser.isSet(where)) {
      scope.where.clear();
      for (const QString& kv : parser.values(where)) {
        const auto eq = kv.indexOf(QLatin1Char('='));
        if (eq <= 0) return fail(QStringLiteral("--where %1: expected KEY=VALUE").arg(kv));
        scope.where.push_back({kv.left(eq).toStdString(), kv.mid(eq + 1).toStdString()});
      }
    }
    if (std::none_of(runs.begin(), runs.end(),
                     [&](const model::Run& r) { return analysis::inScope(r, scope); }))
      return fail(QStringLiteral("session %1 has no runs of %2 (`tunelab report` lists them)")
                      .arg(parser.value(session), QString::fromStdString(analysis::describe(scope))));
    // The whole session with the scope, so that a view may look past it (the stream view
    // spreads along the offered rate the scope pins).
    loaded = gui::loadedSession(gui::SessionResults{(*loaded)->results.session, (*loaded)->results.runs},
                                true, scope);
    scopeText = QString::fromStdString(analysis::describe(scope));
  }

  gui::SessionModels models;
  models.sessions()->setSessions(database->sessions());
  if (*kind == gui::ViewKind::Compare) {
    if (!parser.isSet(baseline))
      return fail(QStringLiteral("--view compare needs --baseline ID (the candidate is --session)"));
    const auto base = resolve(*database, parser.value(baseline));
    if (!base)
      return fail(QStringLiteral("%1 has no session '%2' for --baseline").arg(parser.value(db), parser.value(baseline)));
    analysis::CompareOptions options;
    for (const auto& key : parser.values(ignoreParam)) options.ignoreParams.push_back(key.toStdString());
    auto comparison = gui::compareSessions(*database, *base, *id, options);
    if (!comparison) return fail(QString::fromStdString(comparison.error().message));
    // A chart of nothing is not a result: say why the sessions have no benchmark in common.
    if (comparison->summary.compared == 0 && comparison->summary.failedInBaseline == 0 &&
        comparison->summary.failedInCandidate == 0) {
      const auto& sum = comparison->summary;
      return fail(QStringLiteral("sessions %1 and %2 have no benchmark in common to compare (%3 only in "
                                 "the baseline, %4 only in the candidate); run names include "
                                 "their parameters: leave a differing one out with --ignore-param KEY, "
                                 "or compare sessions of the same workload")
                      .arg(parser.value(baseline), parser.value(session))
                      .arg(sum.onlyInBaseline)
                      .arg(sum.onlyInCandidate));
    }
    models.compare()->setComparison(std::make_shared<const analysis::Comparison>(std::move(comparison).value()));
  }
  if (*kind == gui::ViewKind::Trend) {
    std::string name = parser.value(benchmark).toStdString();
    if (name.empty() && !(*loaded)->results.runs.empty()) name = (*loaded)->results.runs.front().name;
    if (name.empty()) return fail(QStringLiteral("--view trend needs --benchmark NAME"));
    auto trend = gui::trendOf(*database, name, {});
    if (!trend) return fail(QString::fromStdString(trend.error().message));
    if (trend->points.empty())
      return fail(QStringLiteral("no session of %1 ran '%2' (`tunelab report` lists run names)")
                      .arg(parser.value(db), QString::fromStdString(name)));
    models.trend()->setTrend(std::make_shared<const analysis::Trend>(std::move(trend).value()));
  }
  if (*kind == gui::ViewKind::Roofline) {
    auto ceilings = gui::newestCeilings(*database);
    if (!ceilings) return fail(QString::fromStdString(ceilings.error().message));
    models.roofline()->setFallbackCeilings(ceilings->ceilings, gui::toQString(ceilings->source));
  }
  gui::View* widget = gui::createView(*kind, &models);
  if (auto* scaling = qobject_cast<gui::ScalingView*>(widget); scaling && parser.isSet(logAxes))
    scaling->setAxes(gui::ScalingView::Axes::Log2);
  models.show(*loaded);
  if (*kind != gui::ViewKind::Compare && *kind != gui::ViewKind::Trend)
    widget->setContext(scopeText.isEmpty() ? QStringLiteral("session %1").arg(id->value())
                                           : QStringLiteral("session %1 · %2").arg(id->value()).arg(scopeText));
  // The chart alone fills the image: a view's controls and tables (pickers, the verdict
  // table) are for the window, not for a report.
  QWidget* target = widget->exportWidget();
  // A chart inside a scroll area (Regions) comes out of it first: the area resizes its
  // widget to its own viewport.
  if (QWidget* viewport = target->parentWidget())
    if (auto* area = qobject_cast<QScrollArea*>(viewport->parentWidget()); area && area->widget() == target)
      area->takeWidget();
  if (target != widget) target->setParent(nullptr);
  // At the size asked for, even where the window would give it more room (the Regions view
  // grows a row per run and scrolls).
  target->setMinimumSize(0, 0);
  target->resize(imageSize);
  target->setAttribute(Qt::WA_DontShowOnScreen);
  target->show();
  QApplication::processEvents();
  QApplication::sendPostedEvents();
  QApplication::processEvents();
  QString error;
  const bool ok = gui::exportImage(target, file, widget->title(), &error);
  if (target != widget) delete target;
  delete widget;
  if (!ok) return fail(error);
  return 0;
}
