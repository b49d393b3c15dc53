// tunelab-gui [results.db] [--select-session ID] [--tab VIEW] [--palette light|dark|system]
//             [--screenshot FILE.png [--size WxH] [--log-axes]]
//
// --screenshot renders the window into a PNG and exits: the documentation's images and the
// GUI tests come from the real window this way (offscreen: QT_QPA_PLATFORM=offscreen).
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QPixmap>
#include <QStyle>
#include <QStyleFactory>
#include <QTextStream>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "tunelab/gui/session_models.h"
#include "tunelab/gui_app/chart_style.h"
#include "tunelab/gui_app/main_window.h"
#include "tunelab/gui_app/scaling_view.h"
#include "tunelab/gui_app/views.h"

namespace {

int fail(const QString& message) {
  QTextStream(stderr) << "tunelab-gui: " << message << '\n';
  return 2;
}

bool isSet(const char* name) {
  const char* v = std::getenv(name);
  return v && *v;
}

// Without a display, Qt's default platform aborts before --help can print a word. What needs
// no window (help, version, --screenshot) then runs offscreen; a window says what to do.
// false: nothing can be shown here.
bool choosePlatform(int argc, char** argv) {
  if (isSet("QT_QPA_PLATFORM") || isSet("DISPLAY") || isSet("WAYLAND_DISPLAY")) return true;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "-h" || a == "--help" || a == "--help-all" || a == "-v" || a == "--version" ||
        a == "--screenshot" || a.starts_with("--screenshot=")) {
      setenv("QT_QPA_PLATFORM", "offscreen", 1);
      return true;
    }
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (!choosePlatform(argc, argv)) {
    std::fputs(
        "tunelab-gui: no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset).\n"
        "Run it in a desktop session, over `ssh -X`, or under `xvfb-run tunelab-gui …`; or\n"
        "render a view into a PNG here: tunelab-gui results.db --tab scaling --screenshot "
        "scaling.png\n",
        stderr);
    return 2;
  }
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("tunelab"));
  QApplication::setApplicationName(QStringLiteral("tunelab-gui"));
  QApplication::setApplicationVersion(QStringLiteral(TUNELAB_VERSION_STRING));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Browse tunelab results: sessions, runs, scaling, counters and regions; start runs.\n"
      "Without a database it reopens the last one.\n\n"
      "Examples:\n"
      "  tunelab-gui results/tunelab.db\n"
      "  tunelab-gui results/tunelab.db --tab scaling --select-session 3\n"
      "  QT_QPA_PLATFORM=offscreen tunelab-gui r.db --tab scaling --screenshot scaling.png"));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("database"),
                               QStringLiteral("results database to open (made by `tunelab run`)"),
                               QStringLiteral("[results.db]"));
  const QCommandLineOption screenshot(
      QStringLiteral("screenshot"), QStringLiteral("render the window into FILE.png and exit"),
      QStringLiteral("FILE"));
  const QCommandLineOption size(QStringLiteral("size"),
                                QStringLiteral("window size for --screenshot (default 1200x720)"),
                                QStringLiteral("WxH"), QStringLiteral("1200x720"));
  const QCommandLineOption tab(
      QStringLiteral("tab"),
      QStringLiteral("view to show first: %1").arg(tunelab::gui::viewNames().join(QStringLiteral(", "))),
      QStringLiteral("VIEW"));
  // Not "--session": QGuiApplication takes -session/--session for X11 session management
  // and removes it from the arguments before the parser sees them.
  const QCommandLineOption session(QStringLiteral("select-session"),
                                   QStringLiteral("session to show first (default: the newest)"),
                                   QStringLiteral("ID"));
  const QCommandLineOption palette(
      QStringLiteral("palette"),
      QStringLiteral("light, dark, or system (default: follow the desktop)"),
      QStringLiteral("NAME"), QStringLiteral("system"));
  const QCommandLineOption logAxes(QStringLiteral("log-axes"),
                                   QStringLiteral("log₂ axes in the scaling view"));
  const QCommandLineOption workload(
      QStringLiteral("workload"),
      QStringLiteral("with --screenshot: the workload to show (default: the session's first)"),
      QStringLiteral("NAME"));
  const QCommandLineOption where(
      QStringLiteral("where"),
      QStringLiteral("with --workload: only its runs with KEY=VALUE, as the scope bar would pin "
                     "them (repeatable)"),
      QStringLiteral("KEY=VALUE"));
  parser.addOptions({screenshot, size, tab, session, palette, logAxes, workload, where});
  parser.process(app);

  const QStringList positional = parser.positionalArguments();
  if (positional.size() > 1) return fail(QStringLiteral("expected at most one database"));
  std::optional<tunelab::gui::ViewKind> view = tunelab::gui::ViewKind::Runs;
  if (parser.isSet(tab)) {
    view = tunelab::gui::viewFromName(parser.value(tab));
    if (!view)
      return fail(QStringLiteral("--tab must be one of %1, not '%2'")
                      .arg(tunelab::gui::viewNames().join(QStringLiteral(", ")), parser.value(tab)));
  }
  bool idOk = true;
  const qint64 sessionId = parser.isSet(session) ? parser.value(session).toLongLong(&idOk) : 0;
  if (!idOk || (parser.isSet(session) && positional.isEmpty()))
    return fail(QStringLiteral("--select-session needs a numeric session id and a database"));
  const QString paletteName = parser.value(palette);
  if (paletteName == QLatin1String("dark")) {
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(tunelab::gui::darkPalette());
  } else if (paletteName == QLatin1String("light")) {
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(QApplication::style()->standardPalette());
  } else if (paletteName != QLatin1String("system")) {
    return fail(QStringLiteral("--palette must be light, dark or system, not '%1'").arg(paletteName));
  }
  const QStringList dims = parser.value(size).split(QLatin1Char('x'));
  const QSize windowSize(dims.value(0).toInt(), dims.value(1).toInt());
  if (dims.size() != 2 || windowSize.width() < 200 || windowSize.height() < 150)
    return fail(QStringLiteral("--size must be WxH, at least 200x150, not '%1'").arg(parser.value(size)));

  tunelab::gui::MainWindow window;
  if (parser.isSet(tab) || parser.isSet(screenshot)) window.setCurrentView(*view);
  if (parser.isSet(logAxes))
    if (auto* scaling = qobject_cast<tunelab::gui::ScalingView*>(
            window.view(tunelab::gui::ViewKind::Scaling)))
      scaling->setAxes(tunelab::gui::ScalingView::Axes::Log2);

  if (parser.isSet(screenshot)) {
    // No one is there to read a message box: a bad database is an error exit instead.
    window.resize(windowSize);
    if (!positional.isEmpty()) {
      QString error;
      if (!window.loadDatabase(positional.front(), &error, tunelab::model::SessionId(sessionId)))
        return fail(error);
      if (sessionId != 0 && window.models()->session().id.value() != sessionId)
        return fail(QStringLiteral("%1 has no session %2").arg(positional.front()).arg(sessionId));
      if (parser.isSet(where) && !parser.isSet(workload))
        return fail(QStringLiteral("--where needs --workload"));
      if (parser.isSet(workload)) {
        window.showWorkload(parser.value(workload));
        if (!window.waitUntilIdle() ||
            window.scope().workload != parser.value(workload).toStdString())
          return fail(QStringLiteral("the session shown has no workload '%1'").arg(parser.value(workload)));
        if (parser.isSet(where)) {
          tunelab::analysis::Scope scope = window.scope();
          for (const QString& kv : parser.values(where)) {
            const auto eq = kv.indexOf(QLatin1Char('='));
            if (eq <= 0) return fail(QStringLiteral("--where '%1' is not KEY=VALUE").arg(kv));
            const std::string key = kv.left(eq).toStdString(), value = kv.mid(eq + 1).toStdString();
            std::erase_if(scope.where, [&](const auto& p) { return p.key == key; });
            scope.where.push_back({key, value});
          }
          window.showScope(scope);
          if (!window.waitUntilIdle()) return fail(QStringLiteral("the scope did not load"));
        }
      }
    }
    window.show();
    // Let the layouts, the charts and the tables settle before taking the picture.
    QApplication::processEvents();
    QApplication::sendPostedEvents();
    QApplication::processEvents();
    const QString file = parser.value(screenshot);
    if (!window.grab().save(file, "PNG"))
      return fail(QStringLiteral("cannot write the screenshot to %1").arg(file));
    return 0;
  }

  window.show();
  QString path = positional.value(0);
  // The last database, if it is still there: a vanished file is not worth an error at start.
  if (path.isEmpty() && QFileInfo::exists(window.recentFiles().value(0)))
    path = window.recentFiles().value(0);
  if (!path.isEmpty()) window.openDatabase(path, tunelab::model::SessionId(sessionId));
  return QApplication::exec();
}
