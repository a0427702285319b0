// A link direction with the ports at its ends: the protocol's framing and serialization, its latency
// budget (pipelines, SerDes, FEC, cable), link-level retry under bit errors, and the return path for
// flow-control messages.
//
// The link is a TLM-2.0 interconnect, not a stepped component: it never wakes up. When the sender
// starts a packet, the link computes (in fixed point, 16 fractional bits of a cycle) when the wire is
// free, when the tail is usable at the receiver, and, when a transmission is hit by a bit error, when
// the go-back-N replay delivers it; it annotates the forwarded call with that delay and tells the
// sender (END_REQ + delay) when it may offer the next packet.
#pragma once

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <systemc>

#include "models/core/clock_domain.h"
#include "models/core/flow_control.h"
#include "models/core/packet.h"
#include "models/core/ring_queue.h"
#include "models/core/params.h"
#include "models/core/rng.h"
#include "models/link/port_profile.h"
#include "models/stats/link_stats.h"

namespace snsim {

struct LinkParams {
  PortProfile profile;
  double bytes_per_cycle = 16;  // data rate after FEC, per cycle of the fabric clock
  uint64_t latency = 1;         // cycles from the tail leaving the sender to it being usable, >= 1
  uint64_t credit_latency = 1;  // cycles for a flow-control message (or ACK) to travel back, >= 1
  FlowControlParams flow_control;
  double ber = 0;               // residual (post-FEC) bit error rate seen by the link CRC
  uint32_t replay_buffer = 256; // frames held for go-back-N until acknowledged
  uint64_t ack_delay = 10;      // cycles from a good frame's arrival to its ACK (or NAK) leaving
  bool retry_on_timeout = false;  // true: no NAK, the sender replays after retry_timeout
  uint64_t retry_timeout = 1000;

  // Cycles to serialize a lone packet (rounded up to whole cycles; for packed framing whole DL flits).
  uint64_t serialization_cycles(uint32_t payload) const;
};

const Schema& link_schema();
// Reads the `link` section; fails with the key's position for keys that do not apply to the protocol.
LinkParams read_link_params(const ConfigSection& section, double clock_hz);

class Link : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Link, 32, FabricProtocol> upstream;       // bound by the sender
  tlm_utils::simple_initiator_socket<Link, 32, FabricProtocol> downstream;  // bound to the receiver

  Link(const sc_core::sc_module_name& name, ClockDomain& domain, const LinkParams& params, LinkStats& stats,
       uint64_t seed);

  const LinkParams& params() const { return params_; }

 private:
  struct Attempt {
    uint64_t start_fp;  // first bit on the wire
    uint64_t ready_fp;  // the receiver has all of it (for packed framing: the end of its last DL flit)
    uint64_t next_fp;   // when the sender may offer another packet
  };

  tlm::tlm_sync_enum forward(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);
  tlm::tlm_sync_enum backward(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);
  void refuse_blocking(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  Attempt serialize(uint64_t start_fp, const PacketInfo& info);
  bool corrupted(double wire_bytes);

  static constexpr unsigned kFrac = LinkStats::kFractionBits;
  static constexpr uint64_t kOne = 1ULL << kFrac;
  ClockDomain& domain_;
  LinkParams params_;
  LinkStats& stats_;
  Rng rng_;
  uint64_t wire_free_fp_ = 0;
  // Packed framing: the current train of back-to-back DL flits.
  uint64_t train_start_fp_ = 0, train_end_fp_ = 0;
  uint64_t train_fill_ = 0;  // TL content bytes placed since train_start
  uint64_t dl_flit_fp_ = 0;
  sc_core::sc_time credit_delay_;          // credit_latency cycles
  uint32_t cached_payload_ = UINT32_MAX;  // unpacked framing: the last payload size and its wire time
  uint64_t cached_wire_fp_ = 0;
  // Go-back-N: acknowledgement times of the frames in the replay buffer.
  RingQueue<uint64_t> unacknowledged_;
};

}  // namespace snsim
