// Shortest paths on a fabric graph, for the routings of switched fabrics (models/graph/routings/):
// for every switch and destination endpoint, the output ports that lie on a shortest path (fewest
// switch-to-switch hops), in ascending port order. Equal-cost ports are what ECMP, spraying and adaptive
// routing choose among; the first one is the deterministic tie break.
//
// Endpoints that attach to the same set of switches (all endpoints of a leaf, or of a multi-plane
// fabric) share one breadth-first search and one set of port lists per switch, so the table costs
// switches x attachment groups, not switches x endpoints, and the build stays linear in the fabric for
// Clos-like graphs. On a fat tree (a folded Clos) every shortest path climbs to a lowest common ancestor
// and descends: up*/down* (deadlock_check.h verifies the channel dependencies of any graph).
#pragma once

#include <cstdint>
#include <vector>

#include "models/graph/fabric_graph.h"

namespace snsim {

struct PortSpan {
  const uint32_t* first = nullptr;
  uint32_t size = 0;
  const uint32_t* begin() const { return first; }
  const uint32_t* end() const { return first + size; }
  uint32_t operator[](uint32_t i) const { return first[i]; }
};

class GraphRoutes {
 public:
  explicit GraphRoutes(const FabricGraph& graph);

  // Output ports of switch `s` (index in graph.switches()) on shortest paths to endpoint `e`; empty when
  // `s` is not on any path to it.
  PortSpan choices(uint32_t s, uint32_t e) const;
  // Switch-to-switch hops from switch `s` to the nearest switch that `e` attaches to (UINT32_MAX: none).
  uint32_t distance(uint32_t s, uint32_t e) const { return distance_[size_t(s) * groups_ + group_of_[e]]; }
  uint32_t switches() const { return switches_; }
  // Endpoints attached to the same switches share a group (and every distance).
  uint32_t group(uint32_t e) const { return group_of_[e]; }
  uint32_t groups() const { return groups_; }

 private:
  uint32_t switches_ = 0, groups_ = 0;
  std::vector<uint32_t> group_of_;                   // [endpoint]
  // [endpoint]: the switches it attaches to and their ports toward it, sorted by (switch, port).
  std::vector<std::vector<uint32_t>> attached_switch_, attached_port_;
  std::vector<uint32_t> distance_;                   // [switch * groups + group]
  std::vector<uint32_t> set_of_;                     // [switch * groups + group] -> port set
  std::vector<uint32_t> set_start_, pool_;           // port sets: pool_[set_start_[k] .. set_start_[k+1])
};

}  // namespace snsim
