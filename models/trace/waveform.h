// Waveforms of the TLM-level state of a run (`snsim run --vcd FILE --fst FILE`): queue occupancies,
// wire busy and the packet on each wire, the sender's credits (or pause state) per VC, on SystemC's
// time base (one cycle = the clock period; the file's unit is the kernel's resolution, 1 ps).
//
// Why record changes instead of sampling: the engine steps a component only on cycles it asked for, and
// some state changes at cycles where nothing runs (a credit arriving, a wire going idle). The models
// report each change through the hooks of models/stats/trace_hooks.h, stamped with the cycle it takes
// effect; the recorder orders them in time and writes a value only when it changes. Changes are final
// once simulated time has passed them (hooks never report the past), so the recorder writes everything
// before the current time and holds only future changes in memory. Nothing here runs when tracing is
// off: the hooks stay null.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <queue>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/core/packet.h"
#include "models/stats/trace_hooks.h"

namespace snsim {

struct TraceOptions {
  std::string vcd_file;                // empty: no VCD
  std::string fst_file;                // empty: no FST
  std::vector<std::string> patterns;   // component name globs; empty: every component
  uint64_t begin = 0;                  // window [begin, end) in cycles
  uint64_t end = kNever;
  bool enabled() const { return !vcd_file.empty() || !fst_file.empty(); }
};

// A bad --trace-* option or one that selects nothing (the command line's usage error, exit status 2).
class TraceOptionError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// "START:END" in cycles; either side may be empty (from 0, to the end of the run). Throws
// TraceOptionError saying what is wrong.
void parse_trace_window(const std::string& text, TraceOptions& options);
// "sw0*,ep3*": comma-separated glob patterns (* ? [..]). Throws TraceOptionError on an empty one.
std::vector<std::string> parse_trace_filter(const std::string& text);
// True if FST output is built in (it needs the FST writer shipped with Debian's verilator and zlib).
bool fst_supported();

class WaveWriter;

class WaveformRecorder : public TraceDirectory {
 public:
  // `period_ticks`: the clock period in kernel time units (sc_time::value()).
  WaveformRecorder(TraceOptions options, uint64_t period_ticks);
  ~WaveformRecorder() override;

  // TraceDirectory: hooks for the selected components, null for the others.
  QueueTrace* queue(const std::string& name, const std::string& unit) override;
  LinkTrace* link(const std::string& name) override;
  SignalTrace* signals(const std::string& component, const std::string& scope) override;

  // After the fabric is built: every pattern must select a component. Throws TraceOptionError naming
  // the components that exist.
  void check_selection() const;
  // Then, before the run: creates the files (a bad path fails here, not after the run).
  void open_files();
  // After the fabric is built: hooks the per-VC occupancy of the selected switches' inputs (when there is
  // more than one VC; with one, the input's occupancy is the VC's).
  void trace_input_vcs();
  // At the end of the run: writes what is left up to `end_cycle` (or the window's end) and closes the
  // files; writes a GTKWave save file next to each (FILE with .gtkw). Returns warnings to print.
  std::vector<std::string> finish(uint64_t end_cycle);

  // The signal interface the hooks use (and any other producer on the same time base).
  struct Signal {
    std::string component;  // scope in the file
    std::string name;
    unsigned width;
    bool boolean;           // written as 1 when the value is non-zero
    SignalTrace::Format format;  // how the GTKWave save file shows it
    int64_t value;          // current value (changes applied up to the flushed time)
    int64_t written;        // last value written
    int64_t before = 0;     // value before the changes at the time being closed
    bool dirty = false;
  };
  // `format` defaults to a bit for width 1, else a step plot (a count).
  uint32_t add_signal(const std::string& component, const std::string& name, unsigned width, bool boolean,
                      int64_t initial, std::optional<SignalTrace::Format> format = std::nullopt);
  void set(uint64_t ticks, uint32_t signal, int64_t value) { record(ticks, signal, false, value); }
  void add(uint64_t ticks, uint32_t signal, int64_t delta) { record(ticks, signal, true, delta); }
  uint64_t ticks_of_cycle(uint64_t cycle) const;
  uint64_t ticks_of_fixed_point(uint64_t fp) const;  // 16 fractional bits of a cycle
  uint64_t now_ticks() const;
  const std::vector<Signal>& signals() const { return signals_; }
  uint64_t changes_written() const { return changes_written_; }

 private:
  struct Change {
    uint64_t ticks;
    uint64_t sequence;  // record order: of two changes at one time, the later one wins
    uint32_t signal;
    bool delta;
    int64_t value;
    bool operator>(const Change& o) const { return ticks != o.ticks ? ticks > o.ticks : sequence > o.sequence; }
  };
  class QueueHook;
  class LinkHook;
  class VcHook;
  class SignalHook;

  bool selected(const std::string& component);
  void record(uint64_t ticks, uint32_t signal, bool delta, int64_t value);
  void flush_before(uint64_t ticks);
  void close_group(uint64_t ticks);
  void start_writing(uint64_t ticks, bool before_group);
  void write_gtkw(const std::string& wave_file, uint64_t first_ticks, uint64_t last_ticks) const;

  TraceOptions options_;
  uint64_t period_ticks_;
  uint64_t begin_ticks_, end_ticks_;
  std::vector<Signal> signals_;
  std::vector<std::string> components_;        // every component offered, in order
  std::vector<std::string> traced_components_; // those selected
  std::vector<std::unique_ptr<QueueHook>> queue_hooks_;
  std::vector<std::unique_ptr<LinkHook>> link_hooks_;
  std::vector<std::unique_ptr<VcHook>> vc_hooks_;
  std::vector<std::unique_ptr<SignalHook>> signal_hooks_;
  std::vector<std::unique_ptr<WaveWriter>> writers_;
  std::priority_queue<Change, std::vector<Change>, std::greater<Change>> pending_;
  std::vector<uint32_t> group_;  // signals changed at the time being closed
  uint64_t sequence_ = 0;
  uint64_t flushed_ = 0;         // every change before this time has been applied
  bool started_ = false;         // the initial values have been written
  bool finished_ = false;
  uint64_t changes_written_ = 0;
};

}  // namespace snsim
