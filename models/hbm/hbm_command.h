// The DRAM commands a controller issues, as seen on a channel's command buses, and the interface through
// which anyone (the timing checker, a trace writer) can watch the stream.
#pragma once

#include <cstdint>

namespace snsim::hbm {

enum class CommandType : uint8_t {
  Act,    // activate a row (row bus)
  Pre,    // precharge one bank (row bus)
  PreA,   // precharge all banks of the pseudo-channel (row bus)
  Rd,     // read burst (column bus)
  RdA,    // read burst with auto-precharge
  Wr,     // write burst
  WrA,    // write burst with auto-precharge
  RefAb,  // all-bank refresh of the pseudo-channel (row bus)
  RefPb,  // per-bank refresh (row bus)
};

inline const char* to_string(CommandType c) {
  switch (c) {
    case CommandType::Act: return "ACT";
    case CommandType::Pre: return "PRE";
    case CommandType::PreA: return "PREA";
    case CommandType::Rd: return "RD";
    case CommandType::RdA: return "RDA";
    case CommandType::Wr: return "WR";
    case CommandType::WrA: return "WRA";
    case CommandType::RefAb: return "REFab";
    case CommandType::RefPb: return "REFpb";
  }
  return "?";
}

inline bool is_column(CommandType c) {
  return c == CommandType::Rd || c == CommandType::RdA || c == CommandType::Wr || c == CommandType::WrA;
}
inline bool is_read(CommandType c) { return c == CommandType::Rd || c == CommandType::RdA; }
inline bool is_write(CommandType c) { return c == CommandType::Wr || c == CommandType::WrA; }
inline bool is_auto_precharge(CommandType c) { return c == CommandType::RdA || c == CommandType::WrA; }

// One command. `channel` counts over all stacks; `bank` is the flat bank index inside the pseudo-channel,
// (sid * bank_groups + bank_group) * banks_per_group + bank_in_group. Column commands carry the row the
// scheduler believes open, so a checker can catch a stale-row bug.
struct Command {
  uint64_t cycle = 0;
  CommandType type = CommandType::Act;
  uint32_t channel = 0;
  uint16_t pc = 0;
  uint16_t bank = 0;
  uint32_t row = 0;
  uint32_t column = 0;
};

class CommandObserver {
 public:
  virtual ~CommandObserver() = default;
  virtual void on_command(const Command& command) = 0;
};

}  // namespace snsim::hbm
