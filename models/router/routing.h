// Routing functions of direct topologies. A router asks, for each arriving packet, which output port it
// may take and which output VC. Deterministic functions give one choice; within the VCs a rule allows
// (all, or a dateline class), the packet's traffic class picks one, so a flow never reorders.
//   dimension order (mesh, torus): correct the lowest dimension first, on a torus in the shorter
//     direction of each ring. With datelines (torus), the VCs split into two classes: a packet uses the
//     lower class in each dimension until it crosses that ring's wrap-around link, the upper class after;
//     this breaks the cyclic channel dependency of every ring (Dally and Seitz 1987; Dally and Towles
//     2004, sec. 14.1). Without datelines a loaded torus can deadlock, which the watchdog reports.
//   dimension order on a full mesh (UB-Mesh style): one direct hop per dimension that differs; with
//     detours, two hops through another router of the line when the direct link has no room.
//   Valiant (mesh, torus): dimension order to a random intermediate router, then dimension order to the
//     destination, each phase on its own half of the VCs (Valiant and Brebner 1981): any pattern gets
//     about half of the uniform-traffic throughput, adversarial ones included.
//   minimal adaptive (mesh, torus): any productive direction on the adaptive VCs, or dimension order on
//     the escape VCs (Duato 1996); the escape VC's dateline class depends only on the router and the
//     destination, so packets move freely between escape and adaptive VCs (docs/models/routing.md).
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
  // Adaptive functions: the router takes a choice of the lowest tier that has room downstream for the
  // packet (within a tier, the one with the most free flits); when none has room, the packet waits on
  // the choice marked escape (else the first).
  uint8_t tier = 0;
  bool escape = false;
};

class RoutingFunction {
 public:
  virtual ~RoutingFunction() = default;
  // Choices for a packet at `router` that arrived on `in_port` (0 = from the local endpoint) on `in_vc`.
  // A function may keep routing state in the packet (Valiant's intermediate) and draw from the router's
  // random stream.
  virtual void route(uint32_t router, uint32_t in_port, uint16_t in_vc, PacketInfo& packet, Rng& rng,
                     std::vector<RouteChoice>& out) const = 0;
  // Adaptive functions return several choices and leave the packet unchanged; the router picks by
  // downstream credits and asks again whenever the packet's head is held back by flow control.
  virtual bool adaptive() const { return false; }
  // Whether every packet of a flow (source, destination, traffic class) takes the same path and VCs, so
  // the flow stays in order; otherwise reordering is measured, not an error.
  virtual bool keeps_flow_order() const { return true; }
};

// Table routing over the links lit in each phase of an optical circuit switch schedule (lit[phase]
// [router][port]); the fabric's OCS controller switches phase with the network drained.
class PhasedTableRouting : public RoutingFunction {
 public:
  PhasedTableRouting(const Topology& topology, uint32_t vcs, const std::vector<std::vector<std::vector<uint8_t>>>& lit);
  ~PhasedTableRouting() override;
  void route(uint32_t router, uint32_t in_port, uint16_t in_vc, PacketInfo& packet, Rng& rng,
             std::vector<RouteChoice>& out) const override;
  void set_phase(uint32_t phase) { phase_ = phase; }
  uint32_t phase() const { return phase_; }

 private:
  std::vector<std::unique_ptr<RoutingFunction>> tables_;
  uint32_t phase_ = 0;
};

enum class RoutingAlgorithm { DimensionOrder, Valiant, Table, Adaptive, Detour };

// Adaptive routing on a mesh or torus: the escape VCs (Duato) are the lowest ones, 1 on a mesh, 2 on a
// torus or ring (dateline classes); the rest are adaptive.
uint32_t escape_vcs(bool torus);

// The routing function for a topology (kept alive by the caller; it refers to the topology).
std::unique_ptr<RoutingFunction> make_routing(const Topology& topology, RoutingAlgorithm algorithm, bool datelines,
                                              uint32_t vcs);

}  // namespace snsim
