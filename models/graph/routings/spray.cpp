// Routing `spray`: per-packet spraying, a uniformly random equal-cost port for every packet (drawn from
// the switch's own random stream, so runs stay deterministic). Spreads load best and reorders flows;
// the report counts the reordering.
#include "models/graph/graph_routing.h"

namespace snsim {
namespace {

class Spray final : public GraphRoutingFunction {
 public:
  using GraphRoutingFunction::GraphRoutingFunction;
  void route(uint32_t router, uint32_t, uint16_t, PacketInfo& p, Rng& rng, std::vector<RouteChoice>& out) const override {
    const PortSpan choices = ports(router, p);
    const uint32_t pick = choices.size > 1 ? static_cast<uint32_t>(rng.below(choices.size)) : 0;
    out.push_back(keep_vc(choices[pick], p));
  }
  bool keeps_flow_order() const override { return false; }
};

std::unique_ptr<RoutingFunction> make(std::shared_ptr<const GraphRoutes> routes) {
  return std::make_unique<Spray>(std::move(routes));
}

}  // namespace

SNSIM_REGISTER_GRAPH_ROUTING({"spray", "a random equal-cost port per packet (reorders; counted)", &make});

}  // namespace snsim
