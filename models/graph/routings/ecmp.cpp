// Routing `ecmp`: equal-cost multi-path by a per-flow hash. Each switch hashes (source, destination,
// traffic class) with its own index as salt and takes that port among the equal-cost ones, as Ethernet
// and UB switches do with a 5-tuple hash: a flow keeps one path (in order) and flows spread over paths
// binomially. The salt keeps successive tiers from making correlated choices (hash polarization).
#include "models/graph/graph_routing.h"

#include "models/core/rng.h"

namespace snsim {
namespace {

class Ecmp final : public GraphRoutingFunction {
 public:
  using GraphRoutingFunction::GraphRoutingFunction;
  void route(uint32_t router, uint32_t, uint16_t, PacketInfo& p, Rng&, std::vector<RouteChoice>& out) const override {
    const PortSpan choices = ports(router, p);
    uint32_t pick = 0;
    if (choices.size > 1) {
      uint64_t state = (uint64_t(p.source) << 32 | p.destination) ^ (uint64_t(p.traffic_class) << 48) ^
                       (uint64_t(router) * 0x9e3779b97f4a7c15ULL);
      pick = static_cast<uint32_t>(splitmix64(state) % choices.size);
    }
    out.push_back(keep_vc(choices[pick], p));
  }
};

std::unique_ptr<RoutingFunction> make(std::shared_ptr<const GraphRoutes> routes) {
  return std::make_unique<Ecmp>(std::move(routes));
}

}  // namespace

SNSIM_REGISTER_GRAPH_ROUTING({"ecmp", "equal-cost paths chosen by a per-flow hash (a flow stays in order)", &make});

}  // namespace snsim
