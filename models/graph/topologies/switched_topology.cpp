#include "models/graph/topologies/switched_topology.h"

#include "models/fabric/fabric_config.h"

namespace snsim {

ParamSpec graph_routing_param(const std::string& default_routing) {
  return {"routing", ParamKind::Choice, default_routing, 0, 0, graph_routing_names(), false,
          "How switches choose among equal-cost shortest paths: " + describe_graph_routings(),
          "ECMP by flow hash is what Ethernet and UB switches do (facts 3, 5); spraying and adaptive choice are "
          "the alternatives the scale-up proposals discuss"};
}

ParamSpec class_param(const std::string& key, bool link, const std::string& what) {
  return {key, ParamKind::Text, "default", 0, 0, {}, false,
          std::string(link ? "Link class (link_classes)" : "Switch class (switch_classes)") + " of " + what +
              "; default = the `" + (link ? "link" : "switch") + "` section",
          "-"};
}

std::string read_class(const ConfigSection& topology, const ParamValues& values, const FabricConfig& config,
                       const std::string& key, bool link) {
  const std::string name = values.text(key);
  if (name == "default") return "";
  const bool known = link ? config.link_classes.count(name) > 0 : config.switch_classes.count(name) > 0;
  if (!known) {
    topology.fail(key, "'" + name + "' is not defined in " + (link ? "link_classes" : "switch_classes") +
                           " (or use default for the " + (link ? "link" : "switch") + " section)");
  }
  return name;
}

void route_on_graph(const FabricConfig& config, GeneratedFabric& out) {
  auto routes = std::make_shared<const GraphRoutes>(out.graph);
  out.routes = routes;
  out.routing = find_graph_routing(config.topology.values.text("routing"))->make(routes);
}

void check_switched(FabricConfig& config, const ConfigSection& sw) {
  SwitchParams& s = config.switch_params;
  if (s.ports != 0) sw.fail("ports", "each switch's ports follow from the topology; leave switch.ports at auto");
  s.ports = config.fabric.endpoints;  // unused by the switches (each gets its own count)
  const GraphRoutingKind* routing = find_graph_routing(config.topology.values.text("routing"));
  auto needs_fifo = [&](const SwitchParams& p, const ConfigSection& section) {
    if (routing->adaptive && (p.input_queueing != InputQueueing::Fifo || p.output_queued)) {
      section.fail(p.output_queued ? "output_queue" : "input_queue",
                   "adaptive routing re-chooses the output of a blocked head packet, so it needs input_queue: fifo "
                   "and output_queue: false");
    }
  };
  needs_fifo(s, sw);
  for (const auto& [name, params] : config.switch_classes) needs_fifo(params, config.switch_class_sections.at(name));
}

}  // namespace snsim
