// Golden results (tests/golden/): every config that has one reproduces it within tolerance, through the
// same compare code as `snsim compare`; and `golden update` writes only what changed, and says what.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/sim/golden.h"
#include "tests/test_support.h"

namespace snsim {
namespace {

namespace fs = std::filesystem;

const Tolerances& tolerances() {
  static const Tolerances t = load_tolerances(test::config_path("compare/tolerances.yml"));
  return t;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Golden, EveryConfigReproducesItsGoldenResult) {
  GoldenRequest request;
  request.dir = SNSIM_GOLDEN_DIR;
  request.configs_dir = SNSIM_CONFIG_DIR;
  std::ostringstream log;
  const std::vector<GoldenOutcome> outcomes = run_goldens(request, tolerances(), log);
  EXPECT_EQ(outcomes.size(), golden_config_files(SNSIM_CONFIG_DIR).size()) << log.str();
  for (const GoldenOutcome& o : outcomes) {
    EXPECT_TRUE(o.passes()) << o.file << " (rerun `snsim golden update` only if the change is meant):\n" << log.str();
  }
}

TEST(Golden, CoversTheValidationConfigsPresetsExamplesAndTheDefault) {
  const std::vector<std::string> configs = golden_config_files(SNSIM_CONFIG_DIR);
  std::vector<std::string> names;
  for (const auto& c : configs) names.push_back(golden_file_name(c, SNSIM_CONFIG_DIR));
  auto has = [&](const std::string& n) { return std::find(names.begin(), names.end(), n) != names.end(); };
  EXPECT_TRUE(has("default.json"));
  EXPECT_TRUE(has("validation__hol_fifo_16.json"));
  EXPECT_TRUE(has("presets__torus_8x8.json"));
  EXPECT_TRUE(has("examples__memory_remote_hbm3.json"));
  for (const auto& n : names) {
    EXPECT_EQ(n.find("large"), std::string::npos) << n;  // thousands of chips: minutes, not seconds
    EXPECT_EQ(n.find("bench"), std::string::npos) << n;
  }
  EXPECT_EQ(golden_file_name("/somewhere/else/mine.yaml", SNSIM_CONFIG_DIR), "mine.json");
}

class GoldenUpdate : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("snsim_golden_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    request_.dir = dir_.string();
    request_.configs_dir = SNSIM_CONFIG_DIR;
    request_.configs = {test::config_path("validation/port_saturation.yaml")};  // 44 000 cycles in milliseconds
  }
  void TearDown() override { fs::remove_all(dir_); }
  GoldenOutcome run(bool update, std::string* log_text = nullptr) {
    request_.update = update;
    std::ostringstream log;
    const GoldenOutcome o = run_goldens(request_, tolerances(), log).at(0);
    if (log_text) *log_text = log.str();
    return o;
  }
  fs::path file() const { return dir_ / "validation__port_saturation.json"; }
  fs::path dir_;
  GoldenRequest request_;
};

TEST_F(GoldenUpdate, WritesNewResultsOnceAndLeavesUnchangedOnesAlone) {
  std::string log;
  EXPECT_EQ(run(false, &log).status, GoldenOutcome::Status::New);  // check: missing is a failure
  EXPECT_FALSE(run(false).passes());
  EXPECT_NE(log.find("MISSING"), std::string::npos) << log;
  EXPECT_EQ(run(true).status, GoldenOutcome::Status::New);
  const std::string text = slurp(file());
  EXPECT_NE(text.find("\"config\":\"configs/validation/port_saturation.yaml\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"seed\":1"), std::string::npos);
  EXPECT_NE(text.find("\"config_hash\":\""), std::string::npos);
  EXPECT_NE(text.find("\"snsim_version\":\""), std::string::npos);
  EXPECT_EQ(run(true).status, GoldenOutcome::Status::Unchanged);
  EXPECT_EQ(run(false).status, GoldenOutcome::Status::Unchanged);
  EXPECT_EQ(slurp(file()), text);
  // A golden result made by another version with the same numbers stays as it is: the file names the
  // version that produced its numbers, and an update does not touch it.
  std::string older = text;
  const size_t v = older.find("\"snsim_version\":\"") + 17;
  older.replace(v, older.find('"', v) - v, "v0-older");
  std::ofstream(file()) << older;
  EXPECT_EQ(run(true).status, GoldenOutcome::Status::Unchanged);
  EXPECT_EQ(slurp(file()), older);
}

TEST_F(GoldenUpdate, ACheckFailsOnAChangedResultAndAnUpdatePrintsTheChangeAndRewritesIt) {
  run(true);
  const std::string text = slurp(file());
  // Pretend the golden run had a 10 % lower mean latency.
  Digest tampered = load_digest(file().string());
  tampered.metrics["latency.mean"] = tampered.metrics["latency.mean"].get<double>() * 0.9;
  std::ofstream(file()) << golden_text(tampered);
  std::string log;
  const GoldenOutcome checked = run(false, &log);
  EXPECT_EQ(checked.status, GoldenOutcome::Status::Changed);
  EXPECT_FALSE(checked.passes());
  EXPECT_NE(log.find("BEYOND TOLERANCE"), std::string::npos) << log;
  EXPECT_NE(log.find("latency.mean"), std::string::npos) << log;
  const GoldenOutcome updated = run(true, &log);
  EXPECT_EQ(updated.status, GoldenOutcome::Status::Changed);
  EXPECT_NE(log.find("changed, rewritten"), std::string::npos) << log;
  EXPECT_NE(log.find("latency.mean"), std::string::npos) << log;
  EXPECT_EQ(slurp(file()), text);
}

TEST(GoldenText, ReadsBackToTheSameDigestAndText) {
  const nlohmann::json report = test::run_config(test::config_path("validation/ring_tornado_8.yaml"));
  const Digest g = golden_digest(report, "configs/validation/ring_tornado_8.yaml");
  const std::string text = golden_text(g);
  const Digest back = digest_of_json(nlohmann::json::parse(text), "golden");
  EXPECT_EQ(golden_text(back), text);
  EXPECT_EQ(back.metrics.size(), g.metrics.size());
  EXPECT_EQ(back.components.at("link").rows.size(), report["links"].size());
  // Against the full-precision report it came from, compare works at the golden result's precision:
  // nothing changed.
  const Comparison c = compare(back, digest_of_report(report, "run"), tolerances());
  EXPECT_EQ(c.metrics_changed(), 0u);
  EXPECT_TRUE(c.components.empty());
  // One line per component, so that a review sees which ones changed.
  EXPECT_GE(std::count(text.begin(), text.end(), '\n'), report["links"].size() + report["queues"].size());
}

}  // namespace
}  // namespace snsim
