#include "core/case/ConclusionScale.h"

#include <QCoreApplication>

namespace fp {

namespace {

struct ConclusionScaleText {
    Q_DECLARE_TR_FUNCTIONS(fp::ReportContent)
};

} // namespace

QString conclusionScaleKey(ConclusionScale scale) {
    switch (scale) {
    case ConclusionScale::NotGiven:
        return QStringLiteral("not_given");
    case ConclusionScale::NoSupport:
        return QStringLiteral("no_support");
    case ConclusionScale::Weak:
        return QStringLiteral("weak");
    case ConclusionScale::Moderate:
        return QStringLiteral("moderate");
    case ConclusionScale::Strong:
        return QStringLiteral("strong");
    case ConclusionScale::VeryStrong:
        return QStringLiteral("very_strong");
    }
    return QStringLiteral("not_given");
}

QString conclusionScaleText(ConclusionScale scale) {
    switch (scale) {
    case ConclusionScale::NotGiven:
        return ConclusionScaleText::tr("no conclusion given");
    case ConclusionScale::NoSupport:
        return ConclusionScaleText::tr("no support");
    case ConclusionScale::Weak:
        return ConclusionScaleText::tr("weak support");
    case ConclusionScale::Moderate:
        return ConclusionScaleText::tr("moderate support");
    case ConclusionScale::Strong:
        return ConclusionScaleText::tr("strong support");
    case ConclusionScale::VeryStrong:
        return ConclusionScaleText::tr("very strong support");
    }
    return {};
}

ConclusionScale conclusionScaleFromKey(const QString& key) {
    for (ConclusionScale s : conclusionScales()) {
        if (conclusionScaleKey(s) == key)
            return s;
    }
    if (key == QLatin1String("no"))
        return ConclusionScale::NoSupport;
    return ConclusionScale::NotGiven;
}

const std::vector<ConclusionScale>& conclusionScales() {
    static const std::vector<ConclusionScale> all{
        ConclusionScale::NotGiven, ConclusionScale::NoSupport, ConclusionScale::Weak,
        ConclusionScale::Moderate, ConclusionScale::Strong,    ConclusionScale::VeryStrong};
    return all;
}

} // namespace fp
