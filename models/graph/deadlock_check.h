// Whether shortest-path routing on a switched fabric graph can deadlock: the channel dependency graph
// (Dally and Seitz, IEEE Trans. Computers 1987) of every route any graph routing may take — a packet
// that holds the channel u->s and waits for s->t, for every destination whose equal-cost paths make that
// turn — must have no cycle. Packets keep their VC in switched fabrics, so each VC has this same graph,
// and no cycle means no deadlock whichever equal-cost port ECMP, spraying or adaptive choice takes.
// Links to and from endpoints cannot be part of a cycle (endpoints always drain), so only switch-to-switch
// channels count. The graph is walked implicitly (successors from the distance tables), so the check
// stores nothing per dependency: a two-tier Clos of 16,384 endpoints is checked in a fraction of a second.
#pragma once

#include <string>
#include <vector>

#include "models/graph/fabric_graph.h"
#include "models/graph/graph_routes.h"

namespace snsim {

// Empty when acyclic; else a cycle of channels as "a -> b" names, for the error message.
std::vector<std::string> shortest_path_dependency_cycle(const FabricGraph& graph, const GraphRoutes& routes);

}  // namespace snsim
