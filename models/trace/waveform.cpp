#include "models/trace/waveform.h"

#include <fnmatch.h>

#include <systemc>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <set>
#include <stdexcept>

#include "models/switch/crossbar_switch.h"
#include "models/trace/wave_writer.h"

namespace snsim {

namespace {

uint64_t parse_cycles(const std::string& text, const std::string& whole) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 19) {
    throw TraceOptionError("--trace-window " + whole + ": \"" + text +
                                "\" is not a cycle count (expected START:END in cycles, e.g. 2000:2500)");
  }
  return std::stoull(text);
}

// A component owns a queue named "<component>.<queue>" (the component's name may be hierarchical,
// pod0.leaf3, so the queue is what follows the last dot); a link is a component of its own.
std::string component_of_queue(const std::string& name) {
  const size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(0, dot);
}

std::string signal_name(std::string text) {
  for (char& c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  }
  return text;
}

}  // namespace

void parse_trace_window(const std::string& text, TraceOptions& options) {
  const size_t colon = text.find(':');
  if (colon == std::string::npos || text.find(':', colon + 1) != std::string::npos) {
    throw TraceOptionError("--trace-window " + text + ": expected START:END in cycles (either may be empty)");
  }
  const std::string a = text.substr(0, colon), b = text.substr(colon + 1);
  options.begin = a.empty() ? 0 : parse_cycles(a, text);
  options.end = b.empty() ? kNever : parse_cycles(b, text);
  if (options.end <= options.begin) {
    throw TraceOptionError("--trace-window " + text + ": END must be after START");
  }
}

std::vector<std::string> parse_trace_filter(const std::string& text) {
  std::vector<std::string> patterns;
  size_t from = 0;
  while (true) {
    const size_t comma = text.find(',', from);
    std::string p = text.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
    p.erase(0, p.find_first_not_of(' '));
    p.erase(p.find_last_not_of(' ') + 1);
    if (p.empty()) throw TraceOptionError("--trace-filter \"" + text + "\": an empty pattern");
    patterns.push_back(p);
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  return patterns;
}

bool fst_supported() {
#ifdef SNSIM_HAVE_FSTAPI
  return true;
#else
  return false;
#endif
}

// ---- hooks ----------------------------------------------------------------------------------------------

class WaveformRecorder::QueueHook : public QueueTrace {
 public:
  QueueHook(WaveformRecorder& r, uint32_t signal) : r_(r), signal_(signal) {}
  void change(uint64_t cycle, int64_t delta) override { r_.add(r_.ticks_of_cycle(cycle), signal_, delta); }

 private:
  WaveformRecorder& r_;
  uint32_t signal_;
};

class WaveformRecorder::LinkHook : public LinkTrace {
 public:
  LinkHook(WaveformRecorder& r, const std::string& name)
      : r_(r), name_(name), busy_(r.add_signal(name, "busy", 1, true, 0)),
        packet_(r.add_signal(name, "packet", 64, false, 0, SignalTrace::Format::kHex)) {}

  // Busy intervals may abut or (packed framing) overlap: the signal counts them and shows "any".
  void busy(uint64_t start_fp, uint64_t end_fp) override {
    if (end_fp <= start_fp) return;
    r_.add(r_.ticks_of_fixed_point(start_fp), busy_, 1);
    r_.add(r_.ticks_of_fixed_point(end_fp), busy_, -1);
  }
  void packet(uint64_t start_fp, uint64_t end_fp, uint64_t id) override {
    // With packed framing (UALink) a packet's content starts inside a DL flit already on the wire; the
    // byte position rounds down and can land a fraction of a cycle before now. Show it from now.
    const uint64_t start = std::max(r_.ticks_of_fixed_point(start_fp), r_.now_ticks());
    r_.set(start, packet_, static_cast<int64_t>(id));
    r_.set(r_.ticks_of_fixed_point(end_fp), packet_, 0);
  }
  void flow_control(bool credits, uint32_t vcs, uint32_t credits_per_vc) override {
    credit_mode_ = credits;
    for (uint32_t vc = 0; vc < vcs; ++vc) {
      const std::string vc_name = "_vc" + std::to_string(vc);
      vc_signals_.push_back(credits ? r_.add_signal(name_, "credits" + vc_name, 32, false, credits_per_vc)
                                    : r_.add_signal(name_, "paused" + vc_name, 1, true, 0));
    }
  }
  void sent(uint16_t vc, uint32_t flits) override {
    if (credit_mode_) r_.add(r_.now_ticks(), vc_signals_.at(vc), -static_cast<int64_t>(flits));
  }
  void message(uint64_t effective_cycle, const FlowControlInfo& info) override {
    const uint64_t t = r_.ticks_of_cycle(effective_cycle);
    const uint32_t s = vc_signals_.at(info.vc);
    switch (info.kind) {
      case FlowControlKind::Credit: r_.add(t, s, info.flits); break;
      case FlowControlKind::Pause: r_.set(t, s, 1); break;
      case FlowControlKind::Resume: r_.set(t, s, 0); break;
    }
  }

 private:
  WaveformRecorder& r_;
  std::string name_;
  uint32_t busy_, packet_;
  bool credit_mode_ = true;
  std::vector<uint32_t> vc_signals_;
};

class WaveformRecorder::VcHook : public VcQueueTrace {
 public:
  VcHook(WaveformRecorder& r, std::vector<uint32_t> signals) : r_(r), signals_(std::move(signals)) {}
  void change(uint16_t vc, int64_t delta) override { r_.add(r_.now_ticks(), signals_.at(vc), delta); }

 private:
  WaveformRecorder& r_;
  std::vector<uint32_t> signals_;
};

class WaveformRecorder::SignalHook : public SignalTrace {
 public:
  SignalHook(WaveformRecorder& r, std::string scope) : r_(r), scope_(std::move(scope)) {}
  uint32_t declare(const std::string& name, unsigned width, Format format, uint64_t initial) override {
    if (width < 1 || width > 64) throw std::logic_error("waveform: " + scope_ + "." + name + " is wider than 64 bits");
    return r_.add_signal(scope_, signal_name(name), width, width == 1, static_cast<int64_t>(initial), format);
  }
  void set(uint64_t fp, uint32_t handle, uint64_t value) override {
    r_.set(r_.ticks_of_fixed_point(fp), handle, static_cast<int64_t>(value));
  }

 private:
  WaveformRecorder& r_;
  std::string scope_;
};

// ---- recorder -------------------------------------------------------------------------------------------

WaveformRecorder::WaveformRecorder(TraceOptions options, uint64_t period_ticks)
    : options_(std::move(options)), period_ticks_(period_ticks) {
  begin_ticks_ = ticks_of_cycle(options_.begin);
  end_ticks_ = options_.end == kNever ? UINT64_MAX : ticks_of_cycle(options_.end);
  if (!options_.fst_file.empty() && !fst_supported()) {
    throw TraceOptionError("--fst: this snsim was built without FST support (it needs verilator's fstapi "
                                "and zlib1g-dev: scripts/install-deps.sh, then reconfigure); use --vcd");
  }
}

void WaveformRecorder::open_files() {
  if (!options_.vcd_file.empty()) writers_.push_back(make_vcd_writer(options_.vcd_file));
  if (!options_.fst_file.empty()) writers_.push_back(make_fst_writer(options_.fst_file));
}

WaveformRecorder::~WaveformRecorder() = default;

uint64_t WaveformRecorder::ticks_of_cycle(uint64_t cycle) const {
  const unsigned __int128 t = static_cast<unsigned __int128>(cycle) * period_ticks_;
  return t > UINT64_MAX ? UINT64_MAX : static_cast<uint64_t>(t);
}

uint64_t WaveformRecorder::ticks_of_fixed_point(uint64_t fp) const {
  const unsigned __int128 t = (static_cast<unsigned __int128>(fp) * period_ticks_) >> 16;
  return t > UINT64_MAX ? UINT64_MAX : static_cast<uint64_t>(t);
}

uint64_t WaveformRecorder::now_ticks() const { return sc_core::sc_time_stamp().value(); }

bool WaveformRecorder::selected(const std::string& component) {
  if (std::find(components_.begin(), components_.end(), component) == components_.end()) {
    components_.push_back(component);
  }
  bool match = options_.patterns.empty();
  for (const auto& p : options_.patterns) match = match || fnmatch(p.c_str(), component.c_str(), 0) == 0;
  if (match && std::find(traced_components_.begin(), traced_components_.end(), component) == traced_components_.end()) {
    traced_components_.push_back(component);
  }
  return match;
}

QueueTrace* WaveformRecorder::queue(const std::string& name, const std::string& unit) {
  const std::string component = component_of_queue(name);
  if (!selected(component)) return nullptr;
  const std::string rest = name.size() > component.size() ? name.substr(component.size() + 1) : "queue";
  const uint32_t s = add_signal(component, signal_name(rest + "_" + unit), 32, false, 0);
  queue_hooks_.push_back(std::make_unique<QueueHook>(*this, s));
  return queue_hooks_.back().get();
}

LinkTrace* WaveformRecorder::link(const std::string& name) {
  if (!selected(name)) return nullptr;
  link_hooks_.push_back(std::make_unique<LinkHook>(*this, name));
  return link_hooks_.back().get();
}

SignalTrace* WaveformRecorder::signals(const std::string& component, const std::string& scope) {
  if (!selected(component)) return nullptr;
  signal_hooks_.push_back(std::make_unique<SignalHook>(*this, scope));
  return signal_hooks_.back().get();
}

void WaveformRecorder::check_selection() const {
  std::string list;
  const size_t shown = std::min<size_t>(components_.size(), 24);
  for (size_t i = 0; i < shown; ++i) list += (i ? ", " : "") + components_[i];
  if (shown < components_.size()) list += ", ... (" + std::to_string(components_.size()) + " in all)";
  for (const auto& p : options_.patterns) {
    const bool any = std::any_of(components_.begin(), components_.end(), [&](const std::string& c) {
      return fnmatch(p.c_str(), c.c_str(), 0) == 0;
    });
    if (!any) {
      throw TraceOptionError("--trace-filter: pattern \"" + p + "\" matches no component; the components are: " + list);
    }
  }
}

void WaveformRecorder::trace_input_vcs() {
  for (sc_core::sc_object* object : sc_core::sc_get_top_level_objects()) {
    auto* sw = dynamic_cast<CrossbarSwitch*>(object);
    if (!sw || !selected(sw->name())) continue;
    for (uint32_t port = 0; port < sw->ports(); ++port) {
      RxFlowControl& flow = sw->input_flow_control(port);
      if (flow.vcs() < 2) continue;
      std::vector<uint32_t> signals;
      for (uint32_t vc = 0; vc < flow.vcs(); ++vc) {
        signals.push_back(add_signal(sw->name(), "in" + std::to_string(port) + "_vc" + std::to_string(vc) + "_flits",
                                     32, false, 0));
      }
      vc_hooks_.push_back(std::make_unique<VcHook>(*this, std::move(signals)));
      flow.set_trace(vc_hooks_.back().get());
    }
  }
}

uint32_t WaveformRecorder::add_signal(const std::string& component, const std::string& name, unsigned width,
                                      bool boolean, int64_t initial, std::optional<SignalTrace::Format> format) {
  if (started_) throw std::logic_error("waveform: signal " + component + "." + name + " added after writing began");
  const SignalTrace::Format f = format ? *format : width == 1 ? SignalTrace::Format::kBit : SignalTrace::Format::kCount;
  signals_.push_back(Signal{component, name, width, boolean, f, initial, initial});
  return static_cast<uint32_t>(signals_.size() - 1);
}

void WaveformRecorder::record(uint64_t ticks, uint32_t signal, bool delta, int64_t value) {
  if (finished_) return;
  const uint64_t now = now_ticks();
  if (now > flushed_) flush_before(now);
  if (ticks < flushed_) {
    throw std::logic_error("waveform: " + signals_[signal].component + "." + signals_[signal].name +
                           " changed at time " + std::to_string(ticks) + ", already written up to " +
                           std::to_string(flushed_));
  }
  pending_.push(Change{ticks, sequence_++, signal, delta, value});
}

void WaveformRecorder::flush_before(uint64_t limit) {
  while (!pending_.empty() && pending_.top().ticks < limit) {
    const Change c = pending_.top();
    if (!group_.empty() && c.ticks != flushed_) close_group(flushed_);
    flushed_ = c.ticks;
    pending_.pop();
    Signal& s = signals_[c.signal];
    if (!s.dirty) s.dirty = true, s.before = s.value, group_.push_back(c.signal);
    s.value = c.delta ? s.value + c.value : c.value;
  }
  if (!group_.empty()) close_group(flushed_);
  flushed_ = std::max(flushed_, limit);
}

// All changes at `ticks` are applied: write those inside the window whose value differs.
void WaveformRecorder::close_group(uint64_t ticks) {
  if (ticks >= begin_ticks_ && ticks < end_ticks_) {
    if (!started_) {
      // The window opens: its first instant shows every signal's value as of then.
      if (ticks > begin_ticks_) {
        start_writing(begin_ticks_, true);
      } else {
        start_writing(begin_ticks_, false);
        for (uint32_t id : group_) signals_[id].dirty = false;
        group_.clear();
        return;
      }
    }
    bool stamped = false;
    for (uint32_t id : group_) {
      Signal& s = signals_[id];
      const int64_t out = s.boolean ? (s.value != 0) : s.value;
      if (out == s.written) continue;
      if (!stamped) {
        for (auto& w : writers_) w->time(ticks);
        stamped = true;
      }
      for (auto& w : writers_) w->value(id, static_cast<uint64_t>(out));
      s.written = out;
      ++changes_written_;
    }
  }
  for (uint32_t id : group_) signals_[id].dirty = false;
  group_.clear();
}

// Writes the header and every signal's value at `ticks` (the window's start): the current one, or, with
// `before_group`, the one before the changes of the (later) time being closed.
void WaveformRecorder::start_writing(uint64_t ticks, bool before_group) {
  started_ = true;
  std::vector<WaveSignalDecl> decls;
  for (const auto& s : signals_) decls.push_back({s.component, s.name, s.width});
  const int exponent = static_cast<int>(std::lround(std::log10(sc_core::sc_get_time_resolution().to_seconds())));
  for (auto& w : writers_) {
    w->header(decls, exponent);
    w->time(ticks);
  }
  for (uint32_t id = 0; id < signals_.size(); ++id) {
    Signal& s = signals_[id];
    const int64_t v = before_group && s.dirty ? s.before : s.value;
    s.written = s.boolean ? (v != 0) : v;
    for (auto& w : writers_) w->value(id, static_cast<uint64_t>(s.written));
  }
}

std::vector<std::string> WaveformRecorder::finish(uint64_t end_cycle) {
  std::vector<std::string> warnings;
  const uint64_t last = std::min(end_ticks_, ticks_of_cycle(end_cycle));
  flush_before(last);
  if (!started_) {
    if (begin_ticks_ >= last) {
      warnings.push_back("the trace window starts at cycle " + std::to_string(options_.begin) +
                         ", not before the run ended (cycle " + std::to_string(end_cycle) +
                         "): the waveform holds only the signals' values at the run's end");
    }
    start_writing(std::min(begin_ticks_, last), false);
  }
  finished_ = true;
  for (auto& w : writers_) w->close(last);
  const uint64_t first = std::min(begin_ticks_, last);
  if (!options_.vcd_file.empty()) write_gtkw(options_.vcd_file, first, last);
  if (!options_.fst_file.empty()) write_gtkw(options_.fst_file, first, last);
  return warnings;
}

// A GTKWave save file next to the waveform: one collapsible group per component, queue depths and credits
// in decimal, packet ids in hex, the view spanning the window.
void WaveformRecorder::write_gtkw(const std::string& wave_file, uint64_t first_ticks, uint64_t last_ticks) const {
  std::filesystem::path gtkw = std::filesystem::path(wave_file).replace_extension(".gtkw");
  std::ofstream out(gtkw);
  if (!out) throw std::runtime_error("cannot write " + gtkw.string());
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(wave_file, ec);
  // GTKWave's zoom is a power of two: at zoom z the wave pane of a 1400-pixel-wide window with 300-pixel
  // signal names shows about 4000 * 2^(-10 - z) time units (measured with GTKWave 3.3.118 under Xvfb), so
  // this fits the window's span. The window is tall enough for every row (about 20 pixels each), up to
  // 1500 pixels.
  const double span = static_cast<double>(std::max<uint64_t>(last_ticks - first_ticks, 1000));
  const double zoom = -10.0 - std::log2(span / 4000.0);
  std::vector<WaveSignalDecl> decls;
  size_t rows = 1;
  std::set<std::string> scopes;
  for (const auto& s : signals_) {
    decls.push_back({s.component, s.name, s.width});
    rows += s.format == SignalTrace::Format::kCount ? 2 : 1;
    scopes.insert(s.component);
  }
  rows += 2 * scopes.size();
  const size_t height = std::clamp<size_t>(200 + 20 * rows, 600, 1500);
  // [savefile] names this file: when the pair is moved together, GTKWave finds the waveform through the
  // path from one to the other (checked with GTKWave 3.3.118: tests/gtkwave_opens_layout.sh).
  std::error_code gtkw_ec;
  const std::filesystem::path gtkw_absolute = std::filesystem::absolute(gtkw, gtkw_ec);
  out << "[*] written by snsim run; open with: gtkwave " << gtkw.string() << "\n"
      << "[dumpfile] \"" << (ec ? wave_file : absolute.string()) << "\"\n"
      << "[savefile] \"" << (gtkw_ec ? gtkw.string() : gtkw_absolute.string()) << "\"\n"
      << "[timestart] " << first_ticks << "\n"
      << "[size] 1400 " << height << "\n"
      << "*" << std::fixed << std::setprecision(6) << zoom << " " << first_ticks
      << " -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1\n"
      << "[signals_width] 300\n"
      << "[sst_expanded] 1\n";
  std::string open;
  auto close_scope = [&] {
    if (!open.empty()) out << "@1000200\n-" << open << "\n";
  };
  for (uint32_t i : scope_order(decls)) {
    const Signal& s = signals_[i];
    if (s.component != open) {
      close_scope();
      open = s.component;
      out << "@800200\n-" << open << "\n";
    }
    // GTKWave trace flags: 0x20 right-justified, 0x8 binary, 0x2 hex, 0x4 decimal, 0x8000 analog (step),
    // 0x20000 a blank row that stretches the analog trace above it. Counters (queue depths, credits) are
    // drawn as steps two rows high, so rises and falls read at a glance; packet ids in hex (source in
    // the digits above bit 40), the RTL's flits in hex too, its cycle number in decimal.
    const bool counter = s.format == SignalTrace::Format::kCount;
    const char* flags = "@28\n";
    switch (s.format) {
      case SignalTrace::Format::kBit: flags = "@28\n"; break;
      case SignalTrace::Format::kCount: flags = "@8024\n"; break;
      case SignalTrace::Format::kDecimal: flags = "@24\n"; break;
      case SignalTrace::Format::kHex: flags = "@22\n"; break;
    }
    out << flags << "fabric." << s.component << "." << s.name
        << (s.width > 1 ? "[" + std::to_string(s.width - 1) + ":0]" : "") << "\n";
    if (counter) out << "@20000\n-\n";
  }
  close_scope();
}

}  // namespace snsim
