// Configuration validation: every refusal names where (file:line:col or the --set) and which key, and
// says what is allowed. The positions below are counted by hand from the YAML text in each test.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/fabric/fabric_config.h"

namespace snsim {
namespace {

FabricConfig read(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  auto doc = ConfigDocument::load_string(yaml, "test.yaml");
  for (const auto& o : overrides) doc->apply_override(o);
  return read_fabric_config(doc);
}

std::string error_of(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  try {
    read(yaml, overrides);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

const char* kMinimal =
    "fabric:\n"
    "  endpoints: 4\n"
    "workload:\n"
    "  load: 0.5\n";

TEST(Config, MinimalConfigGetsDocumentedDefaults) {
  FabricConfig c = read(kMinimal);
  EXPECT_EQ(c.fabric.endpoints, 4u);
  EXPECT_EQ(c.switch_params.ports, 4u);  // auto: one per endpoint
  EXPECT_DOUBLE_EQ(c.link.bytes_per_cycle, 50.0);  // 50 GB/s at 1 GHz
  EXPECT_EQ(c.link.latency, 10u);                  // 10 ns at 1 GHz
  EXPECT_EQ(c.switch_params.latency, 200u);
  EXPECT_EQ(c.workload.sizes.at(0).bytes, 256u);
  EXPECT_EQ(c.fabric.flit_bytes, 16u);
}

TEST(Config, SyntaxErrorNamesLineAndColumn) {
  std::string e = error_of("fabric:\n  endpoints: [4\nworkload:\n  load: 0.5\n");
  EXPECT_NE(e.find("test.yaml:"), std::string::npos) << e;
  EXPECT_NE(e.find("YAML syntax error"), std::string::npos) << e;
}

TEST(Config, UnknownKeyIsRefusedWithSuggestionAndAllowedKeys) {
  std::string e = error_of(std::string(kMinimal) + "link:\n  bandwith: 50GB/s\n");
  EXPECT_NE(e.find("test.yaml:6:3: key 'link.bandwith': unknown key (did you mean 'bandwidth'?)"), std::string::npos) << e;
  EXPECT_NE(e.find("credit_latency"), std::string::npos) << e;
}

TEST(Config, UnknownSectionIsRefused) {
  std::string e = error_of(std::string(kMinimal) + "routers:\n  count: 3\n");
  EXPECT_NE(e.find("test.yaml:5:1: key 'routers': unknown key"), std::string::npos) << e;
}

TEST(Config, WrongUnitIsRefusedWithTheAcceptedUnits) {
  std::string e = error_of(std::string(kMinimal) + "link:\n  latency: 10 parsecs\n");
  EXPECT_NE(e.find("test.yaml:6:12: key 'link.latency'"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown unit 'parsecs'"), std::string::npos) << e;
  EXPECT_NE(e.find("ns"), std::string::npos) << e;
}

TEST(Config, MissingUnitIsRefused) {
  std::string e = error_of(std::string(kMinimal) + "switch:\n  input_buffer: 4096\n");
  EXPECT_NE(e.find("key 'switch.input_buffer'"), std::string::npos) << e;
  EXPECT_NE(e.find("has no unit"), std::string::npos) << e;
}

TEST(Config, NegativeBandwidthIsOutOfRange) {
  std::string e = error_of(std::string(kMinimal) + "link:\n  bandwidth: -50GB/s\n");
  EXPECT_NE(e.find("test.yaml:6:14: key 'link.bandwidth'"), std::string::npos) << e;
  EXPECT_NE(e.find("out of range [0.001, 1000000] B/cycle"), std::string::npos) << e;
}

TEST(Config, ZeroPortsAndZeroEndpointsAreRefused) {
  std::string e = error_of(std::string(kMinimal) + "switch:\n  ports: 0\n");
  EXPECT_NE(e.find("test.yaml:6:10: key 'switch.ports': 0 is out of range [1, 4096], or auto"), std::string::npos) << e;
  e = error_of("fabric:\n  endpoints: 0\nworkload:\n  load: 0.5\n");
  EXPECT_NE(e.find("test.yaml:2:14: key 'fabric.endpoints': 0 is out of range [1, 65536]"), std::string::npos) << e;
}

TEST(Config, TooFewPortsForTheEndpoints) {
  std::string e = error_of(std::string(kMinimal) + "switch:\n  ports: 2\n");
  EXPECT_NE(e.find("key 'switch.ports': 2 ports cannot connect fabric.endpoints = 4"), std::string::npos) << e;
}

TEST(Config, UnknownPatternListsTheChoices) {
  std::string e = error_of("fabric:\n  endpoints: 4\nworkload:\n  load: 0.5\n  pattern: zigzag\n");
  EXPECT_NE(e.find("test.yaml:5:12: key 'workload.pattern': 'zigzag' is not allowed; one of: uniform"), std::string::npos) << e;
}

TEST(Config, HotspotDestinationOutOfRange) {
  std::string e = error_of(
      "fabric:\n  endpoints: 4\nworkload:\n  load: 0.5\n  pattern: hotspot\n  hotspot:\n    nodes: [1, 7]\n"
      "    fraction: 0.5\n");
  EXPECT_NE(e.find("test.yaml:7:16: key 'workload.hotspot.nodes': destination 7 is out of range [0, 3]"), std::string::npos) << e;
}

TEST(Config, MissingRequiredKeysAreNamed) {
  std::string e = error_of("fabric:\n  name: x\nworkload:\n  load: 0.5\n");
  EXPECT_NE(e.find("key 'fabric': missing required key 'endpoints'"), std::string::npos) << e;
  e = error_of("fabric:\n  endpoints: 4\n");
  EXPECT_NE(e.find("key 'workload': missing required key 'load'"), std::string::npos) << e;
}

TEST(Config, WrongTypesAreRefused) {
  std::string e = error_of("fabric:\n  endpoints: [4, 5]\nworkload:\n  load: 0.5\n");
  EXPECT_NE(e.find("test.yaml:2:14: key 'fabric.endpoints': expected a single value, found a list"), std::string::npos) << e;
  e = error_of("fabric:\n  endpoints: four\nworkload:\n  load: 0.5\n");
  EXPECT_NE(e.find("key 'fabric.endpoints': expected a whole number, got 'four'"), std::string::npos) << e;
  e = error_of("fabric: 4\nworkload:\n  load: 0.5\n");
  EXPECT_NE(e.find("test.yaml:1:9: key 'fabric': expected a map of keys"), std::string::npos) << e;
  e = error_of(std::string(kMinimal) + "switch:\n  output_queue: maybe\n");
  EXPECT_NE(e.find("expected true or false"), std::string::npos) << e;
}

TEST(Config, LoadOutsideZeroToOne) {
  std::string e = error_of("fabric:\n  endpoints: 4\nworkload:\n  load: 1.5\n");
  EXPECT_NE(e.find("test.yaml:4:9: key 'workload.load': 1.5 is out of range [0, 1]"), std::string::npos) << e;
}

TEST(Config, OverridesApplyAndTheirErrorsNameTheOverride) {
  FabricConfig c = read(kMinimal, {"workload.load=0.25", "link.latency=3cycles", "switch.input_queue=fifo",
                                   "switch.arbiter=random"});
  EXPECT_DOUBLE_EQ(c.workload.load, 0.25);
  EXPECT_EQ(c.link.latency, 3u);
  std::string e = error_of(kMinimal, {"link.latency=0ns"});
  EXPECT_NE(e.find("--set link.latency=0ns: key 'link.latency': 0ns (= 0 cycles) is out of range [1, 1000000000] cycles"),
            std::string::npos) << e;
  e = error_of(kMinimal, {"link.colour=red"});
  EXPECT_NE(e.find("--set link.colour=red: key 'link.colour': unknown key"), std::string::npos) << e;
  EXPECT_THROW(read(kMinimal, {"workload.load"}), ConfigError);
  EXPECT_THROW(read(kMinimal, {"workload.load.x=1"}), ConfigError);
}

TEST(Config, CrossKeyConstraints) {
  std::string e = error_of(std::string(kMinimal) + "switch:\n  input_queue: fifo\n  arbiter: islip\n");
  EXPECT_NE(e.find("key 'switch.arbiter': islip"), std::string::npos) << e;
  e = error_of(std::string(kMinimal) + "switch:\n  arbiter: random\n  speedup: 4\n");
  EXPECT_NE(e.find("key 'switch.speedup'"), std::string::npos) << e;
  e = error_of(std::string(kMinimal) + "switch:\n  input_buffer: 128B\n");
  EXPECT_NE(e.find("key 'switch.input_buffer': 128 B holds 8 flits of 16 B, less than the largest packet (16 flits)"),
            std::string::npos) << e;
  // 0.9 of 50 B/cycle in 16 B packets would need 2.8 packets per cycle.
  e = error_of("fabric:\n  endpoints: 4\nworkload:\n  load: 0.9\n  packet_size: 16B\n");
  EXPECT_NE(e.find("key 'workload.load'"), std::string::npos) << e;
  EXPECT_NE(e.find("at most one per cycle"), std::string::npos) << e;
  e = error_of("fabric:\n  endpoints: 6\nworkload:\n  load: 0.5\n  pattern: transpose\n");
  EXPECT_NE(e.find("transpose needs endpoints = 4^k"), std::string::npos) << e;
  e = error_of("fabric:\n  endpoints: 6\nworkload:\n  load: 0.5\n  pattern: bit_complement\n");
  EXPECT_NE(e.find("power-of-two"), std::string::npos) << e;
}

// These test binaries register no RTL back end (as a build without Verilator): impl: rtl is refused,
// at the key, saying why. (testbench/rtl_fabric_test.cpp checks the subset with the back end.)
TEST(Config, RtlSwitchIsRefusedWithoutVerilatedRtl) {
  const std::string e = error_of(std::string(kMinimal) + "switch:\n  impl: rtl\n");
  EXPECT_NE(e.find("test.yaml:6:9: key 'switch.impl'"), std::string::npos) << e;
  EXPECT_NE(e.find("built without Verilated RTL"), std::string::npos) << e;
  EXPECT_EQ(error_of(std::string(kMinimal) + "switch:\n  impl: tlm\n"), "(no error)");
}

TEST(Config, TimesInSecondsAreRoundedUpWithANote) {
  FabricConfig c = read(std::string(kMinimal) + "link:\n  latency: 2.5ns\n");
  EXPECT_EQ(c.link.latency, 3u);
  ASSERT_EQ(c.document->notes().size(), 1u);
  EXPECT_NE(c.document->notes()[0].find("rounded up to 3 cycles"), std::string::npos);
}

TEST(Config, PacketSizeMixAndVcs) {
  FabricConfig c = read(
      "fabric:\n  endpoints: 4\n  vcs: 2\nworkload:\n  load: 0.5\n  vc: -1\n  packet_sizes:\n"
      "    - {size: 64B, weight: 3}\n    - {size: 256B, weight: 1}\n");
  ASSERT_EQ(c.workload.sizes.size(), 2u);
  EXPECT_DOUBLE_EQ(c.workload.mean_bytes(), (64.0 * 3 + 256) / 4);
  EXPECT_EQ(c.workload.max_bytes(), 256u);
  std::string e = error_of("fabric:\n  endpoints: 4\nworkload:\n  load: 0.5\n  vc: 1\n");
  EXPECT_NE(e.find("key 'workload.vc': 1 is out of range [-1, 0]"), std::string::npos) << e;
  e = error_of("fabric:\n  endpoints: 4\nworkload:\n  load: 0.5\n  packet_sizes:\n    - {size: 64B, wieght: 3}\n");
  EXPECT_NE(e.find("key 'workload.packet_sizes[0].wieght': unknown key"), std::string::npos) << e;
}

TEST(Config, EmptyOrNonMapDocuments) {
  EXPECT_NE(error_of("").find("test.yaml:1:1: the configuration is empty"), std::string::npos);
  EXPECT_NE(error_of("- a\n- b\n").find("the top level must be a map"), std::string::npos);
}

}  // namespace
}  // namespace snsim
