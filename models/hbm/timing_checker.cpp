#include "models/hbm/timing_checker.h"

#include <algorithm>

namespace snsim::hbm {
namespace {

const char* const kKindNames[] = {"ACT", "PRE", "RD", "WR", "REFab", "REFpb"};

}  // namespace

TimingChecker::Options TimingChecker::options_from(const HbmControllerParams& c) {
  Options o;
  o.act_bus_cycles = c.act_cycles;
  o.row_bus_cycles = c.row_cycles;
  o.column_bus_cycles = c.column_cycles;
  o.refresh = c.refresh;
  return o;
}

TimingChecker::TimingChecker(const HbmOrganization& org, const HbmTiming& timing, const Options& options)
    : org_(org), t_(timing), options_(options) {
  const uint32_t wr_end = t_.wl + t_.burst;  // WR command to the end of its data
  const std::vector<Rule> rules = {
      {kAct, kAct, Scope::Bank, t_.trc, "tRC"},
      {kAct, kAct, Scope::Group, t_.trrd_l, "tRRD_L"},
      {kAct, kAct, Scope::Pc, t_.trrd_s, "tRRD_S"},
      {kAct, kRd, Scope::Bank, t_.trcd_rd, "tRCD_RD"},
      {kAct, kWr, Scope::Bank, t_.trcd_wr, "tRCD_WR"},
      {kAct, kPre, Scope::Bank, t_.tras, "tRAS"},
      {kRd, kPre, Scope::Bank, t_.trtp, "tRTP"},
      {kWr, kPre, Scope::Bank, wr_end + t_.twr, "tWR"},
      {kRd, kRd, Scope::Group, t_.tccd_l, "tCCD_L"},
      {kRd, kRd, Scope::Sid, t_.tccd_s, "tCCD_S"},
      {kRd, kRd, Scope::OtherSid, t_.tccd_r, "tCCD_R"},
      {kWr, kWr, Scope::Group, t_.tccd_l, "tCCD_L"},
      {kWr, kWr, Scope::Sid, t_.tccd_s, "tCCD_S"},
      {kWr, kWr, Scope::OtherSid, t_.tccd_r, "tCCD_R"},
      {kWr, kRd, Scope::Group, wr_end + t_.twtr_l, "tWTR_L"},
      {kWr, kRd, Scope::Pc, wr_end + t_.twtr_s, "tWTR_S"},
      {kRd, kWr, Scope::Pc, t_.trtw, "tRTW"},
      {kPre, kPre, Scope::Pc, t_.tppd, "tPPD"},
      {kAct, kRefAb, Scope::Pc, t_.trc, "tRC(ACT-REFab)"},
      {kAct, kRefPb, Scope::Bank, t_.trc, "tRC(ACT-REFpb)"},
      {kAct, kRefPb, Scope::PcOtherBank, t_.trrd_s, "tRRD_S(ACT-REFpb)"},
      {kAct, kRefPb, Scope::GroupOtherBank, t_.trrd_l, "tRRD_L(ACT-REFpb)"},
      {kRefAb, kAct, Scope::Pc, t_.trfc, "tRFC"},
      {kRefAb, kRefAb, Scope::Pc, t_.trfc, "tRFC"},
      {kRefAb, kRefPb, Scope::Pc, t_.trfc, "tRFC"},
      {kRefPb, kAct, Scope::Bank, t_.trfc_pb, "tRFCpb"},
      {kRefPb, kRefPb, Scope::Bank, t_.trfc_pb, "tRFCpb"},
      {kRefPb, kRefAb, Scope::Pc, t_.trfc_pb, "tRFCpb"},
      {kRefPb, kAct, Scope::PcOtherBank, t_.trrefd, "tRREFD"},
      {kRefPb, kRefPb, Scope::PcOtherBank, t_.trrefd, "tRREFD"},
  };
  for (const Rule& r : rules) {
    rules_by_next_[r.next].push_back(r);
    horizon_[r.prev] = std::max(horizon_[r.prev], r.min);
  }
  horizon_[kAct] = std::max(horizon_[kAct], t_.tfaw);
  pcs_.resize(org_.total_pcs());
  for (PcState& pc : pcs_) pc.banks.resize(org_.banks_per_pc());
  channels_.resize(org_.total_channels());
}

TimingChecker::Kind TimingChecker::kind_of(CommandType t) {
  switch (t) {
    case CommandType::Act: return kAct;
    case CommandType::Pre:
    case CommandType::PreA: return kPre;
    case CommandType::Rd:
    case CommandType::RdA: return kRd;
    case CommandType::Wr:
    case CommandType::WrA: return kWr;
    case CommandType::RefAb: return kRefAb;
    case CommandType::RefPb: return kRefPb;
  }
  return kAct;
}

bool TimingChecker::in_scope(Scope s, uint16_t a, uint16_t b) const {
  if (a == kAllBanks || b == kAllBanks) return s == Scope::Pc || s == Scope::Bank;
  const uint32_t bpg = org_.banks_per_group;
  const uint32_t group_a = a / bpg, group_b = b / bpg;
  const uint32_t sid_a = group_a / org_.bank_groups, sid_b = group_b / org_.bank_groups;
  switch (s) {
    case Scope::Bank: return a == b;
    case Scope::Group: return group_a == group_b;
    case Scope::GroupOtherBank: return group_a == group_b && a != b;
    case Scope::Sid: return sid_a == sid_b;
    case Scope::OtherSid: return sid_a != sid_b;
    case Scope::Pc: return true;
    case Scope::PcOtherBank: return a != b;
  }
  return false;
}

std::string TimingChecker::where(const Command& c) const {
  std::string s = "cycle " + std::to_string(c.cycle) + " ch" + std::to_string(c.channel) + " pc" +
                  std::to_string(c.pc) + " " + to_string(c.type);
  if (c.type != CommandType::PreA && c.type != CommandType::RefAb) s += " bank " + std::to_string(c.bank);
  return s;
}

void TimingChecker::violation(const Command& c, const std::string& rule, const std::string& detail) {
  ++violations_;
  ++by_rule_[rule];
  if (examples_.size() < 20) examples_.push_back(where(c) + ": " + rule + ": " + detail);
}

void TimingChecker::check_rules(const Command& c, Kind kind, uint16_t bank, PcState& pc) {
  for (const Rule& r : rules_by_next_[kind]) {
    for (const Past& p : pc.history[r.prev]) {
      if (!in_scope(r.scope, p.bank, bank)) continue;
      const uint64_t distance = c.cycle - p.cycle;
      if (distance < r.min) {
        violation(c, r.name,
                  std::to_string(distance) + " cycles after " + kKindNames[r.prev] +
                      (p.bank == kAllBanks ? std::string() : " (bank " + std::to_string(p.bank) + ")") +
                      " at cycle " + std::to_string(p.cycle) + ", needs " + std::to_string(r.min));
      }
    }
  }
}

void TimingChecker::check_data_bus(const Command& c, PcState& pc) {
  const uint64_t start = c.cycle + (is_read(c.type) ? t_.rl : t_.wl);
  const uint64_t end = start + t_.burst;
  while (!pc.data.empty() && pc.data.front().second + t_.rl + t_.wl < c.cycle) pc.data.pop_front();
  for (const auto& [s, e] : pc.data) {
    if (start < e && s < end) {
      violation(c, "data bus", "burst [" + std::to_string(start) + ", " + std::to_string(end) +
                                   ") overlaps the burst [" + std::to_string(s) + ", " + std::to_string(e) + ")");
    }
  }
  pc.data.emplace_back(start, end);
}

void TimingChecker::check_refresh_gap(const Command& c, uint64_t previous, uint64_t cycle, const char* what) {
  const uint64_t limit = uint64_t(options_.max_postponed_refreshes + 1) * t_.trefi;
  if (cycle - previous > limit) {
    violation(c, "refresh interval",
              std::string(what) + " " + std::to_string(cycle - previous) + " cycles after the previous one (at " +
                  std::to_string(previous) + "), more than " + std::to_string(options_.max_postponed_refreshes + 1) +
                  " x tREFI = " + std::to_string(limit));
  }
}

void TimingChecker::on_command(const Command& c) {
  ++commands_;
  if (c.channel >= channels_.size() || c.pc >= org_.pseudo_channels ||
      (c.type != CommandType::PreA && c.type != CommandType::RefAb && c.bank >= org_.banks_per_pc())) {
    violation(c, "address", "no such channel, pseudo-channel or bank");
    return;
  }
  if (c.cycle < last_cycle_) {
    violation(c, "order", "issued after a command at cycle " + std::to_string(last_cycle_));
  }
  last_cycle_ = std::max(last_cycle_, c.cycle);
  PcState& pc = pcs_[c.channel * org_.pseudo_channels + c.pc];
  ChannelState& ch = channels_[c.channel];
  const Kind kind = kind_of(c.type);

  // Command buses, shared by the channel's pseudo-channels.
  if (is_column(c.type)) {
    if (c.cycle < ch.column_bus_free) violation(c, "column bus", "the column command bus is busy until cycle " + std::to_string(ch.column_bus_free));
    ch.column_bus_free = c.cycle + options_.column_bus_cycles;
  } else {
    if (c.cycle < ch.row_bus_free) violation(c, "row bus", "the row command bus is busy until cycle " + std::to_string(ch.row_bus_free));
    ch.row_bus_free = c.cycle + (c.type == CommandType::Act ? options_.act_bus_cycles : options_.row_bus_cycles);
  }

  // Forget what can no longer constrain anything.
  for (int k = 0; k < kKinds; ++k) {
    auto& h = pc.history[k];
    while (!h.empty() && h.front().cycle + horizon_[k] <= c.cycle) h.pop_front();
  }

  switch (c.type) {
    case CommandType::Act: {
      BankState& b = pc.banks[c.bank];
      if (b.open) violation(c, "state", "ACT to a bank whose row " + std::to_string(b.row) + " is open");
      if (b.precharged_once && c.cycle < b.closed_at + t_.trp) {
        violation(c, "tRP", std::to_string(c.cycle - b.closed_at) + " cycles after the precharge at cycle " +
                                std::to_string(b.closed_at) + ", needs " + std::to_string(t_.trp));
      }
      uint32_t recent = 0;
      for (const Past& p : pc.history[kAct]) recent += p.cycle + t_.tfaw > c.cycle;
      if (recent >= 4) violation(c, "tFAW", "a fifth ACT within " + std::to_string(t_.tfaw) + " cycles");
      check_rules(c, kind, c.bank, pc);
      b.open = true;
      b.row = c.row;
      b.act = c.cycle;
      break;
    }
    case CommandType::Pre: {
      BankState& b = pc.banks[c.bank];
      check_rules(c, kind, c.bank, pc);
      if (b.open) {
        b.open = false;
        b.precharged_once = true;
        b.closed_at = c.cycle;
      }
      break;
    }
    case CommandType::PreA: {
      // Bank-scoped rules apply to each open bank; pseudo-channel-scoped ones (tPPD) once.
      for (uint16_t i = 0; i < pc.banks.size(); ++i) {
        BankState& b = pc.banks[i];
        if (!b.open) continue;
        for (const Rule& r : rules_by_next_[kPre]) {
          if (r.scope != Scope::Bank) continue;
          for (const Past& p : pc.history[r.prev]) {
            if (p.bank == i && c.cycle - p.cycle < r.min) {
              violation(c, r.name, "bank " + std::to_string(i) + ": " + std::to_string(c.cycle - p.cycle) +
                                       " cycles after cycle " + std::to_string(p.cycle) + ", needs " + std::to_string(r.min));
            }
          }
        }
        b.open = false;
        b.precharged_once = true;
        b.closed_at = c.cycle;
      }
      for (const Rule& r : rules_by_next_[kPre]) {
        if (r.scope == Scope::Bank) continue;
        for (const Past& p : pc.history[r.prev]) {
          if (c.cycle - p.cycle < r.min) {
            violation(c, r.name, std::to_string(c.cycle - p.cycle) + " cycles after cycle " + std::to_string(p.cycle) +
                                     ", needs " + std::to_string(r.min));
          }
        }
      }
      break;
    }
    case CommandType::Rd:
    case CommandType::RdA:
    case CommandType::Wr:
    case CommandType::WrA: {
      BankState& b = pc.banks[c.bank];
      if (!b.open) {
        violation(c, "state", "column access to a closed bank");
      } else if (b.row != c.row) {
        violation(c, "state", "column access to row " + std::to_string(c.row) + " while row " + std::to_string(b.row) + " is open");
      }
      check_rules(c, kind, c.bank, pc);
      check_data_bus(c, pc);
      if (is_auto_precharge(c.type) && b.open) {
        const uint64_t after_access = c.cycle + (is_read(c.type) ? t_.trtp : t_.wl + t_.burst + t_.twr);
        b.open = false;
        b.precharged_once = true;
        b.closed_at = std::max(after_access, b.act + t_.tras);
      }
      break;
    }
    case CommandType::RefAb: {
      for (uint16_t i = 0; i < pc.banks.size(); ++i) {
        const BankState& b = pc.banks[i];
        if (b.open) violation(c, "state", "REFab while bank " + std::to_string(i) + " is open");
        else if (b.precharged_once && c.cycle < b.closed_at + t_.trp)
          violation(c, "tRP", "REFab " + std::to_string(c.cycle - b.closed_at) + " cycles after bank " +
                                  std::to_string(i) + " began to precharge, needs " + std::to_string(t_.trp));
      }
      check_rules(c, kind, kAllBanks, pc);
      if (options_.refresh == RefreshMode::AllBank) check_refresh_gap(c, pc.last_refab, c.cycle, "REFab");
      pc.last_refab = c.cycle;
      for (BankState& b : pc.banks) b.last_refresh = c.cycle;
      break;
    }
    case CommandType::RefPb: {
      BankState& b = pc.banks[c.bank];
      if (b.open) violation(c, "state", "REFpb to an open bank");
      else if (b.precharged_once && c.cycle < b.closed_at + t_.trp)
        violation(c, "tRP", "REFpb " + std::to_string(c.cycle - b.closed_at) + " cycles after the bank began to precharge, needs " + std::to_string(t_.trp));
      check_rules(c, kind, c.bank, pc);
      if (options_.refresh == RefreshMode::PerBank) check_refresh_gap(c, b.last_refresh, c.cycle, "REFpb of this bank");
      b.last_refresh = c.cycle;
      break;
    }
  }
  const uint16_t recorded = (c.type == CommandType::PreA || c.type == CommandType::RefAb) ? kAllBanks : c.bank;
  pc.history[kind].push_back({c.cycle, recorded});
}

void TimingChecker::finish(uint64_t end_cycle) {
  if (options_.refresh == RefreshMode::Off) return;
  for (size_t i = 0; i < pcs_.size(); ++i) {
    Command c;
    c.cycle = end_cycle;
    c.channel = static_cast<uint32_t>(i / org_.pseudo_channels);
    c.pc = static_cast<uint16_t>(i % org_.pseudo_channels);
    if (options_.refresh == RefreshMode::AllBank) {
      c.type = CommandType::RefAb;
      check_refresh_gap(c, pcs_[i].last_refab, end_cycle, "end of run");
    } else {
      c.type = CommandType::RefPb;
      for (uint16_t b = 0; b < pcs_[i].banks.size(); ++b) {
        c.bank = b;
        check_refresh_gap(c, pcs_[i].banks[b].last_refresh, end_cycle, "end of run");
      }
    }
  }
}

nlohmann::json TimingChecker::report() const {
  nlohmann::json by_rule = nlohmann::json::object();
  for (const auto& [rule, n] : by_rule_) by_rule[rule] = n;
  return {{"commands", commands_}, {"violations", violations_}, {"by_rule", by_rule}, {"examples", examples_}};
}

}  // namespace snsim::hbm
