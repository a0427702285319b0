// SystemC elaborates one design per process. To run several simulations (a sweep, a test suite) each
// one runs in a forked child that sends its JSON report back through a pipe. Children are independent,
// so they can also run in parallel without changing any result.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <vector>

namespace snsim {

using IsolatedJob = std::function<nlohmann::json()>;

// Runs `job` in a child process and returns what it returned. Throws std::runtime_error with the child's
// message if it threw, or with the signal if it died.
nlohmann::json run_isolated(const IsolatedJob& job);

// Runs all jobs, at most `parallel` at once; results are in the order of `jobs`.
std::vector<nlohmann::json> run_isolated_all(const std::vector<IsolatedJob>& jobs, unsigned parallel);

}  // namespace snsim
