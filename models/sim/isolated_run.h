// SystemC elaborates one design per process. To run several simulations (a sweep, a test suite) each
// one runs in a forked child that sends its JSON report back through a pipe. Children are independent,
// so they can also run in parallel without changing any result.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace snsim {

using IsolatedJob = std::function<nlohmann::json()>;

// What became of one job.
struct IsolatedResult {
  enum class Status { kDone, kFailed, kNotRun };
  Status status = Status::kNotRun;
  nlohmann::json report;  // kDone: what the job returned
  std::string error;      // kFailed: the child's message, or how it died; kNotRun: why it was not started
};

// Runs `job` in a child process and returns what it returned. Throws std::runtime_error with the child's
// message if it threw, or with the signal if it died.
nlohmann::json run_isolated(const IsolatedJob& job);

// Runs every job, at most `parallel` at once; results are in the order of `jobs`. A job that fails or
// whose process dies is reported as failed and the others go on. With `stop_signal` (returning 0 or a
// signal number; polled while waiting), a signal forwards it once to every running child, and no
// further job is started (those are kNotRun). Children die with this process (PR_SET_PDEATHSIG).
std::vector<IsolatedResult> run_isolated_each(const std::vector<IsolatedJob>& jobs, unsigned parallel,
                                              const std::function<int()>& stop_signal = nullptr);

// As run_isolated_each, but throws the first failure (after every child has been reaped).
std::vector<nlohmann::json> run_isolated_all(const std::vector<IsolatedJob>& jobs, unsigned parallel);

}  // namespace snsim
