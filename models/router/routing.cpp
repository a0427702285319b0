#include "models/router/routing.h"

#include <deque>
#include <stdexcept>

#include "models/router/topology.h"

namespace snsim {
namespace {

// One VC out of an allowed range, chosen by the packet's traffic class: every packet of a flow takes the
// same VC at every hop, so a flow stays in order (what memory-semantic protocols require).
RouteChoice one_vc(uint32_t port, uint16_t begin, uint16_t end, const PacketInfo& p) {
  const uint16_t vc = static_cast<uint16_t>(begin + p.traffic_class % (end - begin));
  return {port, vc, static_cast<uint16_t>(vc + 1)};
}

class DimensionOrderGrid : public RoutingFunction {
 public:
  DimensionOrderGrid(const Topology& t, bool datelines, uint32_t vcs, bool valiant)
      : t_(t), datelines_(datelines), vcs_(vcs), valiant_(valiant) {}
  bool keeps_flow_order() const override { return !valiant_; }

  void route(uint32_t router, uint32_t in_port, uint16_t in_vc, PacketInfo& p, Rng& rng,
             std::vector<RouteChoice>& out) const override {
    const uint16_t all = static_cast<uint16_t>(vcs_);
    // Valiant: phase 0 heads for a random router on the lower half of the VCs, phase 1 for the
    // destination on the upper half.
    uint32_t target = p.destination;
    uint16_t base = 0, width = all;
    if (valiant_) {
      width = static_cast<uint16_t>(vcs_ / 2);
      if (p.phase == 0 && p.intermediate == UINT32_MAX) p.intermediate = static_cast<uint32_t>(rng.below(t_.routers()));
      if (p.phase == 0 && router == p.intermediate) p.phase = 1;
      if (p.phase == 0) {
        target = p.intermediate;
      } else {
        base = width;
      }
    }
    if (target == router) {
      out.push_back(one_vc(0, 0, all, p));  // only phase 1 ends here: the destination
      return;
    }
    const bool in_phase = in_vc >= base && in_vc < base + width;  // else the packet just turned phase
    const bool torus = t_.kind == TopologyKind::Torus || t_.kind == TopologyKind::Ring;
    uint32_t a = router, b = target;  // peel coordinates off dimension by dimension
    for (uint32_t d = 0; d < t_.dims.size(); ++d, a /= t_.dims[d - 1], b /= t_.dims[d - 1]) {
      const uint32_t here = a % t_.dims[d], there = b % t_.dims[d];
      if (here == there) continue;
      const uint32_t k = t_.dims[d];
      int dir;
      if (torus) {
        const uint32_t forward = (there + k - here) % k;
        dir = (forward <= k - forward || k == 2) ? +1 : -1;  // shorter way round; ties go +
      } else {
        dir = there > here ? +1 : -1;
      }
      const uint32_t port = dir > 0 ? 1 + 2 * d : 2 + 2 * d;
      const uint16_t end = static_cast<uint16_t>(base + width);
      if (!torus || !datelines_) {
        out.push_back(one_vc(port, base, end, p));
        return;
      }
      // Dateline classes: the upper half of the phase's VCs once this ring's wrap link has been crossed.
      const uint16_t half = static_cast<uint16_t>(base + width / 2);
      const bool same_dimension = in_port != 0 && in_phase && t_.ports[router][in_port].dim == d;
      const bool crossed = (same_dimension && in_vc >= half) || t_.ports[router][port].wrap;
      out.push_back(crossed ? one_vc(port, half, end, p) : one_vc(port, base, half, p));
      return;
    }
  }

 private:
  const Topology& t_;
  bool datelines_;
  uint32_t vcs_;
  bool valiant_;
};

// Minimal adaptive routing with Duato's escape VCs on a mesh or torus. Choices: every productive
// direction (the shorter way round each ring) on the adaptive VCs, and the dimension-order port on the
// escape VCs, marked escape. The escape VC's dateline class is a function of (router, destination)
// only: the lower class while the rest of the path in this dimension still crosses the wrap link (that
// link included), the upper class after. Each ring's lower-class channels then end at its wrap link and
// its upper-class channels never use it, so the escape channels have no cyclic dependency; and because
// the escape route does not depend on the VC a packet arrived on, leaving the escape network for an
// adaptive VC adds no cross dependency (Duato, IEEE TPDS 1996, for cut-through networks).
class MinimalAdaptiveGrid : public RoutingFunction {
 public:
  MinimalAdaptiveGrid(const Topology& t, uint32_t vcs)
      : t_(t), torus_(t.kind == TopologyKind::Torus || t.kind == TopologyKind::Ring), vcs_(vcs) {}
  bool adaptive() const override { return true; }
  bool keeps_flow_order() const override { return false; }

  void route(uint32_t router, uint32_t, uint16_t, PacketInfo& p, Rng&, std::vector<RouteChoice>& out) const override {
    const uint16_t all = static_cast<uint16_t>(vcs_);
    if (p.destination == router) {
      out.push_back(one_vc(0, 0, all, p));
      return;
    }
    const uint16_t escape = static_cast<uint16_t>(escape_vcs(torus_));
    bool first = true;
    uint32_t a = router, b = p.destination;
    for (uint32_t d = 0; d < t_.dims.size(); ++d, a /= t_.dims[d - 1], b /= t_.dims[d - 1]) {
      const uint32_t here = a % t_.dims[d], there = b % t_.dims[d], k = t_.dims[d];
      if (here == there) continue;
      int dir;
      if (torus_) {
        const uint32_t forward = (there + k - here) % k;
        dir = (forward <= k - forward || k == 2) ? +1 : -1;  // as dimension order: ties go +
      } else {
        dir = there > here ? +1 : -1;
      }
      const uint32_t port = dir > 0 ? 1 + 2 * d : 2 + 2 * d;
      out.push_back({port, escape, all});
      if (!first) continue;
      first = false;
      // The escape choice: dimension order, dateline class from the remaining path.
      const bool crosses_wrap = torus_ && k > 2 && (dir > 0 ? there < here : there > here);
      const uint16_t cls = torus_ && !crosses_wrap ? 1 : 0;
      out.push_back({port, cls, static_cast<uint16_t>(cls + 1), 1, true});
    }
  }

 private:
  const Topology& t_;
  bool torus_;
  uint32_t vcs_;
};

// Full mesh (UB-Mesh style): one hop per dimension that differs, in dimension order. With detours, a
// packet may instead reach the target coordinate of a dimension in two hops through another router of
// the same line, when the direct link has no room (UB-Mesh's detour routes): the direct hop is tier 0
// and the detours tier 1, so the router detours only when no direct VC has room. VC classes keep it
// deadlock-free: a detour's first hop uses the lower half of the VCs, every hop that reaches the target
// coordinate the upper half. A lower-class channel of dimension d then only waits for an upper-class
// channel of d, and an upper-class channel of d only for channels of higher dimensions: the channel
// classes are totally ordered, (d, lower) < (d, upper) < (d + 1, lower) ..., so no cycle (Dally and
// Seitz 1987).
class FullMeshRouting : public RoutingFunction {
 public:
  FullMeshRouting(const Topology& t, uint32_t vcs, bool detours) : t_(t), vcs_(vcs), detours_(detours) {
    uint32_t next = 1;
    for (uint32_t k : t.dims) base_.push_back(next), next += k - 1;
  }
  bool adaptive() const override { return detours_; }
  bool keeps_flow_order() const override { return !detours_; }

  void route(uint32_t router, uint32_t in_port, uint16_t, PacketInfo& p, Rng&, std::vector<RouteChoice>& out) const override {
    const uint16_t all = static_cast<uint16_t>(vcs_);
    if (p.destination == router) {
      out.push_back(one_vc(0, 0, all, p));
      return;
    }
    const std::vector<uint32_t> here = t_.coordinates(router), there = t_.coordinates(p.destination);
    auto port_to = [&](uint32_t d, uint32_t x) { return base_[d] + (x < here[d] ? x : x - 1); };
    for (uint32_t d = 0; d < t_.dims.size(); ++d) {
      if (here[d] == there[d]) continue;
      if (!detours_) {
        out.push_back(one_vc(port_to(d, there[d]), 0, all, p));  // one direct hop along this dimension
        return;
      }
      const uint16_t half = static_cast<uint16_t>(vcs_ / 2);
      out.push_back({port_to(d, there[d]), half, all});
      // A packet that arrived along this dimension is on a detour: its second hop must be direct.
      if (in_port != 0 && t_.ports[router][in_port].dim == d) return;
      for (uint32_t x = 0; x < t_.dims[d]; ++x) {
        if (x != here[d] && x != there[d]) out.push_back({port_to(d, x), 0, half, 1});
      }
      return;
    }
  }

 private:
  const Topology& t_;
  uint32_t vcs_;
  bool detours_;
  std::vector<uint32_t> base_;
};

class TableRouting : public RoutingFunction {
 public:
  // `lit` (optional, [router][port]): only these links carry traffic (a phase of an OCS schedule).
  TableRouting(const Topology& t, uint32_t vcs, const std::vector<std::vector<uint8_t>>* lit = nullptr)
      : n_(t.routers()), vcs_(vcs), next_port_(size_t(n_) * n_, 0) {
    // For each destination, a breadth-first search backwards gives every router its next hop; among
    // equal-length paths the lowest port wins, so the table is deterministic.
    auto usable = [&](uint32_t r, size_t p) { return t.ports[r][p].peer != UINT32_MAX && (!lit || (*lit)[r][p]); };
    for (uint32_t dst = 0; dst < n_; ++dst) {
      std::vector<uint32_t> dist(n_, UINT32_MAX);
      std::deque<uint32_t> frontier{dst};
      dist[dst] = 0;
      while (!frontier.empty()) {
        uint32_t r = frontier.front();
        frontier.pop_front();
        for (size_t p = 1; p < t.ports[r].size(); ++p) {
          uint32_t n = t.ports[r][p].peer;
          if (usable(r, p) && dist[n] == UINT32_MAX) dist[n] = dist[r] + 1, frontier.push_back(n);
        }
      }
      for (uint32_t r = 0; r < n_; ++r) {
        if (r == dst) continue;
        if (dist[r] == UINT32_MAX) throw std::invalid_argument("router " + std::to_string(r) + " cannot reach " + std::to_string(dst));
        for (size_t p = 1; p < t.ports[r].size(); ++p) {
          uint32_t n = t.ports[r][p].peer;
          if (usable(r, p) && dist[n] + 1 == dist[r]) {
            next_port_[size_t(r) * n_ + dst] = static_cast<uint32_t>(p);
            break;
          }
        }
      }
    }
  }
  void route(uint32_t router, uint32_t, uint16_t, PacketInfo& p, Rng&, std::vector<RouteChoice>& out) const override {
    out.push_back(one_vc(next_port_[size_t(router) * n_ + p.destination], 0, static_cast<uint16_t>(vcs_), p));
  }

 private:
  uint32_t n_;
  uint32_t vcs_;
  std::vector<uint32_t> next_port_;  // [router * n + destination]; 0 = local
};

}  // namespace

uint32_t escape_vcs(bool torus) { return torus ? 2 : 1; }

PhasedTableRouting::PhasedTableRouting(const Topology& topology, uint32_t vcs,
                                       const std::vector<std::vector<std::vector<uint8_t>>>& lit) {
  for (const auto& phase : lit) tables_.push_back(std::make_unique<TableRouting>(topology, vcs, &phase));
}

PhasedTableRouting::~PhasedTableRouting() = default;

void PhasedTableRouting::route(uint32_t router, uint32_t in_port, uint16_t in_vc, PacketInfo& packet, Rng& rng,
                               std::vector<RouteChoice>& out) const {
  tables_[phase_]->route(router, in_port, in_vc, packet, rng, out);
}

std::unique_ptr<RoutingFunction> make_routing(const Topology& topology, RoutingAlgorithm algorithm, bool datelines,
                                              uint32_t vcs) {
  if (algorithm == RoutingAlgorithm::Table || topology.kind == TopologyKind::Adjacency) {
    return std::make_unique<TableRouting>(topology, vcs);
  }
  if (topology.kind == TopologyKind::FullMesh) {
    return std::make_unique<FullMeshRouting>(topology, vcs, algorithm == RoutingAlgorithm::Detour);
  }
  if (algorithm == RoutingAlgorithm::Adaptive) return std::make_unique<MinimalAdaptiveGrid>(topology, vcs);
  return std::make_unique<DimensionOrderGrid>(topology, datelines, vcs, algorithm == RoutingAlgorithm::Valiant);
}

}  // namespace snsim
