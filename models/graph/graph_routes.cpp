#include "models/graph/graph_routes.h"

#include <algorithm>
#include <deque>
#include <map>

namespace snsim {

GraphRoutes::GraphRoutes(const FabricGraph& g) {
  switches_ = static_cast<uint32_t>(g.switches().size());
  const uint32_t endpoints = static_cast<uint32_t>(g.endpoints().size());
  group_of_.assign(endpoints, 0);
  attached_switch_.resize(endpoints);
  attached_port_.resize(endpoints);
  std::map<std::vector<uint32_t>, uint32_t> group_ids;  // sorted switch set -> group
  std::vector<std::vector<uint32_t>> group_switches;
  for (uint32_t e = 0; e < endpoints; ++e) {
    const uint32_t node = g.endpoints()[e];
    std::vector<std::pair<uint32_t, uint32_t>> at;  // (switch, its port toward e)
    for (uint32_t p = 0; p < g.node(node).ports; ++p) {
      const PortAttachment& a = g.attachment({node, p});
      if (a.state == PortAttachment::State::Bound) at.emplace_back(g.role_index(a.peer.node), a.peer.port);
    }
    std::sort(at.begin(), at.end());
    std::vector<uint32_t> set;
    for (const auto& [s, port] : at) {
      attached_switch_[e].push_back(s);
      attached_port_[e].push_back(port);
      set.push_back(s);
    }
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    auto [it, fresh] = group_ids.emplace(set, static_cast<uint32_t>(group_switches.size()));
    if (fresh) group_switches.push_back(set);
    group_of_[e] = it->second;
  }
  groups_ = static_cast<uint32_t>(group_switches.size());

  // Switch-to-switch adjacency: (port, neighbour switch) per switch.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> next(switches_);
  for (uint32_t s = 0; s < switches_; ++s) {
    const uint32_t node = g.switches()[s];
    for (uint32_t p = 0; p < g.node(node).ports; ++p) {
      const PortAttachment& a = g.attachment({node, p});
      if (a.state == PortAttachment::State::Bound && !g.is_endpoint(a.peer.node)) {
        next[s].emplace_back(p, g.role_index(a.peer.node));
      }
    }
  }
  distance_.assign(size_t(switches_) * groups_, UINT32_MAX);
  set_of_.assign(size_t(switches_) * groups_, 0);
  std::map<std::vector<uint32_t>, uint32_t> set_ids;
  auto intern = [&](const std::vector<uint32_t>& ports) {
    auto [it, fresh] = set_ids.emplace(ports, static_cast<uint32_t>(set_start_.size()));
    if (fresh) {
      set_start_.push_back(static_cast<uint32_t>(pool_.size()));
      pool_.insert(pool_.end(), ports.begin(), ports.end());
    }
    return it->second;
  };
  intern({});  // set 0: no way on (a switch off every path, or the group's own switches)
  std::vector<uint32_t> dist(switches_);
  std::vector<uint32_t> ports;
  for (uint32_t grp = 0; grp < groups_; ++grp) {
    // Multi-source breadth-first search from the switches the group attaches to.
    std::fill(dist.begin(), dist.end(), UINT32_MAX);
    std::deque<uint32_t> frontier;
    for (uint32_t s : group_switches[grp]) dist[s] = 0, frontier.push_back(s);
    while (!frontier.empty()) {
      const uint32_t s = frontier.front();
      frontier.pop_front();
      for (const auto& [p, t] : next[s]) {
        if (dist[t] == UINT32_MAX) dist[t] = dist[s] + 1, frontier.push_back(t);
      }
    }
    for (uint32_t s = 0; s < switches_; ++s) {
      distance_[size_t(s) * groups_ + grp] = dist[s];
      if (dist[s] == 0 || dist[s] == UINT32_MAX) continue;
      ports.clear();
      for (const auto& [p, t] : next[s]) {
        if (dist[t] + 1 == dist[s]) ports.push_back(p);
      }
      set_of_[size_t(s) * groups_ + grp] = intern(ports);
    }
  }
  set_start_.push_back(static_cast<uint32_t>(pool_.size()));
}

PortSpan GraphRoutes::choices(uint32_t s, uint32_t e) const {
  const uint32_t grp = group_of_[e];
  if (distance_[size_t(s) * groups_ + grp] == 0) {
    // One of the destination's own switches: the ports that lead straight to it.
    const std::vector<uint32_t>& at = attached_switch_[e];
    uint32_t i = 0;
    while (i < at.size() && at[i] != s) ++i;
    uint32_t j = i;
    while (j < at.size() && at[j] == s) ++j;
    return PortSpan{attached_port_[e].data() + i, j - i};
  }
  const uint32_t k = set_of_[size_t(s) * groups_ + grp];
  return PortSpan{pool_.data() + set_start_[k], set_start_[k + 1] - set_start_[k]};
}

}  // namespace snsim
