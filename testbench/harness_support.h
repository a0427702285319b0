// What the harness implementations share: access to Verilated ports of any width and the waveform
// window. Include only from harness sources (it pulls in Verilator's headers, which must not meet
// SystemC's in one translation unit).
#pragma once

#include <verilated.h>
#include <verilated_fst_c.h>

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>

#include "testbench/lockstep.h"

namespace snsim::cosim {

// --- port access ------------------------------------------------------------------------------------
// Verilator maps ports of up to 64 bits to integers and wider ones to VlWide<words>; these read and
// write single bits and small fields of either.
template <typename T>
inline bool get_bit(const T& value, uint32_t bit) {
  if constexpr (std::is_integral_v<T>) {
    return (static_cast<uint64_t>(value) >> bit) & 1;
  } else {
    return (value[bit / 32] >> (bit % 32)) & 1;
  }
}

template <typename T>
inline void set_bit(T& value, uint32_t bit, bool on) {
  if constexpr (std::is_integral_v<T>) {
    const T mask = static_cast<T>(T(1) << bit);
    value = on ? static_cast<T>(value | mask) : static_cast<T>(value & ~mask);
  } else {
    const uint32_t mask = 1u << (bit % 32);
    if (on) value[bit / 32] |= mask;
    else value[bit / 32] &= ~mask;
  }
}

template <typename T>
inline uint32_t get_field(const T& value, uint32_t lsb, uint32_t width) {
  uint32_t out = 0;
  for (uint32_t b = 0; b < width; ++b) out |= static_cast<uint32_t>(get_bit(value, lsb + b)) << b;
  return out;
}

template <typename T>
inline void set_field(T& value, uint32_t lsb, uint32_t width, uint32_t field) {
  for (uint32_t b = 0; b < width; ++b) set_bit(value, lsb + b, (field >> b) & 1);
}

template <typename T>
inline void clear_all(T& value) {
  if constexpr (std::is_integral_v<T>) {
    value = 0;
  } else {
    for (size_t w = 0; w < sizeof(value) / sizeof(value[0]); ++w) value[w] = 0;
  }
}

inline uint32_t pointer_width(uint32_t n) {
  uint32_t width = 1;
  while ((1u << width) < n) ++width;
  return width;
}

// --- waveform window -------------------------------------------------------------------------------
// Time base of the harness waveforms: cycle c starts at c ns (clock low, inputs of cycle c applied);
// the rising edge that ends it comes at c ns + 500 ps. The FST is opened only when the window starts,
// so the cycles before it cost nothing.
class WaveWindow {
 public:
  // `path` empty: no waveform. Otherwise cycles [first_cycle, ...] are written to `path`.
  WaveWindow(VerilatedContext* context, std::string path, uint64_t first_cycle)
      : context_(context), path_(std::move(path)), first_cycle_(first_cycle) {}
  ~WaveWindow() { close(); }

  template <typename Model>
  void sample(Model& model, uint64_t cycle, bool rising_edge) {
    if (path_.empty() || cycle < first_cycle_) return;
    if (!fst_) {
      fst_ = std::make_unique<VerilatedFstC>();
      model.trace(fst_.get(), 99);
      fst_->open(path_.c_str());
    }
    const uint64_t ps = cycle * 1000 + (rising_edge ? 500 : 0);
    context_->time(ps);
    fst_->dump(ps);
  }
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

// "dir/name" with '/' handling; creates `dir` if needed.
std::string wave_file(const std::string& dir, const std::string& name);

}  // namespace snsim::cosim
