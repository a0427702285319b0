// SIGINT and SIGTERM during a run or a sweep: stop cleanly instead of dying with nothing written.
//
// The handler only records the signal. A run that watches for it (RunOptions::stop_on_signal) sees it
// at the next poll of its run controller (every kStopPollCycles simulated cycles), stops the kernel
// there, and returns its report marked "partial" with the cycle reached; the command writes it like any
// other and exits with 128 + the signal (130 for SIGINT, 143 for SIGTERM). A sweep forwards the signal
// to its workers, which stop the same way, and keeps every point's result. A second signal to the main
// process ends it at once (the default action); a worker ignores repeats (its parent forwards one, and
// a Ctrl-C in a terminal reaches the whole process group), and dies with its parent (PR_SET_PDEATHSIG).
#pragma once

#include <cstdint>
#include <string>

namespace snsim {

constexpr uint64_t kStopPollCycles = 128;

// Installs the handlers for SIGINT and SIGTERM (once; later calls do nothing).
void install_stop_handlers();
// 0, or the first stop signal received.
int stop_signal();
// "SIGINT", "SIGTERM", or "signal N".
std::string signal_name(int signal);
// In a forked worker, right after fork() (`parent`: the forking process's id, taken before the fork):
// repeated signals are ignored, and the worker dies with its parent.
void become_worker_process(int parent);

}  // namespace snsim
