// The `topology.routing` key of the switched generators that choose a graph routing by name
// (graph_file, hierarchical): its schema entry, the check against the switch section, and the routing
// made over a generated graph. One place, so every switched kind offers the same names and refuses the
// same combinations.
#pragma once

#include <memory>
#include <string>

#include "models/core/config.h"
#include "models/core/params.h"
#include "models/graph/fabric_graph.h"
#include "models/router/routing.h"

namespace snsim {

struct FabricConfig;

// A Choice among the registered graph routings (models/graph/routings/), defaulting to `default_routing`.
ParamSpec graph_routing_param(const std::string& default_routing, const std::string& why_default);
// An adaptive routing re-chooses a blocked head's output, so the switches need FIFO input queues;
// refused here with the key to change (the switch itself would only throw when built).
void check_graph_routing(const std::string& routing, const FabricConfig& config, const ConfigSection& switch_section);
// The named routing over the graph's shortest-path table.
std::unique_ptr<RoutingFunction> make_graph_routing(const std::string& routing, const FabricGraph& graph);

}  // namespace snsim
