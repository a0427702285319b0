#include "models/fabric/switch_impl.h"

#include "models/fabric/fabric_config.h"

namespace snsim {
namespace {

RtlSwitchBackend& backend_slot() {
  static RtlSwitchBackend backend;
  return backend;
}

// The TLM switch seen through SwitchPorts.
class TlmSwitch final : public SwitchPorts {
 public:
  TlmSwitch(const char* name, ClockDomain& domain, const SwitchParams& params, const SwitchContext& context,
            FabricStats& stats)
      : switch_(name, domain, params, context, stats) {}
  tlm_utils::multi_target_base<32, FabricProtocol>& in_socket() override { return switch_.in; }
  tlm_utils::multi_init_base<32, FabricProtocol>& out_socket() override { return switch_.out; }
  uint32_t input_buffer_flits() const override { return switch_.input_buffer_flits(); }
  void configure_input(uint32_t port, FlowControlMode mode, uint32_t xoff, uint32_t xon) override {
    switch_.configure_input(port, mode, xoff, xon);
  }
  void configure_output(uint32_t port, const FlowControlParams& params, uint32_t downstream_flits_per_vc,
                        LinkStats* link) override {
    switch_.configure_output(port, params, downstream_flits_per_vc, link);
  }
  SwitchControl* control() override { return &switch_; }

 private:
  CrossbarSwitch switch_;
};

}  // namespace

void register_rtl_switch_backend(RtlSwitchBackend backend) { backend_slot() = std::move(backend); }

const RtlSwitchBackend* rtl_switch_backend() { return backend_slot().make ? &backend_slot() : nullptr; }

std::optional<RtlSubsetViolation> rtl_subset_violation(const FabricConfig& config) {
  const SwitchParams& s = config.switch_params;
  auto refuse = [](const std::string& key, const std::string& why) { return RtlSubsetViolation{key, why}; };
  if (config.topology.kind_name != "single_switch") return refuse("impl", "only the single_switch topology has an RTL switch");
  if (config.fabric.vcs != 1) return refuse("impl", "fabric.vcs is " + std::to_string(config.fabric.vcs) + ", the RTL has one VC");
  if (config.link.flow_control.mode != FlowControlMode::Credit) return refuse("impl", "pause flow control is not in the RTL");
  if (s.cut_through) return refuse("switching", "cut_through is not in the RTL");
  if (s.output_queued) return refuse("output_queue", "output queues are not in the RTL");
  if (s.latency < 1) return refuse("latency", "a latency of 0 cycles is not in the RTL");
  const bool fifo_rr = s.input_queueing == InputQueueing::Fifo && s.arbitration == Arbitration::RoundRobin;
  const bool voq_islip = s.input_queueing == InputQueueing::Voq && s.arbitration == Arbitration::Islip;
  if (!fifo_rr && !voq_islip) return refuse("arbiter", "this input_queue / arbiter pair is not in the RTL");
  // One flit per input per cycle: a packet's tail must reach the switch at least a cycle after the one
  // before it, which holds when every packet occupies the wire for a cycle or more and frames are not
  // packed several to a flit.
  const PortProfile& profile = config.link.profile;
  if (profile.framing == Framing::Packed) return refuse("impl", "the link's framing packs several packets into one flit");
  for (const SizeChoice& size : config.workload.sizes) {
    if (profile.wire_bytes(size.bytes) < config.link.bytes_per_cycle) {
      return refuse("impl", "a " + std::to_string(size.bytes) + " B packet occupies the link for less than a cycle");
    }
  }
  return std::nullopt;
}

const std::string& rtl_subset_description() {
  static const std::string subset =
      "topology single_switch, fabric.vcs 1, credit flow control, switching store_and_forward, no "
      "output_queue, latency >= 1 cycle, input_queue fifo with arbiter round_robin or input_queue voq with "
      "arbiter islip, links whose framing is not packed and that carry every packet for at least one cycle";
  return subset;
}

void check_rtl_switch(const FabricConfig& config, const ConfigSection& sw) {
  const SwitchParams& s = config.switch_params;
  if (!s.rtl) return;
  const RtlSwitchBackend* backend = rtl_switch_backend();
  if (!backend) {
    sw.fail("impl", "this snsim was built without Verilated RTL (SNSIM_BUILD_RTL=OFF, no Verilator, or a "
                    "sanitizer build): impl: rtl is not available; use impl: tlm");
  }
  const std::string subset = " (the RTL switch implements: " + rtl_subset_description() + "; built for " +
                             backend->built + ")";
  if (const auto violation = rtl_subset_violation(config)) {
    sw.fail(violation->key, "impl: rtl: " + violation->why + subset);
  }
  const std::string why = backend->unsupported(s);
  if (!why.empty()) sw.fail("impl", "impl: rtl: " + why + subset);
}

std::unique_ptr<SwitchPorts> make_switch(const char* name, ClockDomain& domain, const FabricConfig& config,
                                         const SwitchParams& params, const SwitchContext& context, FabricStats& stats) {
  if (params.rtl) {
    const RtlSwitchBackend* backend = rtl_switch_backend();
    if (!backend) throw std::logic_error("impl: rtl without an RTL back end (the config check should have refused it)");
    return backend->make(name, domain, params, context, stats);
  }
  (void)config;
  auto tlm = std::make_unique<TlmSwitch>(name, domain, params, context, stats);
  // With `snsim run --capture-switch`, the TLM switch behind a pass-through that records its traffic.
  if (SwitchTap* tap = stats.switch_tap()) return tap->wrap(std::move(tlm), name, domain, context);
  return tlm;
}

}  // namespace snsim
