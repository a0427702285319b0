// The network interface that both endpoint kinds share, with several ports. First a NIC wired by hand
// to one link per port and a recording sink: how each port-selection policy spreads packets, and what it
// does when a port's downstream stalls. Then small multi-plane fabrics built by hand the way a graph
// builder will (endpoint e's port p to port e of switch plane p, GB200 NVL72 in miniature), with data
// and with memory-semantic traffic.
#include <gtest/gtest.h>

#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include <cmath>
#include <map>
#include <memory>
#include <set>

#include "models/endpoint/accelerator_endpoint.h"
#include "models/endpoint/memory_endpoint.h"
#include "models/fabric/memory_side.h"
#include "models/link/link.h"
#include "models/sim/report.h"
#include "models/switch/crossbar_switch.h"
#include "tests/test_support.h"

namespace snsim {
namespace {

using nlohmann::json;

// What stands behind an endpoint's ports in the hand-wired tests: it records every packet with the port
// it came by, counts it delivered, and (credit flow control) returns its credits at once, except on the
// stalled port, whose downstream never drains (its credits are kept). It never pauses a sender.
class PortSink : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<PortSink, 32, FabricProtocol> in;      // from the endpoint's links
  tlm_utils::multi_passthrough_initiator_socket<PortSink, 32, FabricProtocol> out;  // to the endpoint's rx: silent

  struct Arrival {
    uint32_t port, destination;
    uint16_t traffic_class;
    uint64_t sequence, arrival;
  };
  std::vector<Arrival> arrivals;

  PortSink(const sc_core::sc_module_name& name, ClockDomain& domain, FabricStats& stats, FlowControlMode mode,
           int stalled_port)
      : sc_core::sc_module(name), in("in"), out("out"), domain_(domain), stats_(stats),
        credits_(mode == FlowControlMode::Credit), stalled_port_(stalled_port) {
    in.register_nb_transport_fw(this, &PortSink::on_packet);
    out.register_nb_transport_bw(this, &PortSink::on_flow_control);
  }

 private:
  tlm::tlm_sync_enum on_packet(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase&, sc_core::sc_time& delay) {
    const PacketInfo& info = packet_info(gp);
    const uint64_t arrival = domain_.cycle_after(delay);
    arrivals.push_back({uint32_t(port), info.destination, info.traffic_class, info.sequence, arrival});
    stats_.on_delivered(info, info.destination, arrival);
    if (credits_ && port != stalled_port_) {
      tlm::tlm_phase phase = FLOW_CONTROL;
      sc_core::sc_time credit_delay = delay;
      in[port]->nb_transport_bw(message_.fill({FlowControlKind::Credit, info.vc, info.flits}), phase, credit_delay);
    }
    gp.release();
    return tlm::TLM_COMPLETED;
  }
  tlm::tlm_sync_enum on_flow_control(int, tlm::tlm_generic_payload&, tlm::tlm_phase&, sc_core::sc_time&) {
    throw std::logic_error("the sink sends nothing, so nothing can return credits to it");
  }

  ClockDomain& domain_;
  FabricStats& stats_;
  bool credits_;
  int stalled_port_;
  FlowControlMessage message_;
};

EndpointContext context_for(const FabricConfig& config, const Window& window, uint32_t ports) {
  EndpointContext ec;
  ec.endpoints = config.fabric.endpoints;
  ec.vcs = config.fabric.vcs;
  ec.flit_bytes = config.fabric.flit_bytes;
  ec.injection_bytes_per_cycle = ports * config.link.bytes_per_cycle;  // load is a fraction of all ports
  ec.port = &config.link.profile;
  ec.seed = config.simulation.seed;
  ec.generation_end = window.end;  // then drain: every packet created is delivered by the end of the run
  ec.ports = ports;
  ec.port_select = config.endpoint.port_select;
  return ec;
}

struct NicSetup {
  uint32_t ports = 4;
  std::string policy = "flow_hash";
  std::string load = "0.6";  // of the endpoint's whole injection bandwidth
  bool saturated = false;
  int stalled_port = -1;
  std::vector<std::string> more = {};  // further overrides
};

// Endpoint 0 of a 64-endpoint fabric (uniform destinations, both of 2 VCs: 126 flows) with `ports`
// ports, each through its own NVLink-5 link to the sink. Returns the sink's record and the statistics.
json run_nic(const NicSetup& s) {
  std::vector<std::string> o = {"fabric.endpoints=64", "fabric.vcs=2", "workload.vc=-1", "workload.load=" + s.load,
                                "simulation.warmup=1000cycles", "simulation.measure=20000cycles",
                                "endpoint.port_select=" + s.policy};
  if (s.saturated) o.push_back("workload.process=saturated");
  o.insert(o.end(), s.more.begin(), s.more.end());
  const FabricConfig config = load_fabric_config(test::config_path("default.yaml"), o);
  return run_isolated([config, s] {
    const SimulationSettings& sim = config.simulation;
    const Window window{sim.warmup, sim.warmup + sim.measure};
    ClockDomain domain("clock", config.fabric.clock_hz);
    FabricStats stats(window, config.fabric.endpoints);
    const EndpointContext ec = context_for(config, window, s.ports);
    AcceleratorEndpoint endpoint("ep0", domain, config.endpoint, ec, config.workload, stats);
    PortSink sink("sink", domain, stats, config.link.flow_control.mode, s.stalled_port);
    std::vector<std::unique_ptr<Link>> links;
    std::vector<LinkStats*> link_stats;
    const uint32_t downstream_flits = uint32_t(config.switch_params.input_buffer_bytes / config.fabric.flit_bytes);
    for (uint32_t p = 0; p < s.ports; ++p) {
      const std::string name = "ep0_port" + std::to_string(p);
      link_stats.push_back(&stats.add_link(name, "ep0", "sink.in" + std::to_string(p), config.link.bytes_per_cycle));
      links.push_back(std::make_unique<Link>(name.c_str(), domain, config.link, *link_stats.back(), sim.seed));
      endpoint.tx_socket().bind(links.back()->upstream);
      links.back()->downstream.bind(sink.in);
      sink.out.bind(endpoint.rx_socket());
      endpoint.configure_egress(p, config.link.flow_control, downstream_flits, link_stats.back());
      endpoint.configure_ingress(p, config.link.flow_control.mode, 0, 0);
    }
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    endpoint.start();
    // Long enough after generation stops for everything queued to leave (not through a stalled port).
    sc_core::sc_start(domain.time_of(window.end + 50000));
    stats.finish();

    json ports = json::array();
    for (uint32_t p = 0; p < s.ports; ++p) {
      uint64_t packets = 0;
      for (const auto& a : sink.arrivals) packets += a.port == p;
      ports.push_back({{"packets", packets}, {"goodput", link_stats[p]->goodput()}});
    }
    std::map<std::string, std::set<uint32_t>> flow_ports;
    std::map<std::string, uint64_t> last_sequence;
    uint64_t overtaken = 0, off_hash = 0;
    for (const auto& a : sink.arrivals) {
      const std::string flow = std::to_string(a.destination) + "/" + std::to_string(a.traffic_class);
      flow_ports[flow].insert(a.port);
      if (last_sequence.count(flow) && a.sequence < last_sequence[flow]) ++overtaken;
      last_sequence[flow] = a.sequence;
      off_hash += a.port != flow_hash_port(0, a.destination, a.traffic_class, s.ports);
    }
    json flows = json::object();
    for (const auto& [flow, used] : flow_ports) flows[flow] = std::vector<uint32_t>(used.begin(), used.end());
    return json{{"ports", ports},
                {"flows", flows},
                {"overtaken", overtaken},
                {"off_hash", off_hash},
                {"created", stats.created},
                {"delivered", stats.delivered},
                {"out_of_order", stats.out_of_order},
                {"duplicates", stats.duplicates},
                {"window", window.length()},
                {"pool", endpoint.pool_size()}};
  });
}

// ---- flow_hash -------------------------------------------------------------------------------------

TEST(FlowHash, SpreadsFlowsOverPortsWithinBinomialTolerance) {
  // Every flow of a 72-GPU, 18-plane NVL72 (72 x 71 pairs, 2 traffic classes): each plane gets a
  // binomial share, n = 10224 flows with p = 1/18.
  const uint32_t ports = 18;
  std::vector<double> count(ports, 0);
  double n = 0;
  for (uint32_t s = 0; s < 72; ++s) {
    for (uint32_t d = 0; d < 72; ++d) {
      for (uint16_t tc = 0; tc < 2; ++tc) {
        if (s == d) continue;
        const uint32_t port = flow_hash_port(s, d, tc, ports);
        ASSERT_LT(port, ports);
        ASSERT_EQ(port, flow_hash_port(s, d, tc, ports)) << "a flow's port is a function of the flow";
        ++count[port], ++n;
      }
    }
  }
  const double mean = n / ports, sigma = std::sqrt(n * (1.0 / ports) * (1 - 1.0 / ports));
  double chi2 = 0;
  for (uint32_t p = 0; p < ports; ++p) {
    EXPECT_NEAR(count[p], mean, 4 * sigma) << "port " << p;
    chi2 += (count[p] - mean) * (count[p] - mean) / mean;
  }
  EXPECT_LT(chi2, 40.79) << "chi-square with 17 degrees of freedom, p = 0.001";
}

TEST(Nic, FlowHashKeepsEveryFlowOnItsPortAndInOrder) {
  json r = run_nic({4, "flow_hash"});
  ASSERT_GT(r["delivered"].get<uint64_t>(), 9000u);  // 0.6 x 200 B/cycle / 256 B x 21 000 cycles = 9844
  EXPECT_EQ(r["delivered"], r["created"]);
  EXPECT_EQ(r["off_hash"], 0) << "a packet left by another port than its flow's";
  EXPECT_EQ(r["overtaken"], 0);
  EXPECT_EQ(r["out_of_order"], 0);
  EXPECT_EQ(r["duplicates"], 0);
  // 126 flows over 4 ports: each port's share of the flows is binomial (mean 31.5, sigma 4.86).
  std::vector<double> flows(4, 0);
  ASSERT_EQ(r["flows"].size(), 126u);
  for (const auto& [flow, used] : r["flows"].items()) {
    ASSERT_EQ(used.size(), 1u) << "flow " << flow << " used ports " << used;
    ++flows[used[0].get<uint32_t>()];
  }
  for (uint32_t p = 0; p < 4; ++p) EXPECT_NEAR(flows[p], 31.5, 4 * 4.86) << "port " << p;
}

// ---- round_robin -----------------------------------------------------------------------------------

TEST(Nic, RoundRobinSpreadsPacketsEvenly) {
  json r = run_nic({4, "round_robin", "0.8"});
  ASSERT_GT(r["delivered"].get<uint64_t>(), 10000u);
  EXPECT_EQ(r["delivered"], r["created"]);
  uint64_t lo = UINT64_MAX, hi = 0;
  for (const auto& port : r["ports"]) {
    lo = std::min(lo, port["packets"].get<uint64_t>());
    hi = std::max(hi, port["packets"].get<uint64_t>());
  }
  EXPECT_LE(hi - lo, 1u) << "every packet takes the next port: " << r["ports"];
  // Per packet, not per flow: flows are sprayed over every port.
  size_t sprayed = 0;
  for (const auto& [flow, used] : r["flows"].items()) sprayed += used.size() == 4;
  EXPECT_GT(sprayed, r["flows"].size() / 2);
}

// ---- least_loaded ----------------------------------------------------------------------------------

TEST(Nic, LeastLoadedAvoidsAPortWhoseDownstreamIsStalled) {
  // Port 2's downstream never returns a credit. Its 2048 flits of credits on each of the 2 VCs hold
  // 2 x 120 packets of 256 B (17 flits each); least_loaded then sends everything by the other three
  // ports, which carry the load (0.6 of four links = 0.8 of three) without loss. flow_hash, by
  // contrast, keeps sending the flows of port 2 there, and they stop.
  json least = run_nic({4, "least_loaded", "0.6", false, 2});
  ASSERT_GT(least["created"].get<uint64_t>(), 9000u);
  EXPECT_LE(least["ports"][2]["packets"].get<uint64_t>(), 2 * (2048u / 17));
  EXPECT_EQ(least["delivered"], least["created"]) << "nothing waits for the stalled port";
  for (uint32_t p : {0u, 1u, 3u}) EXPECT_NEAR(least["ports"][p]["goodput"].get<double>(), 0.8, 0.03) << "port " << p;

  json hashed = run_nic({4, "flow_hash", "0.6", false, 2});
  EXPECT_LE(hashed["ports"][2]["packets"].get<uint64_t>(), 2 * (2048u / 17));
  EXPECT_LT(hashed["delivered"].get<double>(), 0.85 * hashed["created"].get<double>())
      << "the flows hashed to the stalled port wait for it";
}

TEST(Nic, LeastLoadedTakesTheLowestOfEquallyFreePorts) {
  // Pause flow control (Ethernet ports): every port that is not paused has unbounded room, so all free
  // ports tie and the lowest takes the packet. A port is used only while every lower one is busy.
  json r = run_nic({4, "least_loaded", "0.2", false, -1, {"link.protocol=ethx", "link.flow_control=pause"}});
  ASSERT_GT(r["delivered"].get<uint64_t>(), 3000u);
  EXPECT_EQ(r["delivered"], r["created"]);
  const json& p = r["ports"];
  EXPECT_GE(p[0]["packets"], p[1]["packets"]) << p;
  EXPECT_GE(p[1]["packets"], p[2]["packets"]) << p;
  EXPECT_GE(p[2]["packets"], p[3]["packets"]) << p;
  EXPECT_GT(p[0]["packets"].get<double>(), 0.5 * r["delivered"].get<double>()) << p;
}

TEST(Nic, LeastLoadedSpreadsByCredits) {
  // Credit flow control: the port just used holds fewer credits until they come back (a round trip of
  // about 200 cycles), so the next packet takes another port, even at a low load.
  json r = run_nic({4, "least_loaded", "0.05"});
  ASSERT_GT(r["delivered"].get<uint64_t>(), 700u);
  for (const auto& port : r["ports"]) EXPECT_GT(port["packets"].get<double>(), 0.15 * r["delivered"].get<double>());
}

// ---- throughput of several ports -------------------------------------------------------------------

TEST(Nic, PortsCarryPTimesOnePortsSaturatedThroughput) {
  // A saturated source keeps a packet ready for every port; each port has its own link and credits.
  for (const std::string policy : {"round_robin", "least_loaded"}) {
    json one = run_nic({1, policy, "1", true});
    json four = run_nic({4, policy, "1", true});
    double total1 = one["ports"][0]["goodput"].get<double>(), total4 = 0;
    for (const auto& port : four["ports"]) total4 += port["goodput"].get<double>();
    EXPECT_NEAR(total1, 256.0 / 272, 0.005) << policy << ": one port at the NVLink wire efficiency";
    EXPECT_NEAR(total4, 4 * total1, 0.01 * 4 * total1) << policy;
    EXPECT_EQ(four["delivered"], four["created"]) << policy;
  }
}

TEST(Nic, MakesSeveralPacketsPerCycleWhenItsPortsNeedThem) {
  // 16 B packets at 0.3 of four 50 B/cycle links: 3.75 packets per cycle (one port could start at
  // most one per cycle, so one port could not offer this load). Created in 21 000 cycles: binomial
  // streams with that mean.
  json r = run_nic({4, "round_robin", "0.3", false, -1, {"workload.packet_size=16B"}});
  const double expected = 3.75 * 21000, sigma = std::sqrt(expected);
  EXPECT_NEAR(r["created"].get<double>(), expected, 5 * sigma);
  EXPECT_EQ(r["delivered"], r["created"]);
  EXPECT_EQ(r["duplicates"], 0);
}

TEST(Nic, LoadAboveOnePacketPerCycleNeedsSeveralPorts) {
  EXPECT_FALSE(injection_rate_problem(0.5, 50, 256, 1));
  const auto one = injection_rate_problem(0.9, 50, 16, 1);  // 2.8 packets per cycle
  ASSERT_TRUE(one);
  EXPECT_NE(one->find("an endpoint makes at most one per cycle"), std::string::npos) << *one;
  EXPECT_NE(one->find("highest load here is 0.32"), std::string::npos) << *one;
  EXPECT_TRUE(injection_rate_problem(0.9, 4 * 50, 16, 4)) << "11.25 packets per cycle over 4 ports is 2.8 each";
  EXPECT_FALSE(injection_rate_problem(0.3, 4 * 50, 16, 4)) << "3.75 packets per cycle over 4 ports";
  const auto two = injection_rate_problem(0.9, 2 * 50, 16, 2);
  ASSERT_TRUE(two);
  EXPECT_NE(two->find("each of the endpoint's 2 ports starts at most one per cycle"), std::string::npos) << *two;
}

TEST(Nic, StartRefusesPortsThatAreNotAllBound) {
  const FabricConfig config = load_fabric_config(test::config_path("default.yaml"), {});
  try {
    run_isolated([config] {
      const Window window{0, 1000};
      ClockDomain domain("clock", config.fabric.clock_hz);
      FabricStats stats(window, config.fabric.endpoints);
      AcceleratorEndpoint endpoint("ep0", domain, config.endpoint, context_for(config, window, 2), config.workload, stats);
      PortSink sink("sink", domain, stats, FlowControlMode::Credit, -1);
      LinkStats& ls = stats.add_link("ep0_port0", "ep0", "sink.in0", config.link.bytes_per_cycle);
      Link link("ep0_port0", domain, config.link, ls, 1);
      endpoint.tx_socket().bind(link.upstream);
      link.downstream.bind(sink.in);
      sink.out.bind(endpoint.rx_socket());
      endpoint.configure_egress(0, config.link.flow_control, 1024, &ls);
      endpoint.configure_ingress(0, config.link.flow_control.mode, 0, 0);
      sc_core::sc_start(sc_core::SC_ZERO_TIME);
      endpoint.start();
      return json();
    });
    FAIL() << "an endpoint with 2 ports and 1 binding started";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("ep0: 2 port(s), but tx is bound 1 times"), std::string::npos) << e.what();
  }
}

// ---- multi-plane fabrics ---------------------------------------------------------------------------

// `planes` crossbar switch planes, each with a port for every endpoint; endpoint e's port p is port e of
// plane p. Sources stop at the window's end; the run then drains. Returns the run's report.
json run_planes(const FabricConfig& config, uint32_t planes) {
  return run_isolated([config, planes] {
    const SimulationSettings& sim = config.simulation;
    const Window window{sim.warmup, sim.warmup + sim.measure};
    const uint32_t n = config.fabric.endpoints;
    ClockDomain domain("clock", config.fabric.clock_hz);
    FabricStats stats(window, n);
    const EndpointContext base = context_for(config, window, planes);
    stats.order_guaranteed = keeps_flow_order(base);
    std::vector<std::unique_ptr<CrossbarSwitch>> switches;
    for (uint32_t p = 0; p < planes; ++p) {
      SwitchContext sc;
      sc.vcs = config.fabric.vcs;
      sc.flit_bytes = config.fabric.flit_bytes;
      sc.link_bytes_per_cycle = config.link.bytes_per_cycle;
      sc.seed = sim.seed;
      for (uint32_t e = 0; e < n; ++e) sc.route.push_back(e);
      SwitchParams sp = config.switch_params;
      sp.ports = n;
      switches.push_back(std::make_unique<CrossbarSwitch>(("plane" + std::to_string(p)).c_str(), domain, sp, sc, stats));
    }
    std::unique_ptr<MemorySide> memory;
    if (config.workload.memory.enabled) memory = std::make_unique<MemorySide>(*config.hbm, n, domain, stats);
    std::vector<std::unique_ptr<AcceleratorEndpoint>> accelerators;
    std::vector<std::unique_ptr<MemoryEndpoint>> memories;
    std::vector<EndpointPorts*> endpoints;
    for (uint32_t e = 0; e < n; ++e) {
      EndpointContext ec = base;
      ec.index = e;
      const std::string name = "ep" + std::to_string(e);
      if (memory) {
        memories.push_back(std::make_unique<MemoryEndpoint>(name.c_str(), domain, config.endpoint, ec, config.workload,
                                                            memory->map(), stats));
        memories.back()->memory.bind(memory->controller(e).socket);
        endpoints.push_back(memories.back().get());
      } else {
        accelerators.push_back(
            std::make_unique<AcceleratorEndpoint>(name.c_str(), domain, config.endpoint, ec, config.workload, stats));
        endpoints.push_back(accelerators.back().get());
      }
    }
    std::vector<std::unique_ptr<Link>> links;
    const FlowControlParams& fc = config.link.flow_control;
    for (uint32_t e = 0; e < n; ++e) {  // endpoint-major: each endpoint's ports and each plane's ports in order
      for (uint32_t p = 0; p < planes; ++p) {
        CrossbarSwitch& plane = *switches[p];
        const std::string ep = "ep" + std::to_string(e), sw = "plane" + std::to_string(p);
        auto& up = stats.add_link(ep + "_to_" + sw, ep, sw + ".in" + std::to_string(e), config.link.bytes_per_cycle);
        auto& down = stats.add_link(sw + "_to_" + ep, sw + ".out" + std::to_string(e), ep, config.link.bytes_per_cycle);
        links.push_back(std::make_unique<Link>((ep + "_to_" + sw).c_str(), domain, config.link, up, sim.seed));
        Link& to_switch = *links.back();
        links.push_back(std::make_unique<Link>((sw + "_to_" + ep).c_str(), domain, config.link, down, sim.seed));
        Link& to_endpoint = *links.back();
        endpoints[e]->tx_socket().bind(to_switch.upstream);
        to_switch.downstream.bind(plane.in);
        plane.out.bind(to_endpoint.upstream);
        to_endpoint.downstream.bind(endpoints[e]->rx_socket());
        endpoints[e]->configure_egress(p, fc, plane.input_buffer_flits(), &up);
        plane.configure_input(e, fc.mode, config.switch_pause.xoff, config.switch_pause.xon);
        plane.configure_output(e, fc, endpoints[e]->receive_buffer_flits(), &down);
        endpoints[e]->configure_ingress(p, fc.mode, config.endpoint_pause.xoff, config.endpoint_pause.xon);
      }
    }
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    if (memory) memory->start();
    for (EndpointPorts* e : endpoints) e->start();
    sc_core::sc_start(domain.time_of(window.end + 100000));  // HBM refresh never lets the kernel run dry
    if (memory) memory->finish();
    stats.finish();
    RunFacts facts;
    facts.end_cycle = domain.now();
    facts.drained = stats.all_done();
    facts.activations = domain.activations();
    facts.busy_cycles = domain.busy_cycles();
    for (EndpointPorts* e : endpoints) facts.payloads_allocated += e->pool_size();
    return make_report(config, stats, facts);
  });
}

FabricConfig plane_config(const std::string& file, std::vector<std::string> overrides) {
  overrides.push_back("simulation.warmup=2000cycles");
  overrides.push_back("simulation.measure=10000cycles");
  return load_fabric_config(test::config_path(file), overrides);
}

// Payload bytes per endpoint and cycle that plane p's up links carried in the window.
double plane_share(const json& report, uint32_t plane) {
  double mine = 0, all = 0;
  for (const auto& l : report["links"]) {
    const std::string name = l["name"];
    if (name.rfind("ep", 0) != 0) continue;  // up links only
    all += l["goodput"].get<double>();
    if (name.substr(name.size() - 6) == "plane" + std::to_string(plane)) mine += l["goodput"].get<double>();
  }
  return mine / all;
}

void expect_intact(const json& r, const std::string& what) {
  EXPECT_TRUE(r["drained"].get<bool>()) << what;
  EXPECT_EQ(r["packets_created"], r["packets_delivered"]) << what;
  EXPECT_EQ(r["integrity"]["duplicates"], 0) << what;
  EXPECT_EQ(r["integrity"]["misrouted"], 0) << what;
  EXPECT_EQ(r["integrity"]["invented"], 0) << what;
  EXPECT_EQ(r["integrity"]["out_of_order"], 0) << what;
}

TEST(Planes, FourPlanesCarryFourTimesOnePlanesTrafficAtTheSameLatency) {
  // 8 endpoints, uniform traffic at 0.5 of their injection bandwidth: one plane, or four planes with
  // four ports per endpoint sprayed round robin. Each link then sees the same load as the one plane's,
  // so the latency is the same.
  const std::vector<std::string> o = {"fabric.endpoints=8", "workload.load=0.5"};
  json one = run_planes(plane_config("default.yaml", o), 1);
  std::vector<std::string> sprayed = o;
  sprayed.push_back("endpoint.port_select=round_robin");
  json four = run_planes(plane_config("default.yaml", sprayed), 4);
  expect_intact(one, "one plane");
  EXPECT_TRUE(four["drained"].get<bool>());
  EXPECT_EQ(four["packets_created"], four["packets_delivered"]);
  EXPECT_EQ(four["integrity"]["duplicates"], 0);
  EXPECT_EQ(four["integrity"]["misrouted"], 0);
  EXPECT_NEAR(one["accepted_throughput"].get<double>(), 0.5, 0.02);
  EXPECT_NEAR(four["accepted_throughput"].get<double>(), 4 * one["accepted_throughput"].get<double>(), 4 * 0.02)
      << "accepted throughput is per endpoint, in units of one link";
  EXPECT_NEAR(four["network_latency"]["mean"].get<double>(), one["network_latency"]["mean"].get<double>(),
              0.05 * one["network_latency"]["mean"].get<double>());
  for (uint32_t p = 0; p < 4; ++p) EXPECT_NEAR(plane_share(four, p), 0.25, 0.01) << "plane " << p;
}

TEST(Planes, FlowHashKeepsFlowsInOrderOverFourPlanes) {
  // The same fabric with flow_hash: the 56 flows are spread over the planes unevenly (7 flows per
  // source on 4 ports), so some links carry more than others and the latency is higher, but every
  // flow stays on one plane and arrives in order (FabricStats counts any overtaking as an error).
  json four = run_planes(plane_config("default.yaml", {"fabric.endpoints=8", "workload.load=0.5"}), 4);
  expect_intact(four, "four planes, flow_hash");
  EXPECT_NEAR(four["accepted_throughput"].get<double>(), 2.0, 0.08);
  for (uint32_t p = 0; p < 4; ++p) EXPECT_GT(plane_share(four, p), 0.1) << "plane " << p;
}

TEST(Planes, SaturatedEndpointsCarryPTimesOnePlane) {
  const std::vector<std::string> o = {"fabric.endpoints=8", "workload.process=saturated", "workload.load=1",
                                      "endpoint.port_select=least_loaded"};
  json one = run_planes(plane_config("default.yaml", o), 1);
  json four = run_planes(plane_config("default.yaml", o), 4);
  const double a1 = one["accepted_throughput"].get<double>(), a4 = four["accepted_throughput"].get<double>();
  EXPECT_GT(a1, 0.8) << "VOQ + iSLIP carries most of a saturated uniform load";
  EXPECT_NEAR(a4, 4 * a1, 0.03 * 4 * a1);
  EXPECT_TRUE(four["drained"].get<bool>());
  EXPECT_EQ(four["packets_created"], four["packets_delivered"]);
  EXPECT_EQ(four["integrity"]["duplicates"], 0);
  EXPECT_EQ(four["integrity"]["misrouted"], 0);
}

TEST(Planes, MemoryEndpointsUseTheSameInterfaceOnTwoPlanes) {
  // Loads and stores to the other accelerators' HBM over two UALink planes: requests and responses take
  // the ports their flows hash to; every transaction completes and every flow stays in order.
  json r = run_planes(plane_config("examples/memory_remote_hbm3.yaml", {"workload.pattern=uniform_no_self"}), 2);
  expect_intact(r, "memory on two planes");
  ASSERT_TRUE(r.contains("memory"));
  const json& t = r["memory"]["transactions"];
  EXPECT_GT(t["completed"].get<uint64_t>(), 1000u) << t;
  EXPECT_EQ(t["completed"], t["issued"]);
  for (uint32_t p = 0; p < 2; ++p) EXPECT_GT(plane_share(r, p), 0.2) << "plane " << p;
}

}  // namespace
}  // namespace snsim
