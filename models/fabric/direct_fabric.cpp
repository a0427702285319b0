#include "models/fabric/direct_fabric.h"

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "models/fabric/ocs_controller.h"
#include "models/fabric/single_switch_fabric.h"

namespace snsim {

// Closes an unwired router port (a mesh edge): multi-sockets number ports by binding order, so every
// port is bound; nothing ever arrives from or is routed to a terminator.
class PortTerminator : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<PortTerminator, 32, FabricProtocol> tx;
  tlm_utils::simple_target_socket<PortTerminator, 32, FabricProtocol> rx;
  explicit PortTerminator(const sc_core::sc_module_name& name) : sc_core::sc_module(name), tx("tx"), rx("rx") {
    tx.register_nb_transport_bw(this, &PortTerminator::refuse);
    rx.register_nb_transport_fw(this, &PortTerminator::refuse);
    rx.register_b_transport(this, &PortTerminator::refuse_blocking);  // no adapter thread (see Link)
  }

 private:
  void refuse_blocking(tlm::tlm_generic_payload&, sc_core::sc_time&) {
    throw std::logic_error(std::string(name()) + ": traffic on an unwired port");
  }
  tlm::tlm_sync_enum refuse(tlm::tlm_generic_payload&, tlm::tlm_phase&, sc_core::sc_time&) {
    throw std::logic_error(std::string(name()) + ": traffic on an unwired port");
  }
};

Topology make_topology(const TopologySettings& s) {
  switch (s.kind) {
    case TopologyKind::FullMesh:
      return make_full_mesh(s.dims, s.link_m);
    case TopologyKind::Adjacency:
      return make_adjacency(s.routers, s.edges, s.link_m);
    default:
      return make_grid(s.kind, s.dims, s.link_m, s.wrap_m, s.block, s.block_m, s.twist);
  }
}

// Link parameters for a cable of `length_m`: protocol links recompute their latency budget; ideal
// links add the flight time to their configured latency.
LinkParams with_length(const LinkParams& base, double length_m, double clock_hz) {
  LinkParams p = base;
  double seconds;
  if (base.profile.framing == Framing::Ideal) {
    seconds = base.profile.ideal_latency_s + length_m * base.profile.ns_per_m * 1e-9;
  } else {
    p.profile.cable_m = length_m;
    seconds = p.profile.latency_budget_s();
  }
  p.latency = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(seconds * clock_hz - 1e-9)));
  if (base.credit_latency == base.latency) p.credit_latency = p.latency;
  return p;
}

DirectFabric::DirectFabric(const FabricConfig& config, FabricStats& stats) {
  const FabricSettings& f = config.fabric;
  PhasedTableRouting* phased = nullptr;
  if (config.topology.ocs_phases.empty()) {
    topology_ = make_topology(config.topology);
    routing_ = make_routing(topology_, config.topology.routing, config.topology.datelines, f.vcs);
  } else {
    // Wire the union of every phase's edges; each phase routes over its own (lit) links only.
    std::vector<std::vector<std::pair<uint32_t, uint32_t>>> phases{config.topology.edges};
    for (const OcsPhase& p : config.topology.ocs_phases) phases.push_back(p.edges);
    OcsWiring wiring = make_ocs_wiring(config.topology.routers, phases, config.topology.link_m);
    topology_ = std::move(wiring.topology);
    auto routing = std::make_unique<PhasedTableRouting>(topology_, f.vcs, wiring.lit);
    phased = routing.get();
    routing_ = std::move(routing);
  }
  stats.order_guaranteed = routing_->keeps_flow_order();
  domain_ = std::make_unique<ClockDomain>("clock", f.clock_hz);
  const uint32_t n = topology_.routers();
  const uint64_t seed = config.simulation.seed;
  const FlowControlParams& fc = config.link.flow_control;

  const LinkParams local = local_link_params(config);

  EndpointContext ec = endpoint_context(config, stats);
  ec.injection_bytes_per_cycle = local.bytes_per_cycle;
  for (uint32_t r = 0; r < n; ++r) {
    SwitchContext sc = switch_context(config);
    sc.routing = routing_.get();
    sc.router_id = r;
    SwitchParams sp = config.switch_params;
    sp.ports = static_cast<uint32_t>(topology_.ports[r].size());
    routers_.push_back(std::make_unique<CrossbarSwitch>(("r" + std::to_string(r)).c_str(), *domain_, sp, sc, stats));
  }
  for (uint32_t r = 0; r < n; ++r) {
    ec.index = r;
    endpoints_.push_back(std::make_unique<AcceleratorEndpoint>(("ep" + std::to_string(r)).c_str(), *domain_,
                                                               config.endpoint, ec, config.workload, stats));
  }
  // Multi-sockets number ports by binding order: bind every router's outputs in port order here, and its
  // inputs in port order in a second pass, once every link that feeds them exists.
  std::map<std::pair<uint32_t, uint32_t>, std::function<void()>> bind_input;  // (router, port) -> binding
  for (uint32_t r = 0; r < n; ++r) {
    CrossbarSwitch& router = *routers_[r];
    const std::string rn = "r" + std::to_string(r), en = "ep" + std::to_string(r);
    for (uint32_t p = 0; p < topology_.ports[r].size(); ++p) {
      const TopologyPort& tp = topology_.ports[r][p];
      if (p == 0) {
        auto& up = stats.add_link(en + "_to_" + rn, en, rn + ".in0", local.bytes_per_cycle);
        auto& down = stats.add_link(rn + "_to_" + en, rn + ".out0", en, local.bytes_per_cycle);
        links_.push_back(std::make_unique<Link>((en + "_to_" + rn).c_str(), *domain_, local, up, seed));
        Link& inject = *links_.back();
        links_.push_back(std::make_unique<Link>((rn + "_to_" + en).c_str(), *domain_, local, down, seed));
        Link& eject = *links_.back();
        endpoints_[r]->tx.bind(inject.upstream);
        bind_input[{r, 0}] = [&inject, &router] { inject.downstream.bind(router.in); };
        router.out.bind(eject.upstream);
        eject.downstream.bind(endpoints_[r]->rx);
        endpoints_[r]->configure_egress(fc, router.input_buffer_flits(), &up);
        router.configure_output(0, fc, endpoints_[r]->receive_buffer_flits(), &down);
        endpoints_[r]->configure_ingress(fc.mode, config.endpoint_pause.xoff, config.endpoint_pause.xon);
        router.configure_input(0, fc.mode, config.switch_pause.xoff, config.switch_pause.xon);
        continue;
      }
      if (tp.peer == UINT32_MAX) {
        terminators_.push_back(std::make_unique<PortTerminator>((rn + "_port" + std::to_string(p) + "_closed").c_str()));
        PortTerminator& closed = *terminators_.back();
        router.out.bind(closed.rx);
        bind_input[{r, p}] = [&closed, &router] { closed.tx.bind(router.in); };
        router.configure_input(p, fc.mode, config.switch_pause.xoff, config.switch_pause.xon);
        continue;
      }
      // The link from this port to its peer; the peer's link back is made when the peer is wired, and
      // both bind to the same port numbers on either side.
      const std::string pn = "r" + std::to_string(tp.peer);
      const std::string name = rn + "_p" + std::to_string(p) + "_to_" + pn;
      LinkParams lp = with_length(config.link, tp.length_m, f.clock_hz);
      auto& ls = stats.add_link(name, rn + ".out" + std::to_string(p), pn + ".in" + std::to_string(tp.peer_port),
                                lp.bytes_per_cycle);
      links_.push_back(std::make_unique<Link>(name.c_str(), *domain_, lp, ls, seed));
      Link& link = *links_.back();
      router.out.bind(link.upstream);
      CrossbarSwitch& peer = *routers_[tp.peer];
      bind_input[{tp.peer, tp.peer_port}] = [&link, &peer] { link.downstream.bind(peer.in); };
      router.configure_output(p, fc, routers_[tp.peer]->input_buffer_flits(), &ls);
      router.configure_input(p, fc.mode, config.switch_pause.xoff, config.switch_pause.xon);
    }
  }
  for (uint32_t r = 0; r < n; ++r) {
    for (uint32_t p = 0; p < topology_.ports[r].size(); ++p) bind_input.at({r, p})();
  }
  if (phased) {
    std::vector<CrossbarSwitch*> routers;
    for (auto& r : routers_) routers.push_back(r.get());
    std::vector<uint64_t> starts;
    for (const OcsPhase& p : config.topology.ocs_phases) starts.push_back(p.at);
    ocs_ = std::make_unique<OcsController>("ocs", *domain_, std::move(routers), *phased, stats, std::move(starts),
                                           config.topology.ocs_reconfiguration);
  }
}

void DirectFabric::start() {
  FabricBase::start();
  if (ocs_) ocs_->start();
}

bool DirectFabric::held_traffic_since(uint64_t cycle) const { return ocs_ && ocs_->held_since(cycle); }

nlohmann::json DirectFabric::fabric_report() const {
  if (!ocs_) return nullptr;
  return {{"ocs", ocs_->report()}};
}

DirectFabric::~DirectFabric() = default;

LinkParams DirectFabric::local_link_params(const FabricConfig& config) {
  // The network links' data rate unless topology.local_bandwidth says otherwise, a short latency, no
  // protocol framing and no bit errors.
  LinkParams local = config.link;
  local.profile = PortProfile();
  if (config.topology.local_bytes_per_cycle > 0) local.bytes_per_cycle = config.topology.local_bytes_per_cycle;
  local.profile.ideal_bytes_per_s = local.bytes_per_cycle * config.fabric.clock_hz;
  local.latency = local.credit_latency = config.topology.local_latency;
  local.ber = 0;
  return local;
}

uint64_t DirectFabric::zero_load_latency(const FabricConfig& config, uint32_t routers, uint32_t bytes) {
  // Cut-through: the head pays every link's flight and every router's pipeline; a link finishes a packet
  // no earlier than its serialization after it started nor before the tail has arrived (a router forwards
  // the tail no earlier than it came in). So the tail reaches the destination at the largest, over the
  // links k of the path, of: the head's time to link k + link k's serialization + the flights after it.
  // With one data rate that is the ejection link's term; when the network links are slower (a faster
  // topology.local_bandwidth, or protocol framing the on-chip links do not have), the last network
  // link's term, one router pipeline and one cycle less than the same path with their serialization at
  // the end. Local links have the configured on-chip latency; network links are taken to be
  // topology.link_length long (block and wrap links may be longer).
  const uint64_t local = config.topology.local_latency;
  const LinkParams network_link = with_length(config.link, config.topology.link_m, config.fabric.clock_hz);
  const uint64_t network = network_link.latency;
  const uint64_t pipeline = config.switch_params.latency;
  const uint64_t hops = routers - 1;
  auto ending_with = [&](uint64_t ser) {  // the tail one serialization behind the head at the end
    return 2 * (1 + local) + hops * (1 + network) + routers * pipeline + (ser - 1);
  };
  uint64_t latency = ending_with(local_link_params(config).serialization_cycles(bytes));
  if (hops > 0) latency = std::max(latency, ending_with(network_link.serialization_cycles(bytes)) - 1 - pipeline);
  return latency;
}

nlohmann::json DirectFabric::wait_for_cycle(uint64_t cycle) const {
  // Nodes are (router, input port, VC) buffers; a blocked head waits for the downstream buffers its
  // routing allows. A cycle in that graph is a deadlock (for single-VC choices; with several allowed
  // VCs it is a cycle of buffers all of which are blocked).
  using Node = std::tuple<uint32_t, uint32_t, uint16_t>;
  std::map<Node, std::vector<Node>> waits;
  std::vector<BlockedHead> heads;
  for (uint32_t r = 0; r < routers_.size(); ++r) {
    heads.clear();
    routers_[r]->blocked_heads(cycle, heads);
    for (const auto& h : heads) {
      if (h.out_port == 0) continue;  // waiting on an endpoint, which always drains
      const TopologyPort& tp = topology_.ports[r][h.out_port];
      for (uint16_t vc = h.out_vc_begin; vc < h.out_vc_end; ++vc) {
        waits[{r, h.in_port, h.in_vc}].push_back({tp.peer, tp.peer_port, vc});
      }
    }
  }
  std::map<Node, int> state;  // 0 new, 1 on stack, 2 done
  std::vector<Node> stack;
  std::vector<Node> found;
  std::function<bool(const Node&)> visit = [&](const Node& v) -> bool {
    state[v] = 1;
    stack.push_back(v);
    auto it = waits.find(v);
    if (it != waits.end()) {
      for (const Node& w : it->second) {
        if (state[w] == 1) {
          auto start = std::find(stack.begin(), stack.end(), w);
          found.assign(start, stack.end());
          return true;
        }
        if (state[w] == 0 && visit(w)) return true;
      }
    }
    stack.pop_back();
    state[v] = 2;
    return false;
  };
  for (const auto& [v, _] : waits) {
    if (state[v] == 0 && visit(v)) break;
  }
  if (found.empty()) return nullptr;
  nlohmann::json cycle_json = nlohmann::json::array();
  for (const auto& [r, p, vc] : found) {
    cycle_json.push_back({{"router", r}, {"input_port", p}, {"vc", vc}});
  }
  return cycle_json;
}

std::unique_ptr<Fabric> build_fabric(const FabricConfig& config, FabricStats& stats) {
  if (config.topology.kind_name == "single_switch") return std::make_unique<SingleSwitchFabric>(config, stats);
  return std::make_unique<DirectFabric>(config, stats);
}

}  // namespace snsim
