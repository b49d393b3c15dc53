// tunelab-gui [results.db] [--screenshot FILE.png [--tab runs|scaling]]
//
// --screenshot renders the window offscreen-friendly at a fixed size into a PNG and exits:
// the documentation's images and the GUI tests come from the real window this way.
#include <QApplication>
#include <QCommandLineParser>
#include <QPixmap>
#include <QTextStream>
#include <cstdio>

#include "tunelab/gui_app/main_window.h"

namespace {

constexpr QSize kScreenshotSize(1200, 720);

int fail(const QString& message) {
  QTextStream(stderr) << "tunelab-gui: " << message << '\n';
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("tunelab-gui"));
  QApplication::setApplicationVersion(QStringLiteral(TUNELAB_VERSION_STRING));

  QCommandLineParser parser;
  parser.setApplicationDescription(
      QStringLiteral("Browse tunelab results: sessions, runs and scaling charts."));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("database"),
                               QStringLiteral("results database to open (made by `tunelab run`)"),
                               QStringLiteral("[results.db]"));
  const QCommandLineOption screenshot(
      QStringLiteral("screenshot"),
      QStringLiteral("render the window at 1200×720 into FILE.png and exit"),
      QStringLiteral("FILE"));
  const QCommandLineOption tab(QStringLiteral("tab"),
                               QStringLiteral("tab to show first: runs (default) or scaling"),
                               QStringLiteral("NAME"), QStringLiteral("runs"));
  // Not "--session": QGuiApplication takes -session/--session for X11 session management
  // and removes it from the arguments before the parser sees them.
  const QCommandLineOption session(QStringLiteral("select-session"),
                                   QStringLiteral("session to show first (default: the newest)"),
                                   QStringLiteral("ID"));
  parser.addOption(screenshot);
  parser.addOption(session);
  parser.addOption(tab);
  parser.process(app);

  const QStringList positional = parser.positionalArguments();
  if (positional.size() > 1) return fail(QStringLiteral("expected at most one database"));
  const QString tabName = parser.value(tab);
  if (tabName != QLatin1String("runs") && tabName != QLatin1String("scaling"))
    return fail(QStringLiteral("--tab must be runs or scaling, not '%1'").arg(tabName));
  bool idOk = true;
  const qint64 sessionId = parser.isSet(session) ? parser.value(session).toLongLong(&idOk) : 0;
  if (!idOk || (parser.isSet(session) && positional.isEmpty()))
    return fail(QStringLiteral("--select-session needs a numeric session id and a database"));

  tunelab::gui::MainWindow window;
  window.setCurrentTab(tabName == QLatin1String("scaling") ? tunelab::gui::MainWindow::Tab::Scaling
                                                           : tunelab::gui::MainWindow::Tab::Runs);

  if (parser.isSet(screenshot)) {
    // No one is there to read a message box: a bad database is an error exit instead.
    if (!positional.isEmpty()) {
      QString error;
      if (!window.loadDatabase(positional.front(), &error)) return fail(error);
      if (sessionId != 0 && !window.selectSession(tunelab::model::SessionId(sessionId)))
        return fail(QStringLiteral("%1 has no session %2").arg(positional.front()).arg(sessionId));
    }
    window.resize(kScreenshotSize);
    window.show();
    // Let the layouts, the chart and the table settle before taking the picture.
    QApplication::processEvents();
    QApplication::sendPostedEvents();
    QApplication::processEvents();
    const QString file = parser.value(screenshot);
    if (!window.grab().save(file, "PNG"))
      return fail(QStringLiteral("cannot write the screenshot to %1").arg(file));
    return 0;
  }

  window.show();
  if (!positional.isEmpty() && window.openDatabase(positional.front()) && sessionId != 0)
    window.selectSession(tunelab::model::SessionId(sessionId));
  return QApplication::exec();
}
