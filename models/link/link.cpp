#include "models/link/link.h"

#include <cmath>
#include <stdexcept>

namespace snsim {

const Schema& link_schema() {
  static const Schema schema{
      "link",
      "Point-to-point link (one per direction): serialization at a bandwidth, then a flight latency; "
      "credits return over the same link.",
      {
          {"bandwidth", ParamKind::Bandwidth, "50GB/s", 1e-3, 1e6, {}, false,
           "Data bandwidth per direction",
           "NVLink 5 per-link data bandwidth, 50 GB/s per direction (NVIDIA NVLink product page; facts 1.1)"},
          {"latency", ParamKind::Time, "10ns", 1, 1e9, {}, false,
           "Flight time from the sender's last bit to the receiver (wire + SerDes), >= 1 cycle",
           "Assumed: 2 m of copper twinax at about 5 ns/m (velocity factor 0.65-0.75, unverified; facts 7); NVLink port latency is not published (facts 1.2)"},
          {"credit_latency", ParamKind::Time, "10ns", 1, 1e9, {}, false,
           "Time for a returned credit to reach the sender, >= 1 cycle",
           "Same path as the data, so the same default as latency"},
      },
      {}};
  return schema;
}

LinkParams link_params_from(const ParamValues& values) {
  LinkParams p;
  p.bytes_per_cycle = values.number("bandwidth");
  p.latency = values.whole("latency");
  p.credit_latency = values.whole("credit_latency");
  return p;
}

Link::Link(const sc_core::sc_module_name& name, ClockDomain& domain, const LinkParams& params, LinkStats& stats)
    : sc_core::sc_module(name), upstream("upstream"), downstream("downstream"), domain_(domain),
      params_(params), stats_(stats) {
  if (params_.latency < 1 || params_.credit_latency < 1) {
    throw std::invalid_argument(std::string(this->name()) + ": link latencies must be at least one cycle");
  }
  upstream.register_nb_transport_fw(this, &Link::forward);
  downstream.register_nb_transport_bw(this, &Link::backward);
}

uint64_t Link::serialization_cycles(uint32_t wire_bytes) const {
  return static_cast<uint64_t>(std::ceil(wire_bytes / params_.bytes_per_cycle - 1e-9));
}

tlm::tlm_sync_enum Link::forward(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay) {
  if (phase != tlm::BEGIN_REQ) {
    throw std::logic_error(std::string(name()) + ": only BEGIN_REQ is sent forward on a fabric link");
  }
  PacketInfo& info = packet_info(gp);
  const uint64_t now = domain_.cycle_at_or_after(sc_core::sc_time_stamp() + delay);
  const uint64_t start_fp = std::max(now << kFrac, wire_free_fp_);
  const uint64_t serialize_fp = static_cast<uint64_t>(
      std::ceil(static_cast<double>(info.wire_bytes) * static_cast<double>(1ULL << kFrac) / params_.bytes_per_cycle));
  const uint64_t end_fp = start_fp + serialize_fp;
  wire_free_fp_ = end_fp;
  stats_.busy(start_fp, end_fp, info.bytes);
  ++info.hops;

  // The tail leaves at the first edge at or after end_fp and arrives `latency` cycles later.
  const uint64_t tail_arrival = ((end_fp + (1ULL << kFrac) - 1) >> kFrac) + params_.latency;
  sc_core::sc_time forward_delay = domain_.time_of(tail_arrival) - sc_core::sc_time_stamp();
  tlm::tlm_phase forward_phase = tlm::BEGIN_REQ;
  downstream->nb_transport_fw(gp, forward_phase, forward_delay);

  // The sender may offer the next packet at the edge where this one's last fraction goes out (at least the
  // next cycle); the link then starts it exactly when the wire frees up.
  uint64_t next_offer = std::max(now + 1, end_fp >> kFrac);
  phase = tlm::END_REQ;
  delay = domain_.time_of(next_offer) - sc_core::sc_time_stamp();
  return tlm::TLM_UPDATED;
}

tlm::tlm_sync_enum Link::backward(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time& delay) {
  if (phase != CREDIT_RETURN) {
    throw std::logic_error(std::string(name()) + ": only CREDIT_RETURN is sent backward on a fabric link");
  }
  delay += domain_.period() * static_cast<double>(params_.credit_latency);
  return upstream->nb_transport_bw(gp, phase, delay);
}

}  // namespace snsim
