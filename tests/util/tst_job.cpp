// core/util/Job: the one job contract. start() returns at once and run() works on a thread of
// the job's own; finished() comes exactly once per start, an empty message meaning success;
// cancel() makes run() stop at its next check and wasCancelled() says so; progress() arrives
// queued on the owner's thread; destroying a running job cancels and joins it.

#include "core/util/Job.h"

#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <atomic>

using namespace fp;

namespace {

// Counts to `steps`, reporting each step; stops early when cancelled.
class CountingJob : public Job {
public:
    explicit CountingJob(int steps, QString failWith = {})
        : m_steps(steps)
        , m_failWith(std::move(failWith)) {}
    ~CountingJob() override { stopAndJoin(); }

    std::atomic<int> done{0};
    std::atomic<bool> ranOnOtherThread{false};
    std::atomic<bool> gate{true};          // run() waits while false
    std::atomic<bool>* returned = nullptr; // set when run() returns (outlives the job)

protected:
    QString run() override {
        ranOnOtherThread.store(QThread::currentThread() != qApp->thread());
        for (int i = 0; i < m_steps; ++i) {
            while (!gate.load() && !cancelFlag().load())
                QThread::msleep(1);
            if (cancelFlag().load()) {
                if (returned)
                    returned->store(true);
                return QStringLiteral("cancelled");
            }
            done.store(i + 1);
            Q_EMIT progress(i + 1, m_steps);
        }
        return m_failWith;
    }

private:
    int m_steps;
    QString m_failWith;
};

} // namespace

class TestJob : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void finishesOnceWithProgress() {
        CountingJob job(5);
        QSignalSpy progress(&job, &Job::progress);
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        job.start(); // a second start while running is ignored
        QTRY_COMPARE(finished.size(), 1);
        QTest::qWait(50);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().toString(), QString());
        QVERIFY(!job.wasCancelled());
        QVERIFY(job.ranOnOtherThread.load());
        QCOMPARE(progress.size(), 5);
        QCOMPARE(progress.last().at(0).toLongLong(), 5);
        QCOMPARE(progress.last().at(1).toLongLong(), 5);
    }

    void failureIsTheMessage() {
        CountingJob job(2, QStringLiteral("disk full"));
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().toString(), QStringLiteral("disk full"));
        QVERIFY(!job.wasCancelled());
    }

    void cancelStopsAtTheNextCheck() {
        CountingJob job(1000);
        job.gate.store(false);
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        job.cancel();
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY(job.wasCancelled());
        QVERIFY(job.done.load() < 1000);
    }

    void destroyingARunningJobJoinsIt() {
        std::atomic<bool> returned{false};
        auto job = std::make_unique<CountingJob>(1000);
        job->gate.store(false);
        job->returned = &returned;
        job->start();
        job.reset(); // cancels and joins: run() has returned when the destructor does
        QVERIFY(returned.load());
    }
};

QTEST_GUILESS_MAIN(TestJob)
#include "tst_job.moc"
