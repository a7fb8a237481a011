#include "app/CommandLine.h"

int main(int argc, char** argv) {
    return fp::app::run(argc, argv);
}
