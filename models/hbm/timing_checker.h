// An independent JEDEC timing checker. It watches the command stream a controller issues and reports
// every command that comes too early after an earlier one (a table of pairwise rules: preceding command,
// following command, scope, minimum distance), every command that is illegal in its bank's state
// (a column access to a closed bank or to a row that is not open, an ACT to an open bank, a refresh of an
// open bank), overlapping bursts on a pseudo-channel's data bus, overlapping commands on a channel's row
// or column bus, and refreshes that fall behind.
//
// It shares nothing with the scheduler but the parameter structs: the scheduler keeps "earliest next
// command" registers that each issued command raises; the checker keeps a short history of the commands
// themselves and measures distances. Two formulations of the same rules, so that a bug in one shows up
// as a disagreement with the other.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "models/hbm/hbm_command.h"
#include "models/hbm/hbm_config.h"

namespace snsim::hbm {

class TimingChecker : public CommandObserver {
 public:
  struct Options {
    uint32_t act_bus_cycles = 2;
    uint32_t row_bus_cycles = 1;
    uint32_t column_bus_cycles = 1;
    RefreshMode refresh = RefreshMode::Off;
    uint32_t max_postponed_refreshes = 8;  // a refresh may come at most (this + 1) x tREFI after the last
  };
  static Options options_from(const HbmControllerParams& c);

  TimingChecker(const HbmOrganization& org, const HbmTiming& timing, const Options& options);

  void on_command(const Command& c) override;
  // Checks that refresh kept up until `end_cycle` (call once, when the run ends).
  void finish(uint64_t end_cycle);

  uint64_t commands() const { return commands_; }
  uint64_t violations() const { return violations_; }
  const std::map<std::string, uint64_t>& violations_by_rule() const { return by_rule_; }
  const std::vector<std::string>& examples() const { return examples_; }
  nlohmann::json report() const;

 private:
  enum Kind { kAct, kPre, kRd, kWr, kRefAb, kRefPb, kKinds };
  enum class Scope { Bank, Group, GroupOtherBank, Sid, OtherSid, Pc, PcOtherBank };
  struct Rule {
    Kind prev, next;
    Scope scope;
    uint32_t min;
    std::string name;
  };
  static constexpr uint16_t kAllBanks = 0xffff;
  struct Past {
    uint64_t cycle;
    uint16_t bank;  // kAllBanks for PREA / REFab
  };
  struct BankState {
    bool open = false;
    uint32_t row = 0;
    uint64_t act = 0;
    bool precharged_once = false;
    uint64_t closed_at = 0;    // when the last (explicit or automatic) precharge started
    uint64_t last_refresh = 0;  // REFpb to this bank (or REFab), 0 = none yet
  };
  struct PcState {
    std::vector<BankState> banks;
    std::array<std::deque<Past>, kKinds> history;
    std::deque<std::pair<uint64_t, uint64_t>> data;  // bursts on the data bus, [start, end)
    uint64_t last_refab = 0;
  };
  struct ChannelState {
    uint64_t row_bus_free = 0;
    uint64_t column_bus_free = 0;
  };

  static Kind kind_of(CommandType t);
  bool in_scope(Scope s, uint16_t a, uint16_t b) const;  // bank indices in one pseudo-channel
  void check_rules(const Command& c, Kind kind, uint16_t bank, PcState& pc);
  void check_data_bus(const Command& c, PcState& pc);
  void check_refresh_gap(const Command& c, uint64_t previous, uint64_t cycle, const char* what);
  void violation(const Command& c, const std::string& rule, const std::string& detail);
  std::string where(const Command& c) const;

  HbmOrganization org_;
  HbmTiming t_;
  Options options_;
  std::array<std::vector<Rule>, kKinds> rules_by_next_;
  std::array<uint32_t, kKinds> horizon_{};  // how long a command of each kind stays relevant
  std::vector<PcState> pcs_;
  std::vector<ChannelState> channels_;
  uint64_t commands_ = 0;
  uint64_t last_cycle_ = 0;
  uint64_t violations_ = 0;
  std::map<std::string, uint64_t> by_rule_;
  std::vector<std::string> examples_;
};

}  // namespace snsim::hbm
