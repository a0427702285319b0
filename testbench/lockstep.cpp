#include "testbench/harness_support.h"

#include <sys/stat.h>

#include <cerrno>
#include <sstream>

namespace snsim::cosim {

std::string LockstepResult::summary() const {
  std::ostringstream out;
  if (!mismatch_found) {
    out << block << ": " << configurations << " configuration(s) agree for " << cycles_compared << " cycles ("
        << decisions << " decisions; " << idle_cycles << " idle, " << single_cycles << " single-request, "
        << full_cycles << " all-request cycles";
    if (later_round_cycles) out << "; " << later_round_cycles << " cycles with later-round matches";
    out << ")";
    return out.str();
  }
  out << block << ": first mismatch at cycle " << mismatch.cycle << ": " << mismatch.what << "\n"
      << mismatch.details;
  if (!wave_path.empty()) {
    out << "  waveform: " << wave_path << (mismatch_reproduced ? "" : " (the replay did NOT reproduce the mismatch)")
        << "\n  open it:  gtkwave " << wave_path << "\n";
  }
  return out.str();
}

std::unique_ptr<VerilatedContext> make_context() {
  auto context = std::make_unique<VerilatedContext>();
  context->traceEverOn(true);
  context->timeprecision(-12);
  return context;
}

std::string wave_file(const std::string& dir, const std::string& name) {
  const std::string base = dir.empty() ? "." : dir;
  if (mkdir(base.c_str(), 0777) != 0 && errno != EEXIST) return "";
  return base + (base.back() == '/' ? "" : "/") + name;
}

}  // namespace snsim::cosim
