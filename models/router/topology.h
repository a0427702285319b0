// Direct (switch-less) topologies: every chip carries a router whose ports are wired chip to chip.
// A Topology lists, for each router, its network ports and what each connects to; the fabric builder
// wires links from it and the routing functions read it. Port 0 of every router is its local endpoint.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace snsim {

enum class TopologyKind { Ring, Mesh, Torus, FullMesh, Adjacency };

struct TopologyPort {
  uint32_t peer = 0;       // neighbouring router
  uint32_t peer_port = 0;  // its port that this one is wired to
  uint32_t dim = 0;        // mesh / torus / full mesh: the dimension the link runs along
  int direction = 0;       // mesh / torus: +1 or -1
  bool wrap = false;       // torus: the wrap-around link (the dateline of its ring)
  double length_m = 0;     // cable or fibre length
};

struct Topology {
  TopologyKind kind = TopologyKind::Torus;
  std::vector<uint32_t> dims;               // radix per dimension (mesh, torus, full mesh)
  std::vector<std::vector<TopologyPort>> ports;  // [router][port]; port 0 is the local endpoint

  uint32_t routers() const { return static_cast<uint32_t>(ports.size()); }
  std::vector<uint32_t> coordinates(uint32_t router) const;
  uint32_t index(const std::vector<uint32_t>& coordinates) const;
  // Router-to-router hops of a shortest path (breadth-first search; exact for every kind).
  std::vector<uint32_t> hop_counts_from(uint32_t router) const;
  // Mean hops over all (source, destination) pairs, destinations uniform over all routers (self included).
  double mean_distance() const;
  uint64_t links() const;  // one direction each
};

// Links that cross the boundary of a block of `block` routers per dimension (and wrap links) get
// `block_m` instead of link_m: a large torus built from cubes joined by optical circuit switches.
// `twist` (2-D torus): the wrap links of dimension 1 shift by twist in dimension 0, i.e. router (x, k1-1)
// links to (x + twist mod k0, 0) (a twisted torus; Camara et al., IEEE TPDS 2010).
Topology make_grid(TopologyKind kind, const std::vector<uint32_t>& dims, double link_m, double wrap_m,
                   uint32_t block = 0, double block_m = 0, uint32_t twist = 0);
Topology make_full_mesh(const std::vector<uint32_t>& dims, double link_m);
// Undirected edges between routers 0..n-1; parallel edges allowed.
Topology make_adjacency(uint32_t routers, const std::vector<std::pair<uint32_t, uint32_t>>& edges, double link_m);

// An optical circuit switch schedule over routers 0..n-1: the edges of each phase. The fabric wires the
// union (an edge used k times in some phase gets k links, shared by every phase that uses it), and
// lit[phase][router][port] says which of them a phase connects; the others are dark in that phase.
struct OcsWiring {
  Topology topology;
  std::vector<std::vector<std::vector<uint8_t>>> lit;
};
OcsWiring make_ocs_wiring(uint32_t routers, const std::vector<std::vector<std::pair<uint32_t, uint32_t>>>& phases,
                          double link_m);

}  // namespace snsim
