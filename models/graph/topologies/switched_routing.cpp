#include "models/graph/topologies/switched_routing.h"

#include <stdexcept>

#include "models/fabric/fabric_config.h"
#include "models/graph/graph_routing.h"

namespace snsim {

ParamSpec graph_routing_param(const std::string& default_routing, const std::string& why_default) {
  return {"routing", ParamKind::Choice, default_routing, 0, 0, graph_routing_names(), false,
          "Routing over the graph's shortest paths: " + describe_graph_routings(), why_default};
}

void check_graph_routing(const std::string& routing, const FabricConfig& config, const ConfigSection& sw) {
  const GraphRoutingKind* kind = find_graph_routing(routing);
  if (!kind) throw std::logic_error("graph routing '" + routing + "' passed the schema but is not registered");
  if (kind->adaptive && config.switch_params.input_queueing != InputQueueing::Fifo) {
    sw.fail("input_queue", "routing " + routing + " re-chooses the output of a blocked head packet, so it needs "
                           "input_queue: fifo (or choose another topology.routing)");
  }
}

std::unique_ptr<RoutingFunction> make_graph_routing(const std::string& routing, const FabricGraph& graph) {
  const GraphRoutingKind* kind = find_graph_routing(routing);
  if (!kind) throw std::logic_error("graph routing '" + routing + "' is not registered");
  return kind->make(std::make_shared<GraphRoutes>(graph));
}

}  // namespace snsim
