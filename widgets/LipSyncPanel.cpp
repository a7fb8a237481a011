#include "widgets/LipSyncPanel.h"

#include "core/util/FrameWindow.h"
#include "widgets/LipSyncPlotPainter.h"
#include "widgets/LipSyncPlotStyle.h"
#include "widgets/WheelGesture.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QStyle>
#include <QToolTip>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace fp {

namespace {

const QColor kDimText = lipsync::kScreenInk.dimText; // the header label (a widget palette)
constexpr double kZoomPerNotch = 1.25;
constexpr double kPanPerNotch = 0.1;

} // namespace

// Both plots, painted on one widget so they share the x axis exactly: the offsets per window
// above, the audio and mouth curves below, the frame and time axis at the bottom. The drawing
// and the geometry are LipSyncPlotPainter's; this adds input and repaints.
class LipSyncPlots final : public QWidget {
public:
    explicit LipSyncPlots(LipSyncPanel* panel)
        : QWidget(panel)
        , m_panel(panel) {
        setMouseTracking(false);
        setAttribute(Qt::WA_OpaquePaintEvent);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
        setAccessibleName(LipSyncPanel::tr("Lip-sync plots"));
        m_plot.setFont(font());
    }

    LipSyncPlotPainter& plot() { return m_plot; }
    const LipSyncPlotPainter& plot() const { return m_plot; }
    // A change of what the plots show: repaint all of it.
    template <typename Change>
    void change(Change&& apply) {
        apply(m_plot);
        update();
    }
    void setPlayhead(qint64 frame) {
        if (frame == m_plot.playhead())
            return;
        const QRect before = strip(m_plot.playhead());
        if (m_plot.setPlayhead(frame)) { // paged to keep it in sight
            update();
            return;
        }
        update(before);
        update(strip(frame));
    }
    void setCurrentWindow(int window) {
        if (window == m_plot.currentWindow())
            return;
        change([window](LipSyncPlotPainter& p) { p.setCurrentWindow(window); });
    }
    void setShift(int frames) {
        if (frames == m_plot.shift())
            return;
        change([frames](LipSyncPlotPainter& p) { p.setShift(frames); });
    }
    void setFrameArea(int left, int right) {
        if (m_plot.setFrameArea(left, right))
            update();
    }
    // Sized here, as the geometry queries may come before the first paint.
    const LipSyncPlotPainter& sized() const {
        m_plot.setSize(size());
        return m_plot;
    }
    LipSyncPlotPainter& sized() {
        m_plot.setSize(size());
        return m_plot;
    }

    QSize sizeHint() const override { return {900, 260}; }
    QSize minimumSizeHint() const override { return {320, 170}; }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        sized().paint(p);
    }
    void mousePressEvent(QMouseEvent* event) override {
        if (event->button() != Qt::LeftButton || m_plot.frameCount() <= 0)
            return QWidget::mousePressEvent(event);
        m_dragging = true;
        m_lastEmitted = -1;
        seekTo(event->position().x());
        event->accept();
    }
    void mouseMoveEvent(QMouseEvent* event) override {
        if (m_dragging)
            seekTo(event->position().x());
    }
    void mouseReleaseEvent(QMouseEvent* event) override {
        if (event->button() == Qt::LeftButton) {
            m_dragging = false;
            m_lastEmitted = -1;
        }
    }
    void wheelEvent(QWheelEvent* event) override;
    void changeEvent(QEvent* event) override {
        if (event->type() == QEvent::FontChange)
            m_plot.setFont(font()); // measure again
        QWidget::changeEvent(event);
    }
    bool event(QEvent* event) override {
        if (event->type() == QEvent::ToolTip) {
            auto* help = static_cast<QHelpEvent*>(event);
            const QString text = sized().toolTipAt(help->pos());
            if (text.isEmpty())
                QToolTip::hideText();
            else
                QToolTip::showText(help->globalPos(), text, this);
            return true;
        }
        return QWidget::event(event);
    }

private:
    QRect strip(qint64 frame) const {
        const int x = int(std::floor(sized().xOfFrame(frame)));
        return QRect(x - 7, 0, 15, height());
    }
    void seekTo(double x) {
        const qint64 frame = sized().frameAtX(x);
        if (frame < 0 || frame == m_lastEmitted)
            return;
        m_lastEmitted = frame;
        Q_EMIT m_panel->seekRequested(frame);
    }

    LipSyncPanel* m_panel;
    // Mutable for sized(): the painter's size follows the widget's, whoever asks first.
    mutable LipSyncPlotPainter m_plot;
    bool m_dragging = false;
    qint64 m_lastEmitted = -1;
    double m_wheel = 0.0;
};

void LipSyncPlots::wheelEvent(QWheelEvent* event) {
    const WheelGesture wheel = wheelGesture(*event);
    const qint64 frames = m_plot.frameCount();
    if (frames <= 0 || wheel.kind == WheelGesture::Kind::Scroll) {
        event->ignore(); // the plain wheel scrolls whatever the panel sits in
        return;
    }
    const bool pan = wheel.kind == WheelGesture::Kind::Pan;
    event->accept();
    m_wheel += wheel.delta / 120.0;
    if (std::abs(m_wheel) < 1.0 && !pan)
        return;
    const double notches = m_wheel;
    m_wheel = 0.0;
    const qint64 first = m_plot.first();
    const double span = double(m_plot.last() - first + 1);
    if (pan) {
        const qint64 shift = std::llround(-notches * span * kPanPerNotch);
        change([&](LipSyncPlotPainter& p) { p.setVisibleRange(first + shift, p.last() + shift); });
    } else {
        const double anchor = double(sized().frameAtX(event->position().x()));
        const double newSpan = std::clamp(
            span * std::pow(1.0 / kZoomPerNotch, notches),
            double(std::min<qint64>(FrameWindow::kMinVisibleFrames, frames)), double(frames));
        const double ratio = (anchor - double(first)) / span;
        const qint64 newFirst = std::llround(anchor - ratio * newSpan);
        change([&](LipSyncPlotPainter& p) {
            p.setVisibleRange(newFirst, newFirst + std::llround(newSpan) - 1);
        });
    }
    Q_EMIT m_panel->visibleRangeChanged(m_plot.first(), m_plot.last());
}

// ---------------------------------------------------------------------------------------------

LipSyncPanel::LipSyncPanel(QWidget* parent)
    : QWidget(parent)
    , m_placeholder(tr("No lip-sync analysis yet")) {
    m_header = new QLabel(this);
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

    m_shift = new QCheckBox(tr("Shift audio by offset"), this);
    m_shift->setShortcut(QKeySequence(Qt::Key_A));
    connect(m_shift, &QCheckBox::toggled, this,
            [this](bool) { m_plots->setShift(audioShiftFrames()); });

    m_play = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Play window"), this);
    m_play->setShortcut(QKeySequence(Qt::Key_W));
    connect(m_play, &QPushButton::clicked, this, &LipSyncPanel::playCurrentWindow);

    m_plots = new LipSyncPlots(this);

    auto* header = new QHBoxLayout;
    header->setContentsMargins(8, 4, 8, 4);
    header->setSpacing(12);
    header->addWidget(m_header, 1);
    header->addWidget(m_shift);
    header->addWidget(m_play);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(header);
    layout->addWidget(m_plots, 1);
    clear();
}

LipSyncPanel::~LipSyncPanel() = default;

void LipSyncPanel::setResult(const LipSyncResult& result) {
    m_result = result;
    m_hasResult = true;
    qint64 frames = 0;
    for (size_t size :
         {m_result.audioEnergy.size(), m_result.mouthOpening.size(), m_result.mouthMotion.size(),
          m_result.speech.size(), m_result.frameConfidence.size()})
        frames = std::max(frames, qint64(size));
    for (const LipSyncWindow& w : m_result.windows)
        frames = std::max(frames, qint64(w.endFrame) + 1);
    m_plots->change([&](LipSyncPlotPainter& p) { p.setResult(&m_result, frames); });
    m_plots->setShift(audioShiftFrames());
    m_plots->setPlayhead(m_playhead);
    updateHeader();
    updatePlayButton();
}

void LipSyncPanel::clear() {
    m_result = {};
    m_hasResult = false;
    m_plots->change([](LipSyncPlotPainter& p) { p.setResult(nullptr, 0); });
    m_plots->setShift(0);
    updateHeader();
    updatePlayButton();
}

void LipSyncPanel::setPlaceholder(const QString& text) {
    m_placeholder = text;
    m_plots->change([&](LipSyncPlotPainter& p) { p.setPlaceholder(text); });
    updateHeader();
}

void LipSyncPanel::setFrameIndex(std::shared_ptr<const FrameIndex> index) {
    m_plots->change([&](LipSyncPlotPainter& p) { p.setFrameIndex(std::move(index)); });
}

void LipSyncPanel::setPlayhead(int64_t frame) {
    m_playhead = frame;
    m_plots->setPlayhead(frame);
    updatePlayButton();
}

void LipSyncPanel::setShiftAudio(bool shift) {
    m_shift->setChecked(shift);
}

bool LipSyncPanel::shiftAudio() const {
    return m_shift->isChecked();
}

void LipSyncPanel::setPrintAppearance(bool print) {
    m_plots->change([print](LipSyncPlotPainter& p) { p.setPrintAppearance(print); });
}

int LipSyncPanel::audioShiftFrames() const {
    return m_hasResult && !m_result.abstained && m_shift->isChecked() ? m_result.offsetFrames : 0;
}

void LipSyncPanel::setVisibleRange(qint64 first, qint64 last) {
    m_plots->change([=](LipSyncPlotPainter& p) { p.setVisibleRange(first, last); });
}

void LipSyncPanel::zoomToAll() {
    m_plots->change([](LipSyncPlotPainter& p) { p.setVisibleRange(0, p.frameCount() - 1); });
}

qint64 LipSyncPanel::visibleFirst() const {
    return m_plots->plot().first();
}

qint64 LipSyncPanel::visibleLast() const {
    return m_plots->plot().last();
}

qint64 LipSyncPanel::frameCount() const {
    return m_plots->plot().frameCount();
}

int LipSyncPanel::currentWindow() const {
    if (!m_hasResult)
        return -1;
    int best = -1;
    bool bestJudged = false;
    double bestDistance = 0.0;
    for (size_t i = 0; i < m_result.windows.size(); ++i) {
        const LipSyncWindow& w = m_result.windows[i];
        if (m_playhead < w.startFrame || m_playhead > w.endFrame)
            continue;
        const double distance =
            std::abs((double(w.startFrame) + double(w.endFrame)) / 2.0 - double(m_playhead));
        const bool better = best < 0 || (w.judged && !bestJudged) ||
                            (w.judged == bestJudged && distance < bestDistance);
        if (better) {
            best = int(i);
            bestJudged = w.judged;
            bestDistance = distance;
        }
    }
    return best;
}

QString LipSyncPanel::headerText() const {
    return m_headerPlain;
}

QWidget* LipSyncPanel::plotWidget() const {
    return m_plots;
}

void LipSyncPanel::setFrameArea(int left, int right) {
    m_plots->setFrameArea(left, right);
}

int LipSyncPanel::labelRoomLeft() const {
    return m_plots->plot().roomLeft();
}

int LipSyncPanel::labelRoomRight() const {
    return m_plots->plot().roomRight();
}

qint64 LipSyncPanel::frameAtX(double x) const {
    return std::as_const(*m_plots).sized().frameAtX(x);
}

double LipSyncPanel::xOfFrame(qint64 frame) const {
    return std::as_const(*m_plots).sized().xOfFrame(frame);
}

QRect LipSyncPanel::offsetPlotRect() const {
    return std::as_const(*m_plots).sized().offsetRect();
}

double LipSyncPanel::yOfOffset(double offsetFrames) const {
    return std::as_const(*m_plots).sized().yOfOffset(offsetFrames);
}

QRect LipSyncPanel::curvePlotRect() const {
    return std::as_const(*m_plots).sized().curveRect();
}

const DecimatedSeries& LipSyncPanel::drawnAudio() const {
    return m_plots->sized().audio();
}

const DecimatedSeries& LipSyncPanel::drawnMouth() const {
    return m_plots->sized().mouth();
}

void LipSyncPanel::updateHeader() {
    LipSyncHeaderText header;
    if (!m_hasResult) {
        header.plain = m_placeholder;
        header.html = QStringLiteral("<span style='color:%1'>%2</span>")
                          .arg(palette().color(QPalette::PlaceholderText).name(),
                               header.plain.toHtmlEscaped());
    } else {
        header = lipSyncHeaderText(m_result, kDimText);
    }
    const auto& [plain, html, tip] = header;
    m_headerPlain = plain;
    m_header->setText(html);
    m_header->setToolTip(tip);
    m_header->setAccessibleName(plain);

    const bool canShift = m_hasResult && !m_result.abstained;
    m_shift->setEnabled(canShift);
    m_shift->setToolTip(
        canShift ? tr("Draw the audio curve %1 frames earlier (the clip offset), so that with a "
                      "good estimate the audio and mouth curves line up (A)")
                       .arg(m_result.offsetFrames)
                 : tr("Needs a judged clip offset (A)"));
}

void LipSyncPanel::updatePlayButton() {
    const int window = currentWindow();
    m_plots->setCurrentWindow(window);
    m_play->setEnabled(window >= 0);
    if (window < 0) {
        m_play->setToolTip(m_hasResult ? tr("No analysis window under the playhead (W)")
                                       : tr("Plays the analysis window under the playhead (W)"));
        return;
    }
    const LipSyncWindow& w = m_result.windows[size_t(window)];
    m_play->setToolTip(tr("Play frames %1–%2, the analysis window under the playhead, at normal "
                          "speed with sound (W)")
                           .arg(w.startFrame)
                           .arg(w.endFrame));
}

void LipSyncPanel::playCurrentWindow() {
    const int window = currentWindow();
    if (window < 0)
        return;
    const LipSyncWindow& w = m_result.windows[size_t(window)];
    Q_EMIT playRangeRequested(w.startFrame, w.endFrame);
}

} // namespace fp
