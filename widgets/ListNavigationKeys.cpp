#include "widgets/ListNavigationKeys.h"

#include <QAbstractItemView>
#include <QEvent>
#include <QKeyEvent>

namespace fp {

namespace {

class NavigationKeyFilter final : public QObject {
public:
    using QObject::QObject;

    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::ShortcutOverride) {
            const auto* key = static_cast<QKeyEvent*>(event);
            const Qt::KeyboardModifiers modifiers = key->modifiers() & ~Qt::KeypadModifier;
            switch (key->key()) {
            case Qt::Key_Up:
            case Qt::Key_Down:
            case Qt::Key_PageUp:
            case Qt::Key_PageDown:
            case Qt::Key_Home:
            case Qt::Key_End:
                if (modifiers == Qt::NoModifier) {
                    event->accept(); // the key goes to the view, not to a window shortcut
                    return true;
                }
                break;
            default:
                break;
            }
        }
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

void keepNavigationKeys(QAbstractItemView* view) {
    view->installEventFilter(new NavigationKeyFilter(view));
}

} // namespace fp
