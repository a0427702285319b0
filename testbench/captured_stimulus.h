// Replay of a switch capture (models/fabric/switch_capture.h, `snsim run --capture-switch`) in the
// crossbar lock-step harness: the driver offers the captured packets at their captured cycles and
// inputs, the stub links answer each departure with the captured link_free, and the downstream credits
// arrive at their captured cycles. The capture is also the third witness: every cycle, what the
// switches did is compared with what the fabric's switch did (departures, credits upstream).
//
// Credits from downstream arrive at their absolute captured cycles, not at "departure + captured
// delay". Why: in the fabric a credit's arrival depends on the whole receiver (the endpoint drains its
// buffer at its own pace, behind other packets), not only on this packet's departure, so no per-packet
// delay reproduces it; absolute cycles reproduce it exactly while the switches behave as captured,
// which is what the replay checks. The checker compares departures with the capture every cycle, so a
// switch that diverges is stopped in the cycle it diverges, before any credit that depends on its
// divergent departures arrives. Should a captured credit nevertheless run ahead of what the replayed
// switch has sent (more credits back than flits out), the sink withholds it and reports a mismatch
// (problem()), instead of overflowing a credit counter.
#pragma once

#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "models/core/clock_domain.h"
#include "models/core/packet.h"
#include "models/fabric/switch_capture.h"
#include "testbench/crossbar_events.h"
#include "models/rtl_switch/crossbar_rtl.h"

namespace snsim::cosim {

// The capture arranged for replay, cut at its end cycle (events at or after it are not complete).
class CapturedStimulus {
 public:
  // Throws SwitchCaptureError when the file cannot be read or replayed (e.g. outputs with different
  // downstream buffers, or an RTL configuration that is not built).
  explicit CapturedStimulus(const std::string& path);

  const SwitchCaptureHeader& header() const { return capture_.header; }
  const std::string& path() const { return path_; }
  uint64_t end_cycle() const { return capture_.end_cycle; }
  uint32_t downstream_flits() const { return downstream_flits_; }
  // The RTL configuration that matches the header, with `mutate`.
  CrossbarRtlConfig rtl_config(uint32_t mutate) const;
  // Sorted by cycle (file order within a cycle), before the end cycle.
  const std::vector<CapturedArrival>& arrivals() const { return capture_.arrivals; }
  const std::vector<CapturedCredit>& credits_in() const { return capture_.credits_in; }
  // The captured departures and upstream credits of `cycle`, sorted; empty if none.
  const Events& witness(uint64_t cycle) const;
  // The captured link answer for packet `id` leaving on `output`; 0 when the capture has no such departure.
  uint64_t link_free(uint32_t output, uint64_t id) const;
  uint64_t departures() const { return departures_; }  // before the end cycle

 private:
  std::string path_;
  SwitchCapture capture_;
  uint32_t downstream_flits_ = 0;
  std::map<uint64_t, Events> witness_;
  std::map<std::pair<uint64_t, uint32_t>, uint64_t> link_free_;  // by (packet id, output)
  uint64_t departures_ = 0;
  Events none_;
};

// Offers the captured packets to both switches: a packet whose tail arrives in cycle c is sent in c - 1
// with one cycle of delay, as a link announces it. Logs the credits each switch returns upstream.
class ReplayDriver : public Component {
 public:
  tlm_utils::multi_passthrough_initiator_socket<ReplayDriver, 32, FabricProtocol> to_tlm, to_rtl;
  ReplayDriver(const sc_core::sc_module_name& name, ClockDomain& domain, const CapturedStimulus& stimulus,
               Events& tlm_log, Events& rtl_log);
  void start();
  void step(uint64_t cycle) override;
  uint64_t packets = 0;

 private:
  void send(tlm_utils::multi_passthrough_initiator_socket<ReplayDriver, 32, FabricProtocol>& socket, PacketPool& pool,
            const CapturedArrival& a, uint64_t cycle);
  static tlm::tlm_sync_enum log_credit(Events& log, int port, tlm::tlm_generic_payload& gp);
  tlm::tlm_sync_enum on_credit_tlm(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase&, sc_core::sc_time&) {
    return log_credit(tlm_log_, port, gp);
  }
  tlm::tlm_sync_enum on_credit_rtl(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase&, sc_core::sc_time&) {
    return log_credit(rtl_log_, port, gp);
  }

  const CapturedStimulus& stimulus_;
  size_t next_ = 0;
  PacketPool tlm_pool_, rtl_pool_;
  Events& tlm_log_;
  Events& rtl_log_;
};

// The links and receivers behind one switch's outputs, as captured: a departure is answered with the
// captured link_free, credits arrive at their captured cycles (announced a cycle ahead).
class ReplaySink : public Component {
 public:
  tlm_utils::multi_passthrough_target_socket<ReplaySink, 32, FabricProtocol> in;
  ReplaySink(const sc_core::sc_module_name& name, ClockDomain& domain, const CapturedStimulus& stimulus,
             Events& log);
  void start();
  void step(uint64_t cycle) override;
  // The sender's credit counter of output `port` at the end of `cycle` (what the switch's traffic implies).
  uint32_t credits_at(uint32_t port, uint64_t cycle);
  const std::string& problem() const { return problem_; }  // non-empty: the replay cannot go on as captured
  uint64_t waited = 0;  // packets that left later than their pipeline latency allowed

 private:
  tlm::tlm_sync_enum on_packet(int port, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);

  const CapturedStimulus& stimulus_;
  size_t next_ = 0;
  std::vector<FlowControlMessage> messages_;
  std::vector<uint64_t> sent_, returned_;  // flits per output
  std::vector<uint32_t> credits_;
  std::vector<std::deque<std::pair<uint64_t, uint32_t>>> returns_;  // (arrival, flits)
  Events& log_;
  std::string problem_;
};

}  // namespace snsim::cosim
