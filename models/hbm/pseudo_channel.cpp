#include "models/hbm/pseudo_channel.h"

#include <algorithm>

namespace snsim::hbm {
namespace {

inline void raise(uint64_t& reg, uint64_t value) {
  if (value > reg) reg = value;
}

}  // namespace

PseudoChannel::PseudoChannel(const HbmConfig& cfg, uint32_t channel, uint32_t index, BurstSink* sink)
    : org_(cfg.org),
      t_(cfg.timing),
      params_(cfg.controller),
      channel_(channel),
      index_(index),
      sink_(sink),
      banks_(cfg.org.banks_per_pc()),
      groups_(cfg.org.groups_per_pc()),
      next_rd_sid_(cfg.org.sids, 0),
      next_wr_sid_(cfg.org.sids, 0),
      queued_per_bank_(cfg.org.banks_per_pc(), 0),
      last_use_(cfg.org.banks_per_pc(), 0),
      hit_waiting_(cfg.org.banks_per_pc(), 0),
      bank_seen_(cfg.org.banks_per_pc(), 0),
      refresh_(cfg.controller.refresh, cfg.timing, cfg.org.banks_per_pc()) {
  reads_.reserve(params_.read_queue);
  writes_.reserve(params_.write_queue);
}

bool PseudoChannel::has_room(bool write, uint32_t bursts) const {
  const size_t queued = write ? writes_.size() : reads_.size();
  const size_t limit = write ? params_.write_queue : params_.read_queue;
  const size_t waiting_same = write ? waiting_writes_.size() : waiting_reads_.size();
  const size_t waiting_all = waiting_reads_.size() + waiting_writes_.size();
  // Bursts go straight to the queue while nothing of their kind waits in front and it has room.
  const size_t direct = waiting_same == 0 && queued < limit ? std::min<size_t>(bursts, limit - queued) : 0;
  return waiting_all + (bursts - direct) <= params_.frontend_queue;
}

void PseudoChannel::account_queue(uint64_t now) {
  if (now > queue_since_) {
    counters_.queue_area += static_cast<unsigned __int128>(queued()) * (now - queue_since_);
    queue_since_ = now;
  }
}

void PseudoChannel::close_counters(uint64_t now) { account_queue(now); }

void PseudoChannel::enqueue(const BurstRequest& b, uint64_t now) {
  account_queue(now);
  std::vector<BurstRequest>& q = b.write ? writes_ : reads_;
  std::deque<BurstRequest>& waiting = b.write ? waiting_writes_ : waiting_reads_;
  if (waiting.empty() && q.size() < (b.write ? params_.write_queue : params_.read_queue)) {
    insert_sorted(q, b);
  } else {
    waiting.push_back(b);
  }
  ++queued_per_bank_[b.bank];
}

void PseudoChannel::refill(uint64_t t) {
  auto move = [&](std::deque<BurstRequest>& from, std::vector<BurstRequest>& to, uint32_t limit) {
    while (!from.empty() && to.size() < limit) {
      BurstRequest b = from.front();
      from.pop_front();
      b.arrival = std::max(b.arrival, t + 1);  // the scheduler sees it from the next cycle
      insert_sorted(to, b);
    }
  };
  move(waiting_reads_, reads_, params_.read_queue);
  move(waiting_writes_, writes_, params_.write_queue);
}

void PseudoChannel::insert_sorted(std::vector<BurstRequest>& q, const BurstRequest& b) {
  auto it = q.end();
  while (it != q.begin() && ((it - 1)->arrival > b.arrival || ((it - 1)->arrival == b.arrival && (it - 1)->seq > b.seq))) {
    --it;
  }
  q.insert(it, b);
}

void PseudoChannel::remove(int index) {
  std::vector<BurstRequest>& q = active();
  --queued_per_bank_[q[static_cast<size_t>(index)].bank];
  q.erase(q.begin() + index);
}

void PseudoChannel::update_mode() {
  const size_t w = writes_.size(), r = reads_.size();
  if (!write_mode_) {
    if (w > 0 && (w >= params_.write_high_bursts() || r == 0)) {
      write_mode_ = true;
      ++counters_.turnarounds;
    }
  } else if (w == 0 || (r > 0 && w <= params_.write_low_bursts())) {
    write_mode_ = false;
    ++counters_.turnarounds;
  }
}

uint64_t PseudoChannel::act_ready(uint16_t bank) const {
  const Bank& b = banks_[bank];
  const Group& g = groups_[bank / org_.banks_per_group];
  uint64_t e = std::max({b.next_act, g.next_act, next_act_});
  if (act_count_ >= 4) e = std::max(e, last_acts_[act_count_ % 4] + t_.tfaw);  // the 4th most recent ACT
  return e;
}

uint64_t PseudoChannel::column_ready(const BurstRequest& r) const {
  const Bank& b = banks_[r.bank];
  const Group& g = groups_[r.group];
  if (r.write) return std::max({b.next_wr, g.next_wr, next_wr_sid_[r.sid], r.arrival});
  return std::max({b.next_rd, g.next_rd, next_rd_sid_[r.sid], r.arrival});
}

bool PseudoChannel::another_request_hits(const BurstRequest& r, int skip_index) const {
  const std::vector<BurstRequest>* queues[] = {&reads_, &writes_};
  const std::vector<BurstRequest>* own = write_mode_ ? &writes_ : &reads_;
  for (const auto* q : queues) {
    for (size_t j = 0; j < q->size(); ++j) {
      if (q == own && static_cast<int>(j) == skip_index) continue;
      const BurstRequest& o = (*q)[j];
      if (o.bank == r.bank && o.row == r.row) return true;
    }
  }
  return false;
}

bool PseudoChannel::conflict_waiting(uint16_t bank, uint32_t row) const {
  for (const auto* q : {&reads_, &writes_}) {
    for (const BurstRequest& o : *q) {
      if (o.bank == bank && o.row != row) return true;
    }
  }
  return false;
}

void PseudoChannel::consider(uint64_t t, uint64_t earliest, const Proposal& candidate, Proposal& slot, uint64_t& next) {
  if (earliest <= t) {
    if (!slot.valid) {
      slot = candidate;
      slot.valid = true;
    }
  } else if (earliest < next) {
    next = earliest;
  }
}

void PseudoChannel::propose_refresh(uint64_t t, Proposal& row, uint64_t& next) {
  Proposal p;
  p.refresh = true;
  uint64_t e = 0;
  if (refresh_.mode() == RefreshMode::AllBank) {
    bool any_open = false;
    e = next_pre_;
    for (const Bank& b : banks_) {
      if (b.open) {
        any_open = true;
        e = std::max(e, b.next_pre);
      }
    }
    if (any_open) {
      p.type = CommandType::PreA;
    } else {
      p.type = CommandType::RefAb;
      e = 0;
      for (const Bank& b : banks_) e = std::max(e, b.next_ref);
    }
  } else {
    const uint32_t bank = refresh_.target(queued_per_bank_, last_use_);
    const Bank& b = banks_[bank];
    p.bank = static_cast<uint16_t>(bank);
    if (b.open) {
      p.type = CommandType::Pre;
      e = std::max(b.next_pre, next_pre_);
    } else {
      p.type = CommandType::RefPb;
      e = std::max({b.next_ref, groups_[bank / org_.banks_per_group].next_refpb, next_refpb_});
    }
  }
  consider(t, e, p, row, next);
}

void PseudoChannel::propose(uint64_t t, Proposal& row, Proposal& column, uint64_t& next) {
  update_mode();
  int blocked = -1;
  if (refresh_.enabled()) {
    if (refresh_.owed(t)) {
      propose_refresh(t, row, next);
      if (refresh_.mode() == RefreshMode::AllBank) return;  // the whole pseudo-channel waits for REFab
      blocked = static_cast<int>(refresh_.current_target());
    } else if (refresh_.due() < next) {
      next = refresh_.due();
    }
  }
  std::vector<BurstRequest>& q = active();
  if (q.empty()) return;

  auto propose_for = [&](int i) {
    const BurstRequest& r = q[static_cast<size_t>(i)];
    const Bank& b = banks_[r.bank];
    Proposal p;
    p.bank = r.bank;
    p.request = i;
    p.arrival = r.arrival;
    p.seq = r.seq;
    if (b.open && b.row == r.row) {
      if (column.valid) return;
      p.type = r.write ? CommandType::Wr : CommandType::Rd;
      consider(t, column_ready(r), p, column, next);
      return;
    }
    if (bank_seen_[r.bank]) return;  // one row command per bank: the oldest request's
    bank_seen_[r.bank] = 1;
    if (row.valid) return;
    if (b.open) {
      if (hit_waiting_[r.bank]) return;  // serve the open row's hits first (FR-FCFS)
      p.type = CommandType::Pre;
      consider(t, std::max(b.next_pre, next_pre_), p, row, next);
    } else {
      p.type = CommandType::Act;
      consider(t, act_ready(r.bank), p, row, next);
    }
  };

  std::fill(bank_seen_.begin(), bank_seen_.end(), 0);
  std::fill(hit_waiting_.begin(), hit_waiting_.end(), 0);
  if (params_.scheduler == SchedulerKind::Fcfs) {
    // Strict arrival order: only the oldest request of the active queue may issue commands.
    const BurstRequest& r = q.front();
    if (r.arrival > t) {
      next = std::min(next, r.arrival);
    } else if (static_cast<int>(r.bank) != blocked) {
      propose_for(0);
    }
    return;
  }
  for (const BurstRequest& r : q) {
    if (r.arrival > t) break;
    const Bank& b = banks_[r.bank];
    if (b.open && b.row == r.row) hit_waiting_[r.bank] = 1;
  }
  for (size_t i = 0; i < q.size(); ++i) {
    const BurstRequest& r = q[i];
    if (r.arrival > t) {  // sorted by arrival: nothing later is here yet
      next = std::min(next, r.arrival);
      break;
    }
    if (static_cast<int>(r.bank) == blocked) continue;
    propose_for(static_cast<int>(i));
    if (row.valid && column.valid) break;
  }
}

void PseudoChannel::do_act(uint64_t t, uint16_t bank, uint32_t row) {
  Bank& b = banks_[bank];
  Group& g = groups_[bank / org_.banks_per_group];
  b.open = true;
  b.row = row;
  b.act_cycle = t;
  last_use_[bank] = t;
  b.accesses = 0;
  raise(b.next_rd, t + t_.trcd_rd);
  raise(b.next_wr, t + t_.trcd_wr);
  raise(b.next_pre, t + t_.tras);
  raise(b.next_act, t + t_.trc);
  raise(b.next_ref, t + t_.trc);
  raise(g.next_act, t + t_.trrd_l);
  raise(g.next_refpb, t + t_.trrd_l);
  raise(next_act_, t + t_.trrd_s);
  raise(next_refpb_, t + t_.trrd_s);
  last_acts_[act_count_ % 4] = t;
  ++act_count_;
}

void PseudoChannel::do_pre(uint64_t t, uint16_t bank, bool explicit_command) {
  Bank& b = banks_[bank];
  b.open = false;
  raise(b.next_act, t + t_.trp);
  raise(b.next_ref, t + t_.trp);
  if (explicit_command) raise(next_pre_, t + t_.tppd);
}

void PseudoChannel::do_column(uint64_t t, const BurstRequest& r, bool auto_precharge) {
  Bank& b = banks_[r.bank];
  Group& g = groups_[r.group];
  ++b.accesses;
  last_use_[r.bank] = t;
  const uint32_t sids = org_.sids;
  if (!r.write) {
    raise(b.next_pre, t + t_.trtp);
    raise(g.next_rd, t + t_.tccd_l);
    for (uint32_t s = 0; s < sids; ++s) {
      raise(next_rd_sid_[s], t + std::max(s == r.sid ? t_.tccd_s : t_.tccd_r, t_.burst));
      raise(next_wr_sid_[s], t + t_.read_to_write());
    }
  } else {
    raise(b.next_pre, t + t_.write_to_precharge());
    raise(g.next_wr, t + t_.tccd_l);
    raise(g.next_rd, t + t_.write_to_read_same_group());
    for (uint32_t s = 0; s < sids; ++s) {
      raise(next_wr_sid_[s], t + std::max(s == r.sid ? t_.tccd_s : t_.tccd_r, t_.burst));
      raise(next_rd_sid_[s], t + t_.write_to_read());
    }
  }
  if (auto_precharge) {
    // The internal precharge starts once tRTP (read) or write recovery (write) and tRAS have passed.
    const uint64_t start = std::max(t + (r.write ? t_.write_to_precharge() : t_.trtp), b.act_cycle + t_.tras);
    b.open = false;
    raise(b.next_act, start + t_.trp);
    raise(b.next_ref, start + t_.trp);
  }
}

void PseudoChannel::do_refab(uint64_t t) {
  for (Bank& b : banks_) {
    raise(b.next_act, t + t_.trfc);
    raise(b.next_ref, t + t_.trfc);
  }
  raise(next_refpb_, t + t_.trfc);
}

void PseudoChannel::do_refpb(uint64_t t, uint16_t bank) {
  Bank& b = banks_[bank];
  raise(b.next_act, t + t_.trfc_pb);
  raise(b.next_ref, t + t_.trfc_pb);
  raise(next_act_, t + t_.trrefd);
  raise(next_refpb_, t + t_.trrefd);
}

void PseudoChannel::issue(uint64_t t, const Proposal& p) {
  Command c;
  c.cycle = t;
  c.type = p.type;
  c.channel = channel_;
  c.pc = static_cast<uint16_t>(index_);
  c.bank = p.bank;
  switch (p.type) {
    case CommandType::Act: {
      BurstRequest& r = active()[static_cast<size_t>(p.request)];
      if (r.outcome == RowOutcome::Hit) r.outcome = RowOutcome::Miss;
      c.row = r.row;
      do_act(t, p.bank, r.row);
      ++counters_.acts;
      sink_->on_command(c);
      return;
    }
    case CommandType::Pre: {
      c.row = banks_[p.bank].row;
      if (!p.refresh) active()[static_cast<size_t>(p.request)].outcome = RowOutcome::Conflict;
      do_pre(t, p.bank, true);
      ++counters_.pres;
      sink_->on_command(c);
      return;
    }
    case CommandType::PreA: {
      for (uint16_t i = 0; i < banks_.size(); ++i) {
        if (banks_[i].open) do_pre(t, i, false);
      }
      raise(next_pre_, t + t_.tppd);
      ++counters_.preas;
      sink_->on_command(c);
      return;
    }
    case CommandType::RefAb: {
      do_refab(t);
      refresh_.issued();
      ++counters_.refreshes;
      counters_.refresh_bank_cycles += uint64_t(banks_.size()) * t_.trfc;
      sink_->on_command(c);
      return;
    }
    case CommandType::RefPb: {
      do_refpb(t, p.bank);
      refresh_.issued();
      ++counters_.refreshes;
      counters_.refresh_bank_cycles += t_.trfc_pb;
      sink_->on_command(c);
      return;
    }
    default:
      break;
  }
  // A column access: decide whether it closes the row behind it.
  const BurstRequest r = active()[static_cast<size_t>(p.request)];
  const Bank& b = banks_[r.bank];
  bool close = false;
  switch (params_.page_policy) {
    case PagePolicy::Closed: close = true; break;
    case PagePolicy::Open: close = false; break;
    case PagePolicy::Adaptive: close = !another_request_hits(r, p.request); break;
  }
  if (!close && params_.row_hit_cap > 0 && b.accesses + 1 >= params_.row_hit_cap && conflict_waiting(r.bank, r.row)) {
    close = true;
  }
  c.type = r.write ? (close ? CommandType::WrA : CommandType::Wr) : (close ? CommandType::RdA : CommandType::Rd);
  c.row = r.row;
  c.column = r.column;
  do_column(t, r, close);
  if (close) ++counters_.auto_precharges;
  ++(r.write ? counters_.writes : counters_.reads);
  ++(r.outcome == RowOutcome::Hit ? counters_.row_hits
                                   : r.outcome == RowOutcome::Miss ? counters_.row_misses : counters_.row_conflicts);
  account_queue(t);
  remove(p.request);
  refill(t);
  sink_->on_command(c);
  sink_->on_burst_done(r, t + (r.write ? t_.wl : t_.rl) + t_.burst);
}

}  // namespace snsim::hbm
