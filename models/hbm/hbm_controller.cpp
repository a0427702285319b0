#include "models/hbm/hbm_controller.h"

#include <cmath>
#include <stdexcept>

namespace snsim::hbm {

HbmController::HbmController(const sc_core::sc_module_name& name, ClockDomain& domain, const HbmConfig& cfg)
    : Component(name, domain), socket("socket"), cfg_(cfg) {
  if (std::fabs(domain.frequency_hz() - cfg.org.clock_hz) > 1e-6 * cfg.org.clock_hz) {
    throw std::invalid_argument(std::string(this->name()) + ": the clock domain runs at " +
                                std::to_string(domain.frequency_hz()) + " Hz but the HBM clock is " +
                                std::to_string(cfg.org.clock_hz) + " Hz");
  }
  socket.register_nb_transport_fw(this, &HbmController::nb_transport_fw);
  const uint32_t n = cfg_.org.total_channels();
  channels_.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    channels_.emplace_back(cfg_, i, static_cast<BurstSink*>(this));
    channels_.back().next_event = kNoCycle;
  }
  scratch_need_.assign(cfg_.org.total_pcs(), 0);
  if (cfg_.controller.check_timing) {
    checker_ = std::make_unique<TimingChecker>(cfg_.org, cfg_.timing, TimingChecker::options_from(cfg_.controller));
    observers_.push_back(checker_.get());
  }
}

void HbmController::start() {
  // Refresh is owed from the first interval on, busy or idle: wake for it even if no request comes.
  if (cfg_.controller.refresh == RefreshMode::Off) return;
  const uint64_t first = cfg_.controller.refresh == RefreshMode::AllBank
                             ? cfg_.timing.trefi
                             : cfg_.timing.trefi / cfg_.org.banks_per_pc();
  for (HbmChannel& ch : channels_) ch.next_event = std::min(ch.next_event, first);
  wake_at(first);
}

uint64_t HbmController::arrival_cycle(const sc_core::sc_time& delay) const {
  const uint64_t period = domain().period_ticks();
  const uint64_t at = domain().cycle_at_or_after(sc_core::sc_time_stamp() + delay);
  const uint64_t strictly_after_now = sc_core::sc_time_stamp().value() / period + 1;
  return std::max(at, strictly_after_now);
}

uint32_t HbmController::new_transaction() {
  if (!free_txns_.empty()) {
    uint32_t i = free_txns_.back();
    free_txns_.pop_back();
    return i;
  }
  txns_.emplace_back();
  return static_cast<uint32_t>(txns_.size() - 1);
}

void HbmController::respond_with_error(tlm::tlm_generic_payload& gp, tlm::tlm_response_status status, uint64_t at) {
  gp.set_response_status(status);
  const uint32_t i = new_transaction();
  txns_[i] = Transaction{&gp, at, at, 0, gp.is_write()};
  ++in_flight_;
  responses_.push({at, i});
}

bool HbmController::admit(tlm::tlm_generic_payload& gp, uint64_t arrival, uint64_t now) {
  const HbmOrganization& o = cfg_.org;
  if (!gp.is_read() && !gp.is_write()) {
    respond_with_error(gp, tlm::TLM_COMMAND_ERROR_RESPONSE, arrival);
    return true;
  }
  const uint64_t address = gp.get_address();
  const uint64_t length = gp.get_data_length();
  const uint64_t capacity = cfg_.mapping.capacity();
  if (length == 0 || address >= capacity || length > capacity - address) {
    respond_with_error(gp, tlm::TLM_ADDRESS_ERROR_RESPONSE, arrival);
    return true;
  }
  const unsigned bits = cfg_.mapping.burst_bits();
  const uint64_t first = address >> bits, last = (address + length - 1) >> bits;
  auto pc_of = [&](const DecodedAddress& d) {
    return (d.stack * o.channels + d.channel) * o.pseudo_channels + d.pc;
  };
  // Room in every pseudo-channel queue the request touches?
  const bool write = gp.is_write();
  bool fits = true, never = false;
  for (uint64_t b = first; b <= last; ++b) {
    const uint32_t pc = pc_of(cfg_.mapping.decode(b << bits));
    if (scratch_need_[pc]++ == 0) scratch_touched_.push_back(pc);
  }
  for (uint32_t pc : scratch_touched_) {
    const PseudoChannel& p = channels_[pc / o.pseudo_channels].pc(pc % o.pseudo_channels);
    if (scratch_need_[pc] > p.capacity(write)) never = true;
    else if (!p.has_room(write, scratch_need_[pc])) fits = false;
    scratch_need_[pc] = 0;
  }
  scratch_touched_.clear();
  if (never) {  // more bursts for one pseudo-channel than its queue holds: it could never be accepted
    respond_with_error(gp, tlm::TLM_BURST_ERROR_RESPONSE, arrival);
    return true;
  }
  if (!fits) return false;

  const uint32_t txn = new_transaction();
  txns_[txn] = Transaction{&gp, arrival, arrival, static_cast<uint32_t>(last - first + 1), write};
  ++in_flight_;
  for (uint64_t b = first; b <= last; ++b) {
    const DecodedAddress d = cfg_.mapping.decode(b << bits);
    BurstRequest r;
    r.arrival = arrival;
    r.seq = next_seq_++;
    r.txn = txn;
    r.row = d.row;
    r.column = d.column;
    r.group = static_cast<uint16_t>(d.sid * o.bank_groups + d.bank_group);
    r.bank = static_cast<uint16_t>(r.group * o.banks_per_group + d.bank);
    r.sid = static_cast<uint8_t>(d.sid);
    r.write = write;
    const uint32_t ch = d.stack * o.channels + d.channel;
    channels_[ch].pc(d.pc).enqueue(r, now);
    channels_[ch].next_event = std::min(channels_[ch].next_event, arrival);
  }
  return true;
}

tlm::tlm_sync_enum HbmController::nb_transport_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                                  sc_core::sc_time& delay) {
  if (phase == tlm::BEGIN_REQ) {
    if (pending_) {
      throw std::logic_error(std::string(name()) + ": BEGIN_REQ before the END_REQ of the previous request "
                                                   "(TLM-2.0 base protocol request exclusion)");
    }
    const uint64_t arrival = arrival_cycle(delay);
    if (admit(gp, arrival, domain().now())) {
      wake_at(arrival);
      phase = tlm::END_REQ;
      return tlm::TLM_UPDATED;
    }
    pending_ = &gp;
    pending_arrival_ = arrival;
    return tlm::TLM_ACCEPTED;  // the queues are full, so the controller is busy and will retry
  }
  if (phase == tlm::END_RESP) {
    response_blocked_ = false;
    wake_at(arrival_cycle(sc_core::SC_ZERO_TIME));
    return tlm::TLM_COMPLETED;
  }
  throw std::logic_error(std::string(name()) + ": unexpected phase " + phase.get_name() + " on the forward path");
}

void HbmController::deliver_responses(uint64_t t) {
  while (!response_blocked_ && !responses_.empty() && responses_.top().first <= t) {
    const uint32_t i = responses_.top().second;
    responses_.pop();
    Transaction txn = txns_[i];
    free_txns_.push_back(i);
    --in_flight_;
    tlm::tlm_generic_payload& gp = *txn.gp;
    if (gp.get_response_status() == tlm::TLM_INCOMPLETE_RESPONSE) {
      gp.set_response_status(tlm::TLM_OK_RESPONSE);
      const uint64_t bytes = gp.get_data_length();
      if (txn.write) {
        ++write_requests_;
        write_bytes_ += bytes;
      } else {
        ++read_requests_;
        read_bytes_ += bytes;
      }
      if (latency_window_.contains(txn.arrival)) {
        (txn.write ? write_latency_ : read_latency_).add(t - txn.arrival);
      }
    }
    tlm::tlm_phase phase = tlm::BEGIN_RESP;
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    if (socket->nb_transport_bw(gp, phase, delay) == tlm::TLM_ACCEPTED) response_blocked_ = true;
  }
}

void HbmController::step(uint64_t t) {
  deliver_responses(t);
  for (HbmChannel& ch : channels_) {
    if (ch.next_event <= t) ch.next_event = ch.tick(t);
  }
  if (pending_) {
    tlm::tlm_generic_payload* gp = pending_;
    if (admit(*gp, std::max(pending_arrival_, t + 1), t)) {
      pending_ = nullptr;
      tlm::tlm_phase phase = tlm::END_REQ;
      sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
      socket->nb_transport_bw(*gp, phase, delay);
    }
  }
  schedule_wake(t);
}

void HbmController::schedule_wake(uint64_t after) {
  uint64_t next = kNoCycle;
  for (const HbmChannel& ch : channels_) next = std::min(next, ch.next_event);
  if (!response_blocked_ && !responses_.empty()) next = std::min(next, responses_.top().first);
  if (next != kNoCycle) wake_at(std::max(next, after + 1));
}

void HbmController::on_command(const Command& c) {
  for (CommandObserver* o : observers_) o->on_command(c);
}

void HbmController::on_burst_done(const BurstRequest& b, uint64_t done) {
  Transaction& txn = txns_[b.txn];
  txn.done = std::max(txn.done, done);
  if (--txn.bursts_left == 0) responses_.push({txn.done, b.txn});
}

namespace {

void accumulate(PcCounters& s, const PcCounters& p) {
  s.reads += p.reads;
  s.writes += p.writes;
  s.row_hits += p.row_hits;
  s.row_misses += p.row_misses;
  s.row_conflicts += p.row_conflicts;
  s.acts += p.acts;
  s.pres += p.pres;
  s.preas += p.preas;
  s.auto_precharges += p.auto_precharges;
  s.refreshes += p.refreshes;
  s.refresh_bank_cycles += p.refresh_bank_cycles;
  s.turnarounds += p.turnarounds;
  s.queue_area += p.queue_area;
}

}  // namespace

std::vector<PcCounters> HbmController::channel_counters(uint64_t now) {
  std::vector<PcCounters> out(channels_.size());
  for (size_t c = 0; c < channels_.size(); ++c) {
    for (uint32_t i = 0; i < channels_[c].pseudo_channels(); ++i) {
      PseudoChannel& pc = channels_[c].pc(i);
      pc.close_counters(now);
      accumulate(out[c], pc.counters());
    }
  }
  return out;
}

HbmCounters HbmController::counters(uint64_t now) {
  HbmCounters c;
  c.cycle = now;
  c.read_requests = read_requests_;
  c.write_requests = write_requests_;
  c.read_bytes = read_bytes_;
  c.write_bytes = write_bytes_;
  for (const PcCounters& ch : channel_counters(now)) accumulate(c.bursts, ch);
  return c;
}

std::vector<uint64_t> HbmController::channel_bytes() const {
  std::vector<uint64_t> bytes;
  for (const HbmChannel& ch : channels_) {
    uint64_t bursts = 0;
    for (uint32_t i = 0; i < ch.pseudo_channels(); ++i) bursts += ch.pc(i).counters().reads + ch.pc(i).counters().writes;
    bytes.push_back(bursts * cfg_.org.burst_bytes());
  }
  return bytes;
}

}  // namespace snsim::hbm
