#include "models/sim/interrupt.h"

#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>

namespace snsim {
namespace {

volatile std::sig_atomic_t g_signal = 0;
volatile std::sig_atomic_t g_worker = 0;
bool g_installed = false;

extern "C" void on_stop_signal(int signal) {
  if (g_signal != 0 && !g_worker) {
    // The second one: the user means it. Default action, so the exit status says which signal.
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    return;
  }
  if (g_signal == 0) g_signal = signal;
}

}  // namespace

void install_stop_handlers() {
  if (g_installed) return;
  g_installed = true;
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // plain I/O carries on; poll() and waits still return EINTR
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int stop_signal() { return g_signal; }

std::string signal_name(int signal) {
  if (signal == SIGINT) return "SIGINT";
  if (signal == SIGTERM) return "SIGTERM";
  return "signal " + std::to_string(signal);
}

void become_worker_process(int parent) {
  g_worker = 1;
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  // The parent may have died between fork() and prctl(): then nobody waits for this worker.
  if (getppid() != parent) _exit(1);
}

}  // namespace snsim
