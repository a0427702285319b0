// The command line as a user meets it: exit codes, one-line errors naming file:line:col and key, the
// summary, and the JSON/CSV files. Runs the real build/snsim binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace {

namespace fs = std::filesystem;

struct Result {
  int code;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class Cli : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("snsim_cli_" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
            std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Result snsim(const std::string& args) {
    std::string cmd = std::string(SNSIM_BINARY) + " " + args + " >" + (dir_ / "out").string() + " 2>" +
                      (dir_ / "err").string();
    int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), slurp(dir_ / "out"), slurp(dir_ / "err")};
  }
  std::string write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  // A bad config must give exit code 1 and exactly one line on stderr that contains `expected`.
  void expect_refused(const std::string& yaml, const std::string& expected) {
    std::string path = write("bad.yaml", yaml);
    Result r = snsim("check " + path);
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(path + expected), std::string::npos) << r.err;
    Result run = snsim("run " + path);
    EXPECT_EQ(run.code, 1) << run.err;
    EXPECT_EQ(run.out, "");
  }

  fs::path dir_;
};

const std::string kGood = "fabric:\n  endpoints: 4\nworkload:\n  load: 0.3\n";

TEST_F(Cli, HelpEverywhere) {
  for (std::string cmd : {"--help", "run --help", "sweep --help", "check --help", "list --help"}) {
    Result r = snsim(cmd);
    EXPECT_EQ(r.code, 0) << cmd;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << cmd;
  }
  EXPECT_NE(snsim("run --help").out.find("--set"), std::string::npos);
  EXPECT_NE(snsim("sweep --help").out.find("--values"), std::string::npos);
}

TEST_F(Cli, UsageErrorsAreOneLine) {
  const std::vector<std::string> commands = {"", "frobnicate", "run", "run /nonexistent.yaml",
                                             "sweep " + write("g.yaml", kGood)};
  for (const std::string& cmd : commands) {
    Result r = snsim(cmd);
    EXPECT_NE(r.code, 0) << cmd;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << cmd << ": " << r.err;
    EXPECT_EQ(r.err.rfind("snsim: error: ", 0), 0u) << r.err;
  }
}

TEST_F(Cli, BadInputNamesFileLineColumnAndKey) {
  expect_refused("fabric:\n  endpoints: 4\n  clock: [1GHz\nworkload:\n  load: 0.3\n", ":4:9: YAML syntax error");
  expect_refused(kGood + "link:\n  bandwith: 50GB/s\n", ":6:3: key 'link.bandwith': unknown key");
  expect_refused(kGood + "link:\n  latency: 10 lightyears\n", ":6:12: key 'link.latency': '10 lightyears' has unknown unit");
  expect_refused(kGood + "link:\n  bandwidth: -5GB/s\n", ":6:14: key 'link.bandwidth': -5GB/s (= -5 B/cycle) is out of range");
  expect_refused(kGood + "switch:\n  ports: 0\n", ":6:10: key 'switch.ports': 0 is out of range [1, 4096]");
  expect_refused("fabric:\n  endpoints: 4\nworkload:\n  load: 0.3\n  pattern: zigzag\n",
                 ":5:12: key 'workload.pattern': 'zigzag' is not allowed; one of: uniform, uniform_no_self");
  expect_refused("fabric:\n  endpoints: 4\nworkload:\n  load: 0.3\n  pattern: hotspot\n  hotspot:\n    nodes: [9]\n"
                 "    fraction: 0.2\n",
                 ":7:13: key 'workload.hotspot.nodes': destination 9 is out of range [0, 3]");
}

TEST_F(Cli, OverrideErrorsNameTheOverride) {
  std::string path = write("g.yaml", kGood);
  Result r = snsim("run " + path + " --set workload.load=2");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("--set workload.load=2: key 'workload.load': 2 is out of range [0, 1]"), std::string::npos) << r.err;
}

TEST_F(Cli, RunPrintsASummaryAndWritesJsonAndCsv) {
  std::string path = write("g.yaml", kGood + "simulation:\n  measure: 3000cycles\n");
  std::string json_path = (dir_ / "r.json").string(), csv_path = (dir_ / "r.csv").string();
  Result r = snsim("run " + path + " --seed 5 --set workload.pattern=uniform_no_self --json " + json_path + " --csv " + csv_path);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("throughput    offered"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("latency       mean"), std::string::npos) << r.out;
  nlohmann::json j = nlohmann::json::parse(slurp(json_path));
  for (const char* key : {"offered_load", "accepted_throughput", "latency", "network_latency", "packets_injected",
                          "packets_delivered", "cycles", "links", "queues"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  for (const char* key : {"mean", "p50", "p99", "p999", "max"}) EXPECT_TRUE(j["latency"].contains(key)) << key;
  EXPECT_EQ(j["config"]["seed"], 5);
  EXPECT_EQ(j["config"]["overrides"]["workload.pattern"], "uniform_no_self");
  EXPECT_EQ(j["links"].size(), 8u);
  std::string csv = slurp(csv_path);
  EXPECT_EQ(csv.rfind("name,seed,offered_load,", 0), 0u) << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 2);
  std::string links = slurp(dir_ / "r.links.csv");
  EXPECT_EQ(std::count(links.begin(), links.end(), '\n'), 9);  // header + 8 links
  EXPECT_TRUE(fs::exists(dir_ / "r.queues.csv"));
}

// --capture-switch writes the switch's traffic and leaves the report as it was; a fabric it cannot serve
// is a configuration error (exit 1, one line naming the key), before anything runs.
TEST_F(Cli, CaptureSwitchLeavesTheReportAndRefusesOtherFabrics) {
  const std::string config = write("c.yaml", kGood);
  const std::string plain = (dir_ / "plain.json").string(), captured = (dir_ / "captured.json").string();
  const std::string capture = (dir_ / "sw.jsonl").string();
  ASSERT_EQ(snsim("run " + config + " --json " + plain).code, 0);
  Result r = snsim("run " + config + " --json " + captured + " --capture-switch " + capture);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(slurp(plain), slurp(captured));
  EXPECT_NE(slurp(capture).find("\"end\":"), std::string::npos);
  Result refused = snsim("run " + config + " --set switch.arbiter=round_robin --capture-switch " + capture);
  EXPECT_EQ(refused.code, 1) << refused.err;
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
  EXPECT_NE(refused.err.find("snsim: error: --capture-switch: cannot capture this fabric's switch: key 'switch.arbiter'"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(refused.out, "");
}

TEST_F(Cli, MemoryRunsReportChannelsAndAcceleratorsInSummaryAndCsv) {
  const std::string config = std::string(SNSIM_CONFIG_DIR) + "/examples/memory_remote_hbm3.yaml";
  std::string csv_path = (dir_ / "m.csv").string();
  Result r = snsim("run " + config + " --set simulation.measure=2000cycles --csv " + csv_path);
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* line : {"memory        remote sequential", "read rtt", "rtt split     memory", "achieved",
                           "hbm channels  64"}) {
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
  }
  std::string channels = slurp(dir_ / "m.hbm_channels.csv");
  EXPECT_EQ(channels.rfind("name,accelerator,channel,gbytes_per_second,data_bus_utilization,row_hit_rate,", 0), 0u);
  EXPECT_EQ(std::count(channels.begin(), channels.end(), '\n'), 1 + 4 * 16);  // header + 16 channels x 4 HBMs
  std::string accelerators = slurp(dir_ / "m.accelerators.csv");
  EXPECT_EQ(std::count(accelerators.begin(), accelerators.end(), '\n'), 1 + 4);
}

TEST_F(Cli, SweepReportsPointsAndSaturation) {
  std::string path = write("s.yaml",
               "fabric:\n  endpoints: 8\nsimulation:\n  measure: 3000cycles\n  drain_limit: 3000cycles\n"
               "link:\n  bandwidth: 16B/cycle\n  latency: 1cycles\n  credit_latency: 1cycles\n"
               "switch:\n  input_queue: fifo\n  arbiter: random\n  latency: 1cycles\n"
               "workload:\n  load: 0.3\n  pattern: uniform\n  packet_size: 16B\n");
  std::string json_path = (dir_ / "s.json").string(), csv_path = (dir_ / "s.csv").string();
  Result r = snsim("sweep " + path + " --param workload.load --values 0.2,0.5,0.9 -j 2 --json " + json_path +
                   " --csv " + csv_path);
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(slurp(json_path));
  ASSERT_EQ(j["points"].size(), 3u);
  EXPECT_NEAR(j["saturation_throughput"].get<double>(), 0.62, 0.03);  // N = 8 HOL limit 0.618
  EXPECT_EQ(j["saturation_point"], "0.9");
  EXPECT_NE(r.out.find("saturation    throughput"), std::string::npos) << r.out;
  std::string csv = slurp(csv_path);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);
  Result bad = snsim("sweep " + path + " --param workload.load --values 0.5:0.1:0.1");
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("STOP is below START"), std::string::npos) << bad.err;
  bad = snsim("sweep " + path + " --param workload.load --values 0.5,1.5");
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("--set workload.load=1.5"), std::string::npos) << bad.err;
}

TEST_F(Cli, CheckAndList) {
  Result r = snsim("check " + std::string(SNSIM_CONFIG_DIR) + "/default.yaml");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find(": OK"), std::string::npos);
  r = snsim("list");
  EXPECT_EQ(r.code, 0);
  for (const char* word : {"switch.arbiter", "link.bandwidth", "bit_complement", "hotspot", "default.yaml",
                           "hol_fifo_16.yaml"}) {
    EXPECT_NE(r.out.find(word), std::string::npos) << word;
  }
}

TEST_F(Cli, ModelReferenceDocMatchesTheSchemas) {
  Result r = snsim("list --markdown");
  ASSERT_EQ(r.code, 0);
  EXPECT_EQ(r.out, slurp(fs::path(SNSIM_CONFIG_DIR) / ".." / "docs" / "models" / "reference.md"))
      << "docs/models/reference.md is stale: regenerate it with build/snsim list --markdown > docs/models/reference.md";
}

}  // namespace

TEST_F(Cli, VersionIsPrintedAndRecordedInEveryReport) {
  Result v = snsim("--version");
  ASSERT_EQ(v.code, 0) << v.err;
  ASSERT_EQ(v.out.rfind("snsim ", 0), 0u) << v.out;
  const std::string version = v.out.substr(6, v.out.find('\n') - 6);
  EXPECT_FALSE(version.empty());
  const std::string json_path = (dir_ / "r.json").string();
  ASSERT_EQ(snsim("run " + write("g.yaml", kGood) + " --json " + json_path).code, 0);
  const nlohmann::json j = nlohmann::json::parse(slurp(json_path));
  EXPECT_EQ(j["provenance"]["snsim_version"], version);
  EXPECT_EQ(j["provenance"]["config_hash"].get<std::string>().size(), 16u);
}

// snsim compare: 0 within tolerance, 1 beyond (with the metric in the table), 2 for input it cannot
// read, with one line saying why.
TEST_F(Cli, CompareExitStatusSaysWithinBeyondOrBadInput) {
  const std::string a = (dir_ / "a.json").string(), b = (dir_ / "b.json").string();
  ASSERT_EQ(snsim("run " + write("g.yaml", kGood) + " --json " + a).code, 0);
  Result same = snsim("compare " + a + " " + a);
  EXPECT_EQ(same.code, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("verdict: within tolerance"), std::string::npos) << same.out;
  nlohmann::json slower = nlohmann::json::parse(slurp(a));
  slower["latency"]["mean"] = slower["latency"]["mean"].get<double>() * 1.5;
  std::ofstream(b) << slower.dump();
  const std::string found = (dir_ / "found.json").string();
  Result beyond = snsim("compare " + a + " " + b + " --json " + found);
  EXPECT_EQ(beyond.code, 1) << beyond.out << beyond.err;
  EXPECT_NE(beyond.out.find("latency.mean"), std::string::npos) << beyond.out;
  EXPECT_NE(beyond.out.find("BEYOND"), std::string::npos) << beyond.out;
  EXPECT_EQ(nlohmann::json::parse(slurp(found))["within_tolerance"], false);
  const std::string loose = write("loose.yml", "metrics:\n  latency.mean: {relative: 0.6}\n");
  EXPECT_EQ(snsim("compare " + a + " " + b + " --tolerances " + loose).code, 0);

  auto bad_input = [&](const std::string& args, const std::string& expected) {
    Result r = snsim("compare " + args);
    EXPECT_EQ(r.code, 2) << args << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  };
  bad_input(a + " " + (dir_ / "nothing.json").string(), "cannot read " + (dir_ / "nothing.json").string());
  bad_input(a + " " + write("x.json", "{\"hello\": 1}"), "x.json: not an snsim report");
  bad_input(a + " " + write("t.txt", "latency 12"), "t.txt: not JSON");
  const std::string bad_tolerances = write("bad.yml", "metrics:\n  latency.mean: {relative: fast}\n");
  bad_input(a + " " + a + " --tolerances " + bad_tolerances,
            bad_tolerances + ":2:28: key 'metrics.latency.mean.relative': expected a number, got 'fast'");
}

TEST_F(Cli, GoldenCheckFailsOnAMissingResultAndUpdateWritesIt) {
  const std::string config = std::string(SNSIM_CONFIG_DIR) + "/validation/port_saturation.yaml";
  const std::string dir = (dir_ / "golden").string();
  Result check = snsim("golden check --dir " + dir + " " + config);
  EXPECT_EQ(check.code, 1) << check.out << check.err;
  EXPECT_NE(check.out.find("MISSING"), std::string::npos) << check.out;
  Result update = snsim("golden update --dir " + dir + " " + config);
  EXPECT_EQ(update.code, 0) << update.out << update.err;
  EXPECT_NE(update.out.find("validation__port_saturation.json (configs/validation/port_saturation.yaml): new"),
            std::string::npos)
      << update.out;
  check = snsim("golden check --dir " + dir + " " + config);
  EXPECT_EQ(check.code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("unchanged"), std::string::npos) << check.out;
  EXPECT_EQ(snsim("compare " + dir + "/validation__port_saturation.json " + dir + "/validation__port_saturation.json").code, 0);
}
