// Golden report hashes: a few short runs whose complete reports must stay bit-identical while the
// engine and the models are optimized (issue 8: "determinism under optimization").
//
// A change that is meant to alter results (a model fix, a new report field) changes these hashes; the
// failure message prints the new ones. Update them in the same commit and say in its message why the
// results changed. A change that is only meant to make snsim faster must leave them alone.
#include <gtest/gtest.h>

#include "models/sim/report_hash.h"
#include "tests/test_support.h"

namespace snsim {
namespace {

struct GoldenCase {
  const char* name;
  const char* config;
  std::vector<std::string> overrides;
  const char* hash;
};

const std::vector<GoldenCase>& golden_cases() {
  static const std::vector<GoldenCase> cases = {
      {"switch16_voq_islip", "bench/switch16.yaml",
       {"simulation.measure=2000cycles", "workload.load=0.7"}, "841a98112cfe9cab"},
      {"mesh8x8_booksim", "bench/mesh88_booksim.yaml",
       {"simulation.measure=1000cycles", "workload.load=0.3"}, "b6c4f2446d0befbd"},
      {"torus4x4x4_datelines", "presets/torus_4x4x4.yaml",
       {"simulation.warmup=500cycles", "simulation.measure=1000cycles", "workload.load=0.4"}, "6809268d972bf5fd"},
      {"default_nvlink_bit_errors", "default.yaml",
       {"simulation.warmup=500cycles", "simulation.measure=2000cycles", "link.ber=1e-6"}, "7d0defd0a10f20a6"},
      {"ualink_packed_framing", "examples/protocol_ualink.yaml",
       {"simulation.warmup=500cycles", "simulation.measure=2000cycles"}, "5ef111a531c3d713"},
  };
  return cases;
}

TEST(ReportHash, ShortRunsKeepTheirGoldenReports) {
  std::string update;
  for (const GoldenCase& c : golden_cases()) {
    const nlohmann::json report = test::run_config(test::config_path(c.config), c.overrides);
    const std::string hash = report_hash_hex(report);
    EXPECT_EQ(hash, c.hash) << c.name << ": the report of " << c.config << " changed";
    update += std::string("  ") + c.name + ": " + hash + "\n";
  }
  if (HasFailure()) ADD_FAILURE() << "current hashes (update only if the results were meant to change):\n" << update;
}

// Where and by what a report was made (the config file's path, the snsim version and the config hash
// in `provenance`) is not what it simulated: a rebuild of the same results keeps the hash.
TEST(ReportHash, IgnoresOnlyTheConfigFilePathAndProvenance) {
  nlohmann::json a = {{"config", {{"file", "/a/x.yaml"}, {"name", "n"}}},
                      {"cycles", 10},
                      {"provenance", {{"snsim_version", "a552291"}, {"config_hash", "0123456789abcdef"}}}};
  nlohmann::json b = a;
  b["config"]["file"] = "/elsewhere/x.yaml";
  b["provenance"]["snsim_version"] = "a552291-dirty";
  b["provenance"]["config_hash"] = "fedcba9876543210";
  EXPECT_EQ(report_hash(a), report_hash(b));
  b.erase("provenance");
  EXPECT_EQ(report_hash(a), report_hash(b));
  b["cycles"] = 11;
  EXPECT_NE(report_hash(a), report_hash(b));
  b = a;
  b["config"]["name"] = "m";
  EXPECT_NE(report_hash(a), report_hash(b));
}

}  // namespace
}  // namespace snsim
