// Routing `shortest_path`: the lowest-numbered output port on a shortest path. Deterministic: every
// packet between two endpoints takes the same path, so flows stay in order; equal-cost alternatives stay
// unused (the single switch, and a baseline for ECMP).
#include "models/graph/graph_routing.h"

namespace snsim {
namespace {

class ShortestPath final : public GraphRoutingFunction {
 public:
  using GraphRoutingFunction::GraphRoutingFunction;
  void route(uint32_t router, uint32_t, uint16_t, PacketInfo& p, Rng&, std::vector<RouteChoice>& out) const override {
    out.push_back(keep_vc(ports(router, p)[0], p));
  }
};

std::unique_ptr<RoutingFunction> make(std::shared_ptr<const GraphRoutes> routes) {
  return std::make_unique<ShortestPath>(std::move(routes));
}

}  // namespace

SNSIM_REGISTER_GRAPH_ROUTING({"shortest_path", "the lowest-numbered port on a shortest path (in order, no spreading)", &make});

}  // namespace snsim
