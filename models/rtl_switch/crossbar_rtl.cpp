// The Verilated crossbars that `switch.impl: rtl` runs (SNSIM_CROSSBAR_CONFIGS in
// models/rtl_switch/CMakeLists.txt), each behind the CrossbarRtl adapter.
#include "models/rtl_switch/crossbar_rtl.h"

#include "models/rtl_switch/crossbar_models.h"
#include "models/rtl_switch/crossbar_rtl_adapter.h"

namespace snsim::cosim {

std::string CrossbarRtlConfig::name() const {
  std::string s = "crossbar N=" + std::to_string(ports) +
                  (voq ? " voq islip" + std::to_string(iterations) : std::string(" fifo round_robin"));
  if (mutate) s += " MUTATE " + std::to_string(mutate);
  return s;
}

std::unique_ptr<CrossbarRtl> make_crossbar_rtl(const CrossbarRtlConfig& c) {
  if (c.mutate) return nullptr;  // the mutants are the harness's (testbench/crossbar_mutants.h)
#define X(n, v, it)                                                              \
  if (c.ports == n && c.voq == (v != 0) && (!c.voq || c.iterations == it))       \
    return std::make_unique<CrossbarRtlOf<Vcrossbar_switch_n##n##_v##v##_i##it>>(n);
  SNSIM_CROSSBAR_CONFIGS(X)
#undef X
  return nullptr;
}

std::vector<CrossbarRtlConfig> crossbar_rtl_configs() {
  std::vector<CrossbarRtlConfig> configs;
#define X(n, v, it) configs.push_back({n, v != 0, it, 0});
  SNSIM_CROSSBAR_CONFIGS(X)
#undef X
  return configs;
}

}  // namespace snsim::cosim
