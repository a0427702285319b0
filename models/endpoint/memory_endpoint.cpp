#include "models/endpoint/memory_endpoint.h"

#include <cmath>
#include <iterator>
#include <stdexcept>

namespace snsim {
namespace {

// Packets through different ports reach the endpoint in another order than the calls that announce them
// (one link delivers in order, but each port has its own path): these queues are kept in arrival order
// by inserting from the back (with one port, always at the back).
template <class T, class Time>
void insert_in_time_order(std::deque<T>& queue, const T& item, Time time) {
  auto at = queue.end();
  while (at != queue.begin() && time(*std::prev(at)) > time(item)) --at;
  queue.insert(at, item);
}

}  // namespace

MemoryEndpoint::MemoryEndpoint(const sc_core::sc_module_name& name, ClockDomain& domain, const EndpointParams& params,
                               const EndpointContext& context, const Workload& workload, const GlobalAddressMap& map,
                               FabricStats& stats)
    : Component(name, domain), memory("memory"), params_(params), context_(context), workload_(workload),
      mw_(workload.memory), map_(map), stats_(stats), rng_(context.seed, std::string(this->name()) + ".traffic"),
      request_rate_(workload.load * context.injection_bytes_per_cycle / workload.mean_bytes()),
      arrivals_(request_rate_, context.generation_end), dummy_data_(256, 0),
      source_queue_stats_(stats.add_queue(std::string(this->name()) + ".source_queue", "requests",
                                          params.source_queue_packets ? double(params.source_queue_packets)
                                                                      : INFINITY)),
      response_queue_stats_(stats.add_queue(std::string(this->name()) + ".response_queue", "responses", INFINITY)),
      nic_(*this, *this, params, context, stats), requests_(nic_.lanes()), responses_(nic_.lanes()) {
  memory.register_nb_transport_bw(this, &MemoryEndpoint::on_memory);
  if (!workload.saturated) {
    if (auto problem = injection_rate_problem(workload.load, context.injection_bytes_per_cycle, workload.mean_bytes(),
                                              context.ports)) {
      throw std::invalid_argument(*problem);  // refused by the config first
    }
  }
  if (uint64_t(context.endpoints) * mw_.region_bytes > map.capacity) {
    throw std::invalid_argument("the initiators' regions do not fit one HBM");  // refused by the config first
  }
}

uint64_t MemoryEndpoint::crossing_cycle() const {
  return sc_core::sc_time_stamp().value() / domain().period_ticks() + 1;
}

void MemoryEndpoint::start() {
  nic_.check_wiring();
  if (workload_.saturated) {
    arrivals_.set(0, 0);
    wake_at(0);
    return;
  }
  if (request_rate_ <= 0) return;
  arrivals_.start(rng_);
  if (arrivals_.next() != kNever) wake_at(arrivals_.next());
}

uint64_t MemoryEndpoint::pick_address(uint32_t home) {
  const uint64_t slots = mw_.region_bytes / mw_.request_bytes;
  const uint64_t slot = mw_.access == MemoryAccess::Sequential ? next_offset_++ % slots : rng_.below(slots);
  return map_.global(home, uint64_t(context_.index) * mw_.region_bytes + slot * mw_.request_bytes);
}

uint64_t MemoryEndpoint::next_created_sequence(uint64_t cycle, uint32_t payload) {
  // Packets of one source are numbered in creation order, requests and responses alike (FabricStats
  // checks each is delivered once and in order per flow).
  PacketInfo info;
  info.source = context_.index;
  info.sequence = sequence_++;
  info.created = cycle;
  info.bytes = payload;
  info.measured = stats_.window().contains(cycle);
  stats_.on_created(info);
  return info.sequence;
}

void MemoryEndpoint::generate(uint64_t cycle, uint32_t stream) {
  if (workload_.saturated) {
    arrivals_.set(stream, kNever);
  } else {
    arrivals_.draw_after(stream, cycle, rng_);
  }
  const uint32_t home = mw_.local ? context_.index : pick_destination(workload_, context_.endpoints, context_.index, rng_);
  Message m;
  m.memory.address = pick_address(home);
  m.memory.access_bytes = mw_.request_bytes;
  m.memory.initiator = context_.index;
  m.memory.issued = cycle;
  if (mw_.atomic_fraction > 0 && rng_.uniform() < mw_.atomic_fraction) {
    m.memory.op = MemoryOp::Atomic;
  } else {
    m.memory.op = mw_.read_fraction < 1.0 && rng_.uniform() >= mw_.read_fraction ? MemoryOp::Write : MemoryOp::Read;
  }
  m.destination = home;
  m.created = cycle;
  if (params_.source_queue_packets && requests_.size() >= params_.source_queue_packets) {
    stats_.on_generation_refused(cycle);
    return;
  }
  if (home != context_.index) {
    m.sequence = next_created_sequence(cycle, mw_.request_payload(m.memory.op));
  }
  stats_.on_memory_issued(context_.index, cycle);
  requests_.push(nic_.lane_for(home, mw_.request_vc), m);
  source_queue_stats_.change(cycle, +1);
}

void MemoryEndpoint::issue_local(uint64_t cycle) {
  for (uint32_t lane = 0; lane < requests_.lanes(); ++lane) {
    const std::deque<Message>& queue = requests_[lane];
    while (!queue.empty() && queue.front().destination == context_.index && outstanding_ < mw_.max_outstanding) {
      MemoryJob job;
      job.memory = queue.front().memory;
      job.memory.request_injected = job.memory.at_target = cycle;
      job.local = true;
      job.ready = cycle;
      requests_.pop(lane);
      source_queue_stats_.change(cycle, -1);
      ++outstanding_;
      local_.push_back(job);
    }
  }
}

void MemoryEndpoint::to_memory(uint64_t cycle) {
  while (!hbm_busy_) {
    // The older of the two heads goes first (a remote request on a tie: it arrived through the fabric).
    const bool remote_ready = !arrived_.empty() && arrived_.front().ready <= cycle;
    const bool local_ready = !local_.empty() && local_.front().ready <= cycle;
    if (!remote_ready && !local_ready) return;
    const bool take_remote = remote_ready && (!local_ready || arrived_.front().ready <= local_.front().ready);
    std::deque<MemoryJob>& from = take_remote ? arrived_ : local_;
    const MemoryJob job = from.front();
    from.pop_front();

    tlm::tlm_generic_payload* gp;
    if (!hbm_free_.empty()) {
      gp = hbm_free_.back();
      hbm_free_.pop_back();
    } else {
      hbm_payloads_.push_back(std::make_unique<tlm::tlm_generic_payload>());
      gp = hbm_payloads_.back().get();
    }
    const bool write = job.memory.op == MemoryOp::Write || (job.memory.op == MemoryOp::Atomic && job.second_phase);
    gp->set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    gp->set_address(map_.local(job.memory.address));
    gp->set_data_length(job.memory.access_bytes);
    gp->set_data_ptr(dummy_data_.data());
    gp->set_streaming_width(job.memory.access_bytes);
    gp->set_byte_enable_ptr(nullptr);
    gp->set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    at_hbm_[gp] = job;
    tlm::tlm_phase phase = tlm::BEGIN_REQ;
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    if (memory->nb_transport_fw(*gp, phase, delay) == tlm::TLM_ACCEPTED) {
      hbm_busy_ = true;  // END_REQ comes later (on_memory); the buffer stays taken until then
    } else if (!job.local && !job.second_phase) {
      nic_.ingress_departure(job.port, job.vc, job.flits);
    }
  }
}

void MemoryEndpoint::complete_memory(uint64_t cycle) {
  while (!answered_.empty() && answered_.front().ready <= cycle) {
    const MemoryJob job = answered_.front();
    answered_.pop_front();
    if (job.local) {
      stats_.on_memory_completed(job.memory, true, job.ready);
      --outstanding_;
      continue;
    }
    Message r;
    r.memory = job.memory;
    r.destination = job.memory.initiator;
    r.created = cycle;
    r.sequence = next_created_sequence(cycle, mw_.response_payload(r.memory.op));
    responses_.push(nic_.lane_for(r.destination, mw_.response_vc), r);
    response_queue_stats_.change(cycle, +1);
  }
}

void MemoryEndpoint::send_packet(uint32_t port, uint64_t cycle, const Message& m, MessageClass kind, uint16_t vc,
                                 uint32_t payload) {
  OutgoingPacket out;
  out.destination = m.destination;
  out.bytes = payload;
  out.vc = vc;
  out.sequence = m.sequence;
  out.created = m.created;
  out.message = kind;
  out.memory = &m.memory;
  nic_.send(port, cycle, out);
}

void MemoryEndpoint::inject(uint64_t cycle) {
  for (uint32_t lane = 0; lane < requests_.lanes(); ++lane) {
    // Each free port of the lane takes one message: responses first, since they free tags at their
    // initiators and never depend on anything else.
    while (nic_.any_link_free(lane, cycle)) {
      bool blocked = false;
      if (!responses_[lane].empty()) {
        const Message& r = responses_[lane].front();
        const uint32_t payload = mw_.response_payload(r.memory.op);
        const int port = nic_.ready_port(lane, mw_.response_vc, nic_.flits_of(payload), cycle);
        if (port >= 0) {
          send_packet(static_cast<uint32_t>(port), cycle, r, MessageClass::Response, mw_.response_vc, payload);
          responses_.pop(lane);
          response_queue_stats_.change(cycle, -1);
          continue;
        }
        blocked = true;
      }
      const std::deque<Message>& requests = requests_[lane];
      if (!requests.empty() && requests.front().destination != context_.index && outstanding_ < mw_.max_outstanding) {
        const Message& q = requests.front();
        const uint32_t payload = mw_.request_payload(q.memory.op);
        const int port = nic_.ready_port(lane, mw_.request_vc, nic_.flits_of(payload), cycle);
        if (port >= 0) {
          send_packet(static_cast<uint32_t>(port), cycle, q, MessageClass::Request, mw_.request_vc, payload);
          requests_.pop(lane);
          source_queue_stats_.change(cycle, -1);
          ++outstanding_;
          continue;
        }
        blocked = true;
      }
      nic_.note_blocked(lane, cycle, blocked);
      break;
    }
  }
}

void MemoryEndpoint::step(uint64_t cycle) {
  nic_.apply(cycle);
  while (!tag_release_.empty() && tag_release_.front() <= cycle) {
    tag_release_.pop_front();
    --outstanding_;
  }
  while (!ingress_events_.empty() && ingress_events_.front().arrival <= cycle) {
    const IngressEvent& e = ingress_events_.front();
    nic_.ingress_arrival(e.port, e.vc, e.flits);
    if (e.consumed) nic_.ingress_departure(e.port, e.vc, e.flits);
    ingress_events_.pop_front();
  }
  for (const CreditReturn& c : credit_returns_) nic_.ingress_departure(c.port, c.vc, c.flits);
  credit_returns_.clear();
  complete_memory(cycle);
  if (workload_.saturated) {
    // A saturated source keeps a request ready for every free tag, up to one new request per port per cycle.
    if (arrivals_.at(0) <= cycle) {
      generate(cycle, 0);
      for (uint32_t n = 1; n < nic_.ports() && requests_.size() + outstanding_ < mw_.max_outstanding; ++n) {
        generate(cycle, 0);
      }
    }
    if (arrivals_.at(0) == kNever && requests_.size() + outstanding_ < mw_.max_outstanding &&
        cycle + 1 < context_.generation_end) {
      arrivals_.set(0, cycle + 1);
    }
  } else {
    for (uint32_t s = 0; s < arrivals_.streams(); ++s) {
      if (arrivals_.at(s) <= cycle) generate(cycle, s);
    }
  }
  issue_local(cycle);
  to_memory(cycle);
  inject(cycle);
  const uint64_t next = next_wake(cycle);
  if (next != kNever) wake_at(std::max(next, cycle + 1));
}

uint64_t MemoryEndpoint::next_wake(uint64_t cycle) const {
  uint64_t next = arrivals_.next();
  for (uint32_t lane = 0; lane < requests_.lanes(); ++lane) {
    auto egress = [&](uint16_t vc, uint32_t payload) {
      next = std::min(next, nic_.next_chance(lane, vc, nic_.flits_of(payload), cycle));
    };
    if (!responses_[lane].empty()) egress(mw_.response_vc, mw_.response_payload(responses_[lane].front().memory.op));
    if (!requests_[lane].empty() && outstanding_ < mw_.max_outstanding) {
      const Message& q = requests_[lane].front();
      if (q.destination == context_.index) next = std::min(next, cycle + 1);
      else egress(mw_.request_vc, mw_.request_payload(q.memory.op));
    }
  }
  if (!tag_release_.empty()) next = std::min(next, tag_release_.front());
  if (!answered_.empty()) next = std::min(next, answered_.front().ready);
  if (!hbm_busy_) {
    if (!arrived_.empty()) next = std::min(next, arrived_.front().ready);
    if (!local_.empty()) next = std::min(next, local_.front().ready);
  }
  return next;
}

void MemoryEndpoint::on_flow_control(uint32_t port, uint64_t arrival) {
  if (!requests_.empty() || !responses_.empty()) wake_at(std::max(arrival, nic_.next_arrival(port)));
}

void MemoryEndpoint::on_packet(uint32_t port, tlm::tlm_generic_payload& gp, uint64_t arrival, const sc_core::sc_time&) {
  PacketInfo& info = packet_info(gp);
  stats_.on_delivered(info, context_.index, arrival);
  // Flow control is sent from step() at the arrival cycle, so that every message on the credit link
  // leaves in time order (a request's buffer is freed later, when the HBM accepts it).
  insert_in_time_order(ingress_events_, {arrival, port, info.vc, info.flits, info.message == MessageClass::Response},
                       [](const IngressEvent& e) { return e.arrival; });
  if (info.message == MessageClass::Request) {
    // The request holds its buffer space until the HBM controller accepts it.
    MemoryJob job;
    job.memory = info.memory;
    job.memory.at_target = arrival;
    job.port = port;
    job.vc = info.vc;
    job.flits = info.flits;
    job.ready = arrival;
    insert_in_time_order(arrived_, job, [](const MemoryJob& j) { return j.ready; });
    wake_at(arrival);
  } else if (info.message == MessageClass::Response) {
    // The sink consumes responses at line rate; the transaction completes when the tail arrives.
    stats_.on_memory_completed(info.memory, false, arrival);
    insert_in_time_order(tag_release_, arrival, [](uint64_t cycle) { return cycle; });
    wake_at(arrival);
  } else {
    throw std::logic_error(std::string(name()) + ": a data packet in a memory-semantic fabric");
  }
  gp.release();
}

tlm::tlm_sync_enum MemoryEndpoint::on_memory(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_core::sc_time&) {
  auto it = at_hbm_.find(&gp);
  if (it == at_hbm_.end()) throw std::logic_error(std::string(name()) + ": the HBM answered a request never sent");
  if (phase == tlm::END_REQ) {
    hbm_busy_ = false;
    if (!it->second.local && !it->second.second_phase) {
      credit_returns_.push_back({it->second.port, it->second.vc, it->second.flits});
    }
    wake_at(crossing_cycle());
    return tlm::TLM_ACCEPTED;
  }
  if (phase != tlm::BEGIN_RESP) throw std::logic_error(std::string(name()) + ": unexpected phase from the HBM");
  if (!gp.is_response_ok()) {
    throw std::logic_error(std::string(name()) + ": the HBM refused address " + std::to_string(gp.get_address()) +
                           " (" + gp.get_response_string() + ")");
  }
  MemoryJob job = it->second;
  at_hbm_.erase(it);
  hbm_free_.push_back(&gp);
  if (job.memory.op == MemoryOp::Atomic && !job.second_phase) {
    // The old value is read: write the new one next, ahead of everything that waits for the HBM.
    job.second_phase = true;
    job.ready = crossing_cycle();
    (job.local ? local_ : arrived_).push_front(job);
    wake_at(job.ready);
    phase = tlm::END_RESP;
    return tlm::TLM_COMPLETED;
  }
  job.ready = job.memory.response_ready = crossing_cycle();
  answered_.push_back(job);
  wake_at(job.ready);
  phase = tlm::END_RESP;
  return tlm::TLM_COMPLETED;
}

}  // namespace snsim
