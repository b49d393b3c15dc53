// The Run dialog measures what `tunelab run` can: a program nobody here wrote (xz from Debian,
// through `-- COMMAND` with a {threads} placeholder and a {level} sweep) and a Google
// Benchmark binary (`--gbench`), each as a real child process into a real database that the
// window then shows.
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "test_database.h"
#include "tunelab/gui/run_table_model.h"
#include "tunelab/gui/session_models.h"
#include "tunelab/gui_app/main_window.h"
#include "tunelab/gui_app/run_dialog.h"

using namespace tunelab;

class GuiRunDialogTest : public QObject {
  Q_OBJECT

  // Runs `r` through the dialog into `db`; the runs the window then shows.
  static int runThroughTheDialog(const gui::RunRequest& r, const QString& db) {
    gui::MainWindow window;
    gui::RunDialog dialog(QStringLiteral(TUNELAB_CLI), db, &window);
    QSignalSpy catalogue(&dialog, &gui::RunDialog::catalogueLoaded);
    dialog.loadCatalogue();
    if (!catalogue.wait(30'000)) return -1;
    dialog.setRequest(r);
    // What the form says is what was asked.
    if (dialog.request().arguments() != r.arguments()) {
      qWarning() << "form" << dialog.request().arguments() << "asked" << r.arguments();
      return -2;
    }
    // For a look at the form: TUNELAB_SCREENSHOT_DIR=DIR saves it there.
    if (const QString shots = qEnvironmentVariable("TUNELAB_SCREENSHOT_DIR"); !shots.isEmpty())
      dialog.grab().save(shots + QStringLiteral("/run-dialog-%1.png").arg(static_cast<int>(r.target)));
    QObject::connect(&dialog, &gui::RunDialog::runFinished, &window,
                     [&window](const QString& database, int) { window.openDatabase(database); });
    QSignalSpy finished(&dialog, &gui::RunDialog::runFinished);
    QSignalSpy shown(&window, &gui::MainWindow::sessionShown);
    if (!dialog.startRun() || !finished.wait(120'000)) return -3;
    if (finished.front().at(1).toInt() != 0) return -4;
    if (!QTest::qWaitFor([&] { return !shown.isEmpty() && shown.last().at(1).toBool(); }, 10'000))
      return -5;
    return window.models()->runs()->rowCount();
  }

 private slots:
  void aCommandWithPlaceholdersAndASweep() {
    if (QStandardPaths::findExecutable(QStringLiteral("xz")).isEmpty())
      QSKIP("xz is not installed (scripts/setup installs xz-utils)");
    QTemporaryDir dir;
    const QString data = dir.filePath(QStringLiteral("numbers.txt"));
    QFile file(data);
    QVERIFY(file.open(QIODevice::WriteOnly));
    for (int i = 0; i < 20000; ++i) file.write(QByteArray::number(i) + '\n');
    file.close();
    gui::RunRequest r;
    r.target = gui::RunRequest::Target::Command;
    r.command = {QStringLiteral("xz"), QStringLiteral("-T{threads}"), QStringLiteral("-{level}"),
                 QStringLiteral("-c"), data};
    r.params = {{QStringLiteral("level"), QStringLiteral("0,1")}};
    r.threads = QStringLiteral("1,2");
    r.repetitions = 2;
    r.label = QStringLiteral("xz from the dialog");
    r.database = dir.filePath(QStringLiteral("command.db"));
    QCOMPARE(r.arguments().mid(r.arguments().indexOf(QStringLiteral("--"))),
             (QStringList{QStringLiteral("--"), QStringLiteral("xz"), QStringLiteral("-T{threads}"),
                          QStringLiteral("-{level}"), QStringLiteral("-c"), data}));
    QVERIFY(!r.arguments().contains(QStringLiteral("--min-time")));  // a workload's only
    QCOMPARE(runThroughTheDialog(r, r.database), 4);  // two levels × two thread counts
  }

  void aGoogleBenchmarkBinary() {
    QTemporaryDir dir;
    gui::RunRequest r;
    r.target = gui::RunRequest::Target::Gbench;
    r.command = {QStringLiteral(GBENCH_THREADS), QStringLiteral("--benchmark_filter=/65536/")};
    r.repetitions = 2;
    r.database = dir.filePath(QStringLiteral("gbench.db"));
    QCOMPARE(r.arguments().mid(0, 3),
             (QStringList{QStringLiteral("run"), QStringLiteral("--gbench"), QStringLiteral(GBENCH_THREADS)}));
    QCOMPARE(r.arguments().last(), QStringLiteral("--benchmark_filter=/65536/"));
    // ->ThreadRange(1, 2) at one size: two runs, one per thread count.
    QCOMPARE(runThroughTheDialog(r, r.database), 2);
  }
};

QTEST_MAIN(GuiRunDialogTest)
#include "gui_run_dialog_test.moc"
