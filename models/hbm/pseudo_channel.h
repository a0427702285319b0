// One pseudo-channel: its banks, read and write queues, timing state and refresh, and the command
// scheduler that proposes the next row command (ACT, PRE, PREA, REF) and the next column command (RD, WR,
// with or without auto-precharge) it could issue.
//
// Timing is kept as "earliest cycle the next command of each kind may issue" registers at the bank, bank
// group, SID and pseudo-channel levels; issuing a command raises the registers it constrains. A command
// is ready at cycle t when every register it depends on is <= t, so the scheduler also knows the earliest
// cycle at which anything could change, and the controller sleeps until then.
//
// The command buses are not here: the channel (channel.h) arbitrates its pseudo-channels' proposals for
// the shared row and column buses.
#pragma once

#include <array>
#include <deque>
#include <cstdint>
#include <vector>

#include "models/hbm/hbm_command.h"
#include "models/hbm/hbm_config.h"
#include "models/hbm/refresh_manager.h"

namespace snsim::hbm {

constexpr uint64_t kNoCycle = UINT64_MAX;

// Why a burst needed row commands before its column access.
enum class RowOutcome : uint8_t { Hit, Miss, Conflict };

struct BurstRequest {
  uint64_t arrival = 0;  // first cycle the scheduler may act on it
  uint64_t seq = 0;      // acceptance order (ties in arrival)
  uint32_t txn = 0;      // the transaction it belongs to
  uint32_t row = 0;
  uint32_t column = 0;
  uint16_t bank = 0;     // flat bank index in the pseudo-channel
  uint16_t group = 0;    // flat bank-group index (sid * bank_groups + bank_group)
  uint8_t sid = 0;
  bool write = false;
  RowOutcome outcome = RowOutcome::Hit;
};

// Receives what a pseudo-channel does: every command, and every burst whose data transfer is scheduled.
class BurstSink {
 public:
  virtual ~BurstSink() = default;
  virtual void on_command(const Command& c) = 0;
  // `done` is the cycle the burst's last data beat has crossed the bus.
  virtual void on_burst_done(const BurstRequest& b, uint64_t done) = 0;
};

struct PcCounters {
  uint64_t reads = 0, writes = 0;                         // bursts
  uint64_t row_hits = 0, row_misses = 0, row_conflicts = 0;
  uint64_t acts = 0, pres = 0, preas = 0, auto_precharges = 0;
  uint64_t refreshes = 0;
  uint64_t refresh_bank_cycles = 0;  // sum over refreshes of banks x cycles they keep busy
  uint64_t turnarounds = 0;          // switches between read and write mode
  unsigned __int128 queue_area = 0;  // integral of queued bursts over cycles
};

class PseudoChannel {
 public:
  struct Proposal {
    bool valid = false;
    bool refresh = false;  // refresh commands win bus arbitration
    CommandType type = CommandType::Act;
    uint16_t bank = 0;
    int request = -1;      // index in the active queue, for request-driven commands
    uint64_t arrival = 0, seq = 0;  // age of that request (for arbitration)
  };

  PseudoChannel(const HbmConfig& cfg, uint32_t channel, uint32_t index, BurstSink* sink);

  // Room for `bursts` more bursts of one kind, in the read (write) queue and the front-end queue.
  bool has_room(bool write, uint32_t bursts) const;
  // The most bursts of one kind one request may bring (more could never be accepted).
  uint32_t capacity(bool write) const {
    return (write ? params_.write_queue : params_.read_queue) + params_.frontend_queue;
  }
  // Accepts a burst at `now`: into its read or write queue if nothing of its kind waits in front, else
  // into the front-end queue. The scheduler acts on it from b.arrival on.
  void enqueue(const BurstRequest& b, uint64_t now);
  bool empty() const { return reads_.empty() && writes_.empty() && waiting_reads_.empty() && waiting_writes_.empty(); }
  size_t queued() const { return reads_.size() + writes_.size() + waiting_reads_.size() + waiting_writes_.size(); }

  // What this pseudo-channel would issue at cycle t on each bus (if the bus is free), and the earliest
  // later cycle at which a command that is not ready now could become ready (lowered into `next`).
  void propose(uint64_t t, Proposal& row, Proposal& column, uint64_t& next);
  void issue(uint64_t t, const Proposal& p);

  const PcCounters& counters() const { return counters_; }
  void close_counters(uint64_t now);  // brings the queue integral up to `now`
  uint32_t channel() const { return channel_; }
  uint32_t index() const { return index_; }

 private:
  struct Bank {
    bool open = false;
    uint32_t row = 0;
    uint64_t act_cycle = 0;
    uint32_t accesses = 0;  // column accesses since the ACT
    uint64_t next_act = 0, next_pre = 0, next_rd = 0, next_wr = 0, next_ref = 0;
  };
  struct Group {
    uint64_t next_act = 0, next_rd = 0, next_wr = 0, next_refpb = 0;
  };

  std::vector<BurstRequest>& active() { return write_mode_ ? writes_ : reads_; }
  void update_mode();
  void account_queue(uint64_t now);
  uint64_t act_ready(uint16_t bank) const;
  uint64_t column_ready(const BurstRequest& r) const;
  bool another_request_hits(const BurstRequest& r, int skip_index) const;
  bool conflict_waiting(uint16_t bank, uint32_t row) const;
  void propose_refresh(uint64_t t, Proposal& row, uint64_t& next);
  void consider(uint64_t t, uint64_t earliest, const Proposal& candidate, Proposal& slot, uint64_t& next);
  void remove(int index);

  // Effects of each command on the timing registers.
  void do_act(uint64_t t, uint16_t bank, uint32_t row);
  void do_pre(uint64_t t, uint16_t bank, bool explicit_command);
  void do_column(uint64_t t, const BurstRequest& r, bool auto_precharge);
  void do_refab(uint64_t t);
  void do_refpb(uint64_t t, uint16_t bank);

  const HbmOrganization org_;
  const HbmTiming t_;
  const HbmControllerParams params_;
  const uint32_t channel_, index_;
  BurstSink* sink_;
  std::vector<Bank> banks_;
  std::vector<Group> groups_;
  std::vector<uint64_t> next_rd_sid_, next_wr_sid_;  // column-to-column spacing by SID
  uint64_t next_act_ = 0;    // tRRD_S, tRREFD
  uint64_t next_pre_ = 0;    // tPPD
  uint64_t next_refpb_ = 0;  // tRRD_S (ACT), tRREFD (REFpb), tRFC (REFab)
  std::array<uint64_t, 4> last_acts_{};  // the four most recent ACTs, for tFAW
  uint32_t act_count_ = 0;
  void insert_sorted(std::vector<BurstRequest>& q, const BurstRequest& b);
  void refill(uint64_t t);  // moves waiting bursts into freed queue slots

  std::vector<BurstRequest> reads_, writes_;  // each sorted by (arrival, seq)
  std::deque<BurstRequest> waiting_reads_, waiting_writes_;  // the front-end queue, in arrival order
  std::vector<uint32_t> queued_per_bank_;
  std::vector<uint64_t> last_use_;  // per bank: last ACT or column access (refresh picks idle banks by it)
  std::vector<uint8_t> hit_waiting_, bank_seen_;  // scratch of propose()
  bool write_mode_ = false;
  RefreshManager refresh_;
  PcCounters counters_;
  uint64_t queue_since_ = 0;
};

}  // namespace snsim::hbm
