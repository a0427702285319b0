#include "models/rtl_switch/rtl_switch_backend.h"

#include "models/fabric/switch_impl.h"
#include "models/rtl_switch/crossbar_rtl.h"
#include "models/rtl_switch/rtl_crossbar_switch.h"

namespace snsim {
namespace {

cosim::CrossbarRtlConfig rtl_config_of(const SwitchParams& p) {
  cosim::CrossbarRtlConfig c;
  c.ports = p.ports;
  c.voq = p.input_queueing == InputQueueing::Voq;
  c.iterations = c.voq ? p.islip_iterations : 1;
  return c;
}

bool built(const cosim::CrossbarRtlConfig& c) {
  for (const cosim::CrossbarRtlConfig& b : cosim::crossbar_rtl_configs()) {
    if (b.ports == c.ports && b.voq == c.voq && b.iterations == c.iterations) return true;
  }
  return false;
}

}  // namespace

void register_rtl_switch() {
  RtlSwitchBackend backend;
  for (const cosim::CrossbarRtlConfig& c : cosim::crossbar_rtl_configs()) {
    if (!backend.built.empty()) backend.built += ", ";
    backend.built += std::to_string(c.ports) + " ports " +
                     (c.voq ? "voq/islip with " + std::to_string(c.iterations) + " iterations" : std::string("fifo/round_robin"));
  }
  backend.unsupported = [](const SwitchParams& p) -> std::string {
    const cosim::CrossbarRtlConfig c = rtl_config_of(p);
    if (built(c)) return "";
    return "no Verilated model for " + std::to_string(c.ports) + " ports " +
           (c.voq ? "voq/islip with " + std::to_string(c.iterations) + " iterations" : std::string("fifo/round_robin")) +
           " (add it to SNSIM_CROSSBAR_CONFIGS in models/rtl_switch/CMakeLists.txt)";
  };
  backend.make = [](const char* name, ClockDomain& domain, const SwitchParams& params, const SwitchContext& context,
                    FabricStats& stats) -> std::unique_ptr<SwitchPorts> {
    return std::make_unique<RtlCrossbarSwitch>(name, domain, params, context, stats,
                                               cosim::make_crossbar_rtl(rtl_config_of(params)));
  };
  register_rtl_switch_backend(std::move(backend));
}

}  // namespace snsim
