// Unit parsing: every unit the YAML accepts, and the errors for the ones it does not.
#include <gtest/gtest.h>

#include "models/core/units.h"

namespace snsim {
namespace {

TEST(Units, SizesUseDecimalAndBinaryPrefixes) {
  EXPECT_DOUBLE_EQ(parse_size_bytes("64B"), 64);
  EXPECT_DOUBLE_EQ(parse_size_bytes("4 KiB"), 4096);
  EXPECT_DOUBLE_EQ(parse_size_bytes("1KB"), 1000);
  EXPECT_DOUBLE_EQ(parse_size_bytes("2MiB"), 2 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(parse_size_bytes("1.5GB"), 1.5e9);
}

TEST(Units, FrequencyAndTime) {
  EXPECT_DOUBLE_EQ(parse_frequency_hz("1GHz"), 1e9);
  EXPECT_DOUBLE_EQ(parse_frequency_hz("1.8 GHz"), 1.8e9);
  EXPECT_DOUBLE_EQ(parse_frequency_hz("500MHz"), 5e8);
  TimeQuantity t = parse_time("20ns");
  EXPECT_FALSE(t.in_cycles);
  EXPECT_DOUBLE_EQ(t.value, 20e-9);
  t = parse_time("7 cycles");
  EXPECT_TRUE(t.in_cycles);
  EXPECT_DOUBLE_EQ(t.value, 7);
  EXPECT_DOUBLE_EQ(parse_time("1.5us").value, 1.5e-6);
}

TEST(Units, BandwidthInBytesBitsOrPerCycle) {
  EXPECT_DOUBLE_EQ(parse_bandwidth("50GB/s").value, 50e9);
  EXPECT_DOUBLE_EQ(parse_bandwidth("400Gbps").value, 50e9);
  EXPECT_DOUBLE_EQ(parse_bandwidth("400 Gb/s").value, 50e9);
  BandwidthQuantity b = parse_bandwidth("16B/cycle");
  EXPECT_TRUE(b.per_cycle);
  EXPECT_DOUBLE_EQ(b.value, 16);
}

TEST(Units, RefusesMissingOrUnknownUnitsAndNonNumbers) {
  EXPECT_THROW(parse_size_bytes("64"), UnitError);
  EXPECT_THROW(parse_size_bytes("64 bytes"), UnitError);
  EXPECT_THROW(parse_time("10 parsecs"), UnitError);
  EXPECT_THROW(parse_bandwidth("fast"), UnitError);
  EXPECT_THROW(parse_frequency_hz("inf GHz"), UnitError);
  try {
    parse_time("10 parsecs");
  } catch (const UnitError& e) {
    EXPECT_NE(std::string(e.what()).find("cycles, ps, ns"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace snsim
