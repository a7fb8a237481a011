// Time formatting and go-to parsing: one place for timecodes so the GUI and reports agree.

#include "core/media/PositionText.h"
#include "core/util/TimeFormat.h"

#include <QtTest>

using namespace fp;

namespace {

// 30000/1001 fps in a 1/30000 time base, 300 frames.
FrameIndex ntscIndex() {
    FrameIndex index;
    index.timeBase = {1, 30000};
    index.nominalFrameRate = {30000, 1001};
    index.averageFrameRate = {30000, 1001};
    for (int i = 0; i < 300; ++i) {
        FrameIndexEntry e;
        e.pts = 5000 + int64_t(i) * 1001;
        e.dts = e.pts;
        e.key = i % 30 == 0;
        e.packetSize = 100;
        index.entries.push_back(e);
    }
    return index;
}

} // namespace

class TestTimeFormat : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void timecode() {
        QCOMPARE(formatTimecode(0, {25, 1}), QStringLiteral("00:00:00:00"));
        QCOMPARE(formatTimecode(25 * 3661 + 7, {25, 1}), QStringLiteral("01:01:01:07"));
        QCOMPARE(formatTimecode(31, {30000, 1001}), QStringLiteral("00:00:01:01"));
    }
    void seconds() {
        QCOMPARE(formatSeconds(0), QStringLiteral("0:00:00.000"));
        QCOMPARE(formatSeconds(3723.4567), QStringLiteral("1:02:03.457"));
        QCOMPARE(formatSeconds(-0.5), QStringLiteral("-0:00:00.500"));
    }
    void parse_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("frame");
        QTest::newRow("frame") << "120" << qint64(120);
        QTest::newRow("frame clamped") << "100000" << qint64(299);
        QTest::newRow("timecode") << "00:00:02:05" << qint64(65);
        QTest::newRow("drop-frame separator") << "00:00:02;05" << qint64(65);
        QTest::newRow("seconds") << "2.0" << qint64(59); // 59 * 1001/30000 = 1.968 s
        QTest::newRow("seconds suffix") << "3s" << qint64(89);
        QTest::newRow("min:sec") << "0:05.5" << qint64(164);
        QTest::newRow("garbage") << "abc" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
    }
    void parse() {
        QFETCH(QString, text);
        QFETCH(qint64, frame);
        const FrameIndex index = ntscIndex();
        QCOMPARE(parsePosition(text, index), frame);
    }
};

QTEST_GUILESS_MAIN(TestTimeFormat)
#include "tst_time_format.moc"
