#include "models/graph/deadlock_check.h"

#include <algorithm>

namespace snsim {

std::vector<std::string> shortest_path_dependency_cycle(const FabricGraph& g, const GraphRoutes& routes) {
  // Channels: directed switch-to-switch links, (from switch, to switch, from's port).
  struct Channel {
    uint32_t from, to, port;
  };
  std::vector<Channel> channels;
  std::vector<std::vector<uint32_t>> out_of(g.switches().size());  // switch -> its out channels
  for (uint32_t s = 0; s < g.switches().size(); ++s) {
    const uint32_t node = g.switches()[s];
    for (uint32_t p = 0; p < g.node(node).ports; ++p) {
      const PortAttachment& a = g.attachment({node, p});
      if (a.state != PortAttachment::State::Bound || g.is_endpoint(a.peer.node)) continue;
      out_of[s].push_back(static_cast<uint32_t>(channels.size()));
      channels.push_back({s, g.role_index(a.peer.node), p});
    }
  }
  const uint32_t groups = routes.groups();
  std::vector<uint32_t> representative(groups, UINT32_MAX);  // an endpoint of each attachment group
  for (uint32_t e = 0; e < g.endpoints().size(); ++e) {
    const uint32_t grp = routes.group(e);
    if (representative[grp] == UINT32_MAX) representative[grp] = e;
  }
  // Successors of channel c = (u -> s): channels (s -> t) such that, for some destination group, u's
  // shortest paths go through s (dist[u] = dist[s] + 1) and s's continue to t (dist[t] = dist[s] - 1).
  auto successors = [&](uint32_t c, std::vector<uint32_t>& out) {
    out.clear();
    const Channel& ch = channels[c];
    for (uint32_t grp = 0; grp < groups; ++grp) {
      const uint32_t e = representative[grp];
      const uint32_t ds = routes.distance(ch.to, e), du = routes.distance(ch.from, e);
      if (ds == 0 || ds == UINT32_MAX || du != ds + 1) continue;
      for (uint32_t next : out_of[ch.to]) {
        if (routes.distance(channels[next].to, e) + 1 == ds) out.push_back(next);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  };
  // Iterative depth-first search; 0 new, 1 on the stack, 2 done.
  std::vector<uint8_t> state(channels.size(), 0);
  struct Frame {
    uint32_t channel;
    std::vector<uint32_t> next;
    size_t i = 0;
  };
  std::vector<Frame> stack;
  for (uint32_t root = 0; root < channels.size(); ++root) {
    if (state[root]) continue;
    stack.push_back({root, {}, 0});
    successors(root, stack.back().next);
    state[root] = 1;
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.i == f.next.size()) {
        state[f.channel] = 2;
        stack.pop_back();
        continue;
      }
      const uint32_t w = f.next[f.i++];
      if (state[w] == 1) {
        std::vector<std::string> cycle;
        auto name = [&](uint32_t c) {
          return g.node(g.switches()[channels[c].from]).name + " -> " + g.node(g.switches()[channels[c].to]).name;
        };
        size_t k = 0;
        while (stack[k].channel != w) ++k;
        for (; k < stack.size(); ++k) cycle.push_back(name(stack[k].channel));
        return cycle;
      }
      if (state[w] == 0) {
        state[w] = 1;
        stack.push_back({w, {}, 0});
        successors(w, stack.back().next);
      }
    }
  }
  return {};
}

}  // namespace snsim
