// Routing functions of direct topologies. A router asks, for each arriving packet, which output port it
// may take and which output VC. Deterministic functions give one choice; within the VCs a rule allows
// (all, or a dateline class), the packet's traffic class picks one, so a flow never reorders.
//   dimension order (mesh, torus): correct the lowest dimension first, on a torus in the shorter
//     direction of each ring. With datelines (torus), the VCs split into two classes: a packet uses the
//     lower class in each dimension until it crosses that ring's wrap-around link, the upper class after;
//     this breaks the cyclic channel dependency of every ring (Dally and Seitz 1987; Dally and Towles
//     2004, sec. 14.1). Without datelines a loaded torus can deadlock, which the watchdog reports.
//   dimension order on a full mesh (UB-Mesh style): one direct hop per dimension that differs.
//   Valiant (mesh, torus): dimension order to a random intermediate router, then dimension order to the
//     destination, each phase on its own half of the VCs (Valiant and Brebner 1981): any pattern gets
//     about half of the uniform-traffic throughput, adversarial ones included.
//   table: shortest paths computed at build time (breadth-first search), for arbitrary wirings; no
//     deadlock guarantee.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/core/packet.h"
#include "models/core/rng.h"

namespace snsim {

struct Topology;

struct RouteChoice {
  uint32_t port;
  uint16_t vc_begin, vc_end;  // allowed output VCs [begin, end)
};

class RoutingFunction {
 public:
  virtual ~RoutingFunction() = default;
  // Choices for a packet at `router` that arrived on `in_port` (0 = from the local endpoint) on `in_vc`.
  // A function may keep routing state in the packet (Valiant's intermediate) and draw from the router's
  // random stream.
  virtual void route(uint32_t router, uint32_t in_port, uint16_t in_vc, PacketInfo& packet, Rng& rng,
                     std::vector<RouteChoice>& out) const = 0;
};

enum class RoutingAlgorithm { DimensionOrder, Valiant, Table };

// The routing function for a topology (kept alive by the caller; it refers to the topology).
std::unique_ptr<RoutingFunction> make_routing(const Topology& topology, RoutingAlgorithm algorithm, bool datelines,
                                              uint32_t vcs);

}  // namespace snsim
