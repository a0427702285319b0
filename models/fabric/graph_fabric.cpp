#include "models/fabric/graph_fabric.h"

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "models/fabric/ocs_controller.h"
#include "models/graph/deadlock_check.h"
#include "models/graph/graph_routes.h"
#include "models/graph/topologies/direct_topology.h"
#include "models/stats/fabric_stats.h"

namespace snsim {

// Closes an unused switch port below a used one (a mesh edge router's missing neighbour): multi-sockets
// number ports by binding order, so every port below a used one must be bound; nothing ever arrives
// from or is routed to a terminator.
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

// SystemC names cannot hold the graph's hierarchy dots.
std::string module_name(std::string name) {
  std::replace(name.begin(), name.end(), '.', '_');
  return name;
}

// What reports group a node's links and queues by: its tier tag, else its role.
std::string tier_of(const GraphNode& node) { return node.tags.tier.empty() ? role_name(node.role) : node.tags.tier; }

GeneratedFabric generate_fabric(const FabricConfig& config) {
  const TopologyGenerator* generator = find_topology(config.topology.kind_name);
  if (!generator) throw std::logic_error("no topology generator '" + config.topology.kind_name + "'");
  GeneratedFabric generated = generator->generate(config);
  const std::string where = (config.document ? config.document->name() + ": " : "") + "fabric.topology " +
                            config.topology.kind_name + ": ";
  try {
    generated.graph.validate();
  } catch (const GraphError& e) {
    throw ConfigError(where + e.what());
  }
  // Switched fabrics keep a packet's VC end to end, so their routing must have no cyclic channel
  // dependency (direct fabrics use VC classes for that, checked by their own routing's design and tests).
  if (!generated.direct) {
    if (!generated.routes) generated.routes = std::make_shared<const GraphRoutes>(generated.graph);
    const std::vector<std::string> cycle = shortest_path_dependency_cycle(generated.graph, *generated.routes);
    if (!cycle.empty()) {
      std::string text;
      for (const std::string& c : cycle) text += (text.empty() ? "" : ", ") + c;
      throw ConfigError(where + "shortest paths on this graph can deadlock: a packet on each of these channels "
                                "may wait for the next (" + text + ", and back to the first); wire it as a tree of "
                                "switch tiers (up*/down*) or use a direct topology with VC classes");
    }
  }
  // Every class the graph names must exist.
  const FabricGraph& g = generated.graph;
  for (const GraphEdge& e : g.edges()) {
    if (!e.link_class.empty() && !generated.link_classes.count(e.link_class) && !config.link_classes.count(e.link_class)) {
      throw ConfigError(where + "edge " + g.port_name(e.a) + " - " + g.port_name(e.b) + " uses link class '" +
                        e.link_class + "', which link_classes does not define");
    }
  }
  for (uint32_t s : g.switches()) {
    const std::string& c = g.node(s).switch_class;
    if (!c.empty() && !config.switch_classes.count(c)) {
      throw ConfigError(where + g.node(s).name + " uses switch class '" + c + "', which switch_classes does not define");
    }
  }
  return generated;
}

const LinkParams& GraphFabric::link_class(const FabricConfig& config, const std::string& name) const {
  if (name.empty()) return config.link;
  auto it = generated_.link_classes.find(name);
  if (it != generated_.link_classes.end()) return it->second;
  return config.link_classes.at(name);  // generate_fabric checked that it exists
}

GraphFabric::GraphFabric(const FabricConfig& config, FabricStats& stats) : generated_(generate_fabric(config)) {
  const FabricGraph& g = generated_.graph;
  const FabricSettings& f = config.fabric;
  const uint64_t seed = config.simulation.seed;
  const FlowControlParams& fc = config.link.flow_control;
  stats.order_guaranteed = generated_.routing->keeps_flow_order();
  domain_ = std::make_unique<ClockDomain>("clock", f.clock_hz);

  // 1. Switches and routers.
  const uint32_t endpoints = static_cast<uint32_t>(g.endpoints().size());
  for (uint32_t s = 0; s < g.switches().size(); ++s) {
    const GraphNode& node = g.node(g.switches()[s]);
    SwitchContext sc = switch_context(config);
    sc.routing = generated_.routing.get();
    sc.router_id = s;
    // A switch that every endpoint reaches on one port of its own also gets the plain table, which the
    // RTL back end and the switch capture read.
    std::vector<uint32_t> direct(endpoints, UINT32_MAX);
    uint32_t found = 0;
    for (uint32_t p = 0; p < node.ports; ++p) {
      const PortAttachment& a = g.attachment({g.switches()[s], p});
      if (a.state == PortAttachment::State::Bound && g.is_endpoint(a.peer.node) && g.node(a.peer.node).ports == 1) {
        direct[g.role_index(a.peer.node)] = p;
        ++found;
      }
    }
    if (found == endpoints) sc.route = std::move(direct);
    SwitchParams sp = node.switch_class.empty() ? config.switch_params : config.switch_classes.at(node.switch_class);
    sp.ports = node.ports;
    sc.report_name = node.name;
    const size_t first_queue = stats.queues().size();
    switches_.push_back(make_switch(module_name(node.name).c_str(), *domain_, config, sp, sc, stats));
    stats.tag_queues_from(first_queue, tier_of(node), node.tags.plane);
  }

  // 2. The memory side, 3. the endpoints.
  if (config.workload.memory.enabled) {
    memory_ = std::make_unique<MemorySide>(*config.hbm, endpoints, *domain_, stats);
  }
  EndpointContext ec = endpoint_context(config, stats);
  for (uint32_t e = 0; e < endpoints; ++e) {
    const uint32_t node = g.endpoints()[e];
    ec.index = e;
    // The load is a fraction of what the endpoint's own links carry.
    double injection = 0;
    for (uint32_t p = 0; p < g.node(node).ports; ++p) {
      injection += link_class(config, g.edges()[g.attachment({node, p}).edge].link_class).bytes_per_cycle;
    }
    ec.injection_bytes_per_cycle = injection;
    ec.ports = g.node(node).ports;
    // Spraying a flow over several ports (round_robin, least_loaded) may reorder it.
    if (!keeps_flow_order(ec)) stats.order_guaranteed = false;
    const std::string name_text = module_name(g.node(node).name);
    const char* name = name_text.c_str();
    const size_t first_queue = stats.queues().size();
    if (memory_) {
      memory_endpoints_.push_back(std::make_unique<MemoryEndpoint>(name, *domain_, config.endpoint, ec,
                                                                   config.workload, memory_->map(), stats));
      memory_endpoints_.back()->memory.bind(memory_->controller(e).socket);
    } else {
      endpoints_.push_back(
          std::make_unique<AcceleratorEndpoint>(name, *domain_, config.endpoint, ec, config.workload, stats));
    }
    stats.tag_queues_from(first_queue, tier_of(g.node(node)), g.node(node).tags.plane);
  }

  // 4. Links. Bindings into multi-sockets wait for step 5.
  std::map<PortRef, std::function<void()>> bind_input;     // (switch node, port) -> its input's binding
  std::map<PortRef, std::function<void()>> bind_endpoint;  // (endpoint node, port) -> its tx and rx bindings
  auto endpoint_link_end = [&](uint32_t node, uint32_t port, const char* direction) {
    const GraphNode& n = g.node(node);
    return n.ports == 1 ? n.name : n.name + "." + direction + std::to_string(port);
  };
  for (uint32_t s = 0; s < g.switches().size(); ++s) {
    const uint32_t v = g.switches()[s];
    const std::string& sn = g.node(v).name;
    SwitchPorts& sw = *switches_[s];
    // Unused ports after the last bound one stay unbound and unconfigured (not traced, not reported).
    uint32_t used_ports = g.node(v).ports;
    while (used_ports > 0 && g.attachment({v, used_ports - 1}).state != PortAttachment::State::Bound) --used_ports;
    for (uint32_t p = 0; p < used_ports; ++p) {
      const PortAttachment& a = g.attachment({v, p});
      const std::string ps = std::to_string(p);
      if (a.state != PortAttachment::State::Bound) {
        terminators_.push_back(std::make_unique<PortTerminator>(module_name(sn + "_port" + ps + "_closed").c_str()));
        PortTerminator& closed = *terminators_.back();
        sw.out_socket().bind(closed.rx);
        bind_input[{v, p}] = [&closed, &sw] { closed.tx.bind(sw.in_socket()); };
        sw.configure_input(p, fc.mode, config.switch_pause.xoff, config.switch_pause.xon);
        continue;
      }
      const GraphEdge& edge = g.edges()[a.edge];
      const LinkParams& base = link_class(config, edge.link_class);
      const LinkParams lp = edge.length_m ? with_length(base, *edge.length_m, f.clock_hz) : base;
      if (g.is_endpoint(a.peer.node)) {
        const uint32_t e = g.role_index(a.peer.node);
        const GraphNode& en = g.node(a.peer.node);
        const std::string side = en.ports == 1 ? en.name : en.name + "_p" + std::to_string(a.peer.port);
        const std::string up_name = side + "_to_" + sn, down_name = sn + "_to_" + side;
        auto& up = stats.add_link(up_name, endpoint_link_end(a.peer.node, a.peer.port, "out"), sn + ".in" + ps,
                                  lp.bytes_per_cycle);
        auto& down = stats.add_link(down_name, sn + ".out" + ps, endpoint_link_end(a.peer.node, a.peer.port, "in"),
                                    lp.bytes_per_cycle);
        const std::string et = tier_of(en), st = tier_of(g.node(v));
        const int32_t plane = g.node(v).tags.plane;
        up.set_tags(et + "-" + st, plane);
        down.set_tags(st + "-" + et, plane);
        links_.push_back(std::make_unique<Link>(module_name(up_name).c_str(), *domain_, lp, up, seed));
        Link& to_switch = *links_.back();
        links_.push_back(std::make_unique<Link>(module_name(down_name).c_str(), *domain_, lp, down, seed));
        Link& to_endpoint = *links_.back();
        sw.out_socket().bind(to_endpoint.upstream);
        bind_input[{v, p}] = [&to_switch, &sw] { to_switch.downstream.bind(sw.in_socket()); };
        auto wire = [&](EndpointPorts& endpoint) {
          bind_endpoint[a.peer] = [&endpoint, &to_switch, &to_endpoint] {
            endpoint.tx_socket().bind(to_switch.upstream);
            to_endpoint.downstream.bind(endpoint.rx_socket());
          };
          endpoint.configure_egress(a.peer.port, lp.flow_control, sw.input_buffer_flits(), &up);
          sw.configure_output(p, lp.flow_control, endpoint.receive_buffer_flits(), &down);
          endpoint.configure_ingress(a.peer.port, fc.mode, config.endpoint_pause.xoff, config.endpoint_pause.xon);
        };
        if (memory_) {
          wire(*memory_endpoints_[e]);
        } else {
          wire(*endpoints_[e]);
        }
        sw.configure_input(p, fc.mode, config.switch_pause.xoff, config.switch_pause.xon);
        continue;
      }
      // The link out of this port to its peer switch; the way back is made at the peer's port.
      const std::string& pn = g.node(a.peer.node).name;
      const std::string name = sn + "_p" + ps + "_to_" + pn;
      auto& ls = stats.add_link(name, sn + ".out" + ps, pn + ".in" + std::to_string(a.peer.port), lp.bytes_per_cycle);
      ls.set_tags(tier_of(g.node(v)) + "-" + tier_of(g.node(a.peer.node)),
                  g.node(v).tags.plane >= 0 ? g.node(v).tags.plane : g.node(a.peer.node).tags.plane);
      links_.push_back(std::make_unique<Link>(module_name(name).c_str(), *domain_, lp, ls, seed));
      Link& link = *links_.back();
      sw.out_socket().bind(link.upstream);
      SwitchPorts& peer = *switches_[g.role_index(a.peer.node)];
      bind_input[a.peer] = [&link, &peer] { link.downstream.bind(peer.in_socket()); };
      sw.configure_output(p, lp.flow_control, peer.input_buffer_flits(), &ls);
      sw.configure_input(p, fc.mode, config.switch_pause.xoff, config.switch_pause.xon);
    }
  }
  // 5. Inputs in port order (std::map orders by node, then port).
  for (auto& [port, bind] : bind_input) bind();
  for (auto& [port, bind] : bind_endpoint) bind();

  if (generated_.ocs_routing) {
    std::vector<SwitchControl*> routers;
    for (auto& s : switches_) {
      if (!s->control()) throw std::logic_error("an optical circuit switch schedule needs TLM routers");
      routers.push_back(s->control());
    }
    ocs_ = std::make_unique<OcsController>("ocs", *domain_, std::move(routers), *generated_.ocs_routing, stats,
                                           generated_.ocs_phase_starts, generated_.ocs_reconfiguration);
  }
}

GraphFabric::~GraphFabric() {
  // Newest first (FabricBase::destroy_components): the OCS controller, the terminators, the links and
  // endpoints, and the switches, which were made first.
  ocs_.reset();
  while (!terminators_.empty()) terminators_.pop_back();
  destroy_components();
  while (!switches_.empty()) switches_.pop_back();
}

void GraphFabric::start() {
  FabricBase::start();
  if (ocs_) ocs_->start();
}

bool GraphFabric::held_traffic_since(uint64_t cycle) const { return ocs_ && ocs_->held_since(cycle); }

nlohmann::json GraphFabric::fabric_report() const {
  const FabricGraph& g = generated_.graph;
  uint32_t routers = 0;
  for (uint32_t s : g.switches()) routers += g.node(s).role == NodeRole::Router;
  nlohmann::json report;
  report["fabric"] = {{"endpoints", g.endpoints().size()},
                      {"switches", g.switches().size() - routers},
                      {"routers", routers},
                      {"links", links_.size()},
                      {"ports_per_endpoint", ports_per_endpoint()}};
  if (ocs_) report["ocs"] = ocs_->report();
  return report;
}

uint32_t GraphFabric::ports_per_endpoint() const {
  uint32_t ports = 1;
  for (uint32_t e : generated_.graph.endpoints()) ports = std::max(ports, generated_.graph.node(e).ports);
  return ports;
}

nlohmann::json GraphFabric::wait_for_cycle(uint64_t cycle) const {
  // Nodes are (switch, input port, VC) buffers; a blocked head waits for the downstream buffers its
  // routing allows. A cycle in that graph is a deadlock (for single-VC choices; with several allowed
  // VCs it is a cycle of buffers all of which are blocked). Heads waiting on an endpoint are left out:
  // endpoints always drain.
  const FabricGraph& g = generated_.graph;
  using Node = std::tuple<uint32_t, uint32_t, uint16_t>;
  std::map<Node, std::vector<Node>> waits;
  std::vector<BlockedHead> heads;
  for (uint32_t s = 0; s < switches_.size(); ++s) {
    const SwitchControl* control = switches_[s]->control();
    if (!control) continue;
    heads.clear();
    control->blocked_heads(cycle, heads);
    for (const auto& h : heads) {
      const PortAttachment& a = g.attachment({g.switches()[s], h.out_port});
      if (a.state != PortAttachment::State::Bound || g.is_endpoint(a.peer.node)) continue;
      for (uint16_t vc = h.out_vc_begin; vc < h.out_vc_end; ++vc) {
        waits[{s, h.in_port, h.in_vc}].push_back({g.role_index(a.peer.node), a.peer.port, vc});
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
    cycle_json.push_back({{"router", r}, {"name", g.node(g.switches()[r]).name}, {"input_port", p}, {"vc", vc}});
  }
  return cycle_json;
}

std::unique_ptr<Fabric> build_fabric(const FabricConfig& config, FabricStats& stats) {
  return std::make_unique<GraphFabric>(config, stats);
}

}  // namespace snsim
