// First run: the welcome page's three actions and recent files ask what they should, the demo
// clip is found where the build tree and the installed package put it, and the main window
// shows the welcome page exactly while no clip is open.

#include "app/DemoClip.h"
#include "app/MainWindow.h"
#include "widgets/PlayerView.h"
#include "widgets/WelcomePage.h"

#include <QFile>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace fp;

namespace {

void touch(const QString& path) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("x");
}

} // namespace

class TestWelcomePage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void actionsEmitTheirRequests() {
        WelcomePage page;
        QSignalSpy clip(&page, &WelcomePage::openClipRequested);
        QSignalSpy kase(&page, &WelcomePage::openCaseRequested);
        QSignalSpy demo(&page, &WelcomePage::openDemoRequested);
        page.openClipAction()->click();
        page.openCaseAction()->click();
        QCOMPARE(clip.size(), 1);
        QCOMPARE(kase.size(), 1);

        // Without a demo clip the action is disabled and says why.
        QVERIFY(!page.openDemoAction()->isEnabled());
        QVERIFY(page.openDemoAction()->description().contains(QStringLiteral("Not found")));
        page.openDemoAction()->click();
        QCOMPARE(demo.size(), 0);

        page.setDemoClip(QStringLiteral("/somewhere/frameproof-demo.mp4"));
        QVERIFY(page.openDemoAction()->isEnabled());
        page.openDemoAction()->click();
        QCOMPARE(demo.size(), 1);
        QCOMPARE(demo.at(0).at(0).toString(), QStringLiteral("/somewhere/frameproof-demo.mp4"));
        QCOMPARE(clip.size(), 1);
        QCOMPARE(kase.size(), 1);
    }

    void recentFilesListExistingFilesFirstFew() {
        QTemporaryDir dir;
        QStringList paths;
        for (int i = 0; i < 8; ++i) {
            paths << dir.filePath(QStringLiteral("clip%1.mp4").arg(i));
            if (i != 1) // clip1.mp4 was moved away since
                touch(paths.last());
        }
        WelcomePage page;
        page.setRecentFiles(paths);
        const QStringList shown = page.shownRecentFiles();
        QCOMPARE(shown.size(), WelcomePage::kMaxRecent);
        QCOMPARE(shown, (QStringList{paths[0], paths[2], paths[3], paths[4], paths[5]}));

        auto* label = page.findChild<QLabel*>(QStringLiteral("recentFiles"));
        QVERIFY(label);
        QVERIFY(label->text().contains(QStringLiteral("clip3.mp4")));
        QVERIFY(!label->text().contains(QStringLiteral("clip1.mp4")));
        QSignalSpy recent(&page, &WelcomePage::openRecentRequested);
        Q_EMIT label->linkActivated(QStringLiteral("2"));
        QCOMPARE(recent.size(), 1);
        QCOMPARE(recent.at(0).at(0).toString(), paths[3]);
        Q_EMIT label->linkActivated(QStringLiteral("9")); // out of range: nothing
        QCOMPARE(recent.size(), 1);

        page.setRecentFiles({});
        QVERIFY(page.shownRecentFiles().isEmpty());
        QVERIFY(label->isHidden());
    }

    void demoClipFoundInstalledAndInBuildTree() {
        QTemporaryDir dir;
        const QString prefix = dir.filePath(QStringLiteral("usr"));
        const QString installed =
            prefix + QStringLiteral("/share/frameproof/demo/frameproof-demo.mp4");
        const QString build = dir.filePath(QStringLiteral("build"));
        const QString built = build + QStringLiteral("/demo/frameproof-demo.mp4");

        QCOMPARE(app::findDemoClip(prefix + QStringLiteral("/bin")), QString());
        touch(installed);
        QCOMPARE(app::findDemoClip(prefix + QStringLiteral("/bin")), installed);

        QCOMPARE(app::findDemoClip(build + QStringLiteral("/app")), QString());
        touch(built);
        QCOMPARE(app::findDemoClip(build + QStringLiteral("/app")), built);
        QCOMPARE(app::findDemoClip(build + QStringLiteral("/tests")), built);
        QCOMPARE(app::findDemoClip(QString()), QString());
        QCOMPARE(app::demoClipCandidates(prefix + QStringLiteral("/bin")).first(), installed);
    }

    // This test runs from BUILD/tests, so the window finds BUILD/demo/frameproof-demo.mp4, the
    // demo_clip target's output (part of every build), and opening it shows the player.
    void windowShowsWelcomeWhileNoClipIsOpen() {
        QTemporaryDir bookmarks;
        QSettings().remove(QStringLiteral("recentFiles"));
        app::MainWindow window(bookmarks.path());
        window.show();
        auto* centre = qobject_cast<QStackedWidget*>(window.centralWidget());
        QVERIFY(centre);
        QCOMPARE(centre->currentWidget(), window.welcomePage());

        const QString demo = window.welcomePage()->demoClip();
        QVERIFY2(!demo.isEmpty(), "the build tree's demo clip (target demo_clip) was not found");
        QVERIFY(QFileInfo(demo).isFile());
        QVERIFY(window.welcomePage()->openDemoAction()->isEnabled());

        window.welcomePage()->openDemoAction()->click();
        QCOMPARE(centre->currentWidget(), window.playerView());
        QTRY_VERIFY_WITH_TIMEOUT(window.playerView()->frameIndex() == 0, 20000);
        // Once intake finishes, the clip is a recent file, listed on the welcome page.
        QTRY_COMPARE_WITH_TIMEOUT(window.welcomePage()->shownRecentFiles(),
                                  QStringList{QFileInfo(demo).absoluteFilePath()}, 60000);

        window.closeClip();
        QCOMPARE(centre->currentWidget(), window.welcomePage());
        QSettings().remove(QStringLiteral("recentFiles"));
    }
};

QTEST_MAIN(TestWelcomePage)
#include "tst_welcome_page.moc"
