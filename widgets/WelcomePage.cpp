#include "widgets/WelcomePage.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QVBoxLayout>

namespace fp {

namespace {

constexpr int kPadding = 14;
constexpr int kColumnWidth = 560;

QColor mutedColor(const QPalette& palette) {
    return palette.color(QPalette::PlaceholderText);
}

QFont scaledFont(QFont font, double factor, bool bold) {
    font.setPointSizeF(font.pointSizeF() * factor);
    font.setBold(bold);
    return font;
}

} // namespace

WelcomeAction::WelcomeAction(const QString& title, const QString& description,
                             const QString& shortcut, QWidget* parent)
    : QAbstractButton(parent)
    , m_description(description)
    , m_shortcut(shortcut) {
    setText(title);
    setCursor(Qt::PointingHandCursor);
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(title);
    setAccessibleDescription(description);
}

void WelcomeAction::setDescription(const QString& description) {
    m_description = description;
    setAccessibleDescription(description);
    updateGeometry();
    update();
}

QSize WelcomeAction::sizeHint() const {
    const QFontMetrics title(scaledFont(font(), 1.2, true));
    const QFontMetrics body(font());
    return {kColumnWidth, 2 * kPadding + title.height() + 4 + body.height()};
}

void WelcomeAction::enterEvent(QEnterEvent* event) {
    m_hovered = true;
    update();
    QAbstractButton::enterEvent(event);
}

void WelcomeAction::leaveEvent(QEvent* event) {
    m_hovered = false;
    update();
    QAbstractButton::leaveEvent(event);
}

void WelcomeAction::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    const bool enabled = isEnabled();
    const bool lit = enabled && (m_hovered || isDown() || hasFocus());
    const QColor accent = pal.color(QPalette::Highlight);

    QPainterPath card;
    card.addRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8);
    QColor fill = pal.color(QPalette::Base);
    if (lit) {
        QColor tint = accent;
        tint.setAlpha(isDown() ? 70 : 35);
        p.fillPath(card, fill);
        fill = tint;
    }
    p.fillPath(card, fill);
    p.setPen(QPen(lit ? accent : pal.color(QPalette::Mid), lit ? 1.5 : 1.0));
    p.drawPath(card);

    // An accent bar on the left, the title, the explanation under it, the shortcut on the right.
    const QRectF bar(0, 10, 4, height() - 20);
    p.setPen(Qt::NoPen);
    p.setBrush(enabled ? accent : pal.color(QPalette::Mid));
    p.drawRoundedRect(bar.translated(8, 0), 2, 2);

    const QFont titleFont = scaledFont(font(), 1.2, true);
    const QFontMetrics titleMetrics(titleFont);
    QRect text = rect().adjusted(kPadding + 12, kPadding, -kPadding, -kPadding);
    if (!m_shortcut.isEmpty()) {
        const QFontMetrics small(font());
        const int w = small.horizontalAdvance(m_shortcut) + 14;
        const QRect key(text.right() - w, (height() - small.height() - 6) / 2, w,
                        small.height() + 6);
        p.setPen(QPen(pal.color(QPalette::Mid), 1.0));
        p.setBrush(pal.color(QPalette::Window));
        p.drawRoundedRect(QRectF(key).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        p.setPen(mutedColor(pal));
        p.drawText(key, Qt::AlignCenter, m_shortcut);
        text.setRight(key.left() - 10);
    }
    p.setFont(titleFont);
    p.setPen(pal.color(enabled ? QPalette::Active : QPalette::Disabled, QPalette::Text));
    p.drawText(QRect(text.left(), text.top(), text.width(), titleMetrics.height()),
               Qt::AlignLeft | Qt::AlignVCenter,
               titleMetrics.elidedText(this->text(), Qt::ElideRight, text.width()));
    p.setFont(font());
    p.setPen(mutedColor(pal));
    const QFontMetrics body(font());
    p.drawText(
        QRect(text.left(), text.top() + titleMetrics.height() + 4, text.width(), body.height()),
        Qt::AlignLeft | Qt::AlignVCenter,
        body.elidedText(m_description, Qt::ElideRight, text.width()));
}

WelcomePage::WelcomePage(QWidget* parent)
    : QWidget(parent) {
    setObjectName(QStringLiteral("welcomePage"));
    setAutoFillBackground(true);
    QPalette mutedPalette = palette();
    mutedPalette.setColor(QPalette::WindowText, mutedColor(palette()));
    QHBoxLayout* header = createHeader(mutedPalette);
    createStartActions();
    createRecentList(mutedPalette);
    QWidget* column = createColumn(header, mutedPalette);

    auto* footer = new QLabel(tr("Drop a video anywhere on this window to open it. Evidence is "
                                 "opened read-only and never leaves this machine."),
                              this);
    footer->setAlignment(Qt::AlignCenter);
    footer->setWordWrap(true);
    footer->setPalette(mutedPalette);

    auto* centre = new QHBoxLayout;
    centre->addStretch();
    centre->addWidget(column, 10);
    centre->addStretch();
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(24, 24, 24, 16);
    outer->addStretch(2);
    outer->addLayout(centre);
    outer->addStretch(3);
    outer->addWidget(footer);
    setRecentFiles({});
}

// The logo beside the product's name and purpose.
QHBoxLayout* WelcomePage::createHeader(const QPalette& mutedPalette) {
    auto* logo = new QLabel(this);
    QPixmap icon(QStringLiteral(":/icons/org.frameproof.Frameproof-256.png"));
    const qreal ratio = devicePixelRatioF();
    icon = icon.scaled(QSize(80, 80) * ratio, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    icon.setDevicePixelRatio(ratio);
    logo->setPixmap(icon);
    logo->setFixedSize(84, 84);

    auto* name = new QLabel(tr("Frameproof"), this);
    name->setFont(scaledFont(font(), 2.2, true));
    auto* purpose = new QLabel(
        tr("Examine a suspect video frame by frame for manipulated faces, and report what you "
           "found."),
        this);
    purpose->setWordWrap(true);
    purpose->setFont(scaledFont(font(), 1.1, false));
    purpose->setPalette(mutedPalette);

    auto* titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addStretch();
    titles->addWidget(name);
    titles->addWidget(purpose);
    titles->addStretch();
    auto* header = new QHBoxLayout;
    header->setSpacing(18);
    header->addWidget(logo, 0, Qt::AlignTop);
    header->addLayout(titles, 1);
    return header;
}

void WelcomePage::createStartActions() {
    m_openClip = new WelcomeAction(
        tr("Open clip..."), tr("A video file, opened read-only and hashed, shown frame by frame"),
        QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText), this);
    m_openCase = new WelcomeAction(
        tr("Open case..."),
        tr("A case file (.fpcase) with its evidence, analyses, bookmarks and audit log"), {}, this);
    m_openDemo = new WelcomeAction(tr("Open the demo clip"), {}, {}, this);
    connect(m_openClip, &QAbstractButton::clicked, this, &WelcomePage::openClipRequested);
    connect(m_openCase, &QAbstractButton::clicked, this, &WelcomePage::openCaseRequested);
    connect(m_openDemo, &QAbstractButton::clicked, this, [this] {
        if (!m_demoClip.isEmpty())
            Q_EMIT openDemoRequested(m_demoClip);
    });
    setDemoClip({});
}

void WelcomePage::createRecentList(const QPalette& mutedPalette) {
    m_recentTitle = createSectionLabel(tr("Recent"), mutedPalette);
    m_recent = new QLabel(this);
    m_recent->setObjectName(QStringLiteral("recentFiles"));
    m_recent->setTextFormat(Qt::RichText);
    m_recent->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    connect(m_recent, &QLabel::linkActivated, this, [this](const QString& link) {
        bool ok = false;
        const int i = link.toInt(&ok);
        if (ok && i >= 0 && i < m_shownRecent.size())
            Q_EMIT openRecentRequested(m_shownRecent.at(i));
    });
}

// A small upper-case heading over a group of the column ("START", "RECENT").
QLabel* WelcomePage::createSectionLabel(const QString& text, const QPalette& mutedPalette) {
    auto* label = new QLabel(text.toUpper(), this);
    QFont f = scaledFont(font(), 0.85, true);
    f.setLetterSpacing(QFont::PercentageSpacing, 108);
    label->setFont(f);
    label->setPalette(mutedPalette);
    return label;
}

// The centred column: the header, the start actions and the recent files.
QWidget* WelcomePage::createColumn(QHBoxLayout* header, const QPalette& mutedPalette) {
    auto* column = new QVBoxLayout;
    column->setSpacing(8);
    column->addLayout(header);
    column->addSpacing(28);
    column->addWidget(createSectionLabel(tr("Start"), mutedPalette));
    column->addWidget(m_openClip);
    column->addWidget(m_openCase);
    column->addWidget(m_openDemo);
    column->addSpacing(20);
    column->addWidget(m_recentTitle);
    column->addWidget(m_recent);
    auto* columnWidget = new QWidget(this);
    columnWidget->setLayout(column);
    columnWidget->setMaximumWidth(kColumnWidth);
    columnWidget->setMinimumWidth(360);
    return columnWidget;
}

void WelcomePage::setDemoClip(const QString& path) {
    m_demoClip = path;
    m_openDemo->setEnabled(!path.isEmpty());
    m_openDemo->setDescription(
        path.isEmpty() ? tr("Not found: build the demo_clip target, or install the package")
                       : tr("A 15-second synthetic talking head, to try every analysis (%1)")
                             .arg(QFileInfo(path).fileName()));
    m_openDemo->setToolTip(QDir::toNativeSeparators(path));
}

void WelcomePage::setRecentFiles(const QStringList& paths) {
    m_shownRecent.clear();
    for (const QString& path : paths) {
        if (m_shownRecent.size() == kMaxRecent)
            break;
        if (QFileInfo::exists(path))
            m_shownRecent << path;
    }
    const QString muted = mutedColor(palette()).name();
    QStringList rows;
    for (int i = 0; i < m_shownRecent.size(); ++i) {
        const QFileInfo info(m_shownRecent.at(i));
        rows << QStringLiteral("<tr><td style=\"padding:2px 12px 2px 0\"><a href=\"%1\" "
                               "style=\"text-decoration:none\">%2</a></td><td style=\"padding:2px "
                               "0; color:%3\">%4</td></tr>")
                    .arg(i)
                    .arg(info.fileName().toHtmlEscaped(), muted,
                         QDir::toNativeSeparators(info.absolutePath()).toHtmlEscaped());
    }
    m_recent->setText(
        rows.isEmpty()
            ? QString()
            : QStringLiteral("<table cellspacing=\"0\">%1</table>").arg(rows.join(QString())));
    m_recentTitle->setVisible(!rows.isEmpty());
    m_recent->setVisible(!rows.isEmpty());
}

} // namespace fp
