// The command line under the conditions of unattended nightly runs (issue 19): full disks, unwritable
// or clashing output paths, devices and symlinks where files should go, signals during a run or a
// sweep, verdicts that must be true, and settings that must not be dropped without a word. Runs the
// real build/snsim binary; signals are sent to it as a subprocess.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/vcd_reader.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using snsim::testing_vcd::read_vcd;
using snsim::testing_vcd::Waveform;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Process ids whose parent is `parent` (from /proc).
std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> pids;
  DIR* proc = opendir("/proc");
  if (!proc) return pids;
  while (dirent* e = readdir(proc)) {
    const pid_t pid = static_cast<pid_t>(std::atoi(e->d_name));
    if (pid <= 0) continue;
    std::string stat = slurp(fs::path("/proc") / e->d_name / "stat");
    const size_t close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent && state != 'Z') pids.push_back(pid);
  }
  closedir(proc);
  return pids;
}

// Alive and not a zombie.
bool running(pid_t pid) {
  std::string stat = slurp(fs::path("/proc") / std::to_string(pid) / "stat");
  const size_t close = stat.rfind(')');
  return close != std::string::npos && stat.size() > close + 2 && stat[close + 2] != 'Z';
}

struct Result {
  int code;  // exit status, or 128 + the signal that killed it
  std::string out;
  std::string err;
};

class Robust : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("snsim_robust_" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
            std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    for (pid_t pid : spawned_) kill(pid, SIGKILL), waitpid(pid, nullptr, WNOHANG);
    fs::remove_all(dir_);
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return path(name);
  }
  // Starts `snsim ARGS` (through sh for the quoting); `file_limit` bytes caps every file it writes
  // (RLIMIT_FSIZE, with SIGXFSZ ignored: writes beyond fail with EFBIG, like a full disk).
  pid_t spawn(const std::string& args, rlim_t file_limit = RLIM_INFINITY) {
    const std::string cmd = "exec " + std::string(SNSIM_BINARY) + " " + args + " >" + path("out") + " 2>" + path("err");
    const pid_t pid = fork();
    if (pid == 0) {
      if (file_limit != RLIM_INFINITY) {
        signal(SIGXFSZ, SIG_IGN);
        rlimit limit{file_limit, file_limit};
        setrlimit(RLIMIT_FSIZE, &limit);
      }
      execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    spawned_.push_back(pid);
    return pid;
  }
  // Waits for it at most `seconds` (then kills it and fails the test).
  Result finish(pid_t pid, double seconds = 300) {
    int status = 0;
    const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
    while (waitpid(pid, &status, WNOHANG) == 0) {
      if (Clock::now() > deadline) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        ADD_FAILURE() << "snsim did not finish within " << seconds << " s";
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    spawned_.erase(std::remove(spawned_.begin(), spawned_.end(), pid), spawned_.end());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), slurp(path("out")), slurp(path("err"))};
  }
  Result snsim(const std::string& args, rlim_t file_limit = RLIM_INFINITY, double seconds = 300) {
    return finish(spawn(args, file_limit), seconds);
  }
  // Waits until `ready()` holds (at most 60 s).
  static bool wait_for(const std::function<bool()>& ready) {
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    while (!ready()) {
      if (Clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
  }
  // Names in the test directory that are temporary output files.
  std::vector<std::string> temporaries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) {
      const std::string n = e.path().filename().string();
      if (n.find(".snsim-") != std::string::npos) names.push_back(n);
    }
    return names;
  }

  fs::path dir_;
  std::vector<pid_t> spawned_;
};

const std::string kGood = "fabric:\n  endpoints: 4\nworkload:\n  load: 0.3\n";
// Far too long to finish during a test: only a signal or a refusal ends it.
const std::string kEndless = kGood + "simulation:\n  measure: 1000000000cycles\n";

// ---- outputs -----------------------------------------------------------------------------------------

TEST_F(Robust, FullDiskFailsWithAMessageAndLeavesThePreviousFiles) {
  const std::string config = write("g.yaml", kGood);
  Result r = snsim("run " + config + " --json /dev/full");
  EXPECT_EQ(r.code, 5) << r.err;
  EXPECT_NE(r.err.find("snsim: error: --json: writing /dev/full failed: No space left on device"), std::string::npos)
      << r.err;
  r = snsim("sweep " + config + " --param workload.load --values 0.1,0.2 --json /dev/full");
  EXPECT_EQ(r.code, 5) << r.err;
  EXPECT_NE(r.err.find("writing /dev/full failed: No space left on device"), std::string::npos) << r.err;

  // A regular file on a full disk: every output larger than 256 bytes fails to write.
  for (const std::string option : {"--json", "--csv", "--vcd", "--fst", "--capture-switch"}) {
    const std::string name = "old" + option.substr(1) + (option == "--csv" ? ".csv" : "");
    write(name, "previous contents");
    r = snsim("run " + config + " " + option + " " + path(name), 256);
    if (option == "--fst" && r.err.find("without FST support") != std::string::npos) continue;
    EXPECT_EQ(r.code, 5) << option << ": " << r.err;
    EXPECT_NE(r.err.find("snsim: error: " + option), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("failed"), std::string::npos) << r.err;
    EXPECT_EQ(slurp(path(name)), "previous contents") << option;
    EXPECT_EQ(temporaries(), std::vector<std::string>{}) << option;
  }
}

TEST_F(Robust, UnwritableOutputsAreFoundBeforeTheRunStarts) {
  const std::string config = write("endless.yaml", kEndless);
  write("plain-file", "x");
  for (const std::string& outputs : {"--json " + path("missing/r.json"), "--csv " + path("plain-file/r.csv"),
                                    "--vcd " + path("missing/w.vcd"), "--capture-switch " + path("missing/c.jsonl"),
                                    "--json " + dir_.string()}) {
    Result r = snsim("run " + config + " " + outputs, RLIM_INFINITY, 60);
    EXPECT_EQ(r.code, 5) << outputs << ": " << r.err;
    EXPECT_EQ(r.out, "") << "nothing was simulated";
    EXPECT_NE(r.err.find("snsim: error: --"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("cannot write"), std::string::npos) << r.err;
  }
  Result r = snsim("sweep " + config + " --param workload.load --values 0.1,0.2 --json " + path("missing/s.json"),
                   RLIM_INFINITY, 60);
  EXPECT_EQ(r.code, 5) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(Robust, OutputsThatNameTheSameFileAreRefusedUpFront) {
  const std::string config = write("endless.yaml", kEndless);
  fs::create_symlink("a.json", dir_ / "alias.json");
  const std::vector<std::pair<std::string, std::string>> clashes = {
      {"--json " + path("a.json") + " --csv " + path("a.json"), "are the same file"},
      {"--json " + path("a.json") + " --capture-switch " + path("alias.json"), "are the same file"},
      {"--csv " + path("r.csv") + " --json " + path("r.links.csv"), "--csv (links table)"},
      {"--vcd " + path("w.vcd") + " --fst " + path("w.fst"), "--fst (GTKWave layout) " + path("w.gtkw")},
      {"--json " + config, "is the configuration this command reads"},
  };
  for (const auto& [outputs, expected] : clashes) {
    Result r = snsim("run " + config + " " + outputs, RLIM_INFINITY, 60);
    if (r.err.find("without FST support") != std::string::npos) continue;
    EXPECT_EQ(r.code, 5) << outputs << ": " << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find(expected), std::string::npos) << outputs << ": " << r.err;
  }
  EXPECT_EQ(slurp(config), kEndless) << "the configuration is untouched";
  EXPECT_EQ(temporaries(), std::vector<std::string>{});
}

TEST_F(Robust, WaveformsNeverReplaceADeviceOrTruncateASymlinksTarget) {
  const std::string config = write("g.yaml", kGood);
  Result r = snsim("run " + config + " --vcd /dev/null");
  EXPECT_EQ(r.code, 5) << r.err;
  EXPECT_NE(r.err.find("--vcd: cannot write /dev/null: it is a character device"), std::string::npos) << r.err;
  struct stat info {};
  ASSERT_EQ(stat("/dev/null", &info), 0);
  EXPECT_TRUE(S_ISCHR(info.st_mode)) << "/dev/null is still the device";
  fs::create_symlink("/dev/null", dir_ / "w.fst");
  r = snsim("run " + config + " --fst " + path("w.fst"));
  EXPECT_NE(r.code, 0) << r.err;
  EXPECT_TRUE(fs::is_symlink(dir_ / "w.fst"));

  // A symlink to a file: the link stays, its target is replaced by the whole new waveform.
  write("kept.vcd", "an earlier waveform");
  fs::create_symlink("kept.vcd", dir_ / "w.vcd");
  r = snsim("run " + config + " --vcd " + path("w.vcd"));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::is_symlink(dir_ / "w.vcd"));
  std::ifstream in(dir_ / "kept.vcd");
  const Waveform w = read_vcd(in);
  EXPECT_GT(w.signals.size(), 0u);
  EXPECT_GT(w.last_time, 0u);
  // A JSON report may go to a stream: /dev/null discards it; /dev/stdout (here a file the shell
  // opened) gets it after the summary, not over it.
  EXPECT_EQ(snsim("run " + config + " --json /dev/null").code, 0);
  r = snsim("run " + config + " --json /dev/stdout");
  ASSERT_EQ(r.code, 0) << r.err;
  const size_t json_start = r.out.find("\n{\n");
  ASSERT_NE(json_start, std::string::npos) << r.out;
  EXPECT_EQ(r.out.rfind("snsim: ", 0), 0u) << r.out;
  EXPECT_EQ(json::parse(r.out.substr(json_start + 1))["config"]["endpoints"], 4);
}

TEST_F(Robust, AFailedRunLeavesThePreviousReportInPlace) {
  const std::string config = write("g.yaml", kGood);
  write("r.json", "the previous report");
  Result r = snsim("run " + config + " --json " + path("r.json") + " --vcd " + path("w.vcd") +
                   " --trace-filter 'no_such_component*'");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(slurp(path("r.json")), "the previous report");
  EXPECT_FALSE(fs::exists(dir_ / "w.vcd"));
  EXPECT_EQ(temporaries(), std::vector<std::string>{});
}

// ---- signals -----------------------------------------------------------------------------------------

TEST_F(Robust, InterruptedRunWritesAPartialReportAndAWholeWaveform) {
  for (const int sig : {SIGINT, SIGTERM}) {
    const std::string config = write("endless.yaml", kEndless);
    write("r.json", "a stale report of an earlier run");
    const pid_t pid = spawn("run " + config + " --json " + path("r.json") + " --csv " + path("r.csv") + " --vcd " +
                            path("w.vcd") + " --trace-filter sw0");
    ASSERT_TRUE(wait_for([&] { return !temporaries().empty(); })) << slurp(path("err"));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    EXPECT_EQ(slurp(path("r.json")), "a stale report of an earlier run") << "the report is not written in place";
    kill(pid, sig);
    Result r = finish(pid, 60);
    EXPECT_EQ(r.code, 128 + sig) << r.err;
    EXPECT_NE(r.err.find("snsim: error: interrupted by " + std::string(sig == SIGINT ? "SIGINT" : "SIGTERM")),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.out.find("PARTIAL       interrupted by"), std::string::npos) << r.out;
    const json j = json::parse(slurp(path("r.json")));
    EXPECT_EQ(j["partial"], true);
    EXPECT_EQ(j["interrupted"]["signal"], sig == SIGINT ? "SIGINT" : "SIGTERM");
    const uint64_t at = j["interrupted"]["at_cycle"].get<uint64_t>();
    EXPECT_GT(at, 0u);
    EXPECT_LT(at, j["window"]["end"].get<uint64_t>());
    EXPECT_EQ(j["cycles"].get<uint64_t>(), at);
    EXPECT_FALSE(j["drained"].get<bool>());
    const std::string csv = slurp(path("r.csv"));
    EXPECT_NE(csv.find(",partial\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",true\n"), std::string::npos) << csv;
    // The waveform is closed properly: it reads to the cycle reached (1 GHz: 1000 ps a cycle).
    std::ifstream in(dir_ / "w.vcd");
    const Waveform w = read_vcd(in);
    EXPECT_EQ(w.last_time, at * 1000);
    EXPECT_GT(w.signals.size(), 0u);
    EXPECT_TRUE(fs::exists(dir_ / "w.gtkw"));
    EXPECT_EQ(temporaries(), std::vector<std::string>{});
  }
}

TEST_F(Robust, InterruptedSweepKeepsItsPointsAndItsWorkersDoNotOutliveIt) {
  const std::string config = write("endless.yaml", kEndless);
  const pid_t pid = spawn("sweep " + config + " --param workload.load --values 0.1,0.2,0.3 -j 2 --json " +
                          path("s.json") + " --csv " + path("s.csv"));
  std::vector<pid_t> workers;
  ASSERT_TRUE(wait_for([&] { return (workers = children_of(pid)).size() == 2; })) << slurp(path("err"));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  kill(pid, SIGTERM);  // the parent only, as a batch system would
  Result r = finish(pid, 60);
  EXPECT_EQ(r.code, 143) << r.err;
  for (pid_t w : workers) EXPECT_FALSE(running(w)) << "worker " << w << " outlived the sweep";
  const json j = json::parse(slurp(path("s.json")));
  EXPECT_EQ(j["partial"], true);
  EXPECT_EQ(j["interrupted"]["signal"], "SIGTERM");
  ASSERT_EQ(j["points"].size(), 3u);
  for (int i : {0, 1}) {
    EXPECT_EQ(j["points"][i]["partial"], true) << j["points"][i].dump();
    EXPECT_EQ(j["points"][i]["report"]["partial"], true);
    EXPECT_GT(j["points"][i]["report"]["cycles"].get<uint64_t>(), 0u);
  }
  EXPECT_EQ(j["points"][2]["not_run"], true);
  EXPECT_NE(r.out.find("PARTIAL"), std::string::npos) << r.out;
}

TEST_F(Robust, SweepWorkersDieWithTheirParent) {
  const std::string config = write("endless.yaml", kEndless);
  const pid_t pid = spawn("sweep " + config + " --param workload.load --values 0.1,0.2 -j 2");
  std::vector<pid_t> workers;
  ASSERT_TRUE(wait_for([&] { return (workers = children_of(pid)).size() == 2; }));
  kill(pid, SIGKILL);
  finish(pid, 60);
  for (pid_t w : workers) EXPECT_TRUE(wait_for([&] { return !running(w); })) << "worker " << w << " still runs";
}

TEST_F(Robust, AKilledWorkerFailsItsPointAndTheOthersAreKept) {
  // The first point runs until it is killed; the two short ones finish meanwhile.
  const std::string config = write("g.yaml", kGood);
  const pid_t pid = spawn("sweep " + config + " --param simulation.measure --values 1000000000cycles,3000cycles,"
                          "4000cycles -j 2 --json " + path("s.json"));
  ASSERT_TRUE(wait_for([&] { return !children_of(pid).empty(); }));
  // Once only the endless point is left (the same single worker for 0.7 s), kill it.
  std::vector<pid_t> workers;
  ASSERT_TRUE(wait_for([&] {
    workers = children_of(pid);
    if (workers.size() != 1) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    return children_of(pid) == workers;
  }));
  kill(workers.front(), SIGKILL);
  Result r = finish(pid, 60);
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("1 of 3 points failed"), std::string::npos) << r.err;
  const json j = json::parse(slurp(path("s.json")));
  ASSERT_EQ(j["points"].size(), 3u);
  EXPECT_EQ(j["points"][0]["failed"], true);
  EXPECT_NE(j["points"][0]["error"].get<std::string>().find("died with signal 9"), std::string::npos);
  EXPECT_EQ(j["failed_points"], 1);
  for (int i : {1, 2}) {
    EXPECT_TRUE(j["points"][i]["report"]["drained"].get<bool>()) << j["points"][i].dump();
    EXPECT_FALSE(j["points"][i].contains("failed"));
  }
  EXPECT_NE(r.out.find("FAILED: simulation process died with signal 9"), std::string::npos) << r.out;
}

// ---- verdicts ----------------------------------------------------------------------------------------

TEST_F(Robust, LongCablesAreNotReportedAsADeadlock) {
  // 5 km: 25 083 cycles a link, a packet's first delivery after about 50 400 cycles, past the former
  // fixed 20 000-cycle watchdog.
  const std::string five_km = std::string(SNSIM_CONFIG_DIR) + "/default.yaml --set link.cable_length=5000m "
                              "--set simulation.measure=2000cycles --set workload.load=0.002 --json " + path("r.json");
  Result r = snsim("run " + five_km);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.find("DEADLOCK"), std::string::npos) << r.out;
  json j = json::parse(slurp(path("r.json")));
  EXPECT_TRUE(j["deadlock"].is_null());
  EXPECT_TRUE(j["drained"].get<bool>());
  EXPECT_GT(j["latency"]["min"].get<uint64_t>(), 50000u);
  // The former default would have stopped it.
  r = snsim("run " + five_km + " --set simulation.watchdog=20000cycles");
  EXPECT_EQ(r.code, 4) << r.err;
}

TEST_F(Robust, AutoWatchdogScalesWithTheFabricAndStillFindsDeadlocks) {
  // An 8-ring without datelines deadlocks. Ideal links of 1000 m: 2 cycles + 1000 m x 5 ns/m = 5002
  // cycles, 4 more to serialize a 64 B packet at 16 B/cycle; router pipeline 1; credit round trip
  // 2 x 5002; longest route 4 ring hops. route = 6 x 5006 + 5 x 1 + 10004 = 40045; watchdog = 4 x route.
  Result r = snsim("run " + std::string(SNSIM_CONFIG_DIR) + "/validation/ring_tornado_8.yaml --set "
                   "topology.datelines=false --set fabric.vcs=1 --set switch.input_buffer=64B --set "
                   "topology.link_length=1000m --set simulation.watchdog=auto --set simulation.measure=200000cycles "
                   "--json " + path("r.json"));
  EXPECT_EQ(r.code, 4) << r.err;
  const json j = json::parse(slurp(path("r.json")));
  ASSERT_FALSE(j["deadlock"].is_null());
  EXPECT_EQ(j["deadlock"]["no_delivery_for_cycles"], 4 * 40045);
  EXPECT_EQ(j["deadlock"]["detected_at_cycle"], 4 * 40045);
}

TEST_F(Robust, SaturatedIsSaidOnlyOfRunsThatAre) {
  // drain_limit 0 at load 0.3: measured packets are in flight when the window closes; not saturation.
  Result r = snsim("run " + std::string(SNSIM_CONFIG_DIR) + "/validation/mesh_8x8_uniform.yaml --set "
                   "simulation.measure=1000cycles");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("NOT DRAINED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("when the run ended with the window (simulation.drain_limit is 0)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("saturated"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("SATURATED"), std::string::npos) << r.out;
  // Head-of-line blocking at load 1 is (accepted 0.6 of 1.0).
  r = snsim("run " + std::string(SNSIM_CONFIG_DIR) + "/validation/hol_fifo_16.yaml --set simulation.measure=5000cycles");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("SATURATED     accepted"), std::string::npos) << r.out;
  // A short sweep point at load 0.05 that accepted 11 % less than it offered, by chance (72 packets in
  // the window); the former 1 % rule called it saturated.
  const std::string config = write("g.yaml", kGood);
  r = snsim("sweep " + config + " --param workload.load --values 0.05 --seed 27 --set simulation.measure=2000cycles "
            "--json " + path("s.json"));
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(slurp(path("s.json")));
  const json& point = j["points"][0];
  EXPECT_LT(point["report"]["accepted_throughput"].get<double>(), 0.99 * point["report"]["offered_throughput"].get<double>());
  EXPECT_EQ(point["saturated"], false);
  EXPECT_TRUE(j["saturation_throughput"].is_null());
}

TEST_F(Robust, CheckDescribesDirectFabricsAndTheSummaryNamesTheInjectionBandwidth) {
  Result r = snsim("check " + std::string(SNSIM_CONFIG_DIR) + "/presets/torus_4x4x4.yaml");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("64 routers of 7 ports (the endpoint's included)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("-port switch"), std::string::npos) << r.out;
  r = snsim("check " + std::string(SNSIM_CONFIG_DIR) + "/default.yaml");
  EXPECT_NE(r.out.find("one 16-port switch"), std::string::npos) << r.out;
  r = snsim("check " + std::string(SNSIM_CONFIG_DIR) + "/examples/nvlink_planes_72.yaml");  // 18 planes
  EXPECT_NE(r.out.find("18 switches of 72 ports"), std::string::npos) << r.out;
  // Load 0.5 of a 64 B/cycle injection link, on 16 B/cycle network links: 2.0 of one network link.
  r = snsim("run " + std::string(SNSIM_CONFIG_DIR) + "/examples/full_mesh_8_detour.yaml --set "
            "simulation.measure=2000cycles");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find(" of one network link's 16.00 B/cycle per endpoint; of the 64.00 B/cycle injection "
                       "bandwidth: offered 0.5"),
            std::string::npos)
      << r.out;
}

// The sample in docs/user-guide.md is this command's output (same config, same seed: same table).
TEST_F(Robust, UserGuideSweepSampleIsARealRun) {
  const std::string command = "sweep configs/default.yaml --param workload.load --values 0.2:1.0:0.2 -j 2";
  const fs::path root = fs::path(SNSIM_CONFIG_DIR).parent_path();
  Result r = snsim("sweep " + (root / "configs/default.yaml").string() +
                   " --param workload.load --values 0.2:1.0:0.2 -j 2");
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string guide = slurp(root / "docs/user-guide.md");
  const std::string header = "$ build/snsim " + command + "\n";
  const size_t at = guide.find(header);
  ASSERT_NE(at, std::string::npos) << "the guide no longer shows " << command;
  const size_t begin = at + header.size();
  const std::string sample = guide.substr(begin, guide.find("```", begin) - begin);
  // The table names the config as given; the guide runs it from the repository root.
  std::string out = r.out;
  const std::string absolute = (root / "configs/default.yaml").string();
  out.replace(out.find(absolute), absolute.size(), "configs/default.yaml");
  EXPECT_EQ(sample, out) << "docs/user-guide.md's sample sweep is stale; rerun: build/snsim " << command;
}

// ---- settings that must not be dropped ---------------------------------------------------------------

TEST_F(Robust, SeedOutsideItsRangeIsRefusedNotClamped) {
  const std::string config = write("g.yaml", kGood);
  for (const std::string seed : {"-1", "9200000000000000001", "1e3", "x"}) {
    Result r = snsim("check " + config + " --seed " + seed);
    EXPECT_EQ(r.code, 1) << seed << ": " << r.err;
    EXPECT_NE(r.err.find("snsim: error: --seed " + seed + ": "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("a whole number in [0, 9200000000000000000]"), std::string::npos) << r.err;
  }
  Result r = snsim("run " + config + " --seed 9200000000000000000 --set simulation.measure=1000cycles --json " +
                   path("r.json"));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(json::parse(slurp(path("r.json")))["config"]["seed"], 9200000000000000000ull);
}

TEST_F(Robust, DroppedSettingsAreErrorsOnTheCommandLine) {
  const std::string dup = write("dup.yaml", kGood + "fabric:\n  endpoints: 8\n");
  Result r = snsim("check " + dup);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(dup + ":5:1: key 'fabric': given twice (first at " + dup + ":1:1)"), std::string::npos) << r.err;
  const std::string docs = write("docs.yaml", kGood + "---\nworkload:\n  load: 0.9\n");
  r = snsim("check " + docs);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(docs + ":6:1: a second YAML document"), std::string::npos) << r.err;
  const std::string typo = write("typo.yaml", "fabric:\n  endpoints: 4\nworklaod:\n  load: 0.3\n");
  r = snsim("check " + typo);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(typo + ":3:1: key 'worklaod': unknown key (did you mean 'workload'?)"), std::string::npos) << r.err;
  r = snsim("check " + write("g.yaml", kGood) + " --set 'workload={load: 0.9}'");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("'workload' is a section; --set replaces one value"), std::string::npos) << r.err;
  r = snsim("check /dev/zero", RLIM_INFINITY, 60);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("/dev/zero: not a regular file (a character device)"), std::string::npos) << r.err;
}

}  // namespace
