// Output files (models/sim/output_files.h): reserved before the run, replaced atomically, never a device
// or a symlink's target truncated in place, never two outputs on one file.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "models/sim/output_files.h"

namespace snsim {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const OutputError& e) {
    return e.what();
  }
  return "(no error)";
}

class OutputFiles : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("snsim_outputs_" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
            std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  void put(const std::string& name, const std::string& text) const { std::ofstream(dir_ / name) << text; }
  // Names in the directory: temporary files would show here.
  std::vector<std::string> listing() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  fs::path dir_;
};

TEST_F(OutputFiles, TheTargetChangesOnlyAtCommitAndKeepsItsPermissions) {
  put("r.json", "old");
  fs::permissions(path("r.json"), fs::perms(0640));
  OutputSet set;
  OutputFile& f = set.add("--json", path("r.json"), OutputKind::kStreamable);
  EXPECT_FALSE(f.streamed());
  EXPECT_EQ(fs::path(f.write_path()).parent_path(), dir_) << "the temporary file is next to the target";
  f.write("new report\n");
  EXPECT_EQ(slurp(path("r.json")), "old") << "nothing is written in place";
  set.commit_all();
  EXPECT_EQ(slurp(path("r.json")), "new report\n");
  EXPECT_EQ(fs::status(path("r.json")).permissions() & fs::perms::all, fs::perms(0640));
  EXPECT_EQ(listing(), std::vector<std::string>{"r.json"}) << "no temporary file is left";
}

TEST_F(OutputFiles, AFailedRunLeavesThePreviousFileAndNoTemporary) {
  put("r.json", "old");
  {
    OutputSet set;
    set.add("--json", path("r.json"), OutputKind::kStreamable).write("half a rep");
    // The run fails here: the set is destroyed without a commit.
  }
  EXPECT_EQ(slurp(path("r.json")), "old");
  EXPECT_EQ(listing(), std::vector<std::string>{"r.json"});
}

TEST_F(OutputFiles, ASymlinkKeepsPointingAtANewFileItsOldTargetIsNotTruncatedInPlace) {
  put("real.json", "old");
  fs::create_symlink("real.json", dir_ / "link.json");
  fs::create_symlink("later.json", dir_ / "dangling.json");
  OutputSet set;
  set.add("--json", path("link.json"), OutputKind::kStreamable).write("new");
  set.add("--capture-switch", path("dangling.json"), OutputKind::kStreamable).write("made");
  EXPECT_EQ(slurp(path("real.json")), "old");
  set.commit_all();
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.json"));
  EXPECT_EQ(fs::read_symlink(dir_ / "link.json"), "real.json");
  EXPECT_EQ(slurp(path("real.json")), "new");
  EXPECT_TRUE(fs::is_symlink(dir_ / "dangling.json"));
  EXPECT_EQ(slurp(path("later.json")), "made");
}

TEST_F(OutputFiles, DevicesAreStreamedOrRefusedNeverReplaced) {
  OutputSet set;
  OutputFile& null = set.add("--json", "/dev/null", OutputKind::kStreamable);
  EXPECT_TRUE(null.streamed());
  null.write("discarded");
  EXPECT_EQ(error_of([&] { set.add("--vcd", "/dev/null", OutputKind::kRegular); }),
            "--vcd: cannot write /dev/null: it is a character device, and this output needs a regular file (it is "
            "replaced as a whole, or has sibling files)");
  fs::create_symlink("/dev/null", dir_ / "w.fst");
  EXPECT_NE(error_of([&] { set.add("--fst", path("w.fst"), OutputKind::kRegular); }).find("it is a character device"),
            std::string::npos);
  set.commit_all();
  struct stat info {};
  ASSERT_EQ(stat("/dev/null", &info), 0);
  EXPECT_TRUE(S_ISCHR(info.st_mode));
  EXPECT_TRUE(fs::is_symlink(dir_ / "w.fst"));

  OutputSet full;
  OutputFile& f = full.add("--json", "/dev/full", OutputKind::kStreamable);
  EXPECT_EQ(error_of([&] { f.write(std::string(100, 'x')); }), "--json: writing /dev/full failed: No space left on device");
}

TEST_F(OutputFiles, APipeIsWrittenInPlace) {
  ASSERT_EQ(mkfifo(path("p").c_str(), 0600), 0);
  std::string got;
  std::thread reader([&] { got = slurp(path("p")); });
  {
    OutputSet set;
    set.add("--json", path("p"), OutputKind::kStreamable).write("through the pipe");
    set.commit_all();
  }
  reader.join();
  EXPECT_EQ(got, "through the pipe");
}

TEST_F(OutputFiles, UnwritablePathsAreRefusedWhenAdded) {
  OutputSet set;
  EXPECT_EQ(error_of([&] { set.add("--json", path("no/such/dir/r.json"), OutputKind::kStreamable); }),
            "--json: cannot write " + path("no/such/dir/r.json") + ": the directory " + path("no/such/dir") +
                " does not exist");
  put("file", "x");
  EXPECT_NE(error_of([&] { set.add("--csv", path("file/r.csv"), OutputKind::kRegular); }).find("is not a directory"),
            std::string::npos);
  fs::create_directory(dir_ / "d");
  EXPECT_EQ(error_of([&] { set.add("--json", path("d"), OutputKind::kStreamable); }),
            "--json: cannot write " + path("d") + ": it is a directory");
}

TEST_F(OutputFiles, TwoOutputsOnOneFileOrOnTheInputAreRefused) {
  put("c.yaml", "fabric: {}\n");
  put("a.json", "");
  fs::create_symlink("a.json", dir_ / "alias.json");
  OutputSet set({path("c.yaml")});
  set.add("--json", path("a.json"), OutputKind::kStreamable);
  EXPECT_EQ(error_of([&] { set.add("--csv", path("a.json"), OutputKind::kRegular); }),
            "--csv " + path("a.json") + " and --json " + path("a.json") + " are the same file (" + path("a.json") +
                "): each output needs its own");
  EXPECT_NE(error_of([&] { set.add("--csv", path("alias.json"), OutputKind::kRegular); }).find("are the same file"),
            std::string::npos);
  EXPECT_NE(error_of([&] { set.add("--csv", path("./x/../a.json"), OutputKind::kRegular); }).find("are the same file"),
            std::string::npos);
  EXPECT_EQ(error_of([&] { set.add("--json", path("c.yaml"), OutputKind::kStreamable); }),
            "--json: " + path("c.yaml") + " is the configuration this command reads; write elsewhere");
  // Discarding twice into /dev/null harms nothing.
  set.add("--json", "/dev/null", OutputKind::kStreamable);
  EXPECT_NO_THROW(set.add("--capture-switch", "/dev/null", OutputKind::kStreamable));
}

}  // namespace
}  // namespace snsim
