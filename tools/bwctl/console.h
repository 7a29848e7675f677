// `bwctl console`: the duty desk's screen. Open and acknowledged alerts, newest first,
// coloured by priority, redrawn whenever an alert arrives or changes state (and every few
// seconds, so a console that missed a message still converges on the store's truth).
#pragma once

#include "commands.h"

namespace bwctl {

// Runs until Ctrl-C. `rows` alerts at most on screen.
int console(const Globals& g, size_t rows);

}  // namespace bwctl
