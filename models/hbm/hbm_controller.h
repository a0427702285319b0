// An HBM controller: a TLM-2.0 target in front of one or more HBM stacks, and a Component of the HBM
// clock domain that is stepped only on cycles where it can issue a command, deliver a response or owes
// a refresh. With no requests and refresh off it is never stepped.
//
// The socket speaks the TLM-2.0 base protocol (tlm_generic_payload, four phases, non-blocking):
//   * The initiator calls nb_transport_fw(gp, BEGIN_REQ, delay) with a read or write command, an address
//     and a length (any length; the request is split into bursts of burst_bytes, which may land in
//     different channels). The request reaches the scheduler at the first CK edge at or after
//     now + delay, and never earlier than the first edge strictly after now (one cycle of front end).
//     If every pseudo-channel queue it touches has room, the call returns TLM_UPDATED with END_REQ.
//     Otherwise it returns TLM_ACCEPTED and the controller sends END_REQ on the backward path once the
//     request fits; as the base protocol says, the initiator sends no other BEGIN_REQ before that.
//   * When the last data beat of the request has crossed the data bus (reads: RD + RL + tBURST; writes:
//     WR + WL + tBURST), the controller calls nb_transport_bw(gp, BEGIN_RESP, 0) in that cycle, with
//     the response status set. The initiator returns TLM_COMPLETED (or TLM_UPDATED with END_RESP); if it
//     returns TLM_ACCEPTED, later responses wait for its END_RESP on the forward path.
// The controller never calls acquire()/release(): the initiator owns the payload. Data is not moved
// (this is a timing model); the data pointer is ignored. Bad addresses and commands are answered with
// the TLM error response statuses.
//
// This shape puts the controller behind a fabric link unchanged: a memory-semantic endpoint turns a
// request packet into a BEGIN_REQ and the BEGIN_RESP into a response packet.
#pragma once

#include <nlohmann/json.hpp>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <memory>
#include <queue>
#include <vector>

#include "models/core/clock_domain.h"
#include "models/hbm/channel.h"
#include "models/hbm/hbm_config.h"
#include "models/hbm/hbm_counters.h"
#include "models/hbm/timing_checker.h"
#include "models/stats/latency_histogram.h"
#include "models/stats/window.h"

namespace snsim::hbm {

class HbmController : public Component, private BurstSink {
 public:
  tlm_utils::simple_target_socket<HbmController> socket;

  // `domain` must run at cfg.org.clock (every timing parameter is counted in its cycles).
  HbmController(const sc_core::sc_module_name& name, ClockDomain& domain, const HbmConfig& cfg);

  // Watchers of the command stream. With controller.check_timing the controller owns a TimingChecker
  // (checker()); tests may add another one with different parameters.
  void add_observer(CommandObserver* observer) { observers_.push_back(observer); }
  TimingChecker* checker() { return checker_.get(); }

  // Latency histograms record transactions that arrive inside this window (default: the whole run).
  void set_latency_window(const Window& w) { latency_window_ = w; }

  // Schedules the first refresh (call once after elaboration, e.g. after sc_start(SC_ZERO_TIME)). Without
  // it, refresh starts with the first request.
  void start();
  void step(uint64_t cycle) override;

  HbmCounters counters(uint64_t now);  // cumulative snapshot at `now`
  // Cumulative counters of each channel (summed over its pseudo-channels) at `now`.
  std::vector<PcCounters> channel_counters(uint64_t now);
  const LatencyHistogram& read_latency() const { return read_latency_; }
  const LatencyHistogram& write_latency() const { return write_latency_; }
  uint64_t outstanding() const { return in_flight_; }
  const HbmConfig& config() const { return cfg_; }
  const AddressMapping& mapping() const { return cfg_.mapping; }
  // Per-channel data moved (bursts x burst bytes) since the start.
  std::vector<uint64_t> channel_bytes() const;

 private:
  struct Transaction {
    tlm::tlm_generic_payload* gp = nullptr;
    uint64_t arrival = 0;
    uint64_t done = 0;
    uint32_t bursts_left = 0;
    bool write = false;
  };

  tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);
  uint64_t arrival_cycle(const sc_core::sc_time& delay) const;
  // Splits the request into bursts and queues them if all fit; false if some queue is full.
  bool admit(tlm::tlm_generic_payload& gp, uint64_t arrival, uint64_t now);
  void respond_with_error(tlm::tlm_generic_payload& gp, tlm::tlm_response_status status, uint64_t at);
  void deliver_responses(uint64_t t);
  void schedule_wake(uint64_t after);
  uint32_t new_transaction();

  void on_command(const Command& c) override;
  void on_burst_done(const BurstRequest& b, uint64_t done) override;

  HbmConfig cfg_;
  std::vector<HbmChannel> channels_;
  std::vector<CommandObserver*> observers_;
  std::unique_ptr<TimingChecker> checker_;
  std::vector<Transaction> txns_;
  std::vector<uint32_t> free_txns_;
  uint64_t in_flight_ = 0;
  uint64_t next_seq_ = 0;
  // Responses by completion cycle, then transaction index (deterministic order).
  std::priority_queue<std::pair<uint64_t, uint32_t>, std::vector<std::pair<uint64_t, uint32_t>>,
                      std::greater<std::pair<uint64_t, uint32_t>>>
      responses_;
  bool response_blocked_ = false;  // waiting for END_RESP
  tlm::tlm_generic_payload* pending_ = nullptr;  // a request that did not fit yet
  uint64_t pending_arrival_ = 0;
  std::vector<uint32_t> scratch_need_;  // bursts per pseudo-channel of the request being admitted
  std::vector<uint32_t> scratch_touched_;
  Window latency_window_{0, UINT64_MAX};
  LatencyHistogram read_latency_, write_latency_;
  uint64_t read_requests_ = 0, write_requests_ = 0, read_bytes_ = 0, write_bytes_ = 0;
};

}  // namespace snsim::hbm
