// Deliberate layering violation: the CheckLayering test must reject this tree.
#include <QWidget>
