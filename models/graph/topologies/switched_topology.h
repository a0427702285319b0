// What the switched topology kinds (multi_plane, clos, and the generators built like them) share: the
// `routing` key over the registered graph routings, link and switch class keys, and the checks of the
// switch section against them.
#pragma once

#include <string>

#include "models/core/config.h"
#include "models/core/params.h"
#include "models/graph/graph_routing.h"
#include "models/graph/topology_registry.h"

namespace snsim {

struct FabricConfig;

// `routing`: one of the registered graph routings.
ParamSpec graph_routing_param(const std::string& default_routing);
// A key naming a link or switch class ("default" = the `link` / `switch` section itself).
ParamSpec class_param(const std::string& key, bool link, const std::string& what);
// The class a key names ("" for "default"), refused at the key when link_classes / switch_classes do not
// define it.
std::string read_class(const ConfigSection& topology, const ParamValues& values, const FabricConfig& config,
                       const std::string& key, bool link);
// The routing function the `routing` key names, over shortest paths on out.graph (sets out.routing and
// out.routes).
void route_on_graph(const FabricConfig& config, GeneratedFabric& out);
// Switch-section checks common to switched kinds: switch.ports stays auto (each switch's ports follow
// from the topology), and adaptive routing needs FIFO input queues without output queues.
void check_switched(FabricConfig& config, const ConfigSection& switch_section);

}  // namespace snsim
