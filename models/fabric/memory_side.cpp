#include "models/fabric/memory_side.h"

#include <string>

namespace snsim {

// Takes every channel's counters at the first HBM edge at or after each end of the fabric's measurement
// window and stores the differences in FabricStats. A Component of the HBM domain: stepped twice.
class HbmWindowProbe : public Component {
 public:
  HbmWindowProbe(const sc_core::sc_module_name& name, ClockDomain& domain,
                 std::vector<std::unique_ptr<hbm::HbmController>>& controllers, uint64_t begin, uint64_t end,
                 FabricStats& stats)
      : Component(name, domain), controllers_(controllers), begin_(begin), end_(end), stats_(stats) {}

  void start() { wake_at(begin_); }

  void step(uint64_t cycle) override {
    if (cycle == begin_) {
      for (auto& c : controllers_) at_begin_.push_back(c->channel_counters(cycle));
      wake_at(end_);
    } else if (cycle == end_) {
      record(cycle);
    }
  }

  // If the run stopped before the probe's step at the window's end, nothing has happened since: the
  // counters now are those at the end.
  void finish() {
    if (!recorded_ && at_begin_.size() == controllers_.size()) record(end_);
  }

 private:
  void record(uint64_t cycle) {
    recorded_ = true;
    for (size_t a = 0; a < controllers_.size(); ++a) {
      hbm::HbmController& ctl = *controllers_[a];
      const hbm::HbmOrganization& o = ctl.config().org;
      const std::vector<hbm::PcCounters> now = ctl.channel_counters(cycle);
      for (size_t ch = 0; ch < now.size(); ++ch) {
        const hbm::PcCounters& e = now[ch];
        const hbm::PcCounters& b = at_begin_[a][ch];
        MemoryChannelRecord r;
        r.name = std::string(ctl.name()) + ".ch" + std::to_string(ch);
        r.accelerator = static_cast<uint32_t>(a);
        r.channel = static_cast<uint32_t>(ch);
        r.cycles = end_ - begin_;
        r.clock_hz = o.clock_hz;
        r.pseudo_channels = o.pseudo_channels;
        r.banks_per_pc = o.banks_per_pc();
        r.burst_bytes = o.burst_bytes();
        r.burst_cycles = o.burst_cycles();
        r.read_bursts = e.reads - b.reads;
        r.write_bursts = e.writes - b.writes;
        r.row_hits = e.row_hits - b.row_hits;
        r.row_misses = e.row_misses - b.row_misses;
        r.row_conflicts = e.row_conflicts - b.row_conflicts;
        r.refreshes = e.refreshes - b.refreshes;
        r.refresh_bank_cycles = e.refresh_bank_cycles - b.refresh_bank_cycles;
        r.turnarounds = e.turnarounds - b.turnarounds;
        r.queue_area = static_cast<double>(e.queue_area - b.queue_area);
        stats_.memory.channels.push_back(r);
      }
    }
  }

  std::vector<std::unique_ptr<hbm::HbmController>>& controllers_;
  uint64_t begin_, end_;
  FabricStats& stats_;
  std::vector<std::vector<hbm::PcCounters>> at_begin_;
  bool recorded_ = false;
};

MemorySide::MemorySide(const hbm::HbmConfig& cfg, uint32_t accelerators, const ClockDomain& fabric_domain,
                       FabricStats& stats)
    : stats_(stats) {
  map_.capacity = cfg.mapping.capacity();
  map_.accelerators = accelerators;
  domain_ = std::make_unique<ClockDomain>("hbm_clock", cfg.org.clock_hz);
  for (uint32_t a = 0; a < accelerators; ++a) {
    const std::string name = "hbm" + std::to_string(a);
    controllers_.push_back(std::make_unique<hbm::HbmController>(name.c_str(), *domain_, cfg));
  }
  const Window& w = stats.window();
  const uint64_t begin = domain_->cycle_at_or_after(fabric_domain.time_of(w.begin));
  const uint64_t end = domain_->cycle_at_or_after(fabric_domain.time_of(w.end));
  probe_ = std::make_unique<HbmWindowProbe>("hbm_window_probe", *domain_, controllers_, begin, end, stats);
}

MemorySide::~MemorySide() = default;

void MemorySide::start() {
  for (auto& c : controllers_) c->start();
  probe_->start();
}

void MemorySide::finish() {
  probe_->finish();
  const uint64_t now = domain_->now();
  for (auto& c : controllers_) {
    hbm::TimingChecker* checker = c->checker();
    if (!checker) continue;
    checker->finish(now);
    stats_.memory.timing_checked = true;
    stats_.memory.timing_violations += checker->violations();
    stats_.memory.commands_checked += checker->commands();
  }
}

}  // namespace snsim
