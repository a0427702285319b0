#include "models/fabric/single_switch_fabric.h"

#include <cmath>
#include <string>

namespace snsim {

SingleSwitchFabric::SingleSwitchFabric(const FabricConfig& config, FabricStats& stats) {
  const FabricSettings& f = config.fabric;
  domain_ = std::make_unique<ClockDomain>("clock", f.clock_hz);

  EndpointContext ec = endpoint_context(config, stats);
  SwitchContext sc = switch_context(config);
  sc.route.resize(f.endpoints);
  for (uint32_t e = 0; e < f.endpoints; ++e) sc.route[e] = e;  // endpoint e sits on port e
  switch_ = make_switch("sw0", *domain_, config, sc, stats);  // TLM, or RTL with impl: rtl

  if (config.workload.memory.enabled) {
    memory_ = std::make_unique<MemorySide>(*config.hbm, f.endpoints, *domain_, stats);
  }
  for (uint32_t e = 0; e < f.endpoints; ++e) {
    ec.index = e;
    std::string ep = "ep" + std::to_string(e);
    if (memory_) {
      memory_endpoints_.push_back(std::make_unique<MemoryEndpoint>(ep.c_str(), *domain_, config.endpoint, ec,
                                                                   config.workload, memory_->map(), stats));
      memory_endpoints_.back()->memory.bind(memory_->controller(e).socket);
    } else {
      endpoints_.push_back(std::make_unique<AcceleratorEndpoint>(ep.c_str(), *domain_, config.endpoint, ec,
                                                                 config.workload, stats));
    }
  }
  // Both endpoint kinds have the same fabric side.
  auto wire = [&](auto& endpoint, uint32_t e) {
    std::string ep = "ep" + std::to_string(e);
    std::string up = ep + "_to_sw0", down = "sw0_to_" + ep;
    auto& up_stats = stats.add_link(up, ep, "sw0.in" + std::to_string(e), config.link.bytes_per_cycle);
    auto& down_stats = stats.add_link(down, "sw0.out" + std::to_string(e), ep, config.link.bytes_per_cycle);
    const uint64_t seed = config.simulation.seed;
    links_.push_back(std::make_unique<Link>(up.c_str(), *domain_, config.link, up_stats, seed));
    Link& to_switch = *links_.back();
    links_.push_back(std::make_unique<Link>(down.c_str(), *domain_, config.link, down_stats, seed));
    Link& to_endpoint = *links_.back();
    endpoint.tx.bind(to_switch.upstream);
    to_switch.downstream.bind(switch_->in_socket());
    switch_->out_socket().bind(to_endpoint.upstream);
    to_endpoint.downstream.bind(endpoint.rx);
    const FlowControlParams& fc = config.link.flow_control;
    endpoint.configure_egress(fc, switch_->input_buffer_flits(), &up_stats);
    switch_->configure_input(e, fc.mode, config.switch_pause.xoff, config.switch_pause.xon);
    switch_->configure_output(e, fc, endpoint.receive_buffer_flits(), &down_stats);
    endpoint.configure_ingress(fc.mode, config.endpoint_pause.xoff, config.endpoint_pause.xon);
  };
  for (uint32_t e = 0; e < f.endpoints; ++e) {
    if (memory_) {
      wire(*memory_endpoints_[e], e);
    } else {
      wire(*endpoints_[e], e);
    }
  }
  // Ports beyond the endpoints stay unbound: no route leads to them.
}

uint64_t SingleSwitchFabric::zero_load_latency(const FabricConfig& config, uint32_t bytes) {
  // Two links (serialization, rounded up to whole cycles, plus the latency budget) and the switch pipeline.
  return 2 * (config.link.serialization_cycles(bytes) + config.link.latency) + config.switch_params.latency;
}

}  // namespace snsim
