#include "models/hbm/hbm_driver.h"

#include <stdexcept>

namespace snsim::hbm {

HbmDriver::HbmDriver(const sc_core::sc_module_name& name, ClockDomain& domain, const HbmDriverParams& params,
                     uint64_t capacity)
    : Component(name, domain), socket("socket"), params_(params), capacity_(capacity), rng_(params.seed, this->name()) {
  socket.register_nb_transport_bw(this, &HbmDriver::nb_transport_bw);
  if (params_.range == 0) params_.range = capacity_ - params_.base;
  if (params_.pattern != Pattern::Script &&
      (params_.request_bytes == 0 || params_.range < params_.request_bytes || params_.base + params_.range > capacity_)) {
    throw std::invalid_argument(std::string(this->name()) + ": the address window does not fit the memory");
  }
  script_latencies_.assign(params_.script.size(), 0);
  uint32_t largest = params_.request_bytes;
  for (const auto& s : params_.script) largest = std::max(largest, s.bytes);
  dummy_data_.assign(largest, 0);
}

void HbmDriver::start() {
  if (params_.pattern == Pattern::Script) {
    if (!params_.script.empty()) wake_at(std::max<uint64_t>(params_.script.front().cycle, domain().now() + 1));
  } else {
    wake_at(domain().now() + 1);
  }
}

tlm::tlm_generic_payload* HbmDriver::acquire() {
  if (!free_.empty()) {
    tlm::tlm_generic_payload* gp = free_.back();
    free_.pop_back();
    return gp;
  }
  pool_.push_back(std::make_unique<tlm::tlm_generic_payload>());
  return pool_.back().get();
}

bool HbmDriver::can_send(uint64_t cycle) const {
  return !waiting_for_end_req_ && cycle < stop_ && outstanding() < params_.max_outstanding;
}

void HbmDriver::send(uint64_t cycle, uint64_t address, uint32_t bytes, bool write, size_t script_index) {
  tlm::tlm_generic_payload* gp = acquire();
  gp->set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  gp->set_address(address);
  gp->set_data_length(bytes);
  gp->set_data_ptr(dummy_data_.data());
  gp->set_streaming_width(bytes);
  gp->set_byte_enable_ptr(nullptr);
  gp->set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  in_flight_[gp] = InFlight{cycle, script_index};
  ++issued_;
  tlm::tlm_phase phase = tlm::BEGIN_REQ;
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  const tlm::tlm_sync_enum status = socket->nb_transport_fw(*gp, phase, delay);
  if (status == tlm::TLM_ACCEPTED) waiting_for_end_req_ = true;
}

void HbmDriver::step(uint64_t cycle) {
  if (params_.pattern == Pattern::Script) {
    while (next_script_ < params_.script.size() && params_.script[next_script_].cycle <= cycle && can_send(cycle)) {
      const ScriptedRequest& s = params_.script[next_script_];
      send(cycle, s.address, s.bytes, s.write, next_script_);
      ++next_script_;
    }
    if (next_script_ < params_.script.size() && can_send(cycle)) {
      wake_at(std::max(params_.script[next_script_].cycle, cycle + 1));
    }
    return;
  }
  for (uint32_t n = 0; n < params_.per_cycle && can_send(cycle); ++n) {
    const uint64_t slots = params_.range / params_.request_bytes;
    uint64_t offset;
    if (params_.pattern == Pattern::Sequential) {
      offset = (next_sequential_ % slots) * params_.request_bytes;
      ++next_sequential_;
    } else {
      offset = rng_.below(slots) * params_.request_bytes;
    }
    const bool write = params_.read_fraction < 1.0 && rng_.uniform() >= params_.read_fraction;
    send(cycle, params_.base + offset, params_.request_bytes, write, SIZE_MAX);
  }
  if (can_send(cycle)) wake_at(cycle + 1);
}

tlm::tlm_sync_enum HbmDriver::nb_transport_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time&) {
  const uint64_t now = domain().now();
  if (phase == tlm::END_REQ) {
    waiting_for_end_req_ = false;
    if (can_send(now + 1)) wake_at(now + 1);
    return tlm::TLM_ACCEPTED;
  }
  if (phase != tlm::BEGIN_RESP) throw std::logic_error(std::string(name()) + ": unexpected phase on the backward path");
  auto it = in_flight_.find(&gp);
  if (it == in_flight_.end()) throw std::logic_error(std::string(name()) + ": a response for a request never sent");
  const InFlight f = it->second;
  in_flight_.erase(it);
  ++completed_;
  if (!gp.is_response_ok()) ++errors_;
  const uint64_t latency = now - f.sent;
  if (window_.contains(f.sent)) (gp.is_write() ? write_latency_ : read_latency_).add(latency);
  if (window_.contains(now) && gp.is_response_ok()) bytes_in_window_ += gp.get_data_length();
  if (f.script_index != SIZE_MAX) script_latencies_[f.script_index] = latency;
  free_.push_back(&gp);
  // A freed slot may let the source send again next cycle.
  const bool more = params_.pattern == Pattern::Script ? next_script_ < params_.script.size() : true;
  if (more && can_send(now + 1)) {
    const uint64_t at = params_.pattern == Pattern::Script ? std::max(params_.script[next_script_].cycle, now + 1) : now + 1;
    wake_at(at);
  }
  phase = tlm::END_RESP;
  return tlm::TLM_COMPLETED;
}

}  // namespace snsim::hbm
