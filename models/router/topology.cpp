#include "models/router/topology.h"

#include <deque>
#include <stdexcept>

namespace snsim {

std::vector<uint32_t> Topology::coordinates(uint32_t router) const {
  std::vector<uint32_t> c(dims.size());
  for (size_t d = 0; d < dims.size(); ++d) {
    c[d] = router % dims[d];
    router /= dims[d];
  }
  return c;
}

uint32_t Topology::index(const std::vector<uint32_t>& c) const {
  uint32_t index = 0, stride = 1;
  for (size_t d = 0; d < dims.size(); ++d) {
    index += c[d] * stride;
    stride *= dims[d];
  }
  return index;
}

std::vector<uint32_t> Topology::hop_counts_from(uint32_t router) const {
  std::vector<uint32_t> hops(routers(), UINT32_MAX);
  std::deque<uint32_t> frontier{router};
  hops[router] = 0;
  while (!frontier.empty()) {
    uint32_t r = frontier.front();
    frontier.pop_front();
    for (size_t p = 1; p < ports[r].size(); ++p) {
      uint32_t n = ports[r][p].peer;
      if (n == UINT32_MAX) continue;  // an unwired mesh edge port
      if (hops[n] == UINT32_MAX) hops[n] = hops[r] + 1, frontier.push_back(n);
    }
  }
  return hops;
}

double Topology::mean_distance() const {
  double total = 0;
  for (uint32_t r = 0; r < routers(); ++r) {
    for (uint32_t h : hop_counts_from(r)) total += h;
  }
  return total / (double(routers()) * routers());
}

uint64_t Topology::links() const {
  uint64_t n = 0;
  for (const auto& router : ports) {
    for (size_t p = 1; p < router.size(); ++p) n += router[p].peer != UINT32_MAX;
  }
  return n;
}

Topology make_grid(TopologyKind kind, const std::vector<uint32_t>& dims, double link_m, double wrap_m,
                   uint32_t block, double block_m, uint32_t twist) {
  Topology t;
  t.kind = kind;
  t.dims = dims;
  uint32_t n = 1;
  for (uint32_t k : dims) n *= k;
  t.ports.assign(n, std::vector<TopologyPort>(1));  // port 0: local
  const bool torus = kind == TopologyKind::Torus || kind == TopologyKind::Ring;
  // Ports 1 + 2d (+ direction) and 2 + 2d (- direction) for every dimension, present or not, so a port
  // number means the same direction on every router; a mesh edge router leaves its outer port unwired.
  for (uint32_t r = 0; r < n; ++r) t.ports[r].resize(1 + 2 * dims.size());
  for (uint32_t r = 0; r < n; ++r) {
    std::vector<uint32_t> c = t.coordinates(r);
    for (uint32_t d = 0; d < dims.size(); ++d) {
      const uint32_t k = dims[d];
      for (int dir : {+1, -1}) {
        const uint32_t port = dir > 0 ? 1 + 2 * d : 2 + 2 * d;
        TopologyPort& p = t.ports[r][port];
        const bool at_edge = dir > 0 ? c[d] == k - 1 : c[d] == 0;
        // A ring of 2 would wire both directions to the same neighbour twice; k = 1 has no links.
        if (k == 1 || (at_edge && !torus) || (torus && k == 2 && dir < 0)) {
          p.peer = UINT32_MAX;
          continue;
        }
        std::vector<uint32_t> nc = c;
        nc[d] = (c[d] + k + dir) % k;
        if (twist && d == 1 && torus && at_edge) {  // a twisted wrap: shift along dimension 0
          nc[0] = (c[0] + dims[0] + (dir > 0 ? twist : dims[0] - twist)) % dims[0];
        }
        p.peer = t.index(nc);
        p.peer_port = k == 2 ? 1 + 2 * d : (dir > 0 ? 2 + 2 * d : 1 + 2 * d);
        p.dim = d;
        p.direction = dir;
        p.wrap = torus && at_edge;
        p.length_m = p.wrap ? wrap_m : link_m;
        // Between blocks: the link leaves the block when it starts on the block's last (+) or first (-) row.
        const bool leaves_block = block && (dir > 0 ? (c[d] + 1) % block == 0 : c[d] % block == 0);
        if (leaves_block) p.length_m = block_m;
      }
    }
  }
  return t;
}

Topology make_full_mesh(const std::vector<uint32_t>& dims, double link_m) {
  Topology t;
  t.kind = TopologyKind::FullMesh;
  t.dims = dims;
  uint32_t n = 1;
  for (uint32_t k : dims) n *= k;
  // Port layout: for dimension d, ports base_d + j for j in 0..k_d-2 reach the other routers of the
  // line in order of their coordinate (skipping the router's own).
  std::vector<uint32_t> base(dims.size());
  uint32_t next = 1;
  for (size_t d = 0; d < dims.size(); ++d) base[d] = next, next += dims[d] - 1;
  t.ports.assign(n, std::vector<TopologyPort>(next));
  auto slot = [](uint32_t mine, uint32_t other) { return other < mine ? other : other - 1; };
  for (uint32_t r = 0; r < n; ++r) {
    std::vector<uint32_t> c = t.coordinates(r);
    for (uint32_t d = 0; d < dims.size(); ++d) {
      for (uint32_t x = 0; x < dims[d]; ++x) {
        if (x == c[d]) continue;
        std::vector<uint32_t> nc = c;
        nc[d] = x;
        TopologyPort& p = t.ports[r][base[d] + slot(c[d], x)];
        p.peer = t.index(nc);
        p.peer_port = base[d] + slot(x, c[d]);
        p.dim = d;
        p.length_m = link_m;
      }
    }
  }
  return t;
}

Topology make_adjacency(uint32_t routers, const std::vector<std::pair<uint32_t, uint32_t>>& edges, double link_m) {
  Topology t;
  t.kind = TopologyKind::Adjacency;
  t.ports.assign(routers, std::vector<TopologyPort>(1));
  for (const auto& [a, b] : edges) {
    if (a >= routers || b >= routers || a == b) throw std::invalid_argument("bad edge");
    TopologyPort pa, pb;
    pa.peer = b, pb.peer = a;
    pa.peer_port = static_cast<uint32_t>(t.ports[b].size());
    pb.peer_port = static_cast<uint32_t>(t.ports[a].size());
    pa.length_m = pb.length_m = link_m;
    t.ports[a].push_back(pa);
    t.ports[b].push_back(pb);
  }
  return t;
}

OcsWiring make_ocs_wiring(uint32_t routers, const std::vector<std::vector<std::pair<uint32_t, uint32_t>>>& phases,
                          double link_m) {
  using Edge = std::pair<uint32_t, uint32_t>;
  auto normal = [](Edge e) { return e.first < e.second ? e : Edge{e.second, e.first}; };
  std::vector<std::map<Edge, uint32_t>> count(phases.size());
  std::map<Edge, uint32_t> links;  // edge -> links in the union
  for (size_t ph = 0; ph < phases.size(); ++ph) {
    for (const Edge& e : phases[ph]) {
      uint32_t& c = ++count[ph][normal(e)];
      links[normal(e)] = std::max(links[normal(e)], c);
    }
  }
  std::vector<Edge> edges;
  for (const auto& [e, k] : links) edges.insert(edges.end(), k, e);
  OcsWiring w;
  w.topology = make_adjacency(routers, edges, link_m);
  // make_adjacency appends one port per edge end in edge order: replay that to find each link's ports.
  std::vector<uint32_t> next_port(routers, 1);
  std::vector<std::pair<uint32_t, uint32_t>> ports;  // per union link: (port at first, port at second)
  for (const Edge& e : edges) ports.emplace_back(next_port[e.first]++, next_port[e.second]++);
  for (size_t ph = 0; ph < phases.size(); ++ph) {
    std::vector<std::vector<uint8_t>> lit(routers);
    for (uint32_t r = 0; r < routers; ++r) lit[r].assign(w.topology.ports[r].size(), 0);
    std::map<Edge, uint32_t> used;
    for (size_t i = 0; i < edges.size(); ++i) {
      if (used[edges[i]]++ >= count[ph][edges[i]]) continue;  // this phase needs fewer copies
      lit[edges[i].first][ports[i].first] = 1;
      lit[edges[i].second][ports[i].second] = 1;
    }
    w.lit.push_back(std::move(lit));
  }
  return w;
}

}  // namespace snsim
