// What the harness implementations share: access to Verilated ports of any width and the waveform
// window. Include only from harness sources (it pulls in Verilator's headers, which must not meet
// SystemC's in one translation unit).
#pragma once

#include <verilated.h>
#include <verilated_fst_c.h>

#include <cstdint>
#include <memory>
#include <string>

#include "models/rtl_switch/verilated_ports.h"
#include "testbench/lockstep.h"

namespace snsim::cosim {

// --- port access ------------------------------------------------------------------------------------
// get_bit, set_bit and pointer_width: models/rtl_switch/verilated_ports.h (the RTL switch uses them too).

// --- the Verilated top --------------------------------------------------------------------------------
// A Verilated harness top seen through numbered ports (each harness numbers its own), so that the
// harness itself is compiled once and only a thin adapter per Verilated class is a template.
class Dut {
 public:
  virtual ~Dut() = default;
  virtual bool get(int port, uint32_t bit) const = 0;
  virtual void set(int port, uint32_t bit, bool on) = 0;
  virtual void eval() = 0;
  virtual void trace(VerilatedFstC* fst) = 0;
  virtual void final() = 0;

  // Bits [lsb + width - 1 : lsb] of a port, width <= 32.
  virtual uint32_t field(int port, uint32_t lsb, uint32_t width) const = 0;
  virtual void set_field(int port, uint32_t lsb, uint32_t width, uint32_t value) = 0;
};

// The adapter: `Ports` maps a port number to the Verilated member, `Ports::with(model, port, f)` calls f
// on it.
template <typename Model, typename Ports>
class DutOf final : public Dut {
 public:
  explicit DutOf(VerilatedContext* context) : model_(context) {}
  bool get(int port, uint32_t bit) const override {
    bool value = false;
    Ports::with(model_, port, [&](auto& member) { value = get_bit(member, bit); });
    return value;
  }
  void set(int port, uint32_t bit, bool on) override {
    Ports::with(model_, port, [&](auto& member) { set_bit(member, bit, on); });
  }
  uint32_t field(int port, uint32_t lsb, uint32_t width) const override {
    uint32_t value = 0;
    Ports::with(model_, port, [&](auto& member) {
      for (uint32_t b = 0; b < width; ++b) value |= static_cast<uint32_t>(get_bit(member, lsb + b)) << b;
    });
    return value;
  }
  void set_field(int port, uint32_t lsb, uint32_t width, uint32_t value) override {
    Ports::with(model_, port, [&](auto& member) {
      for (uint32_t b = 0; b < width; ++b) set_bit(member, lsb + b, (value >> b) & 1);
    });
  }
  void eval() override { model_.eval(); }
  void trace(VerilatedFstC* fst) override { model_.trace(fst, 99); }
  void final() override { model_.final(); }

 private:
  mutable Model model_;
};

// --- waveform window -------------------------------------------------------------------------------
// Time base of the harness waveforms: cycle c starts at c ns (clock low, inputs of cycle c applied);
// the rising edge that ends it comes at c ns + 500 ps. The FST is opened only when the window starts,
// so the cycles before it cost nothing.
class Dut;

class WaveWindow {
 public:
  // `path` empty: no waveform. Otherwise cycles [first_cycle, ...] are written to `path`.
  WaveWindow(VerilatedContext* context, std::string path, uint64_t first_cycle)
      : context_(context), path_(std::move(path)), first_cycle_(first_cycle) {}
  ~WaveWindow() { close(); }

  void sample(Dut& dut, uint64_t cycle, bool rising_edge);
  void close() {
    if (fst_) fst_->close();
    fst_.reset();
  }
  bool written() const { return fst_ != nullptr; }

 private:
  VerilatedContext* context_;
  std::string path_;
  uint64_t first_cycle_;
  std::unique_ptr<VerilatedFstC> fst_;
};

// A fresh Verilator context for one run: no command-line arguments, tracing allowed, 1 ps precision.
std::unique_ptr<VerilatedContext> make_context();

// The absolute path of `name` in `dir`, creating `dir` if needed; empty when it cannot be made.
std::string wave_file(const std::string& dir, const std::string& name);

// After a pass found a mismatch: runs the same stimulus again (the run is deterministic) with the
// waveform written to <wave_dir>/<name> from `window` cycles before the mismatch, and records in `first`
// where the waveform is and whether the replay hit the same mismatch. `replay` may carry more of the
// harness's pass settings (which variant the waveform shows); returns it with the waveform's window.
template <typename Result, typename Pass, typename RunPass>
Pass replay_mismatch(Result& first, uint64_t window, const std::string& wave_dir, const std::string& name,
                     RunPass&& run_pass, Pass replay) {
  replay.wave_from = first.mismatch.cycle > window ? first.mismatch.cycle - window : 0;
  replay.wave_path = wave_file(wave_dir, name);
  const Result second = run_pass(replay);
  first.wave_path = replay.wave_path;
  first.mismatch_reproduced = second.mismatch_found && second.mismatch.cycle == first.mismatch.cycle &&
                              second.mismatch.what == first.mismatch.what;
  return replay;
}

}  // namespace snsim::cosim

namespace snsim::cosim {

// --- GTKWave save file ------------------------------------------------------------------------------
// Written next to a mismatch waveform, so that `gtkwave file.gtkw` opens the FST with the stimulus, the
// RTL's and the twin's signals side by side (grouped) and a marker on the mismatch.
class GtkwLayout {
 public:
  enum class Format { kBinary, kHex, kDecimal };

  void begin_group(const std::string& name) {
    lines_ += "@800200\n-" + name + "\n";
    open_ = name;
  }
  void end_group() {
    lines_ += "@1000200\n-" + open_ + "\n";
  }
  // A signal as traced: `name` is the full dotted name, `width` its width in bits.
  void signal(const std::string& name, uint32_t width, Format format) {
    lines_ += flags(format) + name + (width > 1 ? "[" + std::to_string(width - 1) + ":0]" : "") + "\n";
  }
  // A field of a traced vector shown as a signal of its own: bits [lsb + width - 1 : lsb] of `name`, a
  // vector [vector_width - 1 : 0]. GTKWave names bit k of it "(vector_width - 1 - k)name[msb:0]".
  void field(const std::string& label, const std::string& name, uint32_t vector_width, uint32_t lsb, uint32_t width,
             Format format) {
    const std::string vector = name + "[" + std::to_string(vector_width - 1) + ":0]";
    lines_ += flags(format) + "#{" + label + "}";
    for (uint32_t b = width; b-- > 0;) lines_ += " (" + std::to_string(vector_width - 1 - (lsb + b)) + ")" + vector;
    lines_ += "\n";
  }
  // Writes the save file; the view shows [first_ps, last_ps] with the marker at `marker_ps`.
  bool write(const std::string& gtkw_path, const std::string& fst_path, uint64_t first_ps, uint64_t last_ps,
             uint64_t marker_ps) const;

 private:
  static std::string flags(Format format) {
    switch (format) {
      case Format::kBinary: return "@28\n";
      case Format::kHex: return "@22\n";
      case Format::kDecimal: return "@24\n";
    }
    return "@22\n";
  }
  std::string lines_;
  std::string open_;
};

// "x.fst" -> "x.gtkw"
std::string gtkw_path_for(const std::string& fst_path);

}  // namespace snsim::cosim
