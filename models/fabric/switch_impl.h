// A fabric's switch behind one interface, whichever model implements it: the TLM CrossbarSwitch, or a
// Verilated RTL crossbar (`switch.impl: rtl`) that a library outside snsim_models registers. snsim_models
// never depends on Verilator: the RTL back end (models/rtl_switch/, library snsim_rtl_switch, built
// only with RTL) registers itself here, and the CLI links and registers it only when RTL is built.
#pragma once

#include <tlm_utils/multi_socket_bases.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "models/core/clock_domain.h"
#include "models/core/config.h"
#include "models/core/flow_control.h"
#include "models/core/packet.h"
#include "models/stats/fabric_stats.h"
#include "models/switch/crossbar_switch.h"
#include "models/switch/switch_control.h"

namespace snsim {

struct FabricConfig;

// What a fabric builder binds and configures on a switch (the same calls as on CrossbarSwitch).
class SwitchPorts {
 public:
  virtual ~SwitchPorts() = default;
  virtual tlm_utils::multi_target_base<32, FabricProtocol>& in_socket() = 0;  // port i = i-th binding
  virtual tlm_utils::multi_init_base<32, FabricProtocol>& out_socket() = 0;   // port j = j-th binding
  virtual uint32_t input_buffer_flits() const = 0;
  virtual void configure_input(uint32_t port, FlowControlMode mode, uint32_t xoff, uint32_t xon) = 0;
  virtual void configure_output(uint32_t port, const FlowControlParams& params, uint32_t downstream_flits_per_vc,
                                LinkStats* link) = 0;
  // The switch's control interface (deadlock diagnosis, OCS holds); null when the model has none (RTL).
  virtual SwitchControl* control() { return nullptr; }
};

// An RTL implementation of the switch, registered at start-up by a library that holds Verilated code.
struct RtlSwitchBackend {
  std::string built;  // the configurations it was built for, for error messages
  // Empty when the back end has a Verilated model for these settings, else why not.
  std::function<std::string(const SwitchParams&)> unsupported;
  std::function<std::unique_ptr<SwitchPorts>(const char* name, ClockDomain& domain, const SwitchParams& params,
                                             const SwitchContext& context, FabricStats& stats)>
      make;
};

void register_rtl_switch_backend(RtlSwitchBackend backend);
const RtlSwitchBackend* rtl_switch_backend();  // null when none is registered (a build without RTL)

// Refuses `impl: rtl` (at the switch section's `impl` key) when no back end is registered or the
// settings are outside the subset the RTL implements; names the subset. Called by the config reader.
// Where a config leaves the subset the RTL switch implements (whether or not RTL is built): the key to
// blame and why. Also used by the switch capture, whose files only the RTL's settings can replay.
struct RtlSubsetViolation {
  std::string key, why;
};
std::optional<RtlSubsetViolation> rtl_subset_violation(const FabricConfig& config);
const std::string& rtl_subset_description();  // the subset, for error messages

void check_rtl_switch(const FabricConfig& config, const ConfigSection& switch_section);

// Something that watches a fabric's TLM switch from the outside for a run: make_switch hands it the
// switch it built and returns what it gives back. The switch capture (models/fabric/switch_capture.h)
// puts a recording pass-through in front. A run sets it on its FabricStats, as it does the waveform's
// trace directory.
class SwitchTap {
 public:
  virtual ~SwitchTap() = default;
  virtual std::unique_ptr<SwitchPorts> wrap(std::unique_ptr<SwitchPorts> inner, const char* name,
                                            ClockDomain& domain, const SwitchContext& context) = 0;
};

// The switch of a fabric as its config says: TLM (behind the run's SwitchTap, if any), or RTL through the
// registered back end.
// `params` are the switch's own (its class, with its port count); `config` says which implementation.
std::unique_ptr<SwitchPorts> make_switch(const char* name, ClockDomain& domain, const FabricConfig& config,
                                         const SwitchParams& params, const SwitchContext& context, FabricStats& stats);

}  // namespace snsim
