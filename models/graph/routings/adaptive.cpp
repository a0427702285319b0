// Routing `adaptive`: every equal-cost port is offered and the switch takes the one with the most free
// credits downstream, choosing again while the packet's head is blocked (crossbar_switch.h). Credit
// occupancy is the congestion signal of adaptive Clos routing (e.g. UGAL-like local decisions). All
// choices are minimal, so on up*/down* graphs no cycle of channel dependencies arises whichever is
// taken; flows may reorder (counted).
#include "models/graph/graph_routing.h"

namespace snsim {
namespace {

class Adaptive final : public GraphRoutingFunction {
 public:
  using GraphRoutingFunction::GraphRoutingFunction;
  void route(uint32_t router, uint32_t, uint16_t, PacketInfo& p, Rng&, std::vector<RouteChoice>& out) const override {
    for (uint32_t port : ports(router, p)) out.push_back(keep_vc(port, p));
  }
  bool adaptive() const override { return true; }
  bool keeps_flow_order() const override { return false; }
};

std::unique_ptr<RoutingFunction> make(std::shared_ptr<const GraphRoutes> routes) {
  return std::make_unique<Adaptive>(std::move(routes));
}

}  // namespace

SNSIM_REGISTER_GRAPH_ROUTING({"adaptive", "the equal-cost port with the most free downstream credits, re-chosen while blocked (reorders; needs input_queue: fifo)", &make, true});

}  // namespace snsim
