#pragma once

// The first-run page in the main window's centre while no clip is open: the product's name and
// purpose, three large actions (Open clip..., Open case..., Open the demo clip) and the recent
// files. It only asks: the main window decides what each request does.
// Thread-safety: GUI thread only.

#include <QAbstractButton>
#include <QStringList>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QVBoxLayout;

namespace fp {

// A large flat button with a title, a line of explanation and an optional shortcut hint.
class WelcomeAction : public QAbstractButton {
    Q_OBJECT
public:
    WelcomeAction(const QString& title, const QString& description, const QString& shortcut,
                  QWidget* parent = nullptr);

    QString title() const { return text(); }
    QString description() const { return m_description; }
    void setDescription(const QString& description);
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void enterEvent(QEnterEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QString m_description;
    QString m_shortcut;
    bool m_hovered = false;
};

class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);

    // The demo clip to offer; empty disables the action and says why (not built or installed).
    void setDemoClip(const QString& path);
    QString demoClip() const { return m_demoClip; }
    // Most recent first; only the first few are listed, missing files left out.
    void setRecentFiles(const QStringList& paths);
    QStringList shownRecentFiles() const { return m_shownRecent; }

    WelcomeAction* openClipAction() const { return m_openClip; }
    WelcomeAction* openCaseAction() const { return m_openCase; }
    WelcomeAction* openDemoAction() const { return m_openDemo; }

    static constexpr int kMaxRecent = 5;

Q_SIGNALS:
    void openClipRequested();
    void openCaseRequested();
    void openDemoRequested(const QString& path);
    void openRecentRequested(const QString& path);

private:
    // The constructor's parts, top to bottom of the page.
    QHBoxLayout* createHeader(const QPalette& mutedPalette);
    void createStartActions();
    void createRecentList(const QPalette& mutedPalette);
    QLabel* createSectionLabel(const QString& text, const QPalette& mutedPalette);
    QWidget* createColumn(QHBoxLayout* header, const QPalette& mutedPalette);

    WelcomeAction* m_openClip = nullptr;
    WelcomeAction* m_openCase = nullptr;
    WelcomeAction* m_openDemo = nullptr;
    QLabel* m_recentTitle = nullptr;
    QLabel* m_recent = nullptr;
    QString m_demoClip;
    QStringList m_shownRecent;
};

} // namespace fp
