// Access to the ports of a Verilated model of any width: Verilator maps ports of up to 64 bits to
// integers and wider ones to VlWide<words>; these read and write single bits and fields of either. Shared by the
// RTL switch (crossbar_rtl_adapter.h) and the lock-step harnesses (testbench/harness_support.h).
#pragma once

#include <cstdint>
#include <type_traits>

namespace snsim::cosim {

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

// Bits [lsb, lsb + width) of a port as a number (width <= 64), and setting them.
template <typename T>
inline uint64_t get_bits(const T& value, uint32_t lsb, uint32_t width) {
  uint64_t v = 0;
  for (uint32_t b = 0; b < width; ++b) v |= uint64_t(get_bit(value, lsb + b)) << b;
  return v;
}

template <typename T>
inline void set_bits(T& value, uint32_t lsb, uint32_t width, uint64_t v) {
  for (uint32_t b = 0; b < width; ++b) set_bit(value, lsb + b, (v >> b) & 1);
}

// Bits needed to index n things ($clog2(n), but at least 1): the RTL's pointer and port-field widths.
inline uint32_t pointer_width(uint32_t n) {
  uint32_t width = 1;
  while ((1u << width) < n) ++width;
  return width;
}

}  // namespace snsim::cosim
