#include "testbench/harness_support.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
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
        << "\n  open it:  gtkwave " << (layout_path.empty() ? wave_path : layout_path) << "\n";
  }
  return out.str();
}

void WaveWindow::sample(Dut& dut, uint64_t cycle, bool rising_edge) {
  if (path_.empty() || cycle < first_cycle_) return;
  if (!fst_) {
    fst_ = std::make_unique<VerilatedFstC>();
    dut.trace(fst_.get());
    fst_->open(path_.c_str());
  }
  const uint64_t ps = cycle * 1000 + (rising_edge ? 500 : 0);
  context_->time(ps);
  fst_->dump(ps);
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
  // Absolute, so that the GTKWave save file finds the waveform from any directory.
  char* absolute = realpath(base.c_str(), nullptr);
  if (!absolute) return "";
  const std::string path = std::string(absolute) + "/" + name;
  free(absolute);
  return path;
}

}  // namespace snsim::cosim

namespace snsim::cosim {

bool GtkwLayout::write(const std::string& gtkw_path, const std::string& fst_path, uint64_t first_ps,
                       uint64_t last_ps, uint64_t marker_ps) const {
  std::ofstream out(gtkw_path);
  if (!out) return false;
  // GTKWave's zoom is a power of two; at -10 this 1400-pixel window shows about 3 ns (3000 ps) of wave
  // (measured with GTKWave 3.3.118), so the zoom that fits the span is -10 + log2(3000 / span).
  const double span = static_cast<double>(std::max<uint64_t>(last_ps - first_ps, 1000));
  const double zoom = -10.0 + std::log2(3000.0 / span);
  out << "[*] written by the snsim lock-step harness (testbench/); open with: gtkwave " << gtkw_path << "\n"
      << "[dumpfile] \"" << fst_path << "\"\n"
      << "[timestart] " << first_ps << "\n"
      << "[size] 1400 900\n"
      << "*" << std::fixed << std::setprecision(6) << zoom << " " << marker_ps
      << " -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1\n"
      << "[signals_width] 260\n"
      << "[sst_expanded] 1\n"
      << lines_;
  return static_cast<bool>(out);
}

std::string gtkw_path_for(const std::string& fst_path) {
  const size_t dot = fst_path.rfind('.');
  return (dot == std::string::npos ? fst_path : fst_path.substr(0, dot)) + ".gtkw";
}

}  // namespace snsim::cosim
