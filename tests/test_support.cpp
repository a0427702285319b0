#include "tests/test_support.h"

#include <algorithm>
#include <filesystem>

namespace snsim::test {

std::vector<std::string> all_config_files(bool include_large) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(SNSIM_CONFIG_DIR)) {
    if (entry.path().extension() != ".yaml") continue;
    const bool large = entry.path().parent_path().filename() == "large";
    if (large == include_large) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace snsim::test
