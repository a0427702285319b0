// A point-to-point link, one direction: serialization at `bytes_per_cycle`, then `latency` cycles of
// flight. Credits travel back on the same link after `credit_latency` cycles.
//
// The link is a TLM-2.0 interconnect, not a stepped component: it never needs to wake up. When the
// sender starts a packet, the link computes when the wire is free and when the tail arrives, annotates
// the forwarded call with that delay and tells the sender (END_REQ + delay) when the wire can take the
// next packet. The wire's free time is kept in fixed point (16 fractional bits of a cycle), so a
// bandwidth that is not a whole number of bytes per cycle (50 GB/s at 1.8 GHz) is still exact on average.
#pragma once

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <systemc>

#include "models/core/clock_domain.h"
#include "models/core/packet.h"
#include "models/core/params.h"
#include "models/stats/link_stats.h"

namespace snsim {

struct LinkParams {
  double bytes_per_cycle = 16;
  uint64_t latency = 1;         // cycles of flight, >= 1 (the lookahead that makes partitioning possible)
  uint64_t credit_latency = 1;  // cycles for a credit to travel back, >= 1
};

const Schema& link_schema();
LinkParams link_params_from(const ParamValues& values);

class Link : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Link, 32, FabricProtocol> upstream;       // bound by the sender
  tlm_utils::simple_initiator_socket<Link, 32, FabricProtocol> downstream;  // bound to the receiver

  Link(const sc_core::sc_module_name& name, ClockDomain& domain, const LinkParams& params, LinkStats& stats);

  const LinkParams& params() const { return params_; }
  // Cycles to serialize `wire_bytes` from an idle wire (rounded up to whole cycles).
  uint64_t serialization_cycles(uint32_t wire_bytes) const;

 private:
  tlm::tlm_sync_enum forward(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);
  tlm::tlm_sync_enum backward(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay);

  static constexpr unsigned kFrac = LinkStats::kFractionBits;
  ClockDomain& domain_;
  LinkParams params_;
  LinkStats& stats_;
  uint64_t wire_free_fp_ = 0;
};

}  // namespace snsim
