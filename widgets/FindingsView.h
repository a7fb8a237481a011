#pragma once

// The findings of an analysis as a sortable list: frames ("120-180"), signal, severity
// (coloured) and the plain-language reason (elided in a narrow dock; the full text is the row's
// tooltip). Under the list, a detail area shows the selected finding in full, word-wrapped and
// selectable (to quote it): frames and their count, signal, severity and the whole reason. The
// first row is selected when findings arrive, so the detail is never empty while there are any.
// Clicking or activating a row asks to go to the finding's first frame. Sorting by frames is
// numeric, by severity is by rank (high above medium above low).
// An empty list shows a placeholder: before any setFindings() the text of setPlaceholder()
// (default "No analysis yet"; the application passes e.g. "Run an analysis (Ctrl+R)"), after
// one with no findings "No findings".
// Frames are presentation indices. Thread-safety: GUI thread only.

#include "core/analysis/AnalysisResult.h"

#include <QMap>
#include <QString>
#include <QWidget>

#include <vector>

QT_BEGIN_NAMESPACE
class QLabel;
class QStackedWidget;
class QTextBrowser;
class QTreeWidget;
class QTreeWidgetItem;
QT_END_NAMESPACE

namespace fp {

class FindingsView : public QWidget {
    Q_OBJECT
public:
    enum Column { FramesColumn, SignalColumn, SeverityColumn, ReasonColumn, ColumnCount };
    // Data roles of every cell of a row.
    enum Role { StartFrameRole = Qt::UserRole + 1, EndFrameRole, SeverityRankRole };

    explicit FindingsView(QWidget* parent = nullptr);

    // Replaces the list. `signalTitles` maps Finding::signal (e.g. "landmark_jitter") to the
    // title shown ("Landmark jitter"); a signal without a title shows its name.
    void setFindings(const std::vector<Finding>& findings,
                     const QMap<QString, QString>& signalTitles);
    // Back to the never-analysed state.
    void clear();
    int count() const;

    // Shown while no analysis has delivered findings.
    void setPlaceholder(const QString& text);
    // The text shown instead of the list, or empty when the list is shown.
    QString placeholderShown() const;

    // 0 = low, 1 = medium, 2 = high; -1 for anything else.
    static int severityRank(const QString& severity);
    static QColor severityColour(const QString& severity);

    // For tests: the list itself.
    QTreeWidget* tree() const { return m_tree; }
    // For tests: the detail area's plain text (the selected finding, in full).
    QString detailText() const;

Q_SIGNALS:
    // A row was clicked or activated: go to the finding's first frame.
    void seekRequested(qint64 frame);

private:
    void updatePlaceholder();
    void showDetail(QTreeWidgetItem* item);

    QStackedWidget* m_stack = nullptr;
    QLabel* m_placeholder = nullptr;
    QTreeWidget* m_tree = nullptr;
    QTextBrowser* m_detail = nullptr; // the selected finding in full
    QString m_neverRunText;
    bool m_analysed = false;
};

} // namespace fp
